/**
 * What every script-tag loader starts: the critical loader, with the runtime, the first layer, the preferences and
 * the ledger fetched as separate files from the same folder (the runtime at once, or once the first layer has painted;
 * the rest when needed).
 */
import type { MountEarly } from '../banner/contract.js';
import type { DecidePart, LoadLedger, MountBanner, MountUi } from '../runtime/index.js';
import { boot, type LazyParts, type Refuse, type StartRuntime } from './boot.js';
import { part } from './load-part.js';

declare global {
  interface Window {
    SamtykkeRuntime?: { start: StartRuntime; version?: string };
    SamtykkeBanner?: { mountBanner: MountBanner; mountEarly: MountEarly; version?: string };
    SamtykkeUI?: { mountUi: MountUi; version?: string };
    SamtykkeLedger?: { createLedger: Awaited<ReturnType<LoadLedger>>; version?: string };
    SamtykkeDecide?: { start: DecidePart; version?: string };
  }
}

/** Each part the script-tag loaders do not carry, taken from its own file next to the loader. */
export function scriptTagParts(win: Window & typeof globalThis): LazyParts {
  return {
    runtime: {
      load: part(
        win,
        () => win.SamtykkeRuntime,
        (loaded) => loaded.start,
      ),
    },
    banner: part(
      win,
      () => win.SamtykkeBanner,
      (loaded) => loaded.mountBanner,
    ),
    early: part(
      win,
      () => win.SamtykkeBanner,
      (loaded) => loaded.mountEarly,
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
    decide: part(
      win,
      () => win.SamtykkeDecide,
      (loaded) => loaded.start,
    ),
  };
}

/** Boots the page's consent from the page's config; `refuse` reports a config it cannot use (see `boot`). */
export function startScriptTag(win: Window & typeof globalThis, refuse?: Refuse): void {
  boot(win, scriptTagParts(win), refuse);
}
