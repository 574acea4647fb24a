/**
 * Scripts, frames and images created by code. Patching the `src` accessor on the prototypes (not only on
 * elements from a patched `document.createElement`) also covers `new Image()`, `cloneNode` copies whose `src` is
 * set later, and elements from other creation paths. `setAttribute('src', …)` is routed through the same check,
 * because attribute and property reach the same content attribute.
 */
import type { Gate, HeldKind } from './held.js';
import { patch, patchMethod, type Restore } from './patch.js';

type Tag = 'SCRIPT' | 'IFRAME' | 'IMG';

/** Returns true when the element's new `src` was intercepted (held or dropped) and must not be set. */
function intercept(gate: Gate, element: Element, tag: Tag, value: string): boolean {
  const existing = gate.held.get(element);
  const match = gate.check(value, tag.toLowerCase());
  if (!match) {
    if (existing) gate.held.remove(element);
    return false;
  }
  // An image pixel is dropped: nothing is kept to be sent later.
  if (tag === 'IMG') return true;
  if (existing) existing.url = value;
  else {
    const kind: HeldKind = tag === 'SCRIPT' ? 'script' : 'iframe';
    gate.hold({ element: element as HTMLScriptElement & HTMLIFrameElement, url: value, kind, match });
  }
  return true;
}

/** Installs the accessor patches on the window's prototypes. */
export function patchElements(win: Window & typeof globalThis, gate: Gate): Restore {
  const restores: Restore[] = [];
  const tags: Array<[Tag, { prototype: object }]> = [
    ['SCRIPT', win.HTMLScriptElement],
    ['IFRAME', win.HTMLIFrameElement],
    ['IMG', win.HTMLImageElement],
  ];
  for (const [tag, ctor] of tags) {
    restores.push(
      patch(ctor.prototype, 'src', (original) => ({
        get(this: Element) {
          return gate.held.get(this)?.url ?? original.get?.call(this);
        },
        set(this: Element, value: unknown) {
          if (!intercept(gate, this, tag, String(value))) original.set?.call(this, value);
        },
      })),
    );
  }
  restores.push(
    patchMethod<(this: Element, name: string, value: string) => void>(
      win.Element.prototype,
      'setAttribute',
      (original) =>
        function (this: Element, name: string, value: string) {
          const tag = this.tagName as Tag;
          // Every setAttribute on the page passes here: the cheap length test keeps the common case fast.
          if (
            String(name).length === 3 &&
            String(name).toLowerCase() === 'src' &&
            (tag === 'SCRIPT' || tag === 'IFRAME' || tag === 'IMG') &&
            intercept(gate, this, tag, String(value))
          ) {
            return;
          }
          original.call(this, name, value);
        },
    ),
  );
  return () => {
    for (const restore of restores) restore();
  };
}
