import { describe, expect, it } from 'vitest';
import { ConfigError, configProblems, normalizeConfig } from '../../../src/core/index.js';

/** A config that uses every section, every kind of value and a rule of each kind. */
const FULL = {
  revision: 2,
  categories: {
    necessary: { services: [{ id: 'login', name: 'Login', cookies: [{ name: 'sid', expiry: 'session' }] }] },
    statistics: {
      title: { en: 'Statistics', nb: 'Statistikk' },
      services: ['hotjar', { id: 'google-analytics', retention: 'P14M', thirdCountries: ['US'] }],
    },
    chat: {
      title: 'Chat',
      description: { en: 'Talk to us' },
      services: [
        {
          id: 'chat-widget',
          provider: 'Chat AS',
          privacyPolicyUrl: 'https://chat.example/privacy',
          hosts: ['*.chat.example'],
          storageKeys: ['chat_'],
          cookies: [{ name: 'chat_*', expiry: 'P1Y', purpose: { en: 'Keeps the chat open' }, parentDomain: true }],
        },
      ],
    },
  },
  controller: { name: 'Fjordkaffe AS', country: 'NO', url: 'https://fjordkaffe.no' },
  policy: { privacyUrl: '/personvern', version: '3' },
  cookie: { name: 'samtykke', maxAgeDays: 180, sameSite: 'Strict', path: '/' },
  language: { default: 'nb' },
  texts: { nb: { bannerTitle: 'Informasjonskapsler' } },
  ui: { layout: 'box', floatingButton: 'bottom-right', integrity: { 'samtykke-ui.nb.js': 'sha384-abc=' } },
  blocking: {
    rules: [
      { pattern: 'cdn.chat.example/widget', service: 'chat-widget' },
      { pattern: 'stats.example', category: 'statistics' },
    ],
  },
  consentMode: {
    mode: 'basic',
    mapping: { chat: ['functionality_storage'] },
    regions: [{ region: ['US'], granted: ['analytics_storage'] }],
  },
  gpc: true,
  ledger: { endpoint: '/samtykke/receipts', historyLimit: 50 },
};

type Json = unknown;

/** Every (path, replacement) a careless owner might write: wrong types, a typo'd key, an empty list. */
function* mutations(value: Json, path: Array<string | number> = []): Generator<[Array<string | number>, Json]> {
  const bad: Json[] = [42, 'x y', true, null, [], {}];
  for (const replacement of bad) yield [path, replacement];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* mutations(item, [...path, i]);
    yield [[...path, value.length], 'zz-unknown'];
  } else if (typeof value === 'object' && value !== null) {
    yield [[...path, 'colour'], 1];
    for (const [key, member] of Object.entries(value)) yield* mutations(member, [...path, key]);
  }
}

function withReplaced(root: Json, path: Array<string | number>, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1] as string | number] = replacement;
  return copy;
}

function thrown(input: Json): string | undefined {
  try {
    normalizeConfig(input);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('configProblems: every problem, by the same checks as normalizeConfig', () => {
  it('finds nothing in a config normalizeConfig takes', () => {
    expect(thrown(FULL)).toBeUndefined();
    expect(configProblems(FULL)).toEqual([]);
    expect(configProblems(undefined)).toEqual([]);
  });

  it('starts with the very error normalizeConfig throws, for every single mistake in every place', () => {
    let mistakes = 0;
    for (const [path, replacement] of mutations(FULL)) {
      const input = withReplaced(FULL, path, replacement);
      const first = thrown(input);
      const problems = configProblems(input).map((p) => p.message);
      if (first === undefined) expect(problems, path.join('.')).toEqual([]);
      else {
        mistakes++;
        expect(problems[0], `${path.join('.')} = ${JSON.stringify(replacement)}`).toBe(first);
      }
    }
    // The generator must really produce mistakes, or the loop above proves nothing.
    expect(mistakes).toBeGreaterThan(150);
  });

  it('lists every mistake of a config with several, each once, in config order', () => {
    const input = {
      ...FULL,
      revison: 3,
      categories: {
        ...FULL.categories,
        marketing: { enabled: true, services: ['meta-pixl', { id: 'Bad Id' }] },
        preferenses: {},
      },
      cookie: { maxAgeDays: 900, sameSite: 'None' },
      blocking: { rules: [{ pattern: 'x.example', service: 'chat-widgit' }, 'cdn.example', { pattern: 'y.example' }] },
      ledger: { endpoint: 'htps://ledger.example' },
    };
    expect(configProblems(input).map((p) => p.message)).toEqual([
      'samtykke: config.revison: unknown option. Did you mean "revision"?',
      'samtykke: config.categories.preferenses: unknown category "preferenses". Did you mean "preferences"?',
      'samtykke: config.categories.marketing.enabled: a category other than "necessary" cannot be on before the visitor chooses (consent must be an active opt-in)',
      'samtykke: config.categories.marketing.services[0]: unknown built-in service "meta-pixl". Did you mean "meta-pixel"?',
      'samtykke: config.categories.marketing.services[1].id: expected a lower-case service id such as "chat-widget", got "Bad Id"',
      'samtykke: config.cookie.maxAgeDays: expected a whole number from 1 to 395, got 900',
      'samtykke: config.cookie.sameSite: expected one of "Lax", "Strict", got "None"',
      'samtykke: config.blocking.rules[1]: expected an object with pattern and service or category, got "cdn.example"',
      'samtykke: config.blocking.rules[2].category: expected a category or a service for the rule, got undefined',
      'samtykke: config.ledger.endpoint: expected an absolute http(s) URL or a path starting with "/", got "htps://ledger.example"',
      'samtykke: config.blocking.rules[0].service: no service "chat-widgit" in the config. Did you mean "chat-widget"?',
    ]);
  });

  it('keeps every problem a ConfigError with its path, and normalizeConfig still throws after collecting', () => {
    const [problem] = configProblems({ gpc: 'yes' });
    expect(problem).toBeInstanceOf(ConfigError);
    expect(problem?.path).toBe('config.gpc');
    expect(() => normalizeConfig({ gpc: 'yes' })).toThrow('samtykke: config.gpc: expected true or false, got "yes"');
  });
});
