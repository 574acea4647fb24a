/**
 * Consent Mode for a site whose config turns it off, in place of `consent-mode.ts` in the per-site loader built for
 * such a config (`dist/samtykke.site.no-consent-mode.js`, rollup.config.ts): the same exports doing what the full
 * module does when `consentMode.enabled` is false — nothing queued, no `dataLayer`, no state for receipts — without
 * carrying the code that builds the commands. `build-loader` picks this template only when the compiled-in config
 * has Consent Mode off, and that config cannot change on the page.
 */
import type { ConsentMode } from './consent-mode.js';

export const consentModeState = (): null => null;

export const createConsentMode = (): ConsentMode => ({ start() {}, update() {} });
