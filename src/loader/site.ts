/**
 * The per-site loader (`samtykke build-loader`): the owner's config, validated in full and normalized when the file
 * was built, is compiled into it, so the page's first script reads no config, fills no defaults and carries neither
 * the reader nor the fail-closed read of a broken config; everything after the config is the script-tag loader's
 * own start (`run`).
 */
import { deepFreeze, type NormalizedConfig } from '../core/index.js';
import { claim, failClosed, run } from './boot.js';
import { scriptTagParts } from './script-tag.js';

/**
 * The blocker's start when the file holds no config (the template in dist/, served without `build-loader`): the
 * built-in vendors held, nothing allowed.
 */
const NO_CONFIG = {
  categories: [],
  blocking: { auto: true, rules: [] },
  consentMode: {},
} as unknown as NormalizedConfig;

/**
 * Starts samtykke with the config compiled in. The CSP nonce is a page's, not a site's: it is read from the loader's
 * own script tag (browsers keep it only in the property), and the parts it loads get it.
 */
export function startSite(win: Window & typeof globalThis, site: unknown): void {
  if (!claim(win)) return;
  if (typeof site !== 'object' || site === null) {
    const error = new Error('samtykke: this loader holds no site config; npx samtykke build-loader makes one.');
    console.error(error.message);
    failClosed(win, NO_CONFIG, error);
    return;
  }
  // Compiled by build-loader: normalized, without the built-in vendors' cookies and storage keys, which only the decide
  // part reads and puts back from its catalogue (core/compiled-config.ts).
  const config = site as NormalizedConfig;
  const nonce = (win.document.currentScript as HTMLScriptElement | null)?.nonce || config.ui.nonce;
  run(win, scriptTagParts(win), deepFreeze({ ...config, ui: { ...config.ui, nonce } }));
}
