/**
 * Consent statistics: aggregates over stored receipts, computed in SQL, with small cells suppressed.
 *
 * Receipts are stored as JSON text, and reading a million of them to count a few fields would parse
 * gigabytes. So each back end keeps two counter tables: decisions per site, day and every grouped field,
 * and grants per site, day and category. The append adds to them in the same transaction that stores its
 * receipts, from the receipts it already holds parsed, one upsert per counter row the commit group
 * touches ({@link countReceipts}); a trigger takes one away when a receipt is erased into a tombstone
 * (rare, and it must see the receipt before it is gone). So a query reads a few thousand counter rows,
 * not a million receipts. The counters hold no consent id, no client and no time finer than a day, and
 * the output is counts of groups only: nothing here can answer a question about one visitor. An expired
 * decision is noticed by the system, not decided by anyone, so it is not counted.
 */

import type { Receipt } from '../types.js';

/** The grouping of the time series. */
export type StatsPeriod = 'day' | 'week';

/** What to aggregate. */
export interface StatsQuery {
  /** One site's chain (its origin); all sites when absent. */
  site?: string | undefined;
  /** First day counted (`YYYY-MM-DD`, or an ISO time whose UTC day is taken); all time when absent. */
  since?: string | undefined;
  /** @default 'day' */
  period?: StatsPeriod | undefined;
  /** Groups with fewer decisions than this are suppressed. @default 5 */
  minCount?: number | undefined;
}

/** The rates of one group of decisions; every figure is null when the group is suppressed. */
export interface DecisionCell {
  decisions: number | null;
  suppressed: boolean;
  /** Share of decisions made with "Accept all". */
  acceptRate: number | null;
  /** Share made with "Reject all". */
  refuseRate: number | null;
  /** Share saved from a custom selection. */
  customiseRate: number | null;
  /** Share that withdrew consent. */
  withdrawalRate: number | null;
  /** Share sent while the browser signalled Global Privacy Control. */
  gpcShare: number | null;
}

/** How often one category was granted, among the decisions that offered it. */
export interface CategoryCell {
  category: string;
  decisions: number | null;
  suppressed: boolean;
  granted: number | null;
  grantRate: number | null;
}

/** One banner layer and action. */
export interface LayerActionCell {
  /** 1 = banner, 2 = preferences, 0 = not through the UI. */
  layer: number;
  action: string;
  decisions: number | null;
  suppressed: boolean;
  /** Share of all decisions in the selection; null when suppressed. */
  share: number | null;
}

/** The statistics of a selection of receipts. */
export interface ConsentStats {
  site: string | null;
  since: string | null;
  period: StatsPeriod;
  minCount: number;
  totals: DecisionCell;
  byPeriod: Array<{ period: string } & DecisionCell>;
  byLanguage: Array<{ language: string } & DecisionCell>;
  byRevision: Array<{ revision: number; policyVersion: string } & DecisionCell>;
  byLayerAction: LayerActionCell[];
  byCategory: CategoryCell[];
  /** Per period and category, for a chart of how each category's grant rate moves. */
  byCategoryPeriod: Array<{ period: string } & CategoryCell>;
}

/** Runs one read-only aggregate query; `?` placeholders. */
export type StatsRunner = (
  sql: string,
  params: readonly (string | number)[],
) => Promise<Array<Record<string, unknown>>>;

/** The SQL differences between the two back ends the statistics need. */
export interface StatsDialect {
  counts: string;
  categoryCounts: string;
  /** An expression turning the `day` column into the first day (Monday) of its ISO week. */
  weekOf: (day: string) => string;
}

export const SQLITE_STATS_DIALECT: StatsDialect = {
  counts: 'receipt_stats',
  categoryCounts: 'receipt_category_stats',
  weekOf: (day) => `date(${day}, 'weekday 0', '-6 days')`,
};

export const POSTGRES_STATS_DIALECT: StatsDialect = {
  counts: 'samtykke_receipt_stats',
  categoryCounts: 'samtykke_receipt_category_stats',
  weekOf: (day) => `to_char(date_trunc('week', ${day}::date), 'YYYY-MM-DD')`,
};

// The fields one decision is counted under; the same list keys the counter tables and their upserts.
export const STATS_KEYS = 'site, day, state, action, layer, language, revision, policy_version, gpc';
export const CATEGORY_STATS_KEYS = 'site, day, category, granted';
const KEYS = STATS_KEYS;
const CATEGORY_KEYS = CATEGORY_STATS_KEYS;

/** One counter row: its key columns in the order of {@link STATS_KEYS} (or {@link CATEGORY_STATS_KEYS}), and what to add. */
export interface CounterIncrement {
  key: Array<string | number>;
  decisions: number;
}

/** What a commit group adds to the two counter tables, one increment per row, in key order. */
export interface StatsIncrements {
  decisions: CounterIncrement[];
  categories: CounterIncrement[];
}

/** A receipt as stored: the chain it joined and its receive time (ISO), whose UTC day it is counted under. */
export interface CountedReceipt {
  site: string;
  receivedAt: string;
  receipt: Receipt;
}

/**
 * The fields of one receipt its counters are keyed by, in the order of {@link STATS_KEYS} after site and day,
 * and each category with a consent basis once, as granted (1) or not (0); null for a decision that is not
 * counted (expired). Small and flat, so it can be handed to a writer thread with the receipt's stored text.
 */
export interface CountFacts {
  decision: [
    state: string,
    action: string,
    layer: number,
    language: string,
    revision: number,
    policy: string,
    gpc: 0 | 1,
  ];
  categories: Array<[category: string, granted: 0 | 1]>;
}

/** What one receipt is counted under (see {@link CountFacts}). */
export function countFactsOf(receipt: Receipt): CountFacts | null {
  const { event, notice } = receipt;
  if (event.state === 'expired') return null;
  const categories: CountFacts['categories'] = [];
  const seen = new Set<string>();
  for (const purpose of receipt.purposes) {
    if (purpose.lawfulBasis !== 'consent') continue;
    const granted = purpose.status === 'granted' ? 1 : 0;
    const id = `${granted}${purpose.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    categories.push([purpose.id, granted]);
  }
  return {
    decision: [
      event.state,
      event.action,
      event.layer,
      notice.language,
      notice.configRevision,
      notice.policyVersion,
      receipt.signals.gpc === true ? 1 : 0,
    ],
    categories,
  };
}

/**
 * The counter increments of newly stored receipts, as the migrations' SQL counts them: an expired
 * decision is not counted; each category with a consent basis counts once per receipt, as granted or not.
 */
export function countReceipts(stored: Iterable<CountedReceipt>): StatsIncrements {
  return countFacts(
    Array.from(stored, ({ site, receivedAt, receipt }) => ({ site, receivedAt, facts: countFactsOf(receipt) })),
  );
}

/** {@link countReceipts} from each receipt's {@link CountFacts}. */
export function countFacts(
  stored: Iterable<{ site: string; receivedAt: string; facts: CountFacts | null }>,
): StatsIncrements {
  const decisions = new Map<string, CounterIncrement>();
  const categories = new Map<string, CounterIncrement>();
  const add = (into: Map<string, CounterIncrement>, key: Array<string | number>) => {
    const id = JSON.stringify(key);
    const counter = into.get(id);
    if (counter) counter.decisions++;
    else into.set(id, { key, decisions: 1 });
  };
  for (const { site, receivedAt, facts } of stored) {
    if (!facts) continue;
    const day = receivedAt.slice(0, 10);
    add(decisions, [site, day, ...facts.decision]);
    for (const [category, granted] of facts.categories) add(categories, [site, day, category, granted]);
  }
  // In key order, so two transactions touching the same counter rows lock them in the same order.
  const sorted = (counters: Map<string, CounterIncrement>) =>
    [...counters.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, counter]) => counter);
  return { decisions: sorted(decisions), categories: sorted(categories) };
}

// The counters of every receipt stored, in one set-based pass (the tables must be empty).
const SQLITE_STATS_RECOUNT = `
  INSERT INTO receipt_stats SELECT ${KEYS}, count(*) FROM receipt_stats_source GROUP BY ${KEYS};
  INSERT INTO receipt_category_stats
    SELECT ${CATEGORY_KEYS}, count(*) FROM receipt_category_stats_source GROUP BY ${CATEGORY_KEYS};
`;

/** The SQLite migration: the counter tables, their triggers, and the counts of receipts already stored. */
export const SQLITE_STATS_MIGRATION = `
  CREATE TABLE receipt_stats (
    site TEXT NOT NULL, day TEXT NOT NULL, state TEXT NOT NULL, action TEXT NOT NULL, layer INTEGER NOT NULL,
    language TEXT NOT NULL, revision INTEGER NOT NULL, policy_version TEXT NOT NULL, gpc INTEGER NOT NULL,
    decisions INTEGER NOT NULL, PRIMARY KEY (${KEYS})
  ) WITHOUT ROWID;
  CREATE TABLE receipt_category_stats (
    site TEXT NOT NULL, day TEXT NOT NULL, category TEXT NOT NULL, granted INTEGER NOT NULL,
    decisions INTEGER NOT NULL, PRIMARY KEY (${CATEGORY_KEYS})
  ) WITHOUT ROWID;
  CREATE VIEW receipt_stats_source AS
    SELECT site, seq, substr(received_at, 1, 10) AS day, json_extract(receipt, '$.event.state') AS state,
      json_extract(receipt, '$.event.action') AS action, json_extract(receipt, '$.event.layer') AS layer,
      json_extract(receipt, '$.notice.language') AS language,
      json_extract(receipt, '$.notice.configRevision') AS revision,
      json_extract(receipt, '$.notice.policyVersion') AS policy_version,
      coalesce(json_extract(receipt, '$.signals.gpc'), 0) AS gpc, receipt
    FROM receipts WHERE receipt IS NOT NULL AND json_extract(receipt, '$.event.state') <> 'expired';
  CREATE VIEW receipt_category_stats_source AS
    SELECT DISTINCT s.site, s.seq, s.day, json_extract(p.value, '$.id') AS category,
      json_extract(p.value, '$.status') = 'granted' AS granted
    FROM receipt_stats_source s, json_each(s.receipt, '$.purposes') p
    WHERE json_extract(p.value, '$.lawfulBasis') = 'consent';
  ${SQLITE_STATS_RECOUNT}
  CREATE TRIGGER receipts_stats_insert AFTER INSERT ON receipts WHEN NEW.receipt IS NOT NULL BEGIN
    INSERT INTO receipt_stats SELECT ${KEYS}, 1 FROM receipt_stats_source WHERE site = NEW.site AND seq = NEW.seq
      ON CONFLICT DO UPDATE SET decisions = decisions + 1;
    INSERT INTO receipt_category_stats
      SELECT ${CATEGORY_KEYS}, 1 FROM receipt_category_stats_source WHERE site = NEW.site AND seq = NEW.seq
      ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  END;
  -- BEFORE, so the sources still see the receipt that is about to become a tombstone.
  CREATE TRIGGER receipts_stats_erase BEFORE UPDATE OF receipt ON receipts
    WHEN NEW.receipt IS NULL AND OLD.receipt IS NOT NULL BEGIN
    UPDATE receipt_stats SET decisions = decisions - 1
      WHERE (${KEYS}) IN (SELECT ${KEYS} FROM receipt_stats_source WHERE site = OLD.site AND seq = OLD.seq);
    UPDATE receipt_category_stats SET decisions = decisions - 1
      WHERE (${CATEGORY_KEYS}) IN
        (SELECT ${CATEGORY_KEYS} FROM receipt_category_stats_source WHERE site = OLD.site AND seq = OLD.seq);
    DELETE FROM receipt_stats WHERE site = OLD.site AND decisions = 0;
    DELETE FROM receipt_category_stats WHERE site = OLD.site AND decisions = 0;
  END;
`;

const POSTGRES_STATS_RECOUNT = `
  -- The receipts already stored, counted in one set-based pass: calling the function per row would update the
  -- same counter rows over and over in one transaction, which PostgreSQL makes slower with every update.
  INSERT INTO samtykke_receipt_stats
    SELECT site, left(received_at, 10), r #>> '{event,state}', r #>> '{event,action}', (r #>> '{event,layer}')::smallint,
      r #>> '{notice,language}', (r #>> '{notice,configRevision}')::integer, r #>> '{notice,policyVersion}',
      CASE WHEN r #>> '{signals,gpc}' = 'true' THEN 1 ELSE 0 END, count(*)
    FROM (SELECT site, received_at, receipt::jsonb AS r FROM samtykke_receipts WHERE receipt IS NOT NULL) stored
    WHERE r #>> '{event,state}' <> 'expired'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
  INSERT INTO samtykke_receipt_category_stats
    SELECT site, day, category, granted, count(*) FROM (
      SELECT DISTINCT site, seq, left(received_at, 10) AS day, p ->> 'id' AS category,
        CASE WHEN p ->> 'status' = 'granted' THEN 1 ELSE 0 END AS granted
      FROM (SELECT site, seq, received_at, receipt::jsonb AS r FROM samtykke_receipts WHERE receipt IS NOT NULL) stored,
        jsonb_array_elements(r -> 'purposes') p
      WHERE r #>> '{event,state}' <> 'expired' AND p ->> 'lawfulBasis' = 'consent'
    ) purposes
    GROUP BY 1, 2, 3, 4;
`;

/** The PostgreSQL migration: the same counter tables, kept by one trigger function. */
export const POSTGRES_STATS_MIGRATION = `
  CREATE TABLE samtykke_receipt_stats (
    site text COLLATE "C" NOT NULL, day text NOT NULL, state text NOT NULL, action text NOT NULL,
    layer smallint NOT NULL, language text NOT NULL, revision integer NOT NULL, policy_version text NOT NULL,
    gpc smallint NOT NULL, decisions bigint NOT NULL, PRIMARY KEY (${KEYS})
  );
  CREATE TABLE samtykke_receipt_category_stats (
    site text COLLATE "C" NOT NULL, day text NOT NULL, category text NOT NULL, granted smallint NOT NULL,
    decisions bigint NOT NULL, PRIMARY KEY (${CATEGORY_KEYS})
  );
  -- Adds p_delta (1 or -1) to the counters of one receipt; an expired decision is not counted.
  CREATE FUNCTION samtykke_count_receipt(p_site text, p_received_at text, p_body text, p_delta integer) RETURNS void
  LANGUAGE plpgsql AS $$
  DECLARE r jsonb := p_body::jsonb;
  BEGIN
    IF r #>> '{event,state}' = 'expired' THEN RETURN; END IF;
    INSERT INTO samtykke_receipt_stats AS t VALUES (p_site, left(p_received_at, 10), r #>> '{event,state}',
      r #>> '{event,action}', (r #>> '{event,layer}')::smallint, r #>> '{notice,language}',
      (r #>> '{notice,configRevision}')::integer, r #>> '{notice,policyVersion}',
      CASE WHEN r #>> '{signals,gpc}' = 'true' THEN 1 ELSE 0 END, p_delta)
      ON CONFLICT (${KEYS}) DO UPDATE SET decisions = t.decisions + p_delta;
    INSERT INTO samtykke_receipt_category_stats AS t
      SELECT DISTINCT p_site, left(p_received_at, 10), p ->> 'id', CASE WHEN p ->> 'status' = 'granted' THEN 1 ELSE 0 END, p_delta
      FROM jsonb_array_elements(r -> 'purposes') p WHERE p ->> 'lawfulBasis' = 'consent'
      ON CONFLICT (${CATEGORY_KEYS}) DO UPDATE SET decisions = t.decisions + p_delta;
    IF p_delta < 0 THEN
      DELETE FROM samtykke_receipt_stats s WHERE s.site = p_site AND s.decisions = 0;
      DELETE FROM samtykke_receipt_category_stats s WHERE s.site = p_site AND s.decisions = 0;
    END IF;
  END $$;
  CREATE FUNCTION samtykke_receipt_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' AND NEW.receipt IS NOT NULL THEN
      PERFORM samtykke_count_receipt(NEW.site, NEW.received_at, NEW.receipt, 1);
    ELSIF TG_OP = 'UPDATE' AND NEW.receipt IS NULL AND OLD.receipt IS NOT NULL THEN
      PERFORM samtykke_count_receipt(OLD.site, OLD.received_at, OLD.receipt, -1);
    END IF;
    RETURN NULL;
  END $$;
  ${POSTGRES_STATS_RECOUNT}
  CREATE TRIGGER samtykke_receipts_stats AFTER INSERT OR UPDATE OF receipt ON samtykke_receipts
    FOR EACH ROW EXECUTE FUNCTION samtykke_receipt_stats_trigger();
`;

/**
 * SQLite, schema version 7: the append counts its receipts itself (see {@link countReceipts}), so the
 * per-row insert trigger, which re-read each receipt's JSON in SQL, goes; the erase trigger stays. The
 * counters are rebuilt from the stored receipts, so whatever counted them before, they start exact.
 */
export const SQLITE_STATS_IN_APPEND_MIGRATION = `
  DROP TRIGGER IF EXISTS receipts_stats_insert;
  DELETE FROM receipt_stats;
  DELETE FROM receipt_category_stats;
  ${SQLITE_STATS_RECOUNT}
`;

/** PostgreSQL, schema version 7: as {@link SQLITE_STATS_IN_APPEND_MIGRATION}, the trigger left only for erasure. */
export const POSTGRES_STATS_IN_APPEND_MIGRATION = `
  DROP TRIGGER IF EXISTS samtykke_receipts_stats ON samtykke_receipts;
  CREATE OR REPLACE FUNCTION samtykke_receipt_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.receipt IS NULL AND OLD.receipt IS NOT NULL THEN
      PERFORM samtykke_count_receipt(OLD.site, OLD.received_at, OLD.receipt, -1);
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER samtykke_receipts_stats AFTER UPDATE OF receipt ON samtykke_receipts
    FOR EACH ROW EXECUTE FUNCTION samtykke_receipt_stats_trigger();
  DELETE FROM samtykke_receipt_stats;
  DELETE FROM samtykke_receipt_category_stats;
  ${POSTGRES_STATS_RECOUNT}
`;

const DEFAULT_MIN_COUNT = 5;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

// Counted per group in one pass; the rates are derived from these in `decisionCell`.
const DECISION_COUNTS = `sum(decisions) AS decisions,
  sum(CASE WHEN action = 'accept-all' THEN decisions ELSE 0 END) AS accepted,
  sum(CASE WHEN action = 'reject-all' THEN decisions ELSE 0 END) AS refused,
  sum(CASE WHEN action = 'save-selection' THEN decisions ELSE 0 END) AS customised,
  sum(CASE WHEN action = 'withdraw' OR state = 'withdrawn' THEN decisions ELSE 0 END) AS withdrawn,
  sum(gpc * decisions) AS gpc`;

/** Thrown for a query the statistics cannot answer; the message names the option. */
export class StatsQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatsQueryError';
  }
}

/** Check and complete a {@link StatsQuery}; throws {@link StatsQueryError} naming the bad option. */
export function normalizeStatsQuery(query: StatsQuery): Required<Pick<StatsQuery, 'period' | 'minCount'>> & {
  site: string | null;
  since: string | null;
} {
  const period = query.period ?? 'day';
  if (period !== 'day' && period !== 'week')
    throw new StatsQueryError(`period: expected "day" or "week", got ${JSON.stringify(period)}`);
  const minCount = query.minCount ?? DEFAULT_MIN_COUNT;
  if (!Number.isInteger(minCount) || minCount < 1)
    throw new StatsQueryError(`minCount: expected a whole number of at least 1, got ${JSON.stringify(minCount)}`);
  let since: string | null = null;
  if (query.since !== undefined) {
    const time = DAY.test(query.since) ? Date.parse(`${query.since}T00:00:00Z`) : Date.parse(query.since);
    if (Number.isNaN(time))
      throw new StatsQueryError(`since: expected a date (YYYY-MM-DD) or ISO time, got ${JSON.stringify(query.since)}`);
    since = new Date(time).toISOString().slice(0, 10);
  }
  return { site: query.site ?? null, since, period, minCount };
}

/**
 * The consent statistics of the receipts a query selects. Each breakdown is one SQL aggregate over the
 * fact tables; a group with fewer than `minCount` decisions keeps its label but none of its figures.
 */
export async function computeStats(
  run: StatsRunner,
  dialect: StatsDialect,
  query: StatsQuery = {},
): Promise<ConsentStats> {
  const { site, since, period, minCount } = normalizeStatsQuery(query);
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (site !== null) {
    where.push('site = ?');
    params.push(site);
  }
  if (since !== null) {
    where.push('day >= ?');
    params.push(since);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // Each breakdown: the labels it selects (`expression AS name`) and groups and orders by (the names).
  const decisions = (labels: string[]) => {
    const names = labels.map((label) => label.split(' AS ').at(-1));
    const group = names.length ? ` GROUP BY ${names.join(', ')} ORDER BY ${names.join(', ')}` : '';
    return run(`SELECT ${[...labels, DECISION_COUNTS].join(', ')} FROM ${dialect.counts} ${filter}${group}`, params);
  };
  const categories = (labels: string[]) => {
    const names = labels.map((label) => label.split(' AS ').at(-1)).join(', ');
    return run(
      `SELECT ${labels.join(', ')}, sum(decisions) AS decisions, sum(granted * decisions) AS granted FROM ${dialect.categoryCounts} ${filter} GROUP BY ${names} ORDER BY ${names}`,
      params,
    );
  };
  const periodLabel = `${period === 'day' ? 'day' : dialect.weekOf('day')} AS period`;
  // One at a time: the SQLite runner is synchronous anyway, and a pool of one must not be asked for more.
  const totals = await decisions([]);
  const byPeriod = await decisions([periodLabel]);
  const byLanguage = await decisions(['language']);
  const byRevision = await decisions(['revision', 'policy_version']);
  const byLayerAction = await run(
    `SELECT layer, action, sum(decisions) AS decisions FROM ${dialect.counts} ${filter} GROUP BY layer, action ORDER BY layer, action`,
    params,
  );
  const byCategory = await categories(['category']);
  const byCategoryPeriod = await categories([periodLabel, 'category']);

  const all = Number(totals[0]?.decisions ?? 0);
  const cell = (row: Record<string, unknown> | undefined) => decisionCell(row, minCount);
  return {
    site,
    since,
    period,
    minCount,
    totals: cell(totals[0]),
    byPeriod: byPeriod.map((row) => ({ period: String(row.period), ...cell(row) })),
    byLanguage: byLanguage.map((row) => ({ language: String(row.language), ...cell(row) })),
    byRevision: byRevision.map((row) => ({
      revision: Number(row.revision),
      policyVersion: String(row.policy_version),
      ...cell(row),
    })),
    byLayerAction: byLayerAction.map((row) => {
      const count = Number(row.decisions);
      const suppressed = count < minCount;
      return {
        layer: Number(row.layer),
        action: String(row.action),
        decisions: suppressed ? null : count,
        suppressed,
        share: suppressed ? null : count / all,
      };
    }),
    byCategory: byCategory.map((row) => categoryCell(row, minCount)),
    byCategoryPeriod: byCategoryPeriod.map((row) => ({ period: String(row.period), ...categoryCell(row, minCount) })),
  };
}

function decisionCell(row: Record<string, unknown> | undefined, minCount: number): DecisionCell {
  const decisions = Number(row?.decisions ?? 0);
  if (!row || decisions < minCount) {
    return {
      decisions: null,
      suppressed: true,
      acceptRate: null,
      refuseRate: null,
      customiseRate: null,
      withdrawalRate: null,
      gpcShare: null,
    };
  }
  const rate = (column: string) => Number(row[column] ?? 0) / decisions;
  return {
    decisions,
    suppressed: false,
    acceptRate: rate('accepted'),
    refuseRate: rate('refused'),
    customiseRate: rate('customised'),
    withdrawalRate: rate('withdrawn'),
    gpcShare: rate('gpc'),
  };
}

function categoryCell(row: Record<string, unknown>, minCount: number): CategoryCell {
  const decisions = Number(row.decisions);
  const suppressed = decisions < minCount;
  const granted = Number(row.granted ?? 0);
  return {
    category: String(row.category),
    decisions: suppressed ? null : decisions,
    suppressed,
    granted: suppressed ? null : granted,
    grantRate: suppressed ? null : granted / decisions,
  };
}

/** A {@link StatsQuery} from URL parameters `site`, `since`, `period` and `minCount` (checked later). */
export function statsQueryOf(params: URLSearchParams): StatsQuery {
  const minCount = params.get('minCount');
  return {
    site: params.get('site') ?? undefined,
    since: params.get('since') ?? undefined,
    period: (params.get('period') ?? undefined) as StatsPeriod | undefined,
    minCount: minCount === null ? undefined : /^\d{1,9}$/.test(minCount) ? Number(minCount) : Number.NaN,
  };
}
