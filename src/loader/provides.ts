/**
 * What the critical loader lends the runtime and the first layer (`window.SamtykkeLoader`): code of modules the
 * loader already carries, so the files loaded on the same visit do not carry a second copy. The build lists what
 * is missing here when they start using more of them (`rollup.config.ts`, shareWithLoader).
 */
// biome-ignore-all assist/source/organizeImports: each name's place gives its short spelling (below), so the order is kept
export { cancelExecution } from '../blocker/observer.js';
export { patch } from '../blocker/patch.js';
// One Trusted Types policy per window: the runtime uses the loader's, never a second copy of the module.
export { trustedSinks } from '../blocker/trusted-types.js';
// The cookie's layout, which the runtime writes in.
export { COOKIE_VERSION, EXPIRED_GRACE_DAYS, FIELD, LIST } from '../core/cookie.js';

// Each name's short spelling is its place in this file (scripts/short-names.ts): a name that goes gives its place to
// another, so the rest keep theirs and the bundles that read them change only where they must.
export { consentModeState } from '../integrations/consent-mode.js';

export {
  allows,
  allowsService,
  categoryOfService,
  findVendorHosts,
  interpretDecision,
  isBuiltInCategory,
  isUndeclared,
  NECESSARY,
  readConfig,
  readCookie,
  VENDOR_HOSTS,
} from '../core/index.js';
export { baseLanguage, localize, readsAs, siblingLanguage, textLanguages, writtenIn } from '../core/localized.js';
export { pickLanguage } from '../i18n/languages.js';
// The decide part freezes the config it completes from its catalogue as the reader freezes the page's.
export { deepFreeze } from '../core/read-config.js';
