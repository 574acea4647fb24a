/**
 * The languages samtykke ships and how the one to show is picked: the critical loader needs this much to request
 * the banner file in the visitor's language, and nothing of the texts themselves.
 */

import { baseLanguage, siblingLanguage } from '../core/localized.js';

/** The languages samtykke ships texts for (BCP 47 primary subtags). */
export const LANGUAGES: readonly string[] = ['en', 'nb', 'nn', 'da', 'sv', 'fi', 'is', 'de'];

/** What `pickLanguage` reads from the normalized config. */
export interface LanguageSource {
  language: { default: string; force?: string };
  texts: Readonly<Record<string, unknown>>;
}

/**
 * The language to show: `language.force`, else the first of `<html lang>`, the browser's
 * languages and `language.default` that is `available` (by default every shipped language) or has
 * owner texts (nb and nn stand in for each other), else the default language.
 */
export function pickLanguage(
  config: LanguageSource,
  doc?: Document | null,
  navigatorLanguages: readonly string[] = [],
  available: readonly string[] = LANGUAGES,
): string {
  if (config.language.force) return baseLanguage(config.language.force);
  const has = (lang: string) => available.includes(lang) || lang in config.texts;
  for (const tag of [doc?.documentElement.lang, ...navigatorLanguages, config.language.default]) {
    if (!tag) continue;
    const lang = baseLanguage(tag);
    if (has(lang)) return lang;
    const sibling = siblingLanguage(lang);
    if (sibling && has(sibling)) return sibling;
  }
  return baseLanguage(config.language.default);
}
