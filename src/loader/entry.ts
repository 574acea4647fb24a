/**
 * The script-tag loader (`dist/samtykke.js`): put it first in <head>. It reads the config and the stored
 * decision and starts blocking at once; the first layer (`samtykke-banner.<lang>.js`), the preferences
 * (`samtykke-ui.<lang>.js`) and the ledger (`samtykke-ledger.js`) are fetched from the same folder only when they
 * are needed.
 */
import { VERSION } from '../core/version.js';
import type { LoadLedger, MountBanner, MountUi } from '../runtime/index.js';
import { boot, loadScript, type PartLocation } from './index.js';

declare global {
  interface Window {
    SamtykkeBanner?: { mountBanner: MountBanner; version?: string };
    SamtykkeUI?: { mountUi: MountUi; version?: string };
    SamtykkeLedger?: { createLedger: Awaited<ReturnType<LoadLedger>>; version?: string };
  }
}

/**
 * Loads a part's script once and returns what it registered on `window`. A part from another release is
 * refused: its contract with this loader may differ, and a half-working UI is worse than a failed one.
 */
function part<M extends { version?: string }, T>(read: () => M | undefined, pick: (loaded: M) => T) {
  return async ({ src, nonce, integrity }: PartLocation): Promise<T> => {
    if (!read()) {
      if (!src) throw new Error('samtykke: cannot tell where the samtykke files are; set config.ui.src');
      await loadScript(document, src, nonce, integrity);
    }
    const loaded = read();
    if (!loaded) throw new Error(`samtykke: ${src} did not load as expected`);
    if (loaded.version !== VERSION) {
      throw new Error(`samtykke: ${src} is version ${loaded.version}, the loader ${VERSION}`);
    }
    return pick(loaded);
  };
}

boot(window, {
  banner: part(
    () => window.SamtykkeBanner,
    (loaded) => loaded.mountBanner,
  ),
  ui: part(
    () => window.SamtykkeUI,
    (loaded) => loaded.mountUi,
  ),
  ledger: part(
    () => window.SamtykkeLedger,
    (loaded) => loaded.createLedger,
  ),
});
