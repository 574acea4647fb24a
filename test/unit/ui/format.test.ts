import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/i18n/translate.js';
import {
  formatCountries,
  formatDate,
  formatDuration,
  formatRecipient,
  formatTransfer,
} from '../../../src/ui/format.js';

const tr = (lang: string) => createTranslator({ language: { default: 'en' }, texts: {} }, lang);

describe('formatDuration', () => {
  it.each([
    ['en', 'P2Y', '2 years'],
    ['en', 'P1D', '1 day'],
    ['en', 'PT30M', '30 minutes'],
    ['en', 'P1Y6M', '1 year, 6 months'],
    ['en', 'P182D', '6 months'],
    ['en', 'P365D', '1 year'],
    ['en', 'P730D', '2 years'],
    ['en', 'P90D', '90 days'],
    ['nb', 'P90D', '90 dager'],
    ['nb', 'P1D', '1 dag'],
    ['nn', 'P90D', '90 dagar'],
    ['sv', 'P90D', '90 dagar'],
    ['sv', 'P182D', '6 månader'],
    ['fi', 'P90D', '90 päivää'],
    ['is', 'P21D', '21 dagur'],
    ['is', 'P90D', '90 dagar'],
    ['de', 'P1M2D', '1 Monat, 2 Tage'],
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

describe('formatDate', () => {
  const at = Date.UTC(2026, 11, 1, 9, 30);
  it('writes English dates as in the UK, and as the page says when it names a region', () => {
    const config = { language: { default: 'en' }, texts: {} };
    expect(formatDate(at, createTranslator(config, 'en'))).toMatch(/^1 December 2026/);
    expect(formatDate(at, createTranslator(config, 'en', 'en-US'))).toMatch(/^December 1, 2026/);
    // A page in another language does not pick the English formats.
    expect(formatDate(at, createTranslator(config, 'nb', 'en-US'))).toMatch(/^1\. desember 2026/);
  });
});

describe('formatCountries', () => {
  it('names countries in the language', () => {
    expect(formatCountries(['US'], tr('nb'))).toBe('USA');
    expect(formatCountries(['US', 'IN'], tr('en'))).toBe('United States and India');
  });
});

describe('formatRecipient and formatTransfer: who gets the data, what it is to the site, and on which ground abroad', () => {
  it('names the role where the terms state one, and the recipient alone where they do not', () => {
    expect(formatRecipient('Google LLC', 'processor', tr('en'))).toBe('Google LLC (processor for the site)');
    expect(formatRecipient('Meta Platforms, Inc.', 'joint-controller', tr('sv'))).toBe(
      'Meta Platforms, Inc. (gemensamt personuppgiftsansvarig med webbplatsen)',
    );
    expect(formatRecipient('Vimeo.com, Inc.', undefined, tr('en'))).toBe('Vimeo.com, Inc.');
  });

  it('gives each country list its ground, says when none is stated, and says nothing for data kept in the EEA', () => {
    expect(formatTransfer(['US'], 'adequacy', tr('en'))).toBe('United States (adequacy decision, GDPR Art. 45)');
    expect(formatTransfer(['US', 'SG'], 'scc', tr('da'))).toBe(
      'USA og Singapore (standardkontraktbestemmelser, GDPR art. 46)',
    );
    expect(formatTransfer(['US'], undefined, tr('en'))).toBe('United States (no ground stated)');
    expect(formatTransfer([], 'adequacy', tr('en'))).toBeUndefined();
  });
});
