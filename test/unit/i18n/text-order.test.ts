import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILT_IN_CATEGORIES, normalizeConfig } from '../../../src/core/index.js';
import { textLanguages } from '../../../src/core/localized.js';
import { LOADER_TEXTS, loaderText, localizedText } from '../../../src/i18n/loader-texts.js';
import { MESSAGES } from '../../../src/i18n/messages.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import { describeCategories } from '../../../src/ui/model.js';
import { buildTestReceipt, makeDecision, makeInput } from '../ledger/fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A category title as the receipt records it when the UI did not report the rendered one. */
async function receiptTitle(title: Readonly<Record<string, string>>, lang: string, fallback: string) {
  const config = normalizeConfig({ language: { default: fallback }, categories: { statistics: { title } } });
  const input = makeInput({
    decision: makeDecision(['statistics'], { revision: 0 }),
    notice: { language: lang, texts: {} },
  });
  const receipt = await buildTestReceipt(input, config);
  return receipt.purposes.find((p) => p.id === 'statistics')?.title;
}

/** The same title as the preferences show it. */
function uiTitle(title: Readonly<Record<string, string>>, lang: string, fallback: string) {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const config = normalizeConfig({ language: { default: fallback }, categories: { statistics: { title } } });
  return describeCategories(config, createTranslator(config, lang)).find((c) => c.id === 'statistics')?.title;
}

const CASES: Array<{ lang: string; fallback: string; title: Record<string, string>; shown: string }> = [
  { lang: 'nn', fallback: 'da', title: { en: 'Statistics', nb: 'Statistikk', da: 'Statistik' }, shown: 'Statistikk' },
  { lang: 'nb', fallback: 'en', title: { en: 'Statistics', nn: 'Statistikk (nn)' }, shown: 'Statistikk (nn)' },
  { lang: 'sv', fallback: 'da', title: { en: 'Statistics', da: 'Statistik' }, shown: 'Statistik' },
  { lang: 'sv', fallback: 'da', title: { de: 'Statistiken', en: 'Statistics' }, shown: 'Statistics' },
  { lang: 'sv', fallback: 'da', title: { de: 'Statistiken', fi: 'Tilastot' }, shown: 'Statistiken' },
  { lang: 'fi', fallback: 'nb', title: { en: 'Statistics', nb: '', fi: 'Tilastot' }, shown: 'Tilastot' },
  { lang: 'is', fallback: 'nb', title: { en: 'Statistics', nb: '' }, shown: 'Statistics' },
];

describe('one fallback order for localized texts', () => {
  it('is the language, the other written Norwegian, the default language, then English', () => {
    expect(textLanguages('nn', 'da')).toEqual(['nn', 'nb', 'da', 'en']);
    expect(textLanguages('sv', 'en')).toEqual(['sv', 'en', 'en']);
  });

  for (const { lang, fallback, title, shown } of CASES) {
    it(`the loader, the UI and the receipt pick "${shown}" for a ${lang} visitor (default ${fallback})`, async () => {
      const config = normalizeConfig({ language: { default: fallback } });
      expect(localizedText(config, lang, title)).toBe(shown);
      expect(uiTitle(title, lang, fallback)).toBe(shown);
      expect(await receiptTitle(title, lang, fallback)).toBe(shown);
    });
  }

  it('the loader and the UI pick the same owner text for a message both show', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const texts = { nb: { settings: 'Innstillinger (nb)' }, da: { settings: 'Indstillinger (da)' } };
    for (const [lang, fallback, expected] of [
      // nn ships its own text, which comes before the owner's nb one.
      ['nn', 'da', MESSAGES.nn?.settings],
      ['nb', 'da', 'Innstillinger (nb)'],
      ['da', 'nb', 'Indstillinger (da)'],
      ['sv', 'da', MESSAGES.sv?.settings],
    ] as const) {
      const config = { language: { default: fallback }, texts };
      expect(loaderText(config, lang, 'settings'), lang).toBe(expected);
      expect(createTranslator(config, lang).t('settings'), lang).toBe(expected);
    }
  });

  it('warns only when the text is not in a language the visitor reads', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    uiTitle({ nb: 'Statistikk' }, 'nn', 'en');
    expect(warn).not.toHaveBeenCalled();
    uiTitle({ da: 'Statistik' }, 'sv', 'da');
    expect(warn).toHaveBeenCalledWith('samtykke: no "sv" text for categories.statistics.title; using "da"');
  });
});

describe('built-in categories: one list', () => {
  it('each may be named without texts, and the loader and the UI ship its title in every language', () => {
    const config = normalizeConfig({ categories: Object.fromEntries(BUILT_IN_CATEGORIES.map((id) => [id, {}])) });
    expect(config.categories.map((c) => c.id)).toEqual([...BUILT_IN_CATEGORIES]);
    for (const [lang, texts] of Object.entries(LOADER_TEXTS)) {
      const shown = describeCategories(config, createTranslator(config, lang));
      for (const id of BUILT_IN_CATEGORIES) {
        expect(texts[id], `${lang}.${id}`).toBeTruthy();
        expect(shown.find((c) => c.id === id)?.title, `${lang}.${id}`).toBe(texts[id]);
      }
    }
  });

  it('a custom category still needs its title', () => {
    expect(() => normalizeConfig({ categories: { social: {} } })).toThrow(
      'samtykke: config.categories.social.title: expected a title for a custom category, got undefined',
    );
  });
});
