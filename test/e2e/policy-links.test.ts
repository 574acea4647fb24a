import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, loaderHead, startHarness } from './harness.js';

/** One site in three languages, each with its own privacy page; Swedish has none and Danish no cookie page. */
const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  policy: {
    privacyUrl: { nb: '/personvern', da: '/da/privatlivspolitik', en: '/en/privacy' },
    cookiePolicyUrl: { nb: '/cookies', en: '/en/cookies' },
  },
  language: { default: 'en' },
  categories: { statistics: { services: ['google-analytics'] } },
};
const page = (lang: string, bundle?: string) =>
  `<!doctype html><html lang="${lang}"><head>${loaderHead(CONFIG, bundle)}</head><body><h1>Fjordkaffe</h1></body></html>`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  for (const lang of ['nb', 'da', 'sv']) harness.page(`/${lang}`, page(lang));
  harness.page('/da/one-file', page('da', '/dist/samtykke.all.js'));
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/** The links (text and href) inside the first layer's region or the preferences dialog. */
const links = (p: Page, role: 'region' | 'dialog') =>
  p
    .getByRole(role)
    .locator('.links a')
    .evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));

const cases = [
  {
    lang: 'nb',
    customise: 'Tilpass',
    expected: [
      ['Personvernerklæring', '/personvern'],
      ['Erklæring om informasjonskapsler', '/cookies'],
    ],
  },
  {
    lang: 'da',
    customise: 'Tilpas',
    // No Danish cookie page: the default language's.
    expected: [
      ['Privatlivspolitik', '/da/privatlivspolitik'],
      ['Cookiepolitik', '/en/cookies'],
    ],
  },
  {
    lang: 'sv',
    customise: 'Anpassa',
    expected: [
      ['Integritetspolicy', '/en/privacy'],
      ['Kakpolicy', '/en/cookies'],
    ],
  },
];

describe('policy links per language (policy.privacyUrl: { nb, da, en })', () => {
  for (const { lang, customise, expected } of cases) {
    it(`${lang}: the first layer and the preferences link the visitor's language's pages`, async () => {
      const p = await harness.open(context, `/${lang}`);
      await p.getByRole('region').waitFor();
      expect(await links(p, 'region')).toEqual(expected);
      await p.getByRole('button', { name: customise }).click();
      await p.getByRole('dialog').waitFor();
      expect(await links(p, 'dialog')).toEqual(expected);
    });
  }

  it('the one-file build links the same pages', async () => {
    const p = await harness.open(context, '/da/one-file');
    await p.getByRole('region').waitFor();
    expect(await links(p, 'region')).toEqual(cases[1]?.expected);
  });
});
