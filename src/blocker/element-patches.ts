/**
 * Elements created by code. Patching the URL accessors on the prototypes (not only on elements from a patched
 * `document.createElement`) also covers `new Image()`, `cloneNode` copies whose URL is set later, and elements
 * from other creation paths. Every way to write a content attribute is routed through the same check, because
 * they all reach the same attribute: `setAttribute`, `setAttributeNS` (SVG's `xlink:href`), an `Attr` node's
 * `value` / `nodeValue` / `textContent` (`attributes.src.value = …`), `setAttributeNode` / `setNamedItem`, and
 * SVG's `script.href.baseVal`.
 *
 * A value is read as a string once (a page object's `toString` could answer differently the next time) and
 * that string is what the browser gets, unless it is a `TrustedScriptURL` (or other trusted value): that goes
 * on as the page's own object, now or on release, so Trusted Types still sees what the page's policy made.
 */
import type { Gate, HeldKind } from './held.js';
import { patch, patchMethod, type Restore } from './patch.js';
import { isTrusted } from './trusted-types.js';
import { heldUrl, holds, urlAttribute } from './url-attributes.js';

/**
 * Returns true when the element's new URL was intercepted (held or dropped) and must not be set. `trusted` is
 * the page's trusted value for it, set on release instead of the string.
 */
export function intercept(gate: Gate, element: Element, attribute: string, value: string, trusted?: object): boolean {
  const tag = element.localName;
  const existing = gate.held.get(element);
  const match = heldUrl(gate.check, tag, attribute, value);
  if (!match) {
    if (existing?.attribute === attribute) gate.held.remove(element);
    return false;
  }
  // A pixel, a stylesheet, a poster…: dropped, nothing is kept to be sent later.
  if (!holds(tag, attribute)) return true;
  if (existing) {
    existing.url = value;
    existing.value = trusted;
  } else {
    const kind: HeldKind = tag === 'script' ? 'script' : 'iframe';
    gate.hold({ element: element as HTMLScriptElement, url: value, value: trusted, kind, match, attribute });
  }
  return true;
}

/** The interface objects whose URL properties are patched, with the properties (named like their attributes). */
const PROPERTIES: ReadonlyArray<[string, readonly string[]]> = [
  ['HTMLScriptElement', ['src']],
  ['HTMLIFrameElement', ['src']],
  ['HTMLImageElement', ['src', 'srcset']],
  ['HTMLSourceElement', ['src', 'srcset']],
  ['HTMLLinkElement', ['href']],
  ['HTMLMediaElement', ['src']],
  ['HTMLVideoElement', ['poster']],
  ['HTMLTrackElement', ['src']],
  ['HTMLObjectElement', ['data']],
  ['HTMLEmbedElement', ['src']],
  ['HTMLInputElement', ['src']],
  ['HTMLFormElement', ['action']],
  ['HTMLAnchorElement', ['ping']],
  ['HTMLAreaElement', ['ping']],
];

type Realm = Window & typeof globalThis;
type Ctor = { prototype: object } | undefined;
/** `undefined` when the new URL was intercepted, else the value to set. */
type Pass = (element: Element, attribute: string, value: unknown) => { value: unknown } | undefined;

/**
 * Installs the accessor patches on the window's prototypes; `srcdoc` rewrites markup given to a frame's
 * `srcdoc` attribute (the markup patches own the property).
 */
export function patchElements(win: Realm, gate: Gate, srcdoc: (value: unknown) => unknown, restores: Restore[]): void {
  /** Intercepts, or says what the browser gets: the page's trusted value, or the string that was checked. */
  const pass: Pass = (element, attribute, value) => {
    const trusted = isTrusted(win, value) ? (value as object) : undefined;
    const text = String(value);
    return intercept(gate, element, attribute, text, trusted) ? undefined : { value: trusted ?? text };
  };
  const realm = win as unknown as Record<string, Ctor>;
  for (const [name, properties] of PROPERTIES) {
    const prototype = realm[name]?.prototype;
    if (!prototype) continue;
    for (const property of properties) {
      restores.push(
        patch(prototype, property, (original) => ({
          get(this: Element) {
            const held = gate.held.get(this);
            return held?.attribute === property ? held.url : original.get?.call(this);
          },
          set(this: Element, value: unknown) {
            const passed = pass(this, property, value);
            if (passed) original.set?.call(this, passed.value);
          },
        })),
      );
    }
  }
  const elementProto = win.Element.prototype;
  /** What `setAttribute(NS)` sets, or `undefined` when intercepted; a frame's `srcdoc` is markup, rewritten. */
  const attributeValue = (element: Element, name: string, value: unknown): { value: unknown } | undefined => {
    const attribute = urlAttribute(element, name);
    if (attribute) return pass(element, attribute, value);
    const markup = element.localName === 'iframe' && String(name).toLowerCase() === 'srcdoc';
    return { value: markup ? srcdoc(value) : value };
  };
  restores.push(
    patchMethod<(this: Element, name: string, value: unknown) => void>(
      elementProto,
      'setAttribute',
      (original) =>
        function (this: Element, name: string, value: unknown) {
          const set = attributeValue(this, name, value);
          if (set) original.call(this, name, set.value);
        },
    ),
    patchMethod<(this: Element, ns: string | null, name: string, value: unknown) => void>(
      elementProto,
      'setAttributeNS',
      (original) =>
        function (this: Element, ns: string | null, name: string, value: unknown) {
          // `xlink:href` keeps its prefix as the qualified name; the table lists both spellings.
          const set = attributeValue(this, name, value);
          if (set) original.call(this, ns, name, set.value);
        },
    ),
  );
  // An Attr carries its own value: attached to an element, writing it writes the element's attribute.
  const attrValue = (node: Node, value: unknown): { value: unknown } | undefined => {
    const owner = node.nodeType === 2 ? (node as Attr).ownerElement : null;
    const attribute = owner && urlAttribute(owner, (node as Attr).name);
    return attribute && owner ? pass(owner, attribute, value) : { value };
  };
  for (const [target, key] of [
    [win.Attr.prototype, 'value'],
    [win.Node.prototype, 'nodeValue'],
    [win.Node.prototype, 'textContent'],
  ] as const) {
    restores.push(
      patch(target, key, (original) => ({
        get: original.get,
        set(this: Node, value: unknown) {
          const set = attrValue(this, value);
          if (set) original.set?.call(this, set.value);
        },
      })),
    );
  }
  // Attaching a detached Attr: check it against the element it joins.
  type Attach = (this: unknown, attr: Attr) => Attr | null;
  const attach = (original: Attach, element: (self: unknown) => Element | null): Attach =>
    function (this: unknown, attr: Attr) {
      const owner = element(this);
      const attribute = owner && urlAttribute(owner, attr.name);
      if (attribute && owner && intercept(gate, owner, attribute, attr.value)) return null;
      return original.call(this, attr);
    };
  for (const key of ['setAttributeNode', 'setAttributeNodeNS']) {
    restores.push(patchMethod<Attach>(elementProto, key, (original) => attach(original, (self) => self as Element)));
  }
  // A NamedNodeMap does not expose its element; it is remembered when page code reads `element.attributes`.
  const maps = new WeakMap<NamedNodeMap, Element>();
  restores.push(
    patch(elementProto, 'attributes', (original) => ({
      get(this: Element) {
        const map = original.get?.call(this) as NamedNodeMap;
        maps.set(map, this);
        return map;
      },
    })),
  );
  for (const key of ['setNamedItem', 'setNamedItemNS']) {
    restores.push(
      patchMethod<Attach>(win.NamedNodeMap.prototype, key, (original) =>
        attach(original, (self) => maps.get(self as NamedNodeMap) ?? null),
      ),
    );
  }
  patchSvgHref(win, pass, restores);
}

/**
 * SVG's `script.href` is an SVGAnimatedString; writing its `baseVal` writes the `href` attribute, but the
 * string object does not say whose it is. The `href` getter of SVG script elements records the owner.
 */
function patchSvgHref(win: Realm, pass: Pass, restores: Restore[]): void {
  const svgScript = (win as unknown as Record<string, Ctor>).SVGScriptElement?.prototype;
  const animated = (win as unknown as Record<string, Ctor>).SVGAnimatedString?.prototype;
  if (!svgScript || !animated) return;
  const owners = new WeakMap<object, Element>();
  restores.push(
    patch(svgScript, 'href', (original) => ({
      get(this: Element) {
        const value = original.get?.call(this) as object;
        owners.set(value, this);
        return value;
      },
    })),
    patch(animated, 'baseVal', (original) => ({
      get: original.get,
      set(this: object, value: unknown) {
        const owner = owners.get(this);
        const set = owner ? pass(owner, 'href', value) : { value };
        if (set) original.set?.call(this, set.value);
      },
    })),
  );
}
