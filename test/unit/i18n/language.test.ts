import { afterEach, describe, expect, it } from 'vitest';
import { LOADER_TEXTS, loaderText, pickLanguage } from '../../../src/i18n/loader-texts.js';

const config = (language: { default: string; force?: string } = { default: 'en' }, texts = {}) => ({ language, texts });
const docWithLang = (lang: string) => {
  document.documentElement.lang = lang;
  return document;
};

afterEach(() => {
  document.documentElement.lang = '';
});

describe('pickLanguage', () => {
  it('prefers language.force over everything', () => {
    expect(pickLanguage(config({ default: 'en', force: 'da-DK' }), docWithLang('sv'), ['fi'])).toBe('da');
  });

  it('takes <html lang> before the browser languages, with region subtags stripped', () => {
    expect(pickLanguage(config(), docWithLang('nb-NO'), ['de'])).toBe('nb');
    expect(pickLanguage(config(), docWithLang('sv-FI'), ['de'])).toBe('sv');
    expect(pickLanguage(config(), docWithLang('nn'), ['de'])).toBe('nn');
    expect(pickLanguage(config(), docWithLang('IS'), [])).toBe('is');
  });

  it('reads generic Norwegian as Bokmål', () => {
    expect(pickLanguage(config(), docWithLang('no'), [])).toBe('nb');
    expect(pickLanguage(config(), docWithLang(''), ['no-NO', 'en'])).toBe('nb');
    expect(pickLanguage(config({ default: 'en', force: 'no' }), docWithLang(''), [])).toBe('nb');
  });

  it('falls through unsupported languages to the browser languages, then the default', () => {
    expect(pickLanguage(config(), docWithLang('fr'), ['pt-BR', 'da-DK', 'en'])).toBe('da');
    expect(pickLanguage(config({ default: 'fi' }), docWithLang('fr'), ['pt'])).toBe('fi');
    expect(pickLanguage(config({ default: 'fi' }), null, [])).toBe('fi');
  });

  it('counts a language the owner wrote texts for as supported', () => {
    expect(
      pickLanguage(
        config({ default: 'en' }, { fr: { bannerTitle: 'Nous utilisons des cookies' } }),
        docWithLang('fr-CA'),
        [],
      ),
    ).toBe('fr');
  });

  it('chooses among the languages a bundle carries', () => {
    expect(pickLanguage(config(), docWithLang('sv'), ['nb'], ['en', 'nb'])).toBe('nb');
    expect(pickLanguage(config(), docWithLang('nb'), [], ['en', 'nn'])).toBe('nn');
    expect(pickLanguage(config(), docWithLang('sv'), ['da'], ['en'])).toBe('en');
  });

  it('ships loader texts for every UI language', () => {
    expect(Object.keys(LOADER_TEXTS)).toEqual(['en', 'nb', 'nn', 'da', 'sv', 'fi', 'is', 'de']);
  });
});

describe('loaderText', () => {
  it('takes the owner text, then the shipped one, and fills placeholders', () => {
    const owner = config({ default: 'en' }, { nb: { settings: 'Kakeinnstillinger' } });
    expect(loaderText(owner, 'nb', 'settings')).toBe('Kakeinnstillinger');
    expect(loaderText(owner, 'da', 'settings')).toBe('Cookieindstillinger');
    expect(loaderText(config(), 'sv', 'embedLoad', { service: 'YouTube' })).toBe('Läs in YouTube');
  });

  it('falls back to the default language for a language it does not ship', () => {
    const owner = config({ default: 'de' }, { fr: { embedLoad: 'Charger {service}' } });
    expect(loaderText(owner, 'fr', 'embedLoad', { service: 'Vimeo' })).toBe('Charger Vimeo');
    expect(loaderText(owner, 'fr', 'settings')).toBe('Cookie-Einstellungen');
    // Nynorsk has its own text; an owner's Bokmål wording does not replace it.
    expect(loaderText(config({ default: 'en' }, { nb: { settings: 'Bokmål-tekst' } }), 'nn', 'settings')).toBe(
      'Innstillingar for informasjonskapslar',
    );
  });
});
