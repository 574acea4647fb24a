/**
 * The script-tag loader (`dist/samtykke.js`): put it first in <head>. It reads the config and the stored
 * decision and starts blocking at once; the UI (`samtykke-ui.js`) and the ledger (`samtykke-ledger.js`) are
 * fetched from the same folder only when they are needed.
 */
import { boot, loadScript, type PartLocation } from './boot.js';
import type { MountUi } from './create-consent.js';
import type { LoadLedger } from './lazy-ledger.js';

declare global {
  interface Window {
    SamtykkeUI?: { mountUi: MountUi };
    SamtykkeLedger?: { createLedger: Awaited<ReturnType<LoadLedger>> };
  }
}

/** Loads a part's script once and returns what it registered on `window`. */
function part<T>(read: () => T | undefined) {
  return async ({ src, nonce }: PartLocation): Promise<T> => {
    if (!read()) {
      if (!src) throw new Error('samtykke: cannot tell where the samtykke files are; set config.ui.src');
      await loadScript(document, src, nonce);
    }
    const loaded = read();
    if (!loaded) throw new Error(`samtykke: ${src} did not load as expected`);
    return loaded;
  };
}

boot(window, {
  ui: part(() => window.SamtykkeUI?.mountUi),
  ledger: part(() => window.SamtykkeLedger?.createLedger),
});
