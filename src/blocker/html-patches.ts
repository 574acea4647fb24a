/**
 * Markup handed to a parser by code. The string is rewritten before the parser sees it, so neither the parser
 * nor the preload scanner ever learns the real URL: a blocked `<script src>` becomes an owner-style
 * `<script type="text/plain" data-category data-src>` (only where parsed scripts run: `document.write`,
 * `createContextualFragment`, `srcdoc`; scripts parsed by `innerHTML` and its kind never run), a blocked
 * `<iframe src>` becomes `<iframe data-category data-src>` (a placeholder until allowed), and every other
 * blocked URL attribute of the table in url-attributes.ts is dropped. Every HTML-parsing entry point the
 * platform has goes through here: `innerHTML` / `outerHTML` (elements and shadow roots),
 * `insertAdjacentHTML`, `setHTMLUnsafe` / `setHTML`, `Document.parseHTMLUnsafe`, `DOMParser` (its documents
 * are inert, but their nodes load once adopted), `Range.createContextualFragment`, `document.write` and
 * `iframe.srcdoc`. A `<template>`'s content is parsed by these too; templates in the page's HTML are the
 * observer's. A `TrustedHTML` is read as its markup and handed on as it came when nothing needed rewriting,
 * re-wrapped by samtykke's policy when something did (trusted-types.ts).
 */
import type { Gate } from './held.js';
import { patch, patchMethod, type Restore } from './patch.js';
import type { RuleMatch } from './rules.js';
import { isTrusted, trustedSinks } from './trusted-types.js';
import { heldUrl, holds, URL_ATTRIBUTES } from './url-attributes.js';

// A tag with its attributes; quoted values may contain `>`.
const TAG = /<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /(\s*)([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
const CHEAP_TEST = new RegExp(`<(?:${Object.keys(URL_ATTRIBUTES).join('|')})\\b`, 'i');
/** The end of a write that stops inside a tag: the parser would join it with the next write. */
const UNFINISHED = /<(?:[a-zA-Z!/?](?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))*)?$/;

/** Turns an attribute's source text into its value (quotes off, character references decoded). */
export type DecodeAttribute = (raw: string) => string;

const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
/** The common references; patchMarkup passes a decoder that knows every named one. */
const basicDecode: DecodeAttribute = (raw) =>
  raw
    .replace(/^["']|["']$/g, '')
    .replace(/&(?:#(\d+)|#x([\da-f]+)|(\w+));?/gi, (whole, dec?: string, hex?: string, name?: string) =>
      dec || hex
        ? String.fromCodePoint(Number.parseInt(dec ?? hex ?? '', dec ? 10 : 16))
        : (NAMED[name ?? ''] ?? whole),
    );
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Rewrites blocked tags in a piece of markup; `scripts` says whether script tags would run. */
export function rewriteMarkup(
  html: string,
  check: (url: string, kind: string) => RuleMatch | undefined,
  scripts: boolean,
  decode: DecodeAttribute = basicDecode,
): string {
  if (!CHEAP_TEST.test(html)) return html;
  return html.replace(TAG, (whole, rawName: string, attributes: string) => {
    const tag = rawName.toLowerCase();
    const names = URL_ATTRIBUTES[tag];
    if (!names || (tag === 'script' && !scripts)) return whole;
    let held: RuleMatch | undefined;
    const rest = attributes.replace(ATTRIBUTE, (token, space: string, rawAttribute: string, raw?: string) => {
      const attribute = rawAttribute.toLowerCase();
      if (raw === undefined || !names.includes(attribute)) return token;
      const match = heldUrl(check, tag, attribute, decode(raw));
      if (!match) return token;
      if (!holds(tag, attribute)) return '';
      held = match;
      return `${space}data-src=${raw}`;
    });
    if (!held) return rest === attributes ? whole : `<${rawName}${rest}>`;
    let marks = ` data-category="${escapeAttribute(held.category)}"`;
    if (held.service) marks += ` data-service="${escapeAttribute(held.service)}"`;
    let kept = rest;
    if (tag === 'script') {
      kept = rest.replace(ATTRIBUTE, (token, space: string, name: string, raw?: string) =>
        name.toLowerCase() === 'type' && raw !== undefined ? `${space}data-type=${raw}` : token,
      );
      marks += ' type="text/plain"';
    }
    return `<${rawName}${marks}${kept}>`;
  });
}

type Realm = Window & typeof globalThis;

/** What a markup sink gets instead of `value`; `undefined` and `null` go through as they are. */
export type MarkupRewrite = (value: unknown, scripts: boolean) => unknown;

/**
 * Installs the markup patches, adding how to remove them to `restores`; returns the rewrite `srcdoc` values go
 * through. `after` runs once markup is in (a frame it made may have a window to patch now, realms.ts).
 */
export function patchMarkup(
  win: Realm,
  gate: Gate,
  after: () => void,
  restores: Restore[],
): (value: unknown) => unknown {
  const check = gate.check;
  // Character references in full, as the parser reads them: an inert document (no scripts, no loads) parses
  // the attribute with the original setter (under Trusted Types as samtykke's own markup). It is made the first
  // time markup has a reference, not while the page waits for the loader, with the functions taken now.
  const implementation = win.document.implementation;
  const createDocument = implementation.createHTMLDocument;
  let inert: Document | undefined;
  const rawInnerHTML = Object.getOwnPropertyDescriptor(win.Element.prototype, 'innerHTML')?.set;
  const decode: DecodeAttribute = (raw) => {
    if (!raw.includes('&') || !rawInnerHTML) return basicDecode(raw);
    try {
      inert ??= createDocument.call(implementation, '');
      rawInnerHTML.call(inert.body, trustedSinks(win).createHTML(`<a title=${raw}></a>`));
    } catch {
      return basicDecode(raw);
    }
    return inert.body.firstElementChild?.getAttribute('title') ?? '';
  };
  const rewriteText = (html: string, scripts: boolean) => rewriteMarkup(html, check, scripts, decode);
  /**
   * The markup is read once (a page object's `toString` could answer differently the second time), so a
   * string goes on as the rewritten string and the page's `default` policy still sees it; a trusted value
   * goes on untouched unless it needed rewriting.
   */
  const rewrite: MarkupRewrite = (value, scripts) => {
    if (value === null || value === undefined) return value;
    const text = String(value);
    const out = rewriteText(text, scripts);
    if (!isTrusted(win, value)) return out;
    return out === text ? value : trustedSinks(win).createHTML(out);
  };
  const markupSetter = (target: object | undefined, key: string, scripts: boolean) => {
    if (!target) return;
    restores.push(
      patch(target, key, (original) => ({
        get: original.get,
        set(this: Element, value: unknown) {
          // A script's or style's own text is code, not markup (its outerHTML is markup of the parent).
          const code = key === 'innerHTML' && (this.localName === 'script' || this.localName === 'style');
          original.set?.call(this, code ? value : rewrite(value, scripts));
          after();
        },
      })),
    );
  };
  /** Wraps a method whose argument at `index` is markup. */
  const markupMethod = (target: object | undefined, key: string, index: number, scripts: boolean) => {
    if (!target || !(key in target)) return;
    restores.push(
      patchMethod<(this: unknown, ...args: unknown[]) => unknown>(
        target,
        key,
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            if (index < args.length) args[index] = rewrite(args[index], scripts);
            const result = original.apply(this, args);
            after();
            return result;
          },
      ),
    );
  };
  const elementProto = win.Element.prototype;
  const shadowProto = win.ShadowRoot?.prototype;
  for (const target of [elementProto, shadowProto]) {
    markupSetter(target, 'innerHTML', false);
    markupMethod(target, 'setHTMLUnsafe', 0, false);
    markupMethod(target, 'setHTML', 0, false);
  }
  markupSetter(elementProto, 'outerHTML', false);
  markupMethod(elementProto, 'insertAdjacentHTML', 1, false);
  markupMethod(win.Document, 'parseHTMLUnsafe', 0, false);
  markupMethod(win.DOMParser?.prototype, 'parseFromString', 0, false);
  // Scripts in a contextual fragment run once the fragment is inserted.
  markupMethod(win.Range?.prototype, 'createContextualFragment', 0, true);
  markupSetter(win.HTMLIFrameElement.prototype, 'srcdoc', true);
  patchWrite(win, rewriteText, after, restores);
  return (value) => rewrite(value, true);
}

/**
 * `document.write` / `writeln`. The parser joins consecutive writes into one input stream, so a tag split across
 * calls (`write('<scr')`, `write('ipt src=…>')`) would pass a per-call check piece by piece. The unfinished
 * end of a write is kept back and put in front of the next one (or written by `document.close()`), so every
 * tag is checked whole. A tail no later write completes would only have joined the markup after the script.
 * Under Trusted Types the joined markup stays trusted only if every piece of it was (as the browser decides
 * for several arguments), and is then samtykke's policy's to hand on.
 */
function patchWrite(
  win: Realm,
  rewrite: (html: string, scripts: boolean) => string,
  after: () => void,
  restores: Restore[],
): void {
  const tails = new WeakMap<Document, { markup: string; trusted: boolean }>();
  const proto = win.Document.prototype;
  const write = Object.getOwnPropertyDescriptor(proto, 'write')?.value as (this: Document, text: unknown) => void;
  for (const key of ['write', 'writeln'])
    restores.push(
      patchMethod<(this: Document, ...text: unknown[]) => void>(
        proto,
        key,
        () =>
          function (this: Document, ...text: unknown[]) {
            const tail = tails.get(this);
            const pieces = text.map(String);
            const all = (tail?.markup ?? '') + pieces.join('') + (key === 'writeln' ? '\n' : '');
            const trusted = text.length > 0 && text.every((piece) => isTrusted(win, piece)) && (tail?.trusted ?? true);
            const unfinished = UNFINISHED.exec(all);
            tails.set(this, { markup: unfinished ? unfinished[0] : '', trusted });
            const out = rewrite(unfinished ? all.slice(0, unfinished.index) : all, true);
            write.call(this, trusted ? trustedSinks(win).createHTML(out) : out);
            after();
          },
      ),
    );
  restores.push(
    patchMethod<(this: Document) => void>(
      proto,
      'close',
      (original) =>
        function (this: Document) {
          const tail = tails.get(this);
          tails.delete(this);
          if (tail?.markup) {
            const out = rewrite(tail.markup, true);
            write.call(this, tail.trusted ? trustedSinks(win).createHTML(out) : out);
          }
          original.call(this);
        },
    ),
  );
}
