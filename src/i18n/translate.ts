import type { LocalizedText } from '../types.js';
import type { MessageKey } from './en.js';
import { format, type LanguageSource, siblingLanguage } from './loader-texts.js';
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
  /** A category or service text from the config, in this language. `where` names it in warnings. */
  text(value: LocalizedText | undefined, where: string): string;
}

/**
 * Texts for `lang`: the owner's `texts[lang]`, then the shipped language, then the other written
 * Norwegian (nb ↔ nn) — and only then the default language, with one console warning per key.
 */
export function createTranslator(config: LanguageSource, lang: string): Translator {
  const fallback = config.language.default;
  const sibling = siblingLanguage(lang);
  const chain = sibling ? [lang, sibling] : [lang];
  const warned = new Set<string>();
  const overrides = config.texts as Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;
  const warn = (what: string, used: string) => {
    if (warned.has(what)) return;
    warned.add(what);
    console.warn(`samtykke: no "${lang}" text for ${what}; using "${used}"`);
  };
  const lookup = (l: string, key: TextKey): string | undefined => overrides[l]?.[key] ?? MESSAGES[l]?.[key];

  const t: Translator['t'] = (key, vars) => {
    for (const l of chain) {
      const found = lookup(l, key);
      if (found !== undefined) return format(found, vars);
    }
    for (const l of [fallback, 'en']) {
      const found = lookup(l, key);
      if (found !== undefined) {
        warn(`"${key}"`, l);
        return format(found, vars);
      }
    }
    return key;
  };

  const text: Translator['text'] = (value, where) => {
    if (value === undefined || typeof value === 'string') return value ?? '';
    for (const l of chain) {
      const found = value[l];
      if (found !== undefined) return found;
    }
    for (const l of [fallback, 'en', ...Object.keys(value)]) {
      const found = value[l];
      if (found !== undefined) {
        warn(where, l);
        return found;
      }
    }
    return '';
  };

  return { lang, locales: [...chain, fallback, 'en'], t, text };
}
