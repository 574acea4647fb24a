import type { MessageKey } from '../i18n/en.js';

/**
 * The messages the first layer can render, and all its file carries of `src/i18n/`: the build picks these keys
 * out of each language (rollup.config.ts), so a banner file holds no text it cannot show.
 */
export const BANNER_TEXTS = [
  'bannerLabel',
  'bannerTitle',
  'bannerText',
  'bannerTextNoParties',
  'thirdPartyOne',
  'thirdPartyOther',
  'thirdParties',
  'quote',
  'listAnd',
  'gpcNotice',
  'privacyPolicy',
  'cookiePolicy',
  'acceptAll',
  'rejectAll',
  'customise',
  'saved',
  // The built-in categories' titles, which the text names as purposes.
  'necessary',
  'statistics',
  'marketing',
  'preferences',
] as const satisfies readonly MessageKey[];
