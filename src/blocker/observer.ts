/**
 * Tags the parser inserts after the loader (`<script src>`, `<iframe src>`, `<img src>`… in the page's HTML or
 * added by a document.write the patches did not see). A MutationObserver callback is a microtask, and the HTML
 * parser performs a microtask checkpoint before it prepares a script at its end tag, so the callback sees the
 * element before it could run: moving `src` away and setting `type="javascript/blocked"` makes it inert (the
 * yett technique). Firefox also gets `beforescriptexecute` cancelled. What the observer cannot undo: Chromium's
 * preload scanner has usually requested the file already (the response is never executed), and a script
 * inserted by DOM APIs is prepared synchronously, before any observer runs. A parsed `<template>`'s content is
 * inert until page code clones it into the document, so it is neutralised when the template arrives.
 */
import type { Gate } from './held.js';
import { patchMethod, type Restore } from './patch.js';
import { heldUrl, holds, URL_ATTRIBUTES, URL_ELEMENTS } from './url-attributes.js';

const INERT_TYPES = new Set(['text/plain', 'javascript/blocked', 'application/json', 'application/ld+json']);

/** Firefox only: stops a script that slipped through from executing while it is held. */
export const cancelExecution = (event: Event) => event.preventDefault();

/** Neutralises one element the parser (or other code) inserted with a blocked URL. */
export function neutralise(element: Element, gate: Gate): void {
  const tag = element.localName;
  if (tag === 'template') {
    const content = (element as HTMLTemplateElement).content;
    for (const inner of Array.from(content?.querySelectorAll(URL_ELEMENTS) ?? [])) neutralise(inner, gate);
    return;
  }
  if (gate.held.get(element)) return;
  if (tag === 'script' && INERT_TYPES.has((element.getAttribute('type') ?? '').toLowerCase())) return;
  for (const attribute of URL_ATTRIBUTES[tag] ?? []) {
    const url = element.getAttribute(attribute);
    if (!url) continue;
    const match = heldUrl(gate.check, tag, attribute, url);
    if (!match) continue;
    if (holds(tag, attribute) && tag === 'script') {
      const type = element.getAttribute('type');
      element.setAttribute('type', 'javascript/blocked');
      element.addEventListener('beforescriptexecute', cancelExecution);
      element.removeAttribute(attribute);
      gate.hold({ element: element as HTMLScriptElement, url, kind: 'script', attribute, match, type });
      return;
    }
    // The frame stays in place (embeds.ts), so its navigation is cancelled by one to about:blank first.
    if (tag === 'iframe') element.setAttribute('src', 'about:blank');
    element.removeAttribute(attribute);
    if (holds(tag, attribute))
      gate.hold({ element: element as HTMLIFrameElement, url, kind: 'iframe', attribute, match });
  }
}

/**
 * Watches the document for added elements: `onAdded` gets each added element the URL table names and each
 * template (also nested ones), `after` runs once per batch that added a script or frame (other DOM churn
 * costs one tag test), and `removed` once per batch that took nodes out.
 *
 * Shadow trees are watched too: a document observer does not see into them, so every shadow root joins the same
 * observer — each one `attachShadow` returns (open or closed), and each open one found on an added element (a
 * declarative `<template shadowrootmode>` the parser attached, a host moved into the document), whose content is
 * visited at once. The parser attaches a declarative root when it reads the template, before the microtask
 * checkpoint it makes ahead of running a script in it, so its `<script src>` is neutralised like the document's.
 *
 * A host can also arrive anywhere inside an added subtree, its root made where no `attachShadow` call
 * announced it: `setHTMLUnsafe` and `Document.parseHTMLUnsafe` attach declarative roots anywhere in their
 * markup (the other parsers — `innerHTML` and its kind, `DOMParser` — leave such a template inert), a clone
 * copies a clonable root, and a custom element attaches its root in its constructor, while still detached. So
 * every added subtree is walked for hosts, and each root found (open, or closed and known from `attachShadow`)
 * is watched and visited again whenever its host arrives: a frame can only get a placeholder in a root that is
 * in the document.
 */
export function observeInsertions(
  doc: Document,
  onAdded: (element: Element) => void,
  after: () => void,
  removed: () => void = () => {},
): Restore {
  const options = { childList: true, subtree: true };
  /** Every root attachShadow made, by host: a closed one is reachable no other way. */
  const roots = new WeakMap<Element, ShadowRoot>();
  const watched = new WeakSet<Node>();
  let relevant = false;
  /** Hands on an element the URL table names, or a template; any other costs the tag test alone. */
  const visit = (element: Element) => {
    const tag = element.localName;
    if (!URL_ATTRIBUTES[tag] && tag !== 'template') return;
    if (tag === 'script' || tag === 'iframe') relevant = true;
    onAdded(element);
  };
  /** A host arrived: its root is watched from now on and its content visited (again, after a move). */
  const enter = (host: Element) => {
    const root = host.shadowRoot ?? roots.get(host);
    if (!root) return;
    if (!watched.has(root)) {
      watched.add(root);
      observer.observe(root, options);
    }
    visitTree(root);
  };
  /**
   * The elements the batch of records at hand has visited: the parser adds an element and then each of its
   * children, each a record of its own, so without it every subtree would be walked once per ancestor.
   */
  let seen: Set<Node> | undefined;
  const visitTree = (root: Element | ShadowRoot) => {
    if (!root.firstElementChild) return;
    for (const inner of root.querySelectorAll('*')) {
      if (seen?.has(inner)) continue;
      seen?.add(inner);
      visit(inner);
      enter(inner);
    }
  };
  const observer = new MutationObserver((records) => {
    relevant = false;
    let removals = false;
    seen = new Set();
    for (const record of records) {
      if (record.removedNodes.length) removals = true;
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1 || seen.has(node)) continue;
        seen.add(node);
        const element = node as Element;
        visit(element);
        visitTree(element);
        enter(element);
      }
    }
    seen = undefined;
    if (removals) removed();
    if (relevant) after();
  });
  observer.observe(doc.documentElement, options);
  const win = doc.defaultView as Window & typeof globalThis;
  const restore = patchMethod<(this: Element, init: ShadowRootInit) => ShadowRoot>(
    win.Element.prototype,
    'attachShadow',
    (original) =>
      function (this: Element, init: ShadowRootInit) {
        const root = original.call(this, init);
        roots.set(this, root);
        enter(this);
        return root;
      },
  );
  return () => {
    restore();
    observer.disconnect();
  };
}
