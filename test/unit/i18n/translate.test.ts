import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../../src/i18n/en.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { LOADER_TEXTS } from '../../../src/i18n/loader-texts.js';
import { MESSAGES } from '../../../src/i18n/messages.js';
import { createTranslator, shippedIsOne } from '../../../src/i18n/translate.js';

const config = (texts: Record<string, Record<string, string>> = {}, fallback = 'en') => ({
  language: { default: fallback },
  texts,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('language files', () => {
  it('ship en, nb, nn, da, sv, fi, is and de, each complete and translated', () => {
    expect(LANGUAGES).toEqual(['en', 'nb', 'nn', 'da', 'sv', 'fi', 'is', 'de']);
    for (const lang of LANGUAGES) {
      const messages = MESSAGES[lang] as Record<string, string>;
      expect(Object.keys(messages)).toEqual(Object.keys(en));
      for (const [key, value] of Object.entries(messages)) {
        expect(value.trim(), `${lang}.${key}`).not.toBe('');
        // Placeholders survive translation.
        expect(value.match(/\{\w+\}/g) ?? [], `${lang}.${key}`).toEqual(
          (en as Record<string, string>)[key]?.match(/\{\w+\}/g) ?? [],
        );
      }
      if (lang !== 'en') expect(messages.rejectAll).not.toBe(en.rejectAll);
    }
  });

  it('agree with the loader on the texts both show', () => {
    for (const lang of LANGUAGES) {
      const loader = LOADER_TEXTS[lang];
      const ui = MESSAGES[lang];
      for (const key of ['settings', 'necessary', 'statistics', 'marketing', 'preferences'] as const) {
        expect(ui?.[key], `${lang}.${key}`).toBe(loader?.[key]);
      }
      for (const key of ['embedText', 'embedLoad', 'embedAlways'] as const) {
        expect(loader?.[key], `${lang}.${key}`).toContain('{service}');
      }
    }
  });

  it('use the category names a native speaker would', () => {
    const titles = (lang: string) => {
      const t = LOADER_TEXTS[lang];
      return [t?.necessary, t?.statistics, t?.marketing];
    };
    expect(titles('nb')).toEqual(['Nødvendige', 'Statistikk', 'Markedsføring']);
    expect(titles('nn')).toEqual(['Naudsynte', 'Statistikk', 'Marknadsføring']);
    expect(titles('da')).toEqual(['Nødvendige', 'Statistik', 'Marketing']);
    expect(titles('sv')).toEqual(['Nödvändiga', 'Statistik', 'Marknadsföring']);
  });
});

describe('createTranslator', () => {
  it('fills placeholders', () => {
    expect(createTranslator(config(), 'nb').t('services', { count: 3 })).toBe('Tjenester (3)');
  });

  it('lets the owner override any text per language', () => {
    const tr = createTranslator(
      config({ nb: { bannerTitle: 'Vi bruker kaker', settings: 'Kakeinnstillinger' } }),
      'nb',
    );
    expect(tr.t('bannerTitle')).toBe('Vi bruker kaker');
    expect(tr.t('settings')).toBe('Kakeinnstillinger');
    expect(tr.t('rejectAll')).toBe('Avvis alle');
    expect(createTranslator(config({ nb: { bannerTitle: 'Vi bruker kaker' } }), 'da').t('bannerTitle')).toBe(
      'Vi bruger cookies',
    );
  });

  it('falls back to the default language with one warning per missing key', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tr = createTranslator(config({ fr: { bannerTitle: 'Nous utilisons des cookies' } }, 'de'), 'fr');
    expect(tr.t('bannerTitle')).toBe('Nous utilisons des cookies');
    expect(tr.t('rejectAll')).toBe('Alle ablehnen');
    expect(tr.t('rejectAll')).toBe('Alle ablehnen');
    expect(tr.t('acceptAll')).toBe('Alle akzeptieren');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenNthCalledWith(1, 'samtykke: no "fr" text for "rejectAll"; using "de"');
  });

  it('uses the other written Norwegian before the default language, without a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const nn = createTranslator(config(), 'nn');
    expect(nn.text({ nb: 'Teller besøk', en: 'Counts visits' }, 'services.ga.purpose')).toBe('Teller besøk');
    const nb = createTranslator(config(), 'nb');
    expect(nb.text({ nn: 'Tel besøk', en: 'Counts visits' }, 'services.ga.purpose')).toBe('Tel besøk');
    expect(warn).not.toHaveBeenCalled();
  });

  it('resolves LocalizedText with the same fallbacks, warning once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tr = createTranslator(config(), 'da');
    expect(tr.text('Same everywhere', 'x')).toBe('Same everywhere');
    expect(tr.text({ da: 'Tæller besøg', en: 'Counts visits' }, 'x')).toBe('Tæller besøg');
    expect(tr.text({ en: 'Counts visits', sv: 'Räknar besök' }, 'services.ga.purpose')).toBe('Counts visits');
    expect(tr.text({ en: 'Counts visits', sv: 'Räknar besök' }, 'services.ga.purpose')).toBe('Counts visits');
    expect(tr.text({ sv: 'Räknar besök' }, 'services.other.purpose')).toBe('Räknar besök');
    expect(tr.text(undefined, 'y')).toBe('');
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'samtykke: no "da" text for services.ga.purpose; using "en"',
      'samtykke: no "da" text for services.other.purpose; using "sv"',
    ]);
  });
});

describe('plural forms', () => {
  it('of the shipped languages, for whole numbers, are the ones Intl.PluralRules gives', () => {
    for (const lang of LANGUAGES) {
      const rules = new Intl.PluralRules(lang);
      for (let n = 0; n <= 250; n++) {
        expect(shippedIsOne(lang, n), `${lang} ${n}`).toBe(rules.select(n) === 'one');
      }
    }
    // Icelandic's one is not 1 alone (the control that the table is not "n === 1" everywhere).
    expect([1, 21, 101, 11, 111].map((n) => shippedIsOne('is', n))).toEqual([true, true, true, false, false]);
    expect(shippedIsOne('pl', 1)).toBeUndefined();
    expect(shippedIsOne('en', 1.5)).toBeUndefined();
  });

  it('come without Intl.PluralRules in a shipped language, and from it in any other', () => {
    const Original = Intl.PluralRules;
    let made = 0;
    const writable = Intl as { PluralRules: typeof Intl.PluralRules };
    writable.PluralRules = class extends Original {
      constructor(...args: ConstructorParameters<typeof Intl.PluralRules>) {
        super(...args);
        made++;
      }
    } as typeof Intl.PluralRules;
    try {
      const is = createTranslator(config(), 'is');
      expect(is.count('thirdPartyOne', 'thirdPartyOther', 21)).toBe('21 þriðja aðila');
      expect(is.count('thirdPartyOne', 'thirdPartyOther', 11)).toBe('11 þriðju aðilum');
      expect(made).toBe(0);
      // An owner's Polish: 22 is "few" there, which the texts' one/other choice reads as other.
      const pl = createTranslator(
        config({ pl: { thirdPartyOne: '{count} strona', thirdPartyOther: '{count} strony' } }),
        'pl',
      );
      expect(pl.count('thirdPartyOne', 'thirdPartyOther', 1)).toBe('1 strona');
      expect(pl.count('thirdPartyOne', 'thirdPartyOther', 22)).toBe('22 strony');
      expect(made).toBe(1);
    } finally {
      writable.PluralRules = Original;
    }
  });
});
