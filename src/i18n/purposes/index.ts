import type { LocalizedText } from '../../types.js';
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
 * only its language; every shipped language has its own list.
 */
export const PURPOSES: Readonly<Record<string, Readonly<Record<string, string>>>> = { en, nb, nn, da, sv, fi, is, de };

/** The purposes as `LocalizedText` per vendor id, the shape `withVendorDetails` merges into the config. */
export function vendorPurposes(): Record<string, LocalizedText> {
  const result: Record<string, Record<string, string>> = {};
  for (const [language, texts] of Object.entries(PURPOSES)) {
    for (const [id, text] of Object.entries(texts)) result[id] = { ...result[id], [language]: text };
  }
  return result;
}
