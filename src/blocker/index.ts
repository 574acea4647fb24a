/**
 * The blocker's import surface. The interception (rules, patches, observer) runs in the critical loader; the
 * release code (`release/`: release in order, placeholders, verified markup, clean-up) comes with the runtime.
 * The placeholders and the clean-up come with the part that makes decisions; `createBlocker` composes all of it,
 * for code that has them in one bundle.
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
export { type Blocker, type BlockerOptions, createBlocker } from './release/blocker.js';
export { clearTraces, tracesOf } from './release/cleanup.js';
export type { IsAllowed } from './release/declarative.js';
export {
  createPlaceholders,
  type PlaceholderOptions,
  type Placeholders,
  type PlaceholderTexts,
  type PlaceholderVars,
} from './release/embeds.js';
export { createRelease, type Release } from './release/index.js';
export type { Matcher, RuleMatch } from './rules.js';
