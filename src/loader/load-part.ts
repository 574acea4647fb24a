import { trustedSinks } from '../blocker/trusted-types.js';
import { VERSION } from '../core/version.js';

/** Where a lazily loaded part lives and the nonce its script tag needs. */
export interface PartLocation {
  src?: string;
  nonce?: string;
  /** Subresource Integrity hash the owner pinned for this file (`config.ui.integrity`). */
  integrity?: string;
  /** Ask the browser to fetch it ahead of other async work (the runtime, the first-layer banner). */
  urgent?: boolean;
}

/** Scripts requested per document: a part asked for early (the banner) is not requested a second time. */
const requested = new WeakMap<Document, Map<string, Promise<void>>>();

/** Loads a classic script once; resolves when it has run. With `integrity` the browser refuses altered bytes. */
export function loadScript(doc: Document, src: string, nonce?: string, integrity?: string, urgent?: boolean) {
  const mine = requested.get(doc) ?? new Map<string, Promise<void>>();
  requested.set(doc, mine);
  const known = mine.get(src);
  if (known) return known;
  const loading = new Promise<void>((resolve, reject) => {
    const script = doc.createElement('script');
    if (integrity) {
      script.integrity = integrity;
      // SRI on a cross-origin script needs a CORS fetch; same-origin it changes nothing.
      script.crossOrigin = 'anonymous';
    }
    // Reflects the fetchpriority attribute; a browser without it ignores both.
    if (urgent) script.fetchPriority = 'high';
    // Under Trusted Types through samtykke's policy: the URL is this script's own neighbour or `ui.src`.
    script.src = trustedSinks(doc.defaultView ?? window).createScriptURL(src) as string;
    if (nonce) script.nonce = nonce;
    // Handler properties: the element is this function's own, and each fires once.
    script.onload = () => resolve();
    script.onerror = () => {
      // A later use may try again (the network came back).
      mine.delete(src);
      reject(new Error(`samtykke: could not load ${src}`));
    };
    doc.head.appendChild(script);
  });
  mine.set(src, loading);
  return loading;
}

/**
 * Loads a part's script once and returns what it registered on `window`. A part from another release is
 * refused: its contract with this loader may differ, and a half-working UI is worse than a failed one.
 */
export function part<M extends { version?: string }, T>(
  win: Window,
  read: () => M | undefined,
  pick: (loaded: M) => T,
) {
  return async ({ src, nonce, integrity, urgent }: PartLocation): Promise<T> => {
    if (!read()) {
      if (!src) throw new Error('samtykke: cannot tell where the samtykke files are; set config.ui.src');
      await loadScript(win.document, src, nonce, integrity, urgent);
    }
    const loaded = read();
    if (!loaded) throw new Error(`samtykke: ${src} did not load as expected`);
    if (loaded.version !== VERSION) {
      throw new Error(`samtykke: ${src} is version ${loaded.version}, the loader ${VERSION}`);
    }
    return pick(loaded);
  };
}
