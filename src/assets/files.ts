import { LANGUAGES } from '../i18n/languages.js';

/** The loader: the one file a page names in its `<script src>`. */
export const LOADER_FILE = 'samtykke.js';

/**
 * Every file the script-tag loader may fetch, relative to `dist/`. They must be served from one folder: the
 * loader finds the runtime (requested on every page), the decide part (when a decision is made or changed), the first layer and the preferences (one file per language
 * each, `samtykke-banner.js` and `samtykke-ui.js` for any other) and the ledger next to itself.
 * `samtykke.all.js` is the one-file alternative to the loader and needs nothing else; `samtykke.dev.js` is the
 * loader with the full config check, for setting a site up.
 */
export const ASSET_FILES: readonly string[] = [
  LOADER_FILE,
  'samtykke.dev.js',
  'samtykke-runtime.js',
  'samtykke-decide.js',
  'samtykke-banner.js',
  ...LANGUAGES.map((language) => `samtykke-banner.${language}.js`),
  'samtykke-ui.js',
  ...LANGUAGES.map((language) => `samtykke-ui.${language}.js`),
  'samtykke-ledger.js',
  'samtykke.all.js',
];
