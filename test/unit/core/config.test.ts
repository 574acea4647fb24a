import { describe, expect, it } from 'vitest';
import { ConfigError, normalizeConfig } from '../../../src/core/index.js';

/** The exact message normalizeConfig throws for an input. */
function messageFor(input: unknown): string {
  try {
    normalizeConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('normalizeConfig defaults', () => {
  it('offers necessary, statistics and marketing when no categories are given', () => {
    const config = normalizeConfig(undefined);
    expect(config.categories.map((c) => c.id)).toEqual(['necessary', 'statistics', 'marketing']);
    expect(config.categories[0]?.required).toBe(true);
    expect(config.cookie).toEqual({ name: 'samtykke', path: '/', maxAgeDays: 182, sameSite: 'Lax' });
    expect(config.consentMode.mode).toBe('basic');
    expect(config.ledger.historyLimit).toBe(100);
    expect(config.ui).toEqual({ layout: 'bar', mustChoose: false, floatingButton: 'bottom-left' });
  });

  it('puts necessary first and keeps the owner order, with custom categories', () => {
    const config = normalizeConfig({
      categories: { marketing: {}, chat: { title: { en: 'Chat', nb: 'Chat' } }, statistics: {} },
    });
    expect(config.categories.map((c) => c.id)).toEqual(['necessary', 'marketing', 'chat', 'statistics']);
  });

  it('resolves built-in services and lets the owner override their fields', () => {
    const config = normalizeConfig({
      categories: { statistics: { services: ['hotjar', { id: 'google-analytics', retention: 'P2M' }] } },
    });
    const [hotjar, ga] = config.categories[1]?.services ?? [];
    expect(hotjar?.provider).toBe('Hotjar Ltd.');
    expect(hotjar?.category).toBe('statistics');
    expect(ga?.retention).toBe('P2M');
    expect(ga?.cookies.map((c) => c.name)).toContain('_ga');
  });

  it('returns a frozen config', () => {
    const config = normalizeConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.categories[0])).toBe(true);
  });
});

describe('config.blocking.undeclaredVendors', () => {
  const ids = (config: ReturnType<typeof normalizeConfig>, category: string) =>
    config.categories.find((c) => c.id === category)?.services.map((s) => (s.implicit ? `${s.id}*` : s.id));

  it("is 'hold' by default: the categories list only what the owner listed", () => {
    const config = normalizeConfig({ categories: { statistics: { services: ['google-analytics'] }, marketing: {} } });
    expect(config.blocking.undeclaredVendors).toBe('hold');
    expect(ids(config, 'statistics')).toEqual(['google-analytics']);
    expect(ids(config, 'marketing')).toEqual([]);
  });

  it("'release-with-category' lists every built-in vendor nobody listed in its offered category, marked implicit", () => {
    const config = normalizeConfig({
      categories: { necessary: { services: ['google-tag-manager'] }, statistics: { services: ['google-analytics'] } },
      blocking: { undeclaredVendors: 'release-with-category' },
    });
    // Tag Manager stays where the owner put it; marketing is not offered, so its vendors are not listed anywhere.
    expect(ids(config, 'necessary')).toEqual(['google-tag-manager']);
    expect(ids(config, 'statistics')).toEqual([
      'google-analytics',
      'universal-analytics*',
      'hotjar*',
      'microsoft-clarity*',
      'matomo-cloud*',
    ]);
    const clarity = config.categories[1]?.services.find((s) => s.id === 'microsoft-clarity');
    expect(clarity).toMatchObject({ name: 'Microsoft Clarity', category: 'statistics', implicit: true });
    expect(clarity?.cookies.map((c) => c.name)).toContain('_clck');
    expect(config.categories.flatMap((c) => c.services.map((s) => s.id))).not.toContain('meta-pixel');
  });
});

describe('normalizeConfig errors name the path, the expectation and the value', () => {
  it.each([
    [42, 'samtykke: config: expected an object, got 42'],
    [{ categoreis: {} }, 'samtykke: config.categoreis: unknown option. Did you mean "categories"?'],
    [{ revision: -1 }, 'samtykke: config.revision: expected a whole number from 0 to 1000000, got -1'],
    [{ revision: '2' }, 'samtykke: config.revision: expected a whole number from 0 to 1000000, got "2"'],
    [{ categories: [] }, 'samtykke: config.categories: expected an object of categories by id, got an array'],
    [
      { categories: { statistic: {} } },
      'samtykke: config.categories.statistic: unknown category "statistic". Did you mean "statistics"?',
    ],
    [
      { categories: { Stats: {} } },
      'samtykke: config.categories: expected category ids of lower-case letters, digits, - and _, got "Stats"',
    ],
    [
      { categories: { chat: {} } },
      'samtykke: config.categories.chat.title: expected a title for a custom category, got undefined',
    ],
    [
      { categories: { statistics: { enabled: true } } },
      'samtykke: config.categories.statistics.enabled: a category other than "necessary" cannot be on before the visitor chooses (consent must be an active opt-in)',
    ],
    [
      { categories: { marketing: { checked: true } } },
      'samtykke: config.categories.marketing.checked: a category other than "necessary" cannot be on',
    ],
    [
      { categories: { marketing: { servics: [] } } },
      'samtykke: config.categories.marketing.servics: unknown option. Did you mean "services"?',
    ],
    [
      { categories: { marketing: { services: 'meta-pixel' } } },
      'samtykke: config.categories.marketing.services: expected an array, got "meta-pixel"',
    ],
    [
      { categories: { marketing: { services: ['meta-pixl'] } } },
      'samtykke: config.categories.marketing.services[0]: unknown built-in service "meta-pixl". Did you mean "meta-pixel"?',
    ],
    [
      { categories: { marketing: { services: [{ name: 'x' }] } } },
      'samtykke: config.categories.marketing.services[0].id: expected a lower-case service id such as "chat-widget", got undefined',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', role: 'partner' }] } } },
      'samtykke: config.categories.marketing.services[0].role: expected one of "processor", "joint-controller", "controller", got "partner"',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', transfer: 'privacy-shield' }] } } },
      'samtykke: config.categories.marketing.services[0].transfer: expected one of "adequacy", "scc", "bcr", "derogation", got "privacy-shield"',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', dataCategories: 'usage' }] } } },
      'samtykke: config.categories.marketing.services[0].dataCategories: expected an array, got "usage"',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', dataCategories: ['usage', 'IP Address'] }] } } },
      'samtykke: config.categories.marketing.services[0].dataCategories[1]: expected a lower-case kind of data such as "usage", got "IP Address"',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', rol: 'processor' }] } } },
      'samtykke: config.categories.marketing.services[0].rol: unknown option. Did you mean "role"?',
    ],
    [{ controller: { address: 42 } }, 'samtykke: config.controller.address: expected a string, got 42'],
    [
      { controller: { adress: 'Storgata 1' } },
      'samtykke: config.controller.adress: unknown option. Did you mean "address"?',
    ],
    [
      { categories: { marketing: { services: ['meta-pixel', { id: 'chat', cookies: 'x' }] } } },
      'samtykke: config.categories.marketing.services[1].cookies: expected an array, got "x"',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', cookies: [{ name: 'c', expiry: '2 years' }] }] } } },
      'samtykke: config.categories.marketing.services[0].cookies[0].expiry: expected an ISO 8601 duration such as "P2Y", or "session", got "2 years"',
    ],
    [
      { categories: { marketing: { services: [{ id: 'chat', hosts: ['https://chat.example.com'] }] } } },
      'samtykke: config.categories.marketing.services[0].hosts[0]: expected a host pattern such as "static.example.com" or "*.example.com/path", got "https://chat.example.com"',
    ],
    [
      { categories: { statistics: { services: ['hotjar'] }, marketing: { services: ['hotjar'] } } },
      'samtykke: config.categories.marketing.services[0]: service "hotjar" is already in category "statistics"; a service belongs to one category',
    ],
    [
      { categories: { statistics: { title: 7 } } },
      'samtykke: config.categories.statistics.title: expected a string or an object of strings by language, got 7',
    ],
    [
      { categories: { statistics: { title: { norsk: 'x' } } } },
      'samtykke: config.categories.statistics.title.norsk: expected a language code such as "nb", got "norsk"',
    ],
    [
      { cookie: { maxAgeDays: 400 } },
      'samtykke: config.cookie.maxAgeDays: expected a whole number from 1 to 395, got 400',
    ],
    [{ cookie: { sameSite: 'None' } }, 'samtykke: config.cookie.sameSite: expected one of "Lax", "Strict", got "None"'],
    [
      { cookie: { domain: 'https://x.no' } },
      'samtykke: config.cookie.domain: expected a domain such as ".example.no", got "https://x.no"',
    ],
    [{ ui: { layout: 'popup' } }, 'samtykke: config.ui.layout: expected one of "bar", "box", "modal", got "popup"'],
    [
      { ui: { floatingButton: true } },
      'samtykke: config.ui.floatingButton: expected one of "bottom-left", "bottom-right", got true',
    ],
    [
      { policy: { privacyUrl: 'javascript:alert(1)' } },
      'samtykke: config.policy.privacyUrl: expected an http(s) URL, got "javascript:alert(1)"',
    ],
    [
      { policy: { privacyUrl: { nb: '/personvern', en: 'javascript:alert(1)' } } },
      'samtykke: config.policy.privacyUrl.en: expected an http(s) URL, got "javascript:alert(1)"',
    ],
    [
      { policy: { cookiePolicyUrl: { norsk: '/cookies' } } },
      'samtykke: config.policy.cookiePolicyUrl.norsk: expected a language code such as "nb", got "norsk"',
    ],
    [
      { policy: { cookiePolicyUrl: { da: 42 } } },
      'samtykke: config.policy.cookiePolicyUrl.da: expected a string, got 42',
    ],
    [{ policy: { privacyUrl: ['/personvern'] } }, 'samtykke: config.policy.privacyUrl: expected a URL, got an array'],
    [
      { controller: { country: 'Norway' } },
      'samtykke: config.controller.country: expected an ISO 3166-1 alpha-2 code such as "NO", got "Norway"',
    ],
    [
      { consentMode: { mode: 'full' } },
      'samtykke: config.consentMode.mode: expected one of "basic", "advanced", got "full"',
    ],
    [
      { consentMode: { mapping: { statistics: ['analytics'] } } },
      'samtykke: config.consentMode.mapping.statistics[0]: expected one of "ad_storage"',
    ],
    [
      { consentMode: { regions: [{ region: ['usa'], granted: [] }] } },
      'samtykke: config.consentMode.regions[0].region[0]: expected ISO 3166-2 codes such as "US" or "US-CA", got "usa"',
    ],
    [{ gpc: 'yes' }, 'samtykke: config.gpc: expected true or false, got "yes"'],
    [
      { ledger: { historyLimit: 0 } },
      'samtykke: config.ledger.historyLimit: expected a whole number from 1 to 10000, got 0',
    ],
    [{ texts: { nb: { bannerTitle: 5 } } }, 'samtykke: config.texts.nb.bannerTitle: expected a string, got 5'],
    [
      { blocking: { rules: [{ pattern: 'cdn.example.com' }] } },
      'samtykke: config.blocking.rules[0].category: expected a category or a service for the rule, got undefined',
    ],
    [
      { blocking: { rules: [{ pattern: 'cdn.example.com', service: 'hotjr' }] } },
      'samtykke: config.blocking.rules[0].service: no service "hotjr" in the config. Did you mean "hotjar"?',
    ],
    [
      { blocking: { undeclaredVendors: 'release' } },
      'samtykke: config.blocking.undeclaredVendors: expected one of "hold", "release-with-category", got "release"',
    ],
    [
      { blocking: { undeclaredVendors: true } },
      'samtykke: config.blocking.undeclaredVendors: expected one of "hold", "release-with-category", got true',
    ],
    [
      { blocking: { rules: [{ pattern: 'cdn.example.com', category: 'ads' }] } },
      'samtykke: config.blocking.rules[0].category: no category "ads"; known categories are necessary, statistics, marketing',
    ],
  ])('%j → %s', (input, message) => {
    expect(messageFor(input)).toContain(message);
  });

  it('carries the path on the error object', () => {
    try {
      normalizeConfig({ ui: { layout: 'popup' } });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).path).toBe('config.ui.layout');
      expect((error as ConfigError).name).toBe('ConfigError');
    }
  });
});

describe('normalizeConfig requirements that depend on other options', () => {
  it('requires the controller name once receipts go to an endpoint', () => {
    expect(messageFor({ ledger: { endpoint: '/receipts' } })).toBe(
      'samtykke: config.controller.name: expected the legal name of the site owner when config.ledger.endpoint is set, got undefined',
    );
    expect(
      normalizeConfig({ ledger: { endpoint: '/receipts' }, controller: { name: 'Fjordkaffe AS' } }).ledger.endpoint,
    ).toBe('/receipts');
  });

  it('derives the jurisdiction from the controller’s country: EEA for Norway and Iceland, EU in the Union', () => {
    const of = (country?: string) => normalizeConfig({ controller: { name: 'X', country } }).jurisdiction;
    expect([of('NO'), of('IS'), of('LI'), of('SE'), of('DK'), of('FI'), of('DE'), of('GB'), of('CH'), of()]).toEqual([
      'EEA',
      'EEA',
      'EEA',
      'EU',
      'EU',
      'EU',
      'EU',
      'GB',
      'CH',
      'EU',
    ]);
    expect(normalizeConfig({ controller: { name: 'X', country: 'NO' }, jurisdiction: 'NO' }).jurisdiction).toBe('NO');
  });

  it('takes a ledger endpoint only as an absolute http(s) URL or a path starting with "/"', () => {
    const controller = { name: 'Fjordkaffe AS' };
    for (const endpoint of ['/receipts', 'https://ledger.fjordkaffe.no/receipts', 'http://localhost:8080/r'])
      expect(normalizeConfig({ controller, ledger: { endpoint } }).ledger.endpoint).toBe(endpoint);
    const expectation = 'an absolute http(s) URL or a path starting with "/"';
    for (const endpoint of [
      'receipts',
      'ledger.fjordkaffe.no/receipts',
      'htps://x.no/r',
      'ftp://x.no/r',
      '//x.no/r',
      'https:/x.no',
    ])
      expect(messageFor({ controller, ledger: { endpoint } })).toBe(
        `samtykke: config.ledger.endpoint: expected ${expectation}, got ${JSON.stringify(endpoint)}`,
      );
  });

  it('refuses undefined inside lists', () => {
    expect(messageFor({ categories: { marketing: { services: [{ id: 'chat', storageKeys: [undefined] }] } } })).toBe(
      'samtykke: config.categories.marketing.services[0].storageKeys[0]: expected a string, got undefined',
    );
  });
});

describe('config.ui.integrity', () => {
  it('keeps SRI hashes by file name, several per file allowed', () => {
    const hash = `sha384-${'A'.repeat(64)}`;
    const config = normalizeConfig({
      ui: { integrity: { 'samtykke-ui.nb.js': hash, 'samtykke-ledger.js': `sha256-abc+/= ${hash}` } },
    });
    expect(config.ui.integrity).toEqual({ 'samtykke-ui.nb.js': hash, 'samtykke-ledger.js': `sha256-abc+/= ${hash}` });
  });

  it('refuses a value that is not an SRI hash, naming the file', () => {
    expect(messageFor({ ui: { integrity: { 'samtykke-ui.nb.js': 'md5-abc' } } })).toBe(
      'samtykke: config.ui.integrity.samtykke-ui.nb.js: expected an SRI hash (sha384-…), got "md5-abc"',
    );
    expect(messageFor({ ui: { integrity: 'sha384-abc' } })).toBe(
      'samtykke: config.ui.integrity: expected SRI hashes by file name, got "sha384-abc"',
    );
  });
});
