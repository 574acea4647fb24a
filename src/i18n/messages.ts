import { da } from './da.js';
import { de } from './de.js';
import { en, type Messages } from './en.js';
import { fi } from './fi.js';
import { is } from './is.js';
import { nb } from './nb.js';
import { nn } from './nn.js';
import { sv } from './sv.js';

/**
 * UI texts per shipped language. A build that serves one language per bundle can swap this module
 * for one that exports only `en` and that language; everything else falls back to English.
 */
export const MESSAGES: Readonly<Record<string, Messages>> = { en, nb, nn, da, sv, fi, is, de };
