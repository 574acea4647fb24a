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

/**
 * The per-site loader's template: `samtykke build-loader` writes an owner's normalized config into it. Never served
 * as it is (it would hold back the built-in vendors and run nothing else).
 */
export const SITE_TEMPLATE = 'samtykke.site.js';

/** The same template for a config with Consent Mode off: the Consent Mode code left out (0.43 kB brotli). */
export const SITE_TEMPLATE_WITHOUT_CONSENT_MODE = 'samtykke.site.no-consent-mode.js';

/** Both templates, which the package ships beside the files it serves. */
export const SITE_TEMPLATES: readonly string[] = [SITE_TEMPLATE, SITE_TEMPLATE_WITHOUT_CONSENT_MODE];

/** The files a loader fetches lazily, next to itself: what `build-loader` copies beside the per-site loader. */
export const PART_FILES: readonly string[] = ASSET_FILES.filter(
  (file) => file !== LOADER_FILE && file !== 'samtykke.dev.js' && file !== 'samtykke.all.js',
);
