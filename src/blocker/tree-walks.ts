/**
 * Placeholders out of the page's tree walks. Hydration (React's `hydrateRoot`, and Vue, Svelte and Solid the
 * same way) walks the server's DOM forwards with `firstChild` / `nextSibling` and claims each node it expects;
 * an element it does not expect — the placeholder beside a held frame — is a mismatch, and React throws the
 * server's DOM away and renders the root again. These two getters on `Node.prototype` step over samtykke's
 * placeholders, so scripts walk the tree the server sent, while the visitor still sees the placeholder
 * (selectors, `childNodes` and the rendering are untouched; the placeholder is only ever a sibling the page did
 * not put there).
 */
import { patch, type Restore } from './patch.js';

type Step = (this: Node) => Node | null;

/** Makes `firstChild` and `nextSibling` in `win` skip the nodes `isOurs` claims. */
export function skipInTreeWalks(win: Window & typeof globalThis, isOurs: (node: Node) => boolean): Restore {
  const proto = win.Node.prototype;
  const next = Object.getOwnPropertyDescriptor(proto, 'nextSibling')?.get as Step;
  const restores = ['firstChild', 'nextSibling'].map((key) =>
    patch(proto, key, (original) => ({
      get(this: Node) {
        let node = (original.get as Step).call(this);
        while (node && isOurs(node)) node = next.call(node);
        return node;
      },
    })),
  );
  return () => {
    for (const restore of restores) restore();
  };
}
