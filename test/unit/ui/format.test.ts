import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/i18n/translate.js';
import { formatCountries, formatDuration } from '../../../src/ui/format.js';

const tr = (lang: string) => createTranslator({ language: { default: 'en' }, texts: {} }, lang);

describe('formatDuration', () => {
  it.each([
    ['en', 'P2Y', '2 years'],
    ['en', 'P1D', '1 day'],
    ['en', 'PT30M', '30 minutes'],
    ['en', 'P1Y6M', '1 year, 6 months'],
    ['en', 'P182D', '182 days'],
    ['nb', 'P2Y', '2 år'],
    ['da', 'P1D', '1 dag'],
    ['sv', 'PT30M', '30 minuter'],
    ['de', 'P2Y', '2 Jahre'],
    ['en', 'session', 'Until the browser closes'],
    ['nb', 'session', 'Til nettleseren lukkes'],
  ])('%s %s → %s', (lang, value, expected) => {
    expect(formatDuration(value, tr(lang))).toBe(expected);
  });

  it('returns what it cannot read as it is', () => {
    expect(formatDuration('two years', tr('en'))).toBe('two years');
    expect(formatDuration('P', tr('en'))).toBe('P');
    expect(formatDuration('PT', tr('en'))).toBe('PT');
  });
});

describe('formatCountries', () => {
  it('names countries in the language', () => {
    expect(formatCountries(['US'], tr('nb'))).toBe('USA');
    expect(formatCountries(['US', 'IN'], tr('en'))).toBe('United States and India');
  });
});
