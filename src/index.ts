/**
 * samtykke for bundlers: `createSamtykke(config)` returns the instance; the first layer and the preferences are
 * dynamic imports, so bundlers split them out and visitors who already decided never download the first. Their
 * texts come in one chunk per language, and a visitor downloads only theirs (i18n/language-chunks.ts).
 */
import { loadTexts } from './i18n/language-chunks.js';
import { createConsentInstance, type Runtime } from './runtime/index.js';
import type { DefaultCategory, Samtykke, SamtykkeConfig } from './types.js';
import './globals.js';

export type { NormalizedConfig } from './core/index.js';
export { ConfigError, normalizeConfig, VENDORS } from './core/index.js';
export type { SamtykkeDocumentEvents } from './globals.js';
export { canonicalize } from './ledger/canonical.js';
export { hashNotice, type NoticeView, noticeView } from './ledger/receipt.js';
export type * from './types.js';

/**
 * Creates a consent instance for this page.
 * @throws ConfigError naming the config path, what was expected and what was given.
 */
export function createSamtykke<const C extends string = DefaultCategory>(
  config?: SamtykkeConfig<C>,
  options: Omit<Runtime, 'loadBanner' | 'loadUi'> = {},
): Samtykke<C> {
  if (!options.document && typeof document === 'undefined') {
    throw new Error(
      'samtykke: createSamtykke() needs a browser document. On the server create it in an effect (useEffect) or use samtykke/react, which renders "not decided" there',
    );
  }
  return createConsentInstance(config, {
    ...options,
    loadBanner: (_, language) =>
      Promise.all([import('./banner/index.js'), loadTexts(language, false)]).then(([module]) => module.mountBanner),
    loadUi: (_, language) =>
      Promise.all([import('./ui/index.js'), loadTexts(language, true)]).then(([module]) => module.mountUi),
    loadLedger: () => import('./ledger/index.js').then((module) => module.createLedger),
  });
}
