/**
 * What every script-tag loader starts: the critical loader, with the first layer, the preferences and the ledger
 * fetched as separate files from the same folder only when they are needed.
 */
import { VERSION } from '../core/version.js';
import type { LoadLedger, MountBanner, MountUi } from '../runtime/index.js';
import { boot, loadScript, type PartLocation } from './boot.js';

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
function part<M extends { version?: string }, T>(win: Window, read: () => M | undefined, pick: (loaded: M) => T) {
  return async ({ src, nonce, integrity }: PartLocation): Promise<T> => {
    if (!read()) {
      if (!src) throw new Error('samtykke: cannot tell where the samtykke files are; set config.ui.src');
      await loadScript(win.document, src, nonce, integrity);
    }
    const loaded = read();
    if (!loaded) throw new Error(`samtykke: ${src} did not load as expected`);
    if (loaded.version !== VERSION) {
      throw new Error(`samtykke: ${src} is version ${loaded.version}, the loader ${VERSION}`);
    }
    return pick(loaded);
  };
}

/** Boots the page's consent with each lazily loaded part taken from its own script file. */
export function startScriptTag(win: Window & typeof globalThis): void {
  boot(win, {
    banner: part(
      win,
      () => win.SamtykkeBanner,
      (loaded) => loaded.mountBanner,
    ),
    ui: part(
      win,
      () => win.SamtykkeUI,
      (loaded) => loaded.mountUi,
    ),
    ledger: part(
      win,
      () => win.SamtykkeLedger,
      (loaded) => loaded.createLedger,
    ),
  });
}
