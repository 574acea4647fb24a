/**
 * Same-origin child realms. Every frame has a window of its own, with its own `fetch`, `Image`, prototypes and
 * `document.write`, and a frame gets its initial about:blank window synchronously when it is inserted, so page
 * code can take a clean `fetch` from a hidden frame in the same task (error trackers do it on purpose to
 * avoid wrappers). The blocker's patches are installed in a child realm as soon as it can be reached:
 *
 * - after every DOM insertion method and markup setter, when `window.length` (the number of child frames)
 *   has changed: `appendChild(iframe)` then `window[0].fetch` in the next statement is already patched (the
 *   markup entry points — `innerHTML`, `insertAdjacentHTML`, `document.write`… — sweep from the markup patches,
 *   which wrap them already, html-patches.ts);
 * - whenever `contentWindow` / `contentDocument` is read, which also catches the new realm a frame gets when it
 *   navigates (`srcdoc`, a same-origin URL) — there is no event before that realm's own scripts run, so markup
 *   given to `srcdoc` is rewritten as well (html-patches.ts);
 * - on each frame's `load`, and for windows `window.open` returns.
 *
 * `document.open()` keeps the realm (since 2019 it no longer creates a new global), so its patches stay.
 * Cross-origin frames are out of reach and out of scope: they cannot read the page's cookies.
 */
import { patch, patchMethod, type Restore } from './patch.js';

type Realm = Window & typeof globalThis;

/** Element, node and document methods that can connect a frame to a document, beside the markup entry points. */
const INSERTIONS: ReadonlyArray<[string, readonly string[]]> = [
  ['Node', ['appendChild', 'insertBefore', 'replaceChild']],
  [
    'Element',
    ['append', 'prepend', 'before', 'after', 'replaceWith', 'replaceChildren', 'insertAdjacentElement', 'moveBefore'],
  ],
  ['CharacterData', ['before', 'after', 'replaceWith']],
  ['DocumentFragment', ['append', 'prepend', 'replaceChildren']],
  ['Document', ['append', 'prepend', 'replaceChildren']],
  ['Range', ['insertNode', 'surroundContents']],
];

/** How a realm's child windows are reached: `sweep` after anything that may have connected a frame. */
export interface ChildRealms {
  sweep(): void;
  visit(child: Realm | null | undefined): void;
}

/** Calls `adopt` with a same-origin child window of `win` (and, on `sweep`, with each new one). */
export function childRealms(win: Realm, adopt: (child: Realm) => void): ChildRealms {
  let known = 0;
  const visit = (child: Realm | null | undefined) => {
    try {
      // Reading `document` throws for a cross-origin window.
      if (child?.document) adopt(child);
    } catch {
      // Cross-origin: nothing to patch.
    }
  };
  return {
    sweep() {
      if (win.length === known) return;
      known = win.length;
      for (let i = 0; i < known; i++) visit(win[i] as Realm | undefined);
    },
    visit,
  };
}

/**
 * Reaches every same-origin child window of `win` as soon as it can be (through `realms`, whose `adopt` installs
 * the patches and calls this again for the child, for frames in frames).
 */
export function watchRealms(win: Realm, realms: ChildRealms, restores: Restore[]): void {
  const realm = win as unknown as Record<string, { prototype: object } | undefined>;
  const { sweep, visit } = realms;
  for (const [name, keys] of INSERTIONS) {
    const prototype = realm[name]?.prototype;
    if (!prototype) continue;
    for (const key of keys) {
      restores.push(
        patchMethod<(this: unknown, ...args: unknown[]) => unknown>(
          prototype,
          key,
          (original) =>
            function (this: unknown, ...args: unknown[]) {
              const result = original.apply(this, args);
              sweep();
              return result;
            },
        ),
      );
    }
  }
  for (const key of ['contentWindow', 'contentDocument']) {
    restores.push(
      patch(win.HTMLIFrameElement.prototype, key, (original) => ({
        get(this: HTMLIFrameElement) {
          const value = original.get?.call(this) as Realm | Document | null;
          visit(value && 'defaultView' in value ? (value.defaultView as Realm | null) : (value as Realm | null));
          return value;
        },
      })),
    );
  }
  restores.push(
    patchMethod<(this: Window, ...args: unknown[]) => Window | null>(
      win,
      'open',
      (original) =>
        function (this: Window, ...args: unknown[]) {
          const opened = original.apply(win, args);
          visit(opened as Realm | null);
          return opened;
        },
    ),
  );
  // Capture phase on the window: runs before any listener on the frame itself.
  const onLoad = (event: Event) => {
    const target = event.target as Element | null;
    if (target?.localName === 'iframe') visit((target as HTMLIFrameElement).contentWindow as Realm | null);
  };
  win.addEventListener('load', onLoad, true);
  restores.push(() => win.removeEventListener('load', onLoad, true));
  sweep();
}
