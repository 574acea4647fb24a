import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { VENDORS } from '../../../src/core/vendors.js';
import { en } from '../../../src/i18n/en.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { LOADER_TEXTS } from '../../../src/i18n/loader-texts.js';
import { MESSAGES } from '../../../src/i18n/messages.js';
import { PURPOSES } from '../../../src/i18n/purposes/index.js';
import type { BuiltInServiceId, SamtykkeConfig } from '../../../src/types.js';
import { decisionWith, makeConfig, mount } from '../ui/helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

/** Every built-in vendor, each in its own default category. */
function everyVendor() {
  const categories: Record<string, { services: BuiltInServiceId[] }> = {};
  for (const v of VENDORS) {
    categories[v.category] ??= { services: [] };
    categories[v.category]?.services.push(v.id);
  }
  return categories;
}

/** Render the banner, the preferences and the declaration in `lang`; what was warned. */
function renderAll(lang: string, categories: SamtykkeConfig['categories'] = everyVendor()) {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const target = document.body.appendChild(document.createElement('div'));
  target.setAttribute('data-samtykke-declaration', '');
  const config = makeConfig({ categories, language: { default: 'en', force: lang } });
  const banner = mountBanner({
    config,
    document,
    gpc: false,
    reportShown: () => {},
    decide: () => {},
    customise: () => {},
  });
  banner.show();
  const { handle, root } = mount(config, { decision: decisionWith(['statistics']) });
  handle.showPreferences();
  handle.renderDeclarations();
  const text = `${root().textContent} ${target.textContent}`;
  handle.destroy();
  banner.destroy();
  return { warnings: warn.mock.calls.map((c) => String(c[0])), text };
}

describe('every shipped language is complete', () => {
  it.each(LANGUAGES)('%s has every UI message, loader text and built-in vendor purpose', (lang) => {
    expect(Object.keys(MESSAGES[lang] ?? {}).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(LOADER_TEXTS[lang] ?? {}).sort()).toEqual(Object.keys(LOADER_TEXTS.en ?? {}).sort());
    expect(Object.keys(PURPOSES[lang] ?? {}).sort()).toEqual(VENDORS.map((v) => v.id).sort());
    if (lang !== 'en') {
      // Translated, not copied: at most a name or two can read the same as in English.
      const same = Object.entries(PURPOSES[lang] ?? {}).filter(([id, text]) => PURPOSES.en?.[id] === text);
      expect(same).toEqual([]);
    }
  });

  it.each(LANGUAGES)('%s renders banner, preferences and declaration with every vendor and no warning', (lang) => {
    const { warnings, text } = renderAll(lang);
    expect(warnings).toEqual([]);
    if (lang !== 'en') expect(text).not.toContain(PURPOSES.en?.['google-analytics']);
  });

  it('warns when a text is missing (the control: the check above can fail)', () => {
    const { warnings } = renderAll('fi', {
      statistics: { title: { en: 'Analytics' }, services: ['google-analytics'] },
    });
    // Once per file that shows the title: the first layer and the preferences each say it.
    expect(warnings).toEqual([
      'samtykke: no "fi" text for categories.statistics.title; using "en"',
      'samtykke: no "fi" text for categories.statistics.title; using "en"',
    ]);
  });
});

/** The word each language uses for the consent records, everywhere it names them. */
const RECORDS: Record<string, RegExp> = {
  en: /consent records/,
  nb: /samtykkelogg/i,
  nn: /samtykkelogg/i,
  da: /samtykkelog/i,
  sv: /samtyckesposter/i,
  fi: /suostumustie/i,
  is: /samþykkisskr/i,
  de: /Einwilligungsnachweise/,
};

describe('one term per concept', () => {
  it.each(LANGUAGES)('%s names the consent records with one word, and says what deleting deletes', (lang) => {
    const m = MESSAGES[lang] as Record<string, string>;
    for (const key of ['download', 'erase', 'eraseConfirm', 'erased']) {
      expect(m[key], `${lang}.${key}`).toMatch(RECORDS[lang] as RegExp);
    }
    // Delete names the choice too: that is what it deletes besides the records.
    for (const key of ['erase', 'eraseConfirm', 'erased']) expect(m[key], `${lang}.${key}`).not.toBe(m.download);
  });

  it.each(LANGUAGES)('%s keeps a glossary at the top of its file', (lang) => {
    const source = readFileSync(join(import.meta.dirname, `../../../src/i18n/${lang}.ts`), 'utf8');
    const head = source.slice(0, source.indexOf(`export const ${lang}`));
    for (const concept of ['cookie:', 'consent:', 'choice:', 'consent records:', 'third party:']) {
      expect(head, `${lang}: ${concept}`).toContain(concept);
    }
  });

  it.each(LANGUAGES)('%s: the first layer names no setting that no visible element is called', (lang) => {
    const m = MESSAGES[lang] as Record<string, string>;
    for (const key of ['bannerText', 'bannerTextNoParties']) {
      expect(m[key]).not.toContain(m.settings);
      expect(m[key]).toContain('{purposes}');
    }
    expect(m.bannerText).toContain('{parties}');
  });
});
