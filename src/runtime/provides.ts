/**
 * What the runtime lends the decide part (`window.SamtykkeRuntime`): code of modules the runtime already carries,
 * so `samtykke-decide.js` does not carry a second copy. The build lists what is missing here when the decide part
 * starts using more of them (`rollup.config.ts`, shareWithRuntime).
 */

export { bodyReady } from '../core/body-ready.js';
export { ERASURE_REPORT_KEY, JOURNAL_KEY, OUTBOX_KEY, WAITING_SUFFIX } from '../core/own-storage.js';
export { SETTINGS_TEXTS, shippedText } from '../i18n/settings-text.js';
