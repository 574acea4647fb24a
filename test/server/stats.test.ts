import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { runCli } from '../../src/server/cli-main.js';
import { createLedgerHandler } from '../../src/server/handler.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { CATEGORY_STATS_KEYS, STATS_KEYS } from '../../src/server/stats.js';
import type { LedgerStorage } from '../../src/server/storage.js';
import type { DecisionAction, Receipt, ReceiptState } from '../../src/types.js';
import { completeReceipt, makeReceipt } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const A = 'https://a.example';
const B = 'https://b.example';
const key = signingKeyFrom(generateKeyPair().privateKey);

interface Spec {
  count: number;
  site?: string;
  day: string;
  action: DecisionAction;
  state?: ReceiptState;
  layer: 0 | 1 | 2;
  language: string;
  revision?: number;
  policyVersion?: string;
  gpc?: boolean;
  statistics: boolean;
  marketing: boolean;
}

function receiptOf(spec: Spec): Promise<Receipt> {
  const base = completeReceipt();
  const purpose = (id: string, granted: boolean) => ({
    id,
    title: id,
    status: granted ? ('granted' as const) : ('denied' as const),
    lawfulBasis: 'consent' as const,
    services: [],
  });
  return makeReceipt({
    notice: {
      ...base.notice,
      language: spec.language,
      configRevision: spec.revision ?? 2,
      policyVersion: spec.policyVersion ?? '3',
    },
    purposes: [
      base.purposes[0] as Receipt['purposes'][number],
      purpose('statistics', spec.statistics),
      purpose('marketing', spec.marketing),
    ],
    event: { ...base.event, action: spec.action, layer: spec.layer, state: spec.state ?? 'given' },
    signals: { gpc: spec.gpc ?? false, gpcApplied: spec.gpc ? 'pre-refused-marketing' : 'none' },
  });
}

/** Stores each spec's receipts as received at noon UTC of its day; returns the receipts in order. */
async function store(storage: LedgerStorage, specs: Spec[]): Promise<Receipt[]> {
  const stored: Receipt[] = [];
  for (const spec of specs) {
    const seal = createSealer(key, () => new Date(`${spec.day}T12:00:00Z`));
    for (let index = 0; index < spec.count; index++) {
      const receipt = await receiptOf(spec);
      await storage.append([{ receipt, site: spec.site ?? A, client: null }], seal);
      stored.push(receipt);
    }
  }
  return stored;
}

// Site A: 12 decisions on three days (two ISO weeks), one expired receipt, one receipt later erased;
// site B: 2 decisions. 2026-05-04 and 2026-05-11 are Mondays.
const SPECS: Spec[] = [
  {
    count: 6,
    day: '2026-05-04',
    action: 'accept-all',
    layer: 1,
    language: 'nb',
    statistics: true,
    marketing: true,
  },
  {
    count: 3,
    day: '2026-05-04',
    action: 'reject-all',
    layer: 1,
    language: 'nb',
    gpc: true,
    statistics: false,
    marketing: false,
  },
  {
    count: 2,
    day: '2026-05-05',
    action: 'save-selection',
    layer: 2,
    language: 'en',
    statistics: true,
    marketing: false,
  },
  {
    count: 1,
    day: '2026-05-11',
    action: 'withdraw',
    state: 'withdrawn',
    layer: 2,
    language: 'en',
    revision: 1,
    policyVersion: '1',
    statistics: false,
    marketing: false,
  },
  {
    count: 1,
    day: '2026-05-11',
    action: 'api',
    state: 'expired',
    layer: 0,
    language: 'nb',
    statistics: false,
    marketing: false,
  },
  {
    count: 2,
    site: B,
    day: '2026-05-04',
    action: 'accept-all',
    layer: 1,
    language: 'sv',
    statistics: true,
    marketing: true,
  },
];
const ERASED: Spec = {
  count: 1,
  day: '2026-05-04',
  action: 'accept-all',
  layer: 1,
  language: 'nb',
  statistics: true,
  marketing: true,
};

const STATS_ORDER: Record<string, string> = {
  receipt_stats: STATS_KEYS,
  samtykke_receipt_stats: STATS_KEYS,
  receipt_category_stats: CATEGORY_STATS_KEYS,
  samtykke_receipt_category_stats: CATEGORY_STATS_KEYS,
};

const hidden = {
  decisions: null,
  suppressed: true,
  acceptRate: null,
  refuseRate: null,
  customiseRate: null,
  withdrawalRate: null,
  gpcShare: null,
};

/**
 * Site A's nine decisions of 4 May, all in Norwegian (six "accept all", three "reject all" under GPC): one group by
 * day and by language.
 */
const firstWeekNb = {
  decisions: 9,
  suppressed: false,
  acceptRate: 6 / 9,
  refuseRate: 3 / 9,
  customiseRate: 0,
  withdrawalRate: 0,
  gpcShare: 3 / 9,
};

describe.each(storageKinds)('consent statistics on $name', (kind: StorageKind) => {
  let db: Awaited<ReturnType<StorageKind['open']>>;
  beforeEach(async () => {
    db = await kind.open();
    await store(db.storage, SPECS);
    const [erased] = await store(db.storage, [ERASED]);
    expect(await db.storage.erase((erased as Receipt).recordId, '2026-06-01T00:00:00.000Z')).toBe(1);
  });
  afterEach(() => db.close());

  it('counts one site per day, suppressing groups under five decisions', async () => {
    const stats = await db.storage.stats({ site: A });
    expect(stats).toEqual({
      site: A,
      since: null,
      period: 'day',
      minCount: 5,
      totals: {
        decisions: 12,
        suppressed: false,
        acceptRate: 6 / 12,
        refuseRate: 3 / 12,
        customiseRate: 2 / 12,
        withdrawalRate: 1 / 12,
        gpcShare: 3 / 12,
      },
      byPeriod: [
        { period: '2026-05-04', ...firstWeekNb },
        { period: '2026-05-05', ...hidden },
        { period: '2026-05-11', ...hidden },
      ],
      byLanguage: [
        { language: 'en', ...hidden },
        { language: 'nb', ...firstWeekNb },
      ],
      byRevision: [
        { revision: 1, policyVersion: '1', ...hidden },
        {
          revision: 2,
          policyVersion: '3',
          decisions: 11,
          suppressed: false,
          acceptRate: 6 / 11,
          refuseRate: 3 / 11,
          customiseRate: 2 / 11,
          withdrawalRate: 0,
          gpcShare: 3 / 11,
        },
      ],
      byLayerAction: [
        { layer: 1, action: 'accept-all', decisions: 6, suppressed: false, share: 6 / 12 },
        { layer: 1, action: 'reject-all', decisions: null, suppressed: true, share: null },
        { layer: 2, action: 'save-selection', decisions: null, suppressed: true, share: null },
        { layer: 2, action: 'withdraw', decisions: null, suppressed: true, share: null },
      ],
      byCategory: [
        { category: 'marketing', decisions: 12, suppressed: false, granted: 6, grantRate: 6 / 12 },
        { category: 'statistics', decisions: 12, suppressed: false, granted: 8, grantRate: 8 / 12 },
      ],
      byCategoryPeriod: [
        { period: '2026-05-04', category: 'marketing', decisions: 9, suppressed: false, granted: 6, grantRate: 6 / 9 },
        { period: '2026-05-04', category: 'statistics', decisions: 9, suppressed: false, granted: 6, grantRate: 6 / 9 },
        {
          period: '2026-05-05',
          category: 'marketing',
          decisions: null,
          suppressed: true,
          granted: null,
          grantRate: null,
        },
        {
          period: '2026-05-05',
          category: 'statistics',
          decisions: null,
          suppressed: true,
          granted: null,
          grantRate: null,
        },
        {
          period: '2026-05-11',
          category: 'marketing',
          decisions: null,
          suppressed: true,
          granted: null,
          grantRate: null,
        },
        {
          period: '2026-05-11',
          category: 'statistics',
          decisions: null,
          suppressed: true,
          granted: null,
          grantRate: null,
        },
      ],
    });
  });

  it('groups by ISO week (Monday), across sites, and from a day on', async () => {
    const weekly = await db.storage.stats({ period: 'week', minCount: 1 });
    expect(weekly.totals.decisions).toBe(14);
    expect(weekly.byPeriod.map((row) => [row.period, row.decisions, row.acceptRate])).toEqual([
      ['2026-05-04', 13, 8 / 13],
      ['2026-05-11', 1, 0],
    ]);
    expect(weekly.byLanguage.map((row) => [row.language, row.decisions])).toEqual([
      ['en', 3],
      ['nb', 9],
      ['sv', 2],
    ]);

    const recent = await db.storage.stats({ site: A, since: '2026-05-05T08:00:00+02:00', minCount: 1 });
    expect(recent.since).toBe('2026-05-05');
    expect(recent.totals).toEqual({
      decisions: 3,
      suppressed: false,
      acceptRate: 0,
      refuseRate: 0,
      customiseRate: 2 / 3,
      withdrawalRate: 1 / 3,
      gpcShare: 0,
    });
    expect(recent.byLayerAction).toEqual([
      { layer: 2, action: 'save-selection', decisions: 2, suppressed: false, share: 2 / 3 },
      { layer: 2, action: 'withdraw', decisions: 1, suppressed: false, share: 1 / 3 },
    ]);
    expect(recent.byCategory).toEqual([
      { category: 'marketing', decisions: 3, suppressed: false, granted: 0, grantRate: 0 },
      { category: 'statistics', decisions: 3, suppressed: false, granted: 2, grantRate: 2 / 3 },
    ]);
  });

  it('suppresses the totals too when the whole selection is small, and answers an empty site', async () => {
    const small = await db.storage.stats({ site: B });
    expect(small.totals).toEqual(hidden);
    expect(small.byCategory.every((row) => row.suppressed && row.granted === null)).toBe(true);
    const none = await db.storage.stats({ site: 'https://nobody.example' });
    expect(none.totals).toEqual(hidden);
    expect(none.byPeriod).toEqual([]);
  });

  it('counts receipts stored before the statistics existed, once the ledger is upgraded', async () => {
    const counts = kind.name === 'sqlite' ? 'receipt_stats' : 'samtykke_receipt_stats';
    const version = kind.name === 'sqlite' ? 'schema_version' : 'samtykke_schema_version';
    const drop =
      kind.name === 'sqlite'
        ? [
            'DROP TRIGGER receipts_stats_erase',
            'DROP VIEW receipt_category_stats_source',
            'DROP VIEW receipt_stats_source',
            'DROP TABLE receipt_stats',
            'DROP TABLE receipt_category_stats',
            // What later versions added, so the ledger is as version 1 left it.
            'DROP TABLE erasure_keys',
            'ALTER TABLE receipts DROP COLUMN proof',
          ]
        : [
            'DROP TRIGGER samtykke_receipts_stats ON samtykke_receipts',
            'DROP FUNCTION samtykke_receipt_stats_trigger',
            'DROP FUNCTION samtykke_count_receipt',
            'DROP TABLE samtykke_receipt_stats',
            'DROP TABLE samtykke_receipt_category_stats',
            'DROP TABLE samtykke_erasure_keys',
            'ALTER TABLE samtykke_receipts DROP COLUMN proof',
          ];
    await db.storage.close();
    // `close` after the test closes the storage it opened first; that one is closed already.
    db.storage.close = async () => {};
    for (const statement of drop) await db.sql(statement);
    await db.sql(`UPDATE ${version} SET version = 1`);
    const reopened = await (kind.name === 'sqlite'
      ? (await import('../../src/server/sqlite-storage.js')).openSqliteStorage({ path: db.location })
      : (await import('../../src/server/postgres-storage.js')).openPostgresStorage({ connectionString: db.location }));
    try {
      const stats = await reopened.stats({ site: A });
      expect(stats.totals.decisions).toBe(12);
      expect(stats.byCategory.map((row) => row.granted)).toEqual([6, 8]);
      expect(await db.sql(`SELECT sum(decisions) AS n FROM ${counts}`)).toEqual([
        { n: kind.name === 'sqlite' ? 14 : '14' },
      ]);
    } finally {
      await reopened.close();
    }
  });

  const countTables =
    kind.name === 'sqlite'
      ? ['receipt_stats', 'receipt_category_stats']
      : ['samtykke_receipt_stats', 'samtykke_receipt_category_stats'];
  /** Every counter row, in key order. */
  const counters = async () => {
    const tables: unknown[][] = [];
    for (const table of countTables) tables.push(await db.sql(`SELECT * FROM ${table} ORDER BY ${STATS_ORDER[table]}`));
    return tables;
  };
  /** Reopen the ledger as if it were at schema version 6, so the migration to 7 runs on what it holds. */
  const upgradeFrom6 = async () => {
    const version = kind.name === 'sqlite' ? 'schema_version' : 'samtykke_schema_version';
    await db.storage.close();
    db.storage.close = async () => {};
    await db.sql(`UPDATE ${version} SET version = 6`);
    const reopened = await (kind.name === 'sqlite'
      ? (await import('../../src/server/sqlite-storage.js')).openSqliteStorage({ path: db.location })
      : (await import('../../src/server/postgres-storage.js')).openPostgresStorage({ connectionString: db.location }));
    await reopened.close();
  };

  it('counts a commit group in the append itself, exactly as a recount of the stored receipts does', async () => {
    const seal = createSealer(key, () => new Date('2026-05-06T23:59:59.999Z'));
    const base = completeReceipt();
    const stored = await receiptOf({ ...(SPECS[0] as Spec), day: '2026-05-06' });
    await db.storage.append([{ receipt: stored, site: A, client: null }], seal);
    const before = await db.storage.stats({ minCount: 1 });
    // A category listed twice counts once; one without a consent basis not at all.
    const twice = await makeReceipt({
      purposes: [
        base.purposes[0] as Receipt['purposes'][number],
        { id: 'statistics', title: 's', status: 'granted', lawfulBasis: 'consent', services: [] },
        { id: 'statistics', title: 's', status: 'granted', lawfulBasis: 'consent', services: [] },
        { id: 'marketing', title: 'm', status: 'granted', lawfulBasis: 'strictly-necessary', services: [] },
      ],
    });
    const fresh = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        receiptOf({
          count: 1,
          day: '2026-05-06',
          action: index % 2 ? 'accept-all' : 'reject-all',
          state: index === 5 ? 'expired' : 'given',
          layer: 1,
          language: index % 4 ? 'nb' : 'da',
          gpc: index % 5 === 0,
          statistics: index % 2 === 1,
          marketing: index % 3 === 1,
        }),
      ),
    );
    const conflicting = { ...stored, integrity: { ...stored.integrity, receiptHash: `sha256-${'C'.repeat(43)}=` } };
    const item = (receipt: Receipt, site = A) => ({ receipt, site, client: null });
    const requests = [
      ...fresh.slice(0, 6).map((receipt, index) => [item(receipt, index % 2 ? B : A)]),
      fresh.slice(6).map((receipt) => item(receipt)),
      // Refused as a whole: its fresh receipt is neither stored nor counted.
      [item(await receiptOf({ ...(SPECS[0] as Spec), day: '2026-05-06' })), item(conflicting)],
      [item(stored)],
      [item(twice)],
      [item(twice), item(fresh[0] as Receipt)],
    ];
    // Sent in one turn, so they share one commit group.
    const outcomes = await Promise.allSettled(requests.map((items) => db.storage.append(items, seal)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      ...Array(7).fill('fulfilled'),
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const after = await db.storage.stats({ minCount: 1 });
    // 12 fresh (one expired) and the receipt with the repeated category.
    expect(after.totals.decisions).toBe((before.totals.decisions as number) + 12);
    const counted = await counters();
    await upgradeFrom6();
    expect(await counters()).toEqual(counted);
  });

  it('rebuilds the counters from the stored receipts when a ledger is upgraded to version 7', async () => {
    const expected = await counters();
    const [decisions, categories] = countTables as [string, string];
    await db.sql(`UPDATE ${decisions} SET decisions = decisions + 100`);
    await db.sql(`DELETE FROM ${categories} WHERE category = ?`, ['marketing']);
    await upgradeFrom6();
    expect(await counters()).toEqual(expected);
    expect(expected[0]?.length).toBeGreaterThan(0);
  });

  it('answers GET /stats to the admin token only, with the query in the URL', async () => {
    const handler = createLedgerHandler({
      storage: db.storage,
      signingKey: key,
      adminToken: 'stats-token-0123456789',
      rateLimit: false,
      logger: () => {},
    });
    const get = (query: string, headers: Record<string, string> = {}) =>
      handler(new Request(`http://ledger.test/stats${query}`, { headers }));
    const admin = { authorization: 'Bearer stats-token-0123456789' };
    expect((await get('')).status).toBe(401);
    expect((await get('', { authorization: 'Bearer wrong' })).status).toBe(403);
    const response = await get(`?site=${encodeURIComponent(A)}&period=week&minCount=3`, admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Awaited<ReturnType<LedgerStorage['stats']>>;
    expect(body).toEqual(await db.storage.stats({ site: A, period: 'week', minCount: 3 }));
    expect(body.byLanguage.map((row) => row.decisions)).toEqual([3, 9]);
    const bad = await get('?minCount=-1', admin);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'minCount: expected a whole number of at least 1, got null' });
    expect((await get('?since=soon', admin)).status).toBe(400);
    expect((await handler(new Request('http://ledger.test/stats', { method: 'POST', headers: admin }))).status).toBe(
      405,
    );
  });

  it('prints tables or JSON from samtykke-ledger stats', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) };
    expect(await runCli(['stats', '--database', db.location, '--site', A, '--json'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual(await db.storage.stats({ site: A }));
    out.length = 0;
    expect(await runCli(['stats', '--database', db.location, '--site', A, '--since', '2026-05-04'], io)).toBe(0);
    const text = out.join('');
    expect(text).toContain(`Consent statistics: site ${A}, since 2026-05-04, groups under 5 decisions shown as <min`);
    expect(text).toContain('all         12   50.0%   25.0%      16.7%      8.3%  25.0%');
    expect(text).toContain('2026-05-04          9   66.7%   33.3%       0.0%      0.0%  33.3%');
    expect(text).toContain('2026-05-05       <min    <min    <min       <min      <min   <min');
    expect(text).toContain('statistics         12    66.7%');
    expect(await runCli(['stats', '--database', db.location, '--min-count', 'few'], io)).toBe(2);
    expect(await runCli(['stats', '--database', db.location, '--period', 'month'], io)).toBe(2);
    expect(err).toEqual([
      'samtykke-ledger stats: --min-count: expected a whole number, got "few"\n',
      'samtykke-ledger stats: --period: expected "day" or "week", got "month"\n',
    ]);
  });

  it('rejects a query it cannot answer, naming the option', async () => {
    await expect(db.storage.stats({ since: 'yesterday' })).rejects.toThrow(
      'since: expected a date (YYYY-MM-DD) or ISO time, got "yesterday"',
    );
    await expect(db.storage.stats({ minCount: 0 })).rejects.toThrow('minCount: expected a whole number of at least 1');
    await expect(db.storage.stats({ period: 'month' as 'day' })).rejects.toThrow(
      'period: expected "day" or "week", got "month"',
    );
  });
});
