import { describe, expect, it } from 'vitest';
import { jurisdictionOf, type NormalizedConfig, normalizeConfig, VENDORS } from '../../../src/core/index.js';
import { readConfig, UnusableConfig } from '../../../src/core/read-config.js';
import { CONFIG } from '../../e2e/pages.js';

/** Valid configs touching every option: the trusting reader must read each exactly as full validation does. */
const VALID: Record<string, unknown> = {
  empty: undefined,
  'empty object': {},
  'the e2e site': CONFIG,
  everything: {
    revision: 3,
    categories: {
      necessary: { services: [{ id: 'session', name: 'Session', cookies: [{ name: 'sid', expiry: 'session' }] }] },
      statistics: {
        title: { nb: 'Statistikk', en: 'Statistics' },
        description: 'How the site is used',
        services: [
          'google-analytics',
          {
            id: 'plausible',
            name: 'Plausible',
            provider: 'Plausible Insights OÜ',
            purpose: { en: 'Counts visits' },
            privacyPolicyUrl: 'https://plausible.io/privacy',
            cookies: [{ name: 'pl_*', expiry: 'P1Y', purpose: 'Visit', parentDomain: true, domain: '.plausible.io' }],
            storageKeys: ['plausible_ignore'],
            recipient: 'Plausible',
            thirdCountries: ['US'],
            retention: 'P14M',
            role: 'processor',
            transfer: 'scc',
            dataCategories: ['online-identifier', 'usage'],
            hosts: ['plausible.io', '*.plausible.io/js'],
          },
        ],
      },
      marketing: true,
      chat: { title: 'Chat', services: [{ id: 'chat-widget', hosts: ['chat.widgets.test'] }] },
    },
    controller: {
      name: 'Fjordkaffe AS',
      orgNo: '987654321',
      contact: 'personvern@fjordkaffe.no',
      address: 'Storgata 1, 0155 Oslo, Norway',
      country: 'NO',
      url: '/',
    },
    policy: { privacyUrl: '/personvern', cookiePolicyUrl: '/cookies', version: '2024-05' },
    cookie: { name: 'consent', domain: '.fjordkaffe.no', path: '/', maxAgeDays: 180, sameSite: 'Strict' },
    language: { default: 'NB', force: 'nn' },
    texts: { NB: { title: 'Vi bruker informasjonskapsler' }, en: {} },
    ui: {
      layout: 'modal',
      mustChoose: true,
      floatingButton: false,
      src: '/assets/samtykke-ui.js',
      nonce: 'abc',
      integrity: { 'samtykke-runtime.js': 'sha384-abc' },
    },
    blocking: {
      auto: false,
      rules: [
        { pattern: 'cdn.partner.test/pixel', category: 'marketing' },
        { pattern: 'chat.widgets.test/v2', service: 'chat-widget' },
      ],
      reloadOnWithdraw: false,
    },
    consentMode: {
      enabled: true,
      mode: 'advanced',
      waitForUpdate: 0,
      mapping: { chat: ['functionality_storage'], statistics: [] },
      personalizationStorage: 'granted',
      regions: [{ region: ['US-CA'], granted: ['analytics_storage'] }],
      adsDataRedaction: false,
      urlPassthrough: true,
    },
    gpc: false,
    ledger: { endpoint: '/samtykke/receipts', historyLimit: 10, timeoutMs: 5000 },
  },
  'catalogue vendors released with their category': {
    categories: { statistics: { services: ['google-analytics'] }, marketing: {} },
    blocking: { undeclaredVendors: 'release-with-category' },
  },
  'a German controller, consent mode off': {
    controller: { name: 'Kaffee GmbH', country: 'DE' },
    jurisdiction: 'EU',
    consentMode: { enabled: false },
    categories: { preferences: {} },
  },
  'policy links per language': {
    policy: { privacyUrl: { nb: '/personvern', en: '/en/privacy' }, cookiePolicyUrl: { da: '/da/cookies' } },
  },
};

describe('readConfig(): the trusting reader of the production loader', () => {
  for (const [name, input] of Object.entries(VALID)) {
    it(`reads "${name}" with the whole catalogue and the jurisdiction exactly as normalizeConfig() does, frozen`, () => {
      const read = readConfig(input, VENDORS, jurisdictionOf);
      expect(read).toEqual(normalizeConfig(input));
      expect(Object.isFrozen(read.categories[1]?.services)).toBe(true);
      expect(Object.isFrozen(read.consentMode.mapping)).toBe(true);
    });

    it(`reads "${name}" as the loader does (hosts only) the same but for the vendors' names and traces and the jurisdiction`, () => {
      const full = readConfig(input, VENDORS, jurisdictionOf);
      const hostsOnly = readConfig(input);
      // The loader leaves the jurisdiction as written: only receipts record it, from a read like `full`.
      expect(hostsOnly.jurisdiction).toBe((input as { jurisdiction?: string } | undefined)?.jurisdiction);
      const blocking = (config: NormalizedConfig) =>
        config.categories.map((category) => ({
          id: category.id,
          services: category.services.map(({ id, hosts, implicit }) => ({ id, hosts, implicit })),
        }));
      expect(blocking(hostsOnly)).toEqual(blocking(full));
      const { jurisdiction } = full;
      expect({ ...hostsOnly, categories: [] }).toEqual({
        ...full,
        categories: [],
        jurisdiction: hostsOnly.jurisdiction,
      });
      expect(jurisdiction).toMatch(/^([A-Z]{2}|EU|EEA)$/);
    });
  }

  const UNUSABLE: Array<[string, unknown, string]> = [
    ['not an object', 'categories', 'config'],
    ['an array', [], 'config'],
    ['an unknown top-level key', { categorys: {} }, 'config.categorys'],
    ['an unknown nested key', { ui: { layot: 'box' } }, 'config.ui.layot'],
    ['a pre-ticked category', { categories: { marketing: { enabled: true } } }, 'config.categories.marketing.enabled'],
    ['a string where a boolean goes', { gpc: 'false' }, 'config.gpc'],
    ['a number as a string', { revision: '2' }, 'config.revision'],
    ['a fraction', { cookie: { maxAgeDays: 1.5 } }, 'config.cookie.maxAgeDays'],
    ['an option not offered', { ui: { layout: 'popup' } }, 'config.ui.layout'],
    [
      'an unknown built-in service',
      { categories: { statistics: { services: ['google-analytic'] } } },
      'config.categories.statistics.services[0]',
    ],
    [
      'a service without an id',
      { categories: { statistics: { services: [{ name: 'X' }] } } },
      'config.categories.statistics.services[0].id',
    ],
    [
      'hosts as a string',
      { categories: { marketing: { services: [{ id: 'x', hosts: 'x.test' }] } } },
      'config.categories.marketing.services[0].hosts',
    ],
    ['an empty string', { controller: { name: ' ' } }, 'config.controller.name'],
    ['a rule that is not an object', { blocking: { rules: [null] } }, 'config.blocking.rules[0]'],
    [
      'a consent type misspelt',
      { consentMode: { mapping: { statistics: ['analytic_storage'] } } },
      'config.consentMode.mapping.statistics[0]',
    ],
    ['texts not by language', { texts: { nb: 'Hei' } }, 'config.texts.nb'],
    ['a __proto__ key', JSON.parse('{"texts":{"__proto__":{"title":"x"}}}'), 'config.texts.__proto__'],
    ['integrity as a string', { ui: { integrity: 'sha384-abc' } }, 'config.ui.integrity'],
    ['a javascript: privacy link', { policy: { privacyUrl: 'javascript:alert(1)' } }, 'config.policy.privacyUrl'],
    [
      'a javascript: link in one language, spelt with a tab and spaces in front',
      { policy: { cookiePolicyUrl: { nb: '/cookies', en: '  java\tscript:alert(1)' } } },
      'config.policy.cookiePolicyUrl.en',
    ],
    ['a data: controller link', { controller: { url: 'DATA:text/html,<script>1</script>' } }, 'config.controller.url'],
    ['a vbscript: UI source', { ui: { src: 'vbscript:x' } }, 'config.ui.src'],
    [
      "a javascript: link to a service's privacy policy",
      { categories: { chat: { title: 'Chat', services: [{ id: 'x', privacyPolicyUrl: 'javascript:x' }] } } },
      'config.categories.chat.services[0].privacyPolicyUrl',
    ],
    [
      'a localized text with a number',
      { categories: { chat: { title: { nb: 1 } } } },
      'config.categories.chat.title.nb',
    ],
  ];
  it('names the key it does not know and the one meant, when it is close', () => {
    expect(() => readConfig({ categoreis: {} })).toThrow(
      'samtykke: config.categoreis: unknown option. Did you mean "categories"?',
    );
    expect(() => readConfig({ ui: { zzz: 1 } })).toThrow('samtykke: config.ui.zzz: unknown option');
  });

  for (const [name, input, path] of UNUSABLE) {
    it(`refuses ${name}, naming where (${path})`, () => {
      expect(() => readConfig(input)).toThrow(UnusableConfig);
      try {
        readConfig(input);
      } catch (error) {
        expect((error as UnusableConfig).path).toBe(path);
      }
      // Full validation refuses each of them too: the reader is never more lenient about types.
      expect(() => normalizeConfig(input)).toThrow();
    });
  }
});
