import type { LocalizedText } from '../types.js';
import { PURPOSES } from './purposes/index.js';

/**
 * The purposes as `LocalizedText` per vendor id, the shape `withVendorDetails` merges into the config: from
 * every language the bundle carries (all eight, or the one of a one-language UI).
 */
export function vendorPurposes(): Record<string, LocalizedText> {
  const result: Record<string, Record<string, string>> = {};
  for (const [language, texts] of Object.entries(PURPOSES)) {
    for (const [id, text] of Object.entries(texts)) result[id] = { ...result[id], [language]: text };
  }
  return result;
}
