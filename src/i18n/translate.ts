import { baseLanguage, readsAs, textLanguages, writtenIn } from '../core/localized.js';
import type { LocalizedText } from '../types.js';
import type { MessageKey } from './en.js';
import { format, type LanguageSource, pickLanguage } from './loader-texts.js';
import { MESSAGES } from './messages.js';

/** Every key the UI can render. */
export type TextKey = MessageKey;

/** Texts in one language, with the fallbacks resolved. */
export interface Translator {
  /** The language asked for. */
  lang: string;
  /** Locales for `Intl` formatters, best first. */
  locales: string[];
  /** A message, with `{name}` placeholders filled. */
  t(key: TextKey, vars?: Readonly<Record<string, string | number>>): string;
  /** `one` or `other` by the language's plural rule for `count`, with `{count}` filled. */
  count(one: TextKey, other: TextKey, count: number): string;
  /** Whether the owner's `texts` replace `key` in this language (or the other written Norwegian). */
  owned(key: TextKey): boolean;
  /** A category or service text from the config, in this language. `where` names it in warnings. */
  text(value: LocalizedText | undefined, where: string): string;
}

/**
 * Whether the count `n` (a whole number, not below 0) takes the "one" form in a language whose texts this file
 * carries (MESSAGES: one shipped language, or all of them), by CLDR's rules: in Icelandic every number ending in 1
 * but not in 11 (21 þriðji aðili), in the others 1 alone; undefined for other languages and fractions, which
 * `Intl.PluralRules` answers. The first `Intl.PluralRules` of a page loads the plural data: 6.4 ms of the main
 * thread in Chromium at 1× CPU, about 20 ms at 4×, before the first layer, which counts the third parties it names,
 * could paint.
 */
export const shippedIsOne = (language: string, n: number): boolean | undefined =>
  language in MESSAGES && n % 1 === 0 ? (language === 'is' ? n % 10 === 1 && n % 100 !== 11 : n === 1) : undefined;

/** How a language writes dates and numbers when the page does not say: English as in the UK, like its spelling. */
const REGIONS: Readonly<Record<string, string>> = { en: 'en-GB' };

/**
 * Texts for `lang`, each looked for in the languages of `textLanguages`: the owner's `texts[l]`, then the shipped
 * language — the language, the other written Norwegian (nb ↔ nn), and only then the default language and
 * English, with one console warning per key. `pageLocale` (the page's `<html lang>`, e.g. `en-US`) picks the
 * formats when it is a variant of `lang`.
 */
export function createTranslator(config: LanguageSource, lang: string, pageLocale?: string): Translator {
  const fallback = config.language.default;
  const languages = textLanguages(lang, fallback);
  const chain = languages.filter((l) => readsAs(l, lang));
  const warned = new Set<string>();
  const overrides = config.texts as Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;
  const warn = (what: string, used: string) => {
    if (warned.has(what) || readsAs(used, lang)) return;
    warned.add(what);
    console.warn(`samtykke: no "${lang}" text for ${what}; using "${used}"`);
  };
  const lookup = (l: string, key: TextKey): string | undefined => overrides[l]?.[key] ?? MESSAGES[l]?.[key];

  const t: Translator['t'] = (key, vars) => {
    for (const l of languages) {
      const found = lookup(l, key);
      if (found !== undefined) {
        warn(`"${key}"`, l);
        return format(found, vars);
      }
    }
    return key;
  };

  const text: Translator['text'] = (value, where) => {
    if (typeof value !== 'object') return value ?? '';
    const found = writtenIn(value, lang, fallback);
    if (found === undefined) return '';
    warn(where, found);
    return value[found] ?? '';
  };

  const owned: Translator['owned'] = (key) => chain.some((l) => overrides[l]?.[key] !== undefined);
  const locale = (l: string) => REGIONS[l] ?? l;
  const page = pageLocale && baseLanguage(pageLocale) === lang && pageLocale.includes('-') ? [pageLocale] : [];
  const locales = [...new Set([...page, ...languages.map(locale)])];
  let rules: Intl.PluralRules | undefined;
  /** Made only for a language samtykke ships no plural rule for. */
  const pluralRules = () => {
    rules ??= new Intl.PluralRules(locales);
    return rules;
  };
  const count: Translator['count'] = (one, other, n) =>
    t((shippedIsOne(lang, n) ?? pluralRules().select(n) === 'one') ? one : other, { count: n });

  return { lang, locales, t, count, owned, text };
}

/**
 * The translator for the language to show now, picked among the languages this file carries, one per language:
 * the page may change `<html lang>` between one render and the next.
 */
export function currentTranslator(config: LanguageSource, doc: Document): () => Translator {
  const translators = new Map<string, Translator>();
  return () => {
    const lang = pickLanguage(config, doc, doc.defaultView?.navigator.languages ?? [], Object.keys(MESSAGES));
    let tr = translators.get(lang);
    if (!tr) {
      tr = createTranslator(config, lang, doc.documentElement.lang);
      translators.set(lang, tr);
    }
    return tr;
  };
}
