import type { LocalizedText } from '../types.js';

/** `nb-NO` → `nb`, `NO` → `nb` (Norwegian without a written standard means Bokmål). */
export function baseLanguage(tag: string): string {
  const lang = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  return lang === 'no' ? 'nb' : lang;
}

/** The other written Norwegian, which a Norwegian reader understands: nb ↔ nn. */
export function siblingLanguage(lang: string): string | undefined {
  return lang === 'nb' ? 'nn' : lang === 'nn' ? 'nb' : undefined;
}

/**
 * Where a text for a visitor reading `lang` (a primary language, as `baseLanguage` gives) is looked for, best
 * first: the language, the other written Norwegian, the site's default language, English. The one order for the
 * loader's texts, the UI's texts, the owner's category and service texts and the titles a receipt records, so a
 * receipt names the title that was shown.
 */
export function textLanguages(lang: string, defaultLanguage: string): string[] {
  // A repeat (the default is the visitor's language) costs one lookup more, not a wrong text.
  return [lang, siblingLanguage(lang), defaultLanguage, 'en'].filter((l): l is string => !!l);
}

/** Whether a text in `found` reads as `lang` to the visitor: the same language, or the other written Norwegian. */
export function readsAs(found: string, lang: string): boolean {
  return found === lang || found === siblingLanguage(lang);
}

/**
 * Which language of an owner's per-language text to show a visitor reading `lang`: the first of
 * {@link textLanguages} it is written in, else the first it is written in at all. An empty string is not written.
 */
export function writtenIn(value: Readonly<Record<string, string>>, lang: string, defaultLanguage: string) {
  return [...textLanguages(lang, defaultLanguage), ...Object.keys(value)].find((l) => value[l]);
}

/** An owner's text in `lang` (see {@link writtenIn}); a plain string is the same in every language. */
export function localize(value: LocalizedText | undefined, lang: string, defaultLanguage: string): string | undefined {
  if (typeof value !== 'object') return value;
  const language = writtenIn(value, lang, defaultLanguage);
  return language && value[language];
}
