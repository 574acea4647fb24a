/**
 * The floating button's label in every shipped language, and the lookup every shipped text goes through: the
 * runtime carries these on every page; the rest of the loader texts (`loader-texts.ts`) come when needed.
 */
import { textLanguages } from '../core/localized.js';
import type { LanguageSource } from './languages.js';

/** "Cookie settings": the floating button's accessible name and tooltip, and the preferences' title. */
export const SETTINGS_TEXTS: Readonly<Record<string, { settings: string }>> = {
  en: { settings: 'Cookie settings' },
  nb: { settings: 'Innstillinger for informasjonskapsler' },
  nn: { settings: 'Innstillingar for informasjonskapslar' },
  da: { settings: 'Cookieindstillinger' },
  sv: { settings: 'Inställningar för kakor' },
  fi: { settings: 'Evästeasetukset' },
  is: { settings: 'Stillingar vafrakakna' },
  de: { settings: 'Cookie-Einstellungen' },
};

/** Replace `{name}` placeholders. */
export function format(text: string, vars?: Readonly<Record<string, string | number>>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => String(vars[name] ?? all)) : text;
}

/**
 * A shipped text in `lang`: the owner's `texts[l][key]`, else `table[l][key]`, for each language `l` of
 * `textLanguages` (the language, the other written Norwegian, the default language, English); `{name}`
 * placeholders filled from `vars`; the key itself when no language has it.
 */
export function shippedText<K extends string>(
  table: Readonly<Record<string, Readonly<Record<K, string>>>>,
  config: LanguageSource,
  lang: string,
  key: K,
  vars?: Readonly<Record<string, string | number>>,
): string {
  for (const l of textLanguages(lang, config.language.default)) {
    const text = (config.texts[l] as Record<string, string> | undefined)?.[key] ?? table[l]?.[key];
    if (text) return format(text, vars);
  }
  return key;
}

/** The floating button's label in `lang`, with the owner's `texts[l].settings` first. */
export const settingsText = (config: LanguageSource, lang: string): string =>
  shippedText(SETTINGS_TEXTS, config, lang, 'settings');
