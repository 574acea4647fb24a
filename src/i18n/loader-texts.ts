/**
 * The few texts shown without the UI bundle (floating button, embed placeholders, category titles), and the
 * language choice shared with the UI. The floating button's label comes with the runtime on every page
 * (`settings-text.ts`); the rest with the part that decides and places the placeholders.
 */

import { localize } from '../core/localized.js';
import type { LocalizedText } from '../types.js';
import type { LanguageSource } from './languages.js';
import { SETTINGS_TEXTS, shippedText } from './settings-text.js';

export { type LanguageSource, pickLanguage } from './languages.js';
export { format } from './settings-text.js';

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

/** Loader texts per shipped language; `settings` from its one home, `settings-text.ts`. */
export const LOADER_TEXTS: Readonly<Record<string, LoaderMessages>> = /* @__PURE__ */ withSettings({
  en: {
    embedText: 'This content from {provider} ({service}) sets cookies for “{category}”. Load it?',
    embedLoad: 'Load {service}',
    embedAlways: 'Always allow {service}',
    necessary: 'Necessary',
    statistics: 'Statistics',
    marketing: 'Marketing',
    preferences: 'Preferences',
  },
  nb: {
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
    embedText: 'Dette indhold fra {provider} ({service}) sætter cookies til »{category}«. Vil du indlæse det?',
    embedLoad: 'Indlæs {service}',
    embedAlways: 'Tillad altid {service}',
    necessary: 'Nødvendige',
    statistics: 'Statistik',
    marketing: 'Marketing',
    preferences: 'Præferencer',
  },
  sv: {
    embedText: 'Det här innehållet från {provider} ({service}) använder kakor för ”{category}”. Vill du läsa in det?',
    embedLoad: 'Läs in {service}',
    embedAlways: 'Tillåt alltid {service}',
    necessary: 'Nödvändiga',
    statistics: 'Statistik',
    marketing: 'Marknadsföring',
    preferences: 'Preferenser',
  },
  fi: {
    embedText: 'Tämä sisältö ({service}, {provider}) käyttää evästeitä tarkoitukseen ”{category}”. Ladataanko se?',
    embedLoad: 'Lataa {service}',
    embedAlways: 'Salli aina {service}',
    necessary: 'Välttämättömät',
    statistics: 'Tilastointi',
    marketing: 'Markkinointi',
    preferences: 'Mieltymykset',
  },
  is: {
    embedText: 'Þetta efni frá {provider} ({service}) notar vafrakökur fyrir „{category}“. Viltu hlaða því inn?',
    embedLoad: 'Hlaða inn {service}',
    embedAlways: 'Leyfa alltaf {service}',
    necessary: 'Nauðsynlegar',
    statistics: 'Tölfræði',
    marketing: 'Markaðssetning',
    preferences: 'Kjörstillingar',
  },
  de: {
    embedText: 'Dieser Inhalt von {provider} ({service}) setzt Cookies für „{category}“. Möchten Sie ihn laden?',
    embedLoad: '{service} laden',
    embedAlways: '{service} immer erlauben',
    necessary: 'Notwendig',
    statistics: 'Statistik',
    marketing: 'Marketing',
    preferences: 'Präferenzen',
  },
});

/** Each language's table with the floating button's label added. */
function withSettings(
  texts: Record<string, Omit<LoaderMessages, 'settings'>>,
): Readonly<Record<string, LoaderMessages>> {
  return Object.fromEntries(
    Object.entries(texts).map(([lang, table]) => [lang, { settings: SETTINGS_TEXTS[lang]?.settings ?? '', ...table }]),
  );
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
  return shippedText(LOADER_TEXTS, config, lang, key, vars);
}

/** An owner's per-language text (a category title, say) in `lang`, with the same fallbacks as loader texts. */
export function localizedText(config: LanguageSource, lang: string, value: LocalizedText): string {
  return localize(value, lang, config.language.default) ?? '';
}
