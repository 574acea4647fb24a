/**
 * The per-site loader's template (`dist/samtykke.site.js`): `samtykke build-loader` writes the owner's normalized
 * config in place of the marker below and names the file by its content. The exports the runtime, the first layer
 * and the decide part borrow (`window.SamtykkeLoader`) are added by the build (rollup.config.ts, siteExports).
 */
import { startSite } from './site.js';

/**
 * `build-loader` replaces this whole call with the site's config as JSON (an object literal). A string the minifier
 * cannot see through, so the loader's start is not folded away; a file still holding it fails closed.
 */
const SITE_CONFIG: unknown = JSON.parse('"__SAMTYKKE_SITE_CONFIG__"');

startSite(window, SITE_CONFIG);
