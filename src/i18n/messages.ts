import { da } from './da.js';
import { de } from './de.js';
import { en, type Messages } from './en.js';
import { fi } from './fi.js';
import { is } from './is.js';
import { nb } from './nb.js';
import { nn } from './nn.js';
import { sv } from './sv.js';

/**
 * UI texts per shipped language. A script-tag build that serves one language per file swaps this module for one
 * that exports only that language (rollup.config.ts, `onlyLanguage`); the npm build for an empty table that
 * `language-chunks.ts` fills with the visitor's language when the first layer or the preferences load.
 */
export const MESSAGES: Readonly<Record<string, Messages>> = { en, nb, nn, da, sv, fi, is, de };
