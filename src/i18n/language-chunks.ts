/**
 * The npm build's texts, one chunk per language, loaded beside the first layer and the preferences: a visitor
 * downloads their language's texts (and, for the preferences, the vendors' purposes) and no other, as the script
 * tag's `samtykke-ui.<lang>.js` does.
 *
 * In the npm build `messages.ts` and `purposes/index.ts` are empty tables (rollup.config.ts, `languageChunks`)
 * that this module fills; everywhere else they list every language already and filling them changes nothing.
 */
import type { Messages } from './en.js';
import { LANGUAGES } from './languages.js';
import { MESSAGES } from './messages.js';
import { PURPOSES } from './purposes/index.js';

type Purposes = Readonly<Record<string, string>>;

// Literal specifiers, one per language: every bundler (Vite, webpack, esbuild --splitting, Next.js) makes each a
// chunk of its own at build time; a template string would leave it to each bundler's guesswork.
const MESSAGE_FILES: Readonly<Record<string, () => Promise<Messages>>> = {
  en: () => import('./en.js').then((module) => module.en),
  nb: () => import('./nb.js').then((module) => module.nb),
  nn: () => import('./nn.js').then((module) => module.nn),
  da: () => import('./da.js').then((module) => module.da),
  sv: () => import('./sv.js').then((module) => module.sv),
  fi: () => import('./fi.js').then((module) => module.fi),
  is: () => import('./is.js').then((module) => module.is),
  de: () => import('./de.js').then((module) => module.de),
};

const PURPOSE_FILES: Readonly<Record<string, () => Promise<Purposes>>> = {
  en: () => import('./purposes/en.js').then((module) => module.purposes),
  nb: () => import('./purposes/nb.js').then((module) => module.purposes),
  nn: () => import('./purposes/nn.js').then((module) => module.purposes),
  da: () => import('./purposes/da.js').then((module) => module.purposes),
  sv: () => import('./purposes/sv.js').then((module) => module.purposes),
  fi: () => import('./purposes/fi.js').then((module) => module.purposes),
  is: () => import('./purposes/is.js').then((module) => module.purposes),
  de: () => import('./purposes/de.js').then((module) => module.purposes),
};

/**
 * The script tag's rule (`samtykke-ui.nb.js` for a shipped language, `samtykke-ui.js` for any other): the
 * language's own texts, or every language's for one only the owner's texts cover, whose translator then falls
 * back to the default language and English as the every-language file's does.
 */
export function languagesToLoad(language: string): readonly string[] {
  return LANGUAGES.includes(language) ? [language] : LANGUAGES;
}

const messages = MESSAGES as Record<string, Messages>;
const purposes = PURPOSES as Record<string, Purposes>;

/**
 * Loads the texts of `language` into the tables the translator reads; `withPurposes` for the preferences.
 * Rejects, and the part does not mount, if a shipped language has no file here.
 */
export async function loadTexts(language: string, withPurposes: boolean): Promise<void> {
  const load = async (lang: string) => {
    const own = MESSAGE_FILES[lang];
    const theirs = PURPOSE_FILES[lang];
    if (!own || !theirs) throw new Error(`samtykke: no text files for the language "${lang}"`);
    const [texts, purposesOf] = await Promise.all([own(), withPurposes ? theirs() : undefined]);
    messages[lang] = texts;
    if (purposesOf) purposes[lang] = purposesOf;
  };
  await Promise.all(languagesToLoad(language).map(load));
}
