/**
 * The few texts the loader needs without the UI bundle (floating button, embed placeholders,
 * category titles), and the language choice shared with the UI. On every page's critical path:
 * keep it small.
 */

import { localize, textLanguages } from '../core/localized.js';
import type { LocalizedText } from '../types.js';
import type { LanguageSource } from './languages.js';

export { type LanguageSource, pickLanguage } from './languages.js';

/** Texts the loader renders; `settings` and the category titles are in every UI language too. */
export interface LoaderMessages {
  /** Floating button label and preferences title. */
  settings: string;
  /** Embed placeholder: `{provider}`, `{service}`, `{category}`. */
  embedText: string;
  embedLoad: string;
  embedAlways: string;
  necessary: string;
  statistics: string;
  marketing: string;
  preferences: string;
}

/** Loader texts per shipped language. */
export const LOADER_TEXTS: Readonly<Record<string, LoaderMessages>> = {
  en: {
    settings: 'Cookie settings',
    embedText: 'This content from {provider} ({service}) sets cookies for “{category}”. Load it?',
    embedLoad: 'Load {service}',
    embedAlways: 'Always allow {service}',
    necessary: 'Necessary',
    statistics: 'Statistics',
    marketing: 'Marketing',
    preferences: 'Preferences',
  },
  nb: {
    settings: 'Innstillinger for informasjonskapsler',
    embedText:
      'Dette innholdet fra {provider} ({service}) bruker informasjonskapsler til «{category}». Vil du laste det inn?',
    embedLoad: 'Last inn {service}',
    embedAlways: 'Tillat alltid {service}',
    necessary: 'Nødvendige',
    statistics: 'Statistikk',
    marketing: 'Markedsføring',
    preferences: 'Preferanser',
  },
  nn: {
    settings: 'Innstillingar for informasjonskapslar',
    embedText:
      'Dette innhaldet frå {provider} ({service}) brukar informasjonskapslar til «{category}». Vil du laste det inn?',
    embedLoad: 'Last inn {service}',
    embedAlways: 'Tillat alltid {service}',
    necessary: 'Naudsynte',
    statistics: 'Statistikk',
    marketing: 'Marknadsføring',
    preferences: 'Preferansar',
  },
  da: {
    settings: 'Cookieindstillinger',
    embedText: 'Dette indhold fra {provider} ({service}) sætter cookies til »{category}«. Vil du indlæse det?',
    embedLoad: 'Indlæs {service}',
    embedAlways: 'Tillad altid {service}',
    necessary: 'Nødvendige',
    statistics: 'Statistik',
    marketing: 'Marketing',
    preferences: 'Præferencer',
  },
  sv: {
    settings: 'Inställningar för kakor',
    embedText: 'Det här innehållet från {provider} ({service}) använder kakor för ”{category}”. Vill du läsa in det?',
    embedLoad: 'Läs in {service}',
    embedAlways: 'Tillåt alltid {service}',
    necessary: 'Nödvändiga',
    statistics: 'Statistik',
    marketing: 'Marknadsföring',
    preferences: 'Preferenser',
  },
  fi: {
    settings: 'Evästeasetukset',
    embedText: 'Tämä sisältö ({service}, {provider}) käyttää evästeitä tarkoitukseen ”{category}”. Ladataanko se?',
    embedLoad: 'Lataa {service}',
    embedAlways: 'Salli aina {service}',
    necessary: 'Välttämättömät',
    statistics: 'Tilastointi',
    marketing: 'Markkinointi',
    preferences: 'Mieltymykset',
  },
  is: {
    settings: 'Stillingar vafrakakna',
    embedText: 'Þetta efni frá {provider} ({service}) notar vafrakökur fyrir „{category}“. Viltu hlaða því inn?',
    embedLoad: 'Hlaða inn {service}',
    embedAlways: 'Leyfa alltaf {service}',
    necessary: 'Nauðsynlegar',
    statistics: 'Tölfræði',
    marketing: 'Markaðssetning',
    preferences: 'Kjörstillingar',
  },
  de: {
    settings: 'Cookie-Einstellungen',
    embedText: 'Dieser Inhalt von {provider} ({service}) setzt Cookies für „{category}“. Möchten Sie ihn laden?',
    embedLoad: '{service} laden',
    embedAlways: '{service} immer erlauben',
    necessary: 'Notwendig',
    statistics: 'Statistik',
    marketing: 'Marketing',
    preferences: 'Präferenzen',
  },
};

/** Replace `{name}` placeholders. */
export function format(text: string, vars?: Readonly<Record<string, string | number>>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => String(vars[name] ?? all)) : text;
}

/**
 * A loader text in `lang`: the owner's `texts[l][key]`, else the shipped text, for each language `l` of
 * `textLanguages` (the language, the other written Norwegian, the default language, English); `{name}`
 * placeholders filled from `vars`.
 */
export function loaderText(
  config: LanguageSource,
  lang: string,
  key: keyof LoaderMessages,
  vars?: Readonly<Record<string, string | number>>,
): string {
  for (const l of textLanguages(lang, config.language.default)) {
    const text = (config.texts[l] as Record<string, string> | undefined)?.[key] ?? LOADER_TEXTS[l]?.[key];
    if (text) return format(text, vars);
  }
  return key;
}

/** An owner's per-language text (a category title, say) in `lang`, with the same fallbacks as loader texts. */
export function localizedText(config: LanguageSource, lang: string, value: LocalizedText): string {
  return localize(value, lang, config.language.default) ?? '';
}
