import { purposes as da } from './da.js';
import { purposes as de } from './de.js';
import { purposes as en } from './en.js';
import { purposes as fi } from './fi.js';
import { purposes as is } from './is.js';
import { purposes as nb } from './nb.js';
import { purposes as nn } from './nn.js';
import { purposes as sv } from './sv.js';

/**
 * Built-in vendors' purposes by language. A one-language UI bundle swaps this module for one that carries
 * only its language (rollup.config.ts, `onlyLanguage`), so it holds the table and nothing else; the npm build
 * for an empty table that `../language-chunks.ts` fills with the visitor's language.
 */
export const PURPOSES: Readonly<Record<string, Readonly<Record<string, string>>>> = { en, nb, nn, da, sv, fi, is, de };
