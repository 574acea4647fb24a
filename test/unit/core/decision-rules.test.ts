import { describe, expect, it } from 'vitest';
import {
  allows,
  allowsService,
  applyRequest,
  type DecisionRequest,
  makeDecision,
  normalizeConfig,
  type Requester,
} from '../../../src/core/index.js';
import type { Decision } from '../../../src/types.js';

const NOW = Date.UTC(2026, 10, 23);
const config = normalizeConfig({
  categories: {
    statistics: { services: ['google-analytics'] },
    marketing: { services: ['youtube', 'meta-pixel'] },
  },
});
const noReload = normalizeConfig({
  ...{ categories: { statistics: { services: ['google-analytics'] } } },
  blocking: { reloadOnWithdraw: false },
});
const id = '00000000-0000-4000-8000-000000000001';
const decision = (granted: string[], services: string[] = []): Decision =>
  makeDecision({ config, now: NOW - 1000, gpc: false, previous: null, randomId: () => id }, granted, services);
const run = (
  current: Decision | null,
  request: DecisionRequest,
  requester: Requester = { via: 'ui', layer: 1 },
  cfg = config,
) =>
  applyRequest(
    { config: cfg, now: NOW, gpc: false, randomId: () => 'fresh-id', current, lastKnown: current },
    request,
    requester,
  );

const ALL = decision(['statistics', 'marketing']);
const STATS = decision(['statistics']);
const YOUTUBE = decision([], ['youtube']);
const NONE = decision([]);

/** before × change → granted, services, withdrawn, reload, receipt state and action. */
const TABLE: Array<{
  name: string;
  before: Decision | null;
  request: DecisionRequest;
  requester?: Requester;
  granted: string[] | null;
  services?: string[];
  withdrawn: { categories: string[]; services: string[] };
  reload: boolean;
  receipt: { state: string; action: string; layer: number } | null;
}> = [
  {
    name: 'first visit, accept all in the banner',
    before: null,
    request: { kind: 'accept-all' },
    granted: ['necessary', 'statistics', 'marketing'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'given', action: 'accept-all', layer: 1 },
  },
  {
    name: 'first visit, reject all',
    before: null,
    request: { kind: 'reject-all' },
    granted: ['necessary'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'refused', action: 'reject-all', layer: 1 },
  },
  {
    name: 'accepted all, then reject all',
    before: ALL,
    request: { kind: 'reject-all' },
    granted: ['necessary'],
    withdrawn: { categories: ['statistics', 'marketing'], services: [] },
    reload: true,
    receipt: { state: 'withdrawn', action: 'reject-all', layer: 1 },
  },
  {
    name: 'accepted all, then Save with statistics only',
    before: ALL,
    request: { kind: 'accept', categories: ['statistics'] },
    requester: { via: 'ui', layer: 2 },
    granted: ['necessary', 'statistics'],
    withdrawn: { categories: ['marketing'], services: [] },
    reload: true,
    receipt: { state: 'withdrawn', action: 'save-selection', layer: 2 },
  },
  {
    name: 'statistics, then accept all: an update, nothing withdrawn',
    before: STATS,
    request: { kind: 'accept-all' },
    granted: ['necessary', 'statistics', 'marketing'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'updated', action: 'accept-all', layer: 1 },
  },
  {
    name: 'refused, then a placeholder allows one service only',
    before: NONE,
    request: { kind: 'allow-service', service: 'youtube' },
    requester: { via: 'embed' },
    granted: ['necessary'],
    services: ['youtube'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'updated', action: 'embed', layer: 0 },
  },
  {
    name: 'first visit, a placeholder of an undeclared built-in vendor',
    before: null,
    request: { kind: 'allow-service', service: 'vimeo' },
    requester: { via: 'embed' },
    granted: ['necessary'],
    services: ['vimeo'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'given', action: 'embed', layer: 0 },
  },
  {
    name: 'one service allowed, then Save without touching it keeps it',
    before: YOUTUBE,
    request: { kind: 'accept', categories: ['statistics'], services: ['youtube'] },
    requester: { via: 'ui', layer: 2 },
    granted: ['necessary', 'statistics'],
    services: ['youtube'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'updated', action: 'save-selection', layer: 2 },
  },
  {
    name: 'one service allowed, the API accept keeps it',
    before: YOUTUBE,
    request: { kind: 'accept', categories: ['statistics'] },
    requester: { via: 'api' },
    granted: ['necessary', 'statistics'],
    services: ['youtube'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'updated', action: 'api', layer: 0 },
  },
  {
    name: 'one service allowed, then withdrawn',
    before: YOUTUBE,
    request: { kind: 'withdraw-service', service: 'youtube' },
    requester: { via: 'ui', layer: 2 },
    granted: ['necessary'],
    services: [],
    withdrawn: { categories: [], services: ['youtube'] },
    reload: true,
    receipt: { state: 'withdrawn', action: 'withdraw', layer: 2 },
  },
  {
    name: 'marketing granted, one of its services withdrawn: the other stays',
    before: ALL,
    request: { kind: 'withdraw-service', service: 'meta-pixel' },
    requester: { via: 'api' },
    granted: ['necessary', 'statistics'],
    services: ['youtube'],
    withdrawn: { categories: [], services: ['meta-pixel'] },
    reload: true,
    receipt: { state: 'withdrawn', action: 'api', layer: 0 },
  },
  {
    name: 'withdraw everything',
    before: ALL,
    request: { kind: 'withdraw' },
    requester: { via: 'ui', layer: 2 },
    granted: ['necessary'],
    withdrawn: { categories: ['statistics', 'marketing'], services: [] },
    reload: true,
    receipt: { state: 'withdrawn', action: 'withdraw', layer: 2 },
  },
  {
    name: 'withdraw with nothing granted is a refusal, no reload',
    before: NONE,
    request: { kind: 'withdraw' },
    granted: ['necessary'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'updated', action: 'withdraw', layer: 1 },
  },
  {
    name: 'page code accepting all is recorded as api',
    before: null,
    request: { kind: 'accept-all' },
    requester: { via: 'api' },
    granted: ['necessary', 'statistics', 'marketing'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: { state: 'given', action: 'api', layer: 0 },
  },
  {
    name: 'erase after accept all: a withdrawal, no receipt here',
    before: ALL,
    request: { kind: 'erase' },
    granted: null,
    withdrawn: { categories: ['statistics', 'marketing'], services: [] },
    reload: true,
    receipt: null,
  },
  {
    name: 'erase with one service allowed',
    before: YOUTUBE,
    request: { kind: 'erase' },
    granted: null,
    withdrawn: { categories: [], services: ['youtube'] },
    reload: true,
    receipt: null,
  },
  {
    name: 'erase before deciding',
    before: null,
    request: { kind: 'erase' },
    granted: null,
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: null,
  },
  {
    name: 'another tab withdrew',
    before: ALL,
    request: { kind: 'external', decision: NONE },
    granted: ['necessary'],
    withdrawn: { categories: ['statistics', 'marketing'], services: [] },
    reload: true,
    receipt: null,
  },
  {
    name: 'another tab erased',
    before: STATS,
    request: { kind: 'external', decision: null },
    granted: null,
    withdrawn: { categories: ['statistics'], services: [] },
    reload: true,
    receipt: null,
  },
  {
    name: 'another tab accepted',
    before: null,
    request: { kind: 'external', decision: ALL },
    granted: ['necessary', 'statistics', 'marketing'],
    withdrawn: { categories: [], services: [] },
    reload: false,
    receipt: null,
  },
];

describe('decision rules: before × change', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const outcome = run(row.before, row.request, row.requester);
      expect(outcome.decision?.granted ?? null).toEqual(row.granted);
      if (row.services) expect(outcome.decision?.services).toEqual(row.services);
      expect(outcome.withdrawn).toEqual(row.withdrawn);
      expect(outcome.reload).toBe(row.reload);
      expect(outcome.receipt).toEqual(row.receipt);
      expect(outcome.optOut).toEqual(row.withdrawn.categories);
    });
  }
});

describe('decision rules: clean-up whatever the history', () => {
  it('a first "Reject all" cleans every refused service, declared or built-in (a pre-existing _ga goes)', () => {
    const { clean } = run(null, { kind: 'reject-all' });
    expect(clean.services).toEqual(
      expect.arrayContaining(['google-analytics', 'meta-pixel', 'youtube', 'hotjar', 'microsoft-clarity']),
    );
    expect(clean.keep).toEqual([]);
  });

  it('erasure cleans everything, also with no decision in force', () => {
    expect(run(null, { kind: 'erase' }).clean.services).toEqual(
      expect.arrayContaining(['google-analytics', 'youtube']),
    );
  });

  it('keeps what stays allowed, and names it so a shared cookie name is spared', () => {
    const { clean } = run(null, { kind: 'accept', categories: ['statistics'] });
    expect(clean.keep).toEqual(['google-analytics']);
    expect(clean.services).not.toContain('google-analytics');
    expect(clean.services).toEqual(expect.arrayContaining(['meta-pixel', 'universal-analytics']));
  });

  it('a service allowed on its own is not cleaned when its category is refused', () => {
    const { clean } = run(YOUTUBE, { kind: 'accept', categories: [] });
    expect(clean.keep).toContain('youtube');
    expect(clean.services).toContain('meta-pixel');
  });

  it('without reloadOnWithdraw a withdrawal cleans but does not reload', () => {
    const before = makeDecision({ config: noReload, now: NOW - 1, gpc: false, previous: null, randomId: () => id }, [
      'statistics',
    ]);
    const outcome = run(before, { kind: 'reject-all' }, { via: 'ui', layer: 1 }, noReload);
    expect(outcome.withdrawn.categories).toEqual(['statistics']);
    expect(outcome.reload).toBe(false);
  });
});

describe('decision rules: only declared services run', () => {
  it('an undeclared built-in vendor stays held when its category is granted, unless allowed on its own', () => {
    expect(allows(config, ALL, 'statistics', 'microsoft-clarity')).toBe(false);
    expect(allows(config, ALL, 'statistics', 'google-analytics')).toBe(true);
    expect(allows(config, decision([], ['vimeo']), 'marketing', 'vimeo')).toBe(true);
    expect(allows(config, decision([], ['vimeo']), 'marketing', 'meta-pixel')).toBe(false);
    expect(allows(config, ALL, 'statistics')).toBe(true);
    expect(allows(config, null, 'necessary')).toBe(true);
  });

  it('refuses to allow or withdraw a service nobody knows', () => {
    expect(() => run(null, { kind: 'allow-service', service: 'nope' })).toThrow('unknown service "nope"');
    expect(() => run(null, { kind: 'withdraw-service', service: 'nope' })).toThrow('unknown service "nope"');
    expect(() => run(null, { kind: 'accept', categories: ['ads'] })).toThrow('unknown category "ads"');
  });

  it('keeps the consent id across changes and takes a fresh one only for a first decision', () => {
    expect(run(ALL, { kind: 'reject-all' }).decision?.consentId).toBe(id);
    expect(run(null, { kind: 'reject-all' }).decision?.consentId).toBe('fresh-id');
  });
});

describe('decision rules: the owner lets undeclared vendors run with their category', () => {
  const optIn = normalizeConfig({
    categories: {
      statistics: { services: ['google-analytics'] },
      marketing: { services: ['youtube', 'meta-pixel'] },
    },
    blocking: { undeclaredVendors: 'release-with-category' },
  });
  const made = (cfg: typeof config, granted: string[], services: string[] = []) =>
    makeDecision({ config: cfg, now: NOW - 1000, gpc: false, previous: null, randomId: () => id }, granted, services);
  const decide = (cfg: typeof config, before: Decision | null, request: DecisionRequest) =>
    run(before, request, { via: 'ui', layer: 1 }, cfg);

  /** setting × before × change → which undeclared vendors run afterwards. */
  const ROWS: Array<{
    name: string;
    cfg: typeof config;
    before: (cfg: typeof config) => Decision | null;
    request: DecisionRequest;
    runs: string[];
    held: string[];
  }> = [
    {
      name: 'hold (the default): accept all leaves Clarity and Vimeo held',
      cfg: config,
      before: () => null,
      request: { kind: 'accept-all' },
      runs: ['google-analytics', 'meta-pixel'],
      held: ['microsoft-clarity', 'vimeo', 'hotjar'],
    },
    {
      name: 'opted in: accept all lets every vendor of an offered category run',
      cfg: optIn,
      before: () => null,
      request: { kind: 'accept-all' },
      runs: ['google-analytics', 'microsoft-clarity', 'hotjar', 'vimeo', 'linkedin-insight'],
      held: [],
    },
    {
      name: 'opted in: statistics only runs Clarity, not the marketing vendors',
      cfg: optIn,
      before: () => null,
      request: { kind: 'accept', categories: ['statistics'] },
      runs: ['microsoft-clarity', 'hotjar'],
      held: ['vimeo', 'tiktok-pixel', 'meta-pixel'],
    },
    {
      name: 'opted in: reject all holds them all',
      cfg: optIn,
      before: (cfg) => made(cfg, ['statistics', 'marketing']),
      request: { kind: 'reject-all' },
      runs: [],
      held: ['microsoft-clarity', 'vimeo', 'google-analytics'],
    },
    {
      name: 'opted in: Clarity withdrawn on its own, the rest of statistics stays, one by one',
      cfg: optIn,
      before: (cfg) => made(cfg, ['statistics']),
      request: { kind: 'withdraw-service', service: 'microsoft-clarity' },
      runs: ['google-analytics', 'hotjar', 'universal-analytics'],
      held: ['microsoft-clarity'],
    },
  ];
  for (const row of ROWS) {
    it(row.name, () => {
      const { decision: next } = decide(row.cfg, row.before(row.cfg), row.request);
      for (const service of row.runs) expect(allowsService(row.cfg, next, service), service).toBe(true);
      for (const service of row.held) expect(allowsService(row.cfg, next, service), service).toBe(false);
    });
  }

  it('withdrawing Clarity names it, records a withdrawal and reloads; a whole category speaks for its vendors', () => {
    const stats = made(optIn, ['statistics']);
    const one = decide(optIn, stats, { kind: 'withdraw-service', service: 'microsoft-clarity' });
    expect(one.withdrawn).toEqual({ categories: [], services: ['microsoft-clarity'] });
    expect(one.receipt?.state).toBe('withdrawn');
    expect(one.reload).toBe(true);
    expect(one.clean.services).toContain('microsoft-clarity');
    const all = decide(optIn, stats, { kind: 'reject-all' });
    expect(all.withdrawn).toEqual({ categories: ['statistics'], services: [] });
    expect(all.clean.services).toEqual(expect.arrayContaining(['microsoft-clarity', 'hotjar']));
  });

  it('a vendor whose category is not offered stays held, opted in or not', () => {
    const statisticsOnly = normalizeConfig({
      categories: { statistics: {} },
      blocking: { undeclaredVendors: 'release-with-category' },
    });
    const { decision: next } = decide(statisticsOnly, null, { kind: 'accept-all' });
    expect(allowsService(statisticsOnly, next, 'microsoft-clarity')).toBe(true);
    expect(allowsService(statisticsOnly, next, 'meta-pixel')).toBe(false);
    expect(allows(statisticsOnly, next, 'marketing', 'meta-pixel')).toBe(false);
  });
});
