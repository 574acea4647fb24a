/**
 * The blocker's import surface. The interception (rules, patches, observer) runs in the critical loader; the
 * release code (`release/`: release in order, placeholders, verified markup, clean-up) comes with the runtime.
 * `createBlocker` composes both, for code that has them in one bundle.
 */
export { GOOGLE_TAGS } from '../core/index.js';
export type { Held } from './held.js';
export {
  type BlockerEvent,
  type BlockerReport,
  createInterception,
  type Interception,
  type InterceptionOptions,
  type InterceptionWatcher,
} from './interception.js';
export type { IsAllowed } from './release/declarative.js';
export type { PlaceholderTexts, PlaceholderVars } from './release/embeds.js';
export { type Blocker, type BlockerOptions, createBlocker, createRelease, type Release } from './release/index.js';
export type { Matcher, RuleMatch } from './rules.js';
