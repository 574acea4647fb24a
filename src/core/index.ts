/** The only import surface of core for the other folders. */
export { allows, allowsService, categoryOfService, isUndeclared } from './allows.js';
export { bodyReady } from './body-ready.js';
export type { BuiltInCategory } from './categories.js';
export { BUILT_IN_CATEGORIES, isBuiltInCategory, NECESSARY } from './categories.js';
export { type CompiledConfig, withCatalogue, withoutCatalogue } from './compiled-config.js';
export { configProblems, normalizeConfig } from './config.js';
export type { ConfigCheck } from './config-check.js';
export { checkConfig } from './config-check.js';
export type { CookieJar, StoredDecision } from './cookie.js';
export { decodeDecision, interpretDecision, readCookie, readDecision } from './cookie.js';
export { clearDecision, encodeDecision, expiryFor, saveDecision, writeDecision, writeWaiting } from './cookie-write.js';
export type { DecisionContext } from './decision.js';
export {
  acceptAllDecision,
  categoryIds,
  GPC_REFUSED_CATEGORY,
  grantsAnything,
  makeDecision,
} from './decision.js';
export type { DecisionRequest, Outcome, Requester, RuleInput, Scope } from './decision-rules.js';
export { applyRequest } from './decision-rules.js';
export type { DecisionListener, DecisionStore } from './decision-store.js';
export { createDecisionStore } from './decision-store.js';
export type { Emitter } from './emitter.js';
export { createEmitter } from './emitter.js';
export { ConfigError, closest } from './errors.js';
export { failClosedConfig, patternsIn } from './fail-closed.js';
export { CATEGORY_ID, ISO_DURATION, parseDuration, SERVICE_ID, UUID, unsafeUrl } from './formats.js';
export { uuid } from './ids.js';
export { jurisdictionOf } from './jurisdiction.js';
export { baseLanguage, localize, readsAs, siblingLanguage, textLanguages, writtenIn } from './localized.js';
export type { NormalizedCategory, NormalizedConfig, NormalizedService } from './normalized.js';
export { CONSENT_TYPES, deepFreeze, type JurisdictionOf, readConfig, UnusableConfig } from './read-config.js';
export { readGpc } from './signals.js';
export type { VendorDetails } from './vendor-details.js';
export { VENDOR_DETAILS, withVendorDetails } from './vendor-details.js';
export type { VendorHosts } from './vendor-hosts.js';
export { findVendorHosts, GOOGLE_TAGS, VENDOR_HOSTS } from './vendor-hosts.js';
export { namedVendors } from './vendor-names.js';
export type { Vendor } from './vendors.js';
export { findVendor, VENDORS } from './vendors.js';
export { VERSION } from './version.js';
