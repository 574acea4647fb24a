import { afterEach, describe, expect, it } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import type { NormalizedConfig } from '../../../src/core/index.js';
import { withdrawalMethod } from '../../../src/ledger/receipt.js';
import { makeConfig } from '../../fixtures/ui-fixtures.js';
import { buildTestReceipt, makeInput, makeConfig as makeLedgerConfig } from '../ledger/fixtures.js';
import { mount as mountPreferences } from '../ui/helpers.js';

/** Per-language policy links, as the demo's three sites need them. */
const POLICY = {
  privacyUrl: { nb: '/personvern', da: '/da/privatlivspolitik', en: '/en/privacy' },
  cookiePolicyUrl: { nb: '/cookies', en: '/en/cookies' },
};

const mounted: Array<{ destroy(): void }> = [];
function unmountAll() {
  for (const handle of mounted.splice(0)) handle.destroy();
  document.querySelector('samtykke-ui')?.remove();
}
afterEach(unmountAll);

const links = (root: ParentNode | null | undefined) =>
  [...(root?.querySelectorAll('.links a') ?? [])].map((a) => [a.textContent, a.getAttribute('href')]);
const shadow = () => document.querySelector('samtykke-ui')?.shadowRoot;

function firstLayer(config: NormalizedConfig) {
  const handle = mountBanner({
    config,
    document,
    gpc: false,
    reportShown: () => {},
    decide: () => {},
    customise: () => {},
  });
  mounted.push(handle);
  handle.show();
  return links(shadow()?.querySelector('.banner'));
}

function preferences(config: NormalizedConfig) {
  const { handle, root } = mountPreferences(config);
  mounted.push(handle);
  handle.showPreferences();
  return links(root().querySelector('[role=dialog]'));
}

const forced = (lang: string, defaultLanguage = 'en') =>
  makeConfig({ policy: POLICY, language: { default: defaultLanguage, force: lang } });

describe('per-language policy links in the first layer and the preferences', () => {
  for (const [name, show] of [
    ['first layer', firstLayer],
    ['preferences', preferences],
  ] as const) {
    it(`${name}: each visitor gets the links of their language`, () => {
      expect(show(forced('nb'))).toEqual([
        ['Personvernerklæring', '/personvern'],
        ['Erklæring om informasjonskapsler', '/cookies'],
      ]);
      unmountAll();
      // Danish has no cookie policy page of its own: the default language's (English) stands in.
      expect(show(forced('da'))).toEqual([
        ['Privatlivspolitik', '/da/privatlivspolitik'],
        ['Cookiepolitik', '/en/cookies'],
      ]);
    });

    it(`${name}: the fallback order is the texts' own: the other written Norwegian, the default, English`, () => {
      // Nynorsk reads Bokmål before the default language (Danish here).
      expect(show(forced('nn', 'da'))).toEqual([
        ['Personvernerklæring', '/personvern'],
        ['Erklæring om informasjonskapslar', '/cookies'],
      ]);
      unmountAll();
      // Swedish has none: the default (Danish) first, then English for the cookie page Danish lacks.
      expect(show(forced('sv', 'da'))).toEqual([
        ['Integritetspolicy', '/da/privatlivspolitik'],
        ['Kakpolicy', '/en/cookies'],
      ]);
    });
  }

  it('one URL for every language still works, and no link is shown when there is none', () => {
    expect(firstLayer(makeConfig({ policy: { privacyUrl: '/privacy' }, language: { default: 'en' } }))).toEqual([
      ['Privacy policy', '/privacy'],
    ]);
    unmountAll();
    expect(preferences(makeConfig({ policy: {}, language: { default: 'en' } }))).toEqual([]);
  });
});

describe('the receipt records the link the visitor was shown', () => {
  const config: NormalizedConfig = {
    ...makeLedgerConfig(),
    policy: { ...POLICY, version: '2026-03' },
    language: { default: 'nb' },
  };

  async function receiptIn(language: string) {
    const input = makeInput({ notice: { language, texts: {} } });
    return buildTestReceipt(input, config);
  }

  it('in the notice and in the withdrawal method, per language', async () => {
    const danish = await receiptIn('da');
    expect(danish.notice).toMatchObject({ privacyUrl: '/da/privatlivspolitik', cookiePolicyUrl: '/cookies' });
    expect(danish.withdrawalMethod).toContain('the cookie policy page /cookies');
    const english = await receiptIn('en');
    expect(english.notice).toMatchObject({ privacyUrl: '/en/privacy', cookiePolicyUrl: '/en/cookies' });
    expect(english.withdrawalMethod).toContain('the cookie policy page /en/cookies');
    expect(withdrawalMethod(config)).toContain('the cookie policy page /cookies');
  });
});
