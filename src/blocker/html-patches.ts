/**
 * Markup handed to the parser by code: `document.write`/`writeln`, `innerHTML`, `outerHTML` and
 * `insertAdjacentHTML`. The string is rewritten before the parser sees it, so neither the parser nor the
 * preload scanner ever learns the real URL: a blocked `<script src>` becomes an owner-style
 * `<script type="text/plain" data-category data-src>` (document.write only: scripts parsed by innerHTML never
 * run, so they are left alone), a blocked `<iframe src>` becomes `<iframe data-category data-src>` (a
 * placeholder until allowed), and a blocked `<img src>` loses its `src` (a dropped pixel).
 */
import type { Gate } from './held.js';
import { patch, patchMethod, type Restore } from './patch.js';
import type { RuleMatch } from './rules.js';

const TAG = /<(script|iframe|img)\b([^>]*)>/gi;
const SRC = /\ssrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i;
const TYPE = /\stype\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i;
const CHEAP_TEST = /<(script|iframe|img)\b/i;

const unquote = (value: string) => value.replace(/^["']|["']$/g, '').replace(/&amp;/g, '&');
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Rewrites blocked tags in a piece of markup; `scripts` says whether script tags would run. */
export function rewriteMarkup(
  html: string,
  check: (url: string, kind: string) => RuleMatch | undefined,
  scripts: boolean,
): string {
  if (!CHEAP_TEST.test(html)) return html;
  return html.replace(TAG, (tag, rawName: string, attrs: string) => {
    const name = rawName.toLowerCase();
    const src = SRC.exec(attrs);
    if (!src || (name === 'script' && !scripts)) return tag;
    const match = check(unquote(src[1] ?? ''), name);
    if (!match) return tag;
    if (name === 'img') return `<${rawName}${attrs.replace(SRC, '')}>`;
    let rest = attrs.replace(SRC, ` data-src=${src[1]}`);
    let marks = ` data-category="${escapeAttribute(match.category)}"`;
    if (match.service) marks += ` data-service="${escapeAttribute(match.service)}"`;
    if (name === 'script') {
      const type = TYPE.exec(rest);
      if (type) rest = rest.replace(TYPE, ` data-type=${type[1]}`);
      marks += ' type="text/plain"';
    }
    return `<${rawName}${marks}${rest}>`;
  });
}

/** Installs the markup patches. */
export function patchMarkup(win: Window & typeof globalThis, gate: Gate): Restore {
  const check = gate.check;
  const restores: Restore[] = [];
  for (const key of ['write', 'writeln']) {
    restores.push(
      patchMethod<(this: Document, ...text: string[]) => void>(
        win.Document.prototype,
        key,
        (original) =>
          function (this: Document, ...text: string[]) {
            original.call(this, rewriteMarkup(text.join(''), check, true));
          },
      ),
    );
  }
  for (const key of ['innerHTML', 'outerHTML']) {
    restores.push(
      patch(win.Element.prototype, key, (original) => ({
        get: original.get,
        set(this: Element, value: unknown) {
          // A script's or style's text is code, not markup.
          const code = this.tagName === 'SCRIPT' || this.tagName === 'STYLE';
          original.set?.call(this, code ? value : rewriteMarkup(String(value), check, false));
        },
      })),
    );
  }
  restores.push(
    patchMethod<(this: Element, position: InsertPosition, html: string) => void>(
      win.Element.prototype,
      'insertAdjacentHTML',
      (original) =>
        function (this: Element, position: InsertPosition, html: string) {
          original.call(this, position, rewriteMarkup(String(html), check, false));
        },
    ),
  );
  return () => {
    for (const restore of restores) restore();
  };
}
