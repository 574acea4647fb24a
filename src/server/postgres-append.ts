import type { PoolClient } from 'pg';
import { type GroupWrites, type PlanRequest, planItems } from './append-plan.js';
import { CATEGORY_STATS_KEYS, type CounterIncrement, STATS_KEYS } from './stats.js';
import { type AppendResult, asStorageError, type RowColumns } from './storage.js';

export const WRITTEN_COLUMNS =
  'site, seq, receipt_id, record_id, receipt_hash, chain_hash, received_at, receipt, client, key_id, signature, proof, erased_at';
const FIELDS = WRITTEN_COLUMNS.split(', ') as Array<keyof RowColumns>;
// Parameters per statement at most: PostgreSQL takes 65,535.
const MAX_PARAMETERS = 65_535;
// The columns that are not text, by name (the same in every table a group writes), for the statements that
// select their rows from a VALUES list, where nothing else names the type of a parameter.
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  seq: 'bigint',
  old_seq: 'bigint',
  decisions: 'bigint',
  layer: 'smallint',
  gpc: 'smallint',
  granted: 'smallint',
  revision: 'integer',
};

/**
 * Schema version 9: what the one-statement append calls when a chain head it expected has moved (another
 * process appended since this one last wrote), so that the whole statement, rows and counters included, is
 * rolled back and the group goes the locking way instead.
 */
export const POSTGRES_CHAIN_CHECK_MIGRATION = `
  CREATE OR REPLACE FUNCTION samtykke_chain_heads_unmoved(unmoved bigint, planned bigint) RETURNS boolean
  LANGUAGE plpgsql VOLATILE AS $$
  BEGIN
    IF unmoved <> planned THEN
      RAISE EXCEPTION 'a chain head moved since this process last appended to it' USING ERRCODE = '40001';
    END IF;
    RETURN true;
  END $$;
`;

type Head = { seq: number; chainHash: string | null };
/** What runs one statement (on the pool, its own transaction, or on a client inside one). */
type Run = (text: string, params: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/** One multi-row write: `sql` of its `VALUES` list, its rows' values in the order of `columns`. */
interface RowWrite {
  columns: readonly string[];
  rows: unknown[][];
  sql: (values: string) => string;
}

/** A VALUES list of `rows`, its parameters appended to `values`; `typed` casts each non-text column. */
function valuesOf(write: RowWrite, rows: readonly unknown[][], values: unknown[], typed: boolean): string {
  const casts = write.columns.map((column) => (typed && COLUMN_TYPES[column] ? `::${COLUMN_TYPES[column]}` : ''));
  return rows
    .map(
      (row) =>
        `(${row
          .map((value, column) => {
            values.push(value);
            return `$${values.length}${casts[column]}`;
          })
          .join(', ')})`,
    )
    .join(', ');
}

/** What a commit group writes besides its chain heads, as multi-row writes. */
function groupWrites(requests: readonly PlanRequest[], writes: GroupWrites, guard: string): RowWrite[] {
  // Erasure keys of the requests that were taken (replays included: a beacon may have stored the receipt keyless).
  const keys = requests
    .filter((_, index) => !(writes.outcomes[index] instanceof Error))
    .flatMap((request) => request.items.filter((item) => item.erasureKeyHash))
    .map((item) => [item.site, item.recordId, item.erasureKeyHash]);
  const from = (values: string, columns: string) => `SELECT * FROM (VALUES ${values}) AS v (${columns})${guard}`;
  const counts = (table: string, keyColumns: string, counters: readonly CounterIncrement[]): RowWrite => ({
    columns: [...keyColumns.split(', '), 'decisions'],
    rows: counters.map((counter) => [...counter.key, counter.decisions]),
    sql: (values) =>
      `INSERT INTO ${table} AS t (${keyColumns}, decisions) ${from(values, `${keyColumns}, decisions`)} ON CONFLICT (${keyColumns}) DO UPDATE SET decisions = t.decisions + excluded.decisions`,
  });
  const all: RowWrite[] = [
    {
      columns: FIELDS,
      rows: writes.rows.map((row) => FIELDS.map((field) => row[field])),
      sql: (values) => `INSERT INTO samtykke_receipts (${WRITTEN_COLUMNS}) ${from(values, WRITTEN_COLUMNS)}`,
    },
    {
      columns: ['site', 'record_id', 'key_hash'],
      rows: keys,
      sql: (values) =>
        `INSERT INTO samtykke_erasure_keys (site, record_id, key_hash) ${from(values, 'site, record_id, key_hash')} ON CONFLICT DO NOTHING`,
    },
    counts('samtykke_receipt_stats', STATS_KEYS, writes.counts.decisions),
    counts('samtykke_receipt_category_stats', CATEGORY_STATS_KEYS, writes.counts.categories),
  ];
  return all.filter((write) => write.rows.length > 0);
}

const parametersOf = (writes: readonly RowWrite[]) =>
  writes.reduce((sum, write) => sum + write.rows.length * write.columns.length, 0);

/**
 * The appends of one process to a PostgreSQL ledger that other processes may write too.
 *
 * A site's chain is extended by one writer at a time: the one holding its chain-head row lock. The safe way takes
 * that lock first (`SELECT … FOR UPDATE`), looks the group's receipt ids up, plans the group with what it read
 * and writes it: five round trips, during which no other writer can extend the chain. While this process is the
 * only one appending to a site, what it would read is what it wrote last, so it plans the group with the heads it
 * remembers and sends everything in one statement that is its own transaction: it locks the heads, checks
 * they are still the ones it planned against (else PostgreSQL rolls the whole statement back, see
 * {@link POSTGRES_CHAIN_CHECK_MIGRATION}), and only then writes the rows, keys, counters and heads. A receipt id
 * already stored fails the statement on its unique key. Either failure sends the group the safe way, which also
 * tells whether another process is appending to the site (its head is not the one this process left): until it
 * stops, that site's groups go the safe way straight away. The acknowledgements are answered after the commit
 * either way, and the database, not this process's memory, decides what a chain holds.
 *
 * Groups are planned in the order they are handed over. With two in flight, the second is planned on the heads
 * the first will leave, and its statement waits in PostgreSQL for the first one's head lock; one that gets there
 * first is refused and sent again once the first has settled. A group handed over after one that goes the
 * locking way waits for it, since the heads it will leave are read only under the lock.
 */
export function createPostgresAppender(
  run: Run,
  transaction: <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>,
): (requests: readonly PlanRequest[]) => Promise<Array<AppendResult[] | Error>> {
  // Per site: its head after the last group this process planned, the head its last commit left, and whether
  // another process appended since.
  const left = new Map<string, Head>();
  const committed = new Map<string, Head>();
  const shared = new Set<string>();
  // Per site: the last group handed over (a promise that settles when it has), and how many groups handed over
  // have not planned yet (they wait for an earlier one, or go the locking way): until they have, `left` is not
  // the head the next group follows.
  const tails = new Map<string, Promise<void>>();
  const unplanned = new Map<string, number>();

  /** The one-statement append of a group, planned on the heads this process left, or undefined if it cannot be. */
  function plan(
    requests: readonly PlanRequest[],
  ): { writes: GroupWrites; text: string; values: unknown[] } | undefined {
    const writes = planItems(requests, {
      // Unknown: a receipt id that is stored makes the statement fail on its unique key.
      stored: () => undefined,
      head: (site) => left.get(site) as Head,
    });
    if (writes.heads.length === 0) return undefined;
    const heads: RowWrite = {
      columns: ['site', 'old_seq', 'old_hash', 'seq', 'chain_hash'],
      rows: writes.heads.map(({ site, seq, chainHash }) => [
        site,
        left.get(site)?.seq,
        left.get(site)?.chainHash,
        seq,
        chainHash,
      ]),
      sql: String,
    };
    const rows = groupWrites(requests, writes, ' WHERE (SELECT ok FROM checked)');
    // A group too large for one statement goes the locking way, which splits its writes.
    if (parametersOf([heads, ...rows]) > MAX_PARAMETERS) return undefined;
    const values: unknown[] = [writes.heads.map((head) => head.site)];
    const expected = valuesOf(heads, heads.rows, values, true);
    const parts = rows.map((write, index) => `w${index} AS (${write.sql(valuesOf(write, write.rows, values, true))}),`);
    // Remembered before the commit, so the next group can be planned on top of this one while it runs; if this one
    // fails, that one's statement finds the heads unmoved and is refused in turn.
    for (const head of writes.heads) left.set(head.site, head);
    // The heads are locked by site alone: a statement that reaches them while an earlier one holds them waits for
    // its commit and then reads the heads it left, which are the ones this group was planned on.
    const text = `WITH v (${heads.columns.join(', ')}) AS (VALUES ${expected}),
      locked AS (SELECT site, seq, chain_hash FROM samtykke_chain_heads WHERE site = ANY($1::text[])
        ORDER BY site FOR UPDATE),
      checked AS (SELECT samtykke_chain_heads_unmoved(count(*), ${writes.heads.length}) AS ok FROM locked l
        JOIN v ON l.site = v.site AND l.seq = v.old_seq AND l.chain_hash IS NOT DISTINCT FROM v.old_hash),
      ${parts.join('\n')}
      heads AS (UPDATE samtykke_chain_heads h SET seq = v.seq, chain_hash = v.chain_hash FROM v
        WHERE h.site = v.site AND (SELECT ok FROM checked))
      SELECT ok FROM checked`;
    return { writes, text, values };
  }

  return async function append(requests) {
    const sites = [...new Set(requests.flatMap((request) => request.items.map((item) => item.site)))].sort();
    // This group follows every group handed over before it on its sites: `earlier` settles when they all have.
    const ahead = sites.flatMap((site) => tails.get(site) ?? []);
    const earlier = { settled: ahead.length === 0, done: Promise.all(ahead) };
    void earlier.done.then(() => {
      earlier.settled = true;
    });
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    for (const site of sites) tails.set(site, settled);
    let waiting = false;
    const wait = (on: boolean) => {
      if (waiting === on) return;
      waiting = on;
      for (const site of sites) unplanned.set(site, (unplanned.get(site) ?? 0) + (on ? 1 : -1));
    };
    try {
      // An earlier group that has not planned yet leaves a head this process does not know before it has.
      if (sites.some((site) => (unplanned.get(site) ?? 0) > 0)) {
        wait(true);
        await earlier.done;
      }
      const planned = sites.every((site) => left.has(site) && !shared.has(site)) ? plan(requests) : undefined;
      if (planned) {
        wait(false);
        try {
          await sendAfter(planned, earlier);
          for (const head of planned.writes.heads) commit(head);
          return planned.writes.outcomes;
        } catch (error) {
          // 40001: a head moved (the locking way tells whether another process appends there); 23505: a receipt id
          // already stored. Anything else, such as the database gone, fails the group, and whether the statement
          // committed is unknown: the heads are read again next time.
          const code = (error as { code?: string }).code;
          if (code !== '40001' && code !== '23505') {
            forget(sites);
            throw asStorageError(error, 'PostgreSQL');
          }
        }
      }
      wait(true);
      // Once every earlier group has settled, what this process committed last is what it can compare with.
      await earlier.done;
      return await lockedGroup(requests, sites);
    } catch (error) {
      // A transaction that failed may have moved nothing this process remembers moving.
      forget(sites);
      throw error;
    } finally {
      wait(false);
      for (const site of sites) if (tails.get(site) === settled) tails.delete(site);
      settle();
    }
  };

  /**
   * Send a planned statement. While earlier groups run, it may reach PostgreSQL before theirs (each goes on a
   * connection of its own), find the heads they have not moved yet and be refused: then it is sent once more after
   * they settled.
   */
  async function sendAfter(
    { text, values }: { text: string; values: unknown[] },
    earlier: { settled: boolean; done: Promise<unknown> },
  ): Promise<void> {
    const ahead = !earlier.settled;
    try {
      await run(text, values);
    } catch (error) {
      if (!ahead || (error as { code?: string }).code !== '40001') throw error;
      await earlier.done;
      await run(text, values);
    }
  }

  /** A head this process's commit left: the newest per site (commits of one site finish in chain order). */
  function commit(head: Head & { site: string }) {
    if ((committed.get(head.site)?.seq ?? -1) < head.seq) committed.set(head.site, head);
  }
  function forget(sites: readonly string[]) {
    for (const site of sites) {
      left.delete(site);
      committed.delete(site);
    }
  }

  function lockedGroup(requests: readonly PlanRequest[], sites: readonly string[]) {
    return transaction(async (client) => {
      const heads = await lockHeads(client, sites);
      for (const site of sites) {
        const mine = committed.get(site);
        const found = heads.get(site);
        if (mine && (mine.seq !== found?.seq || mine.chainHash !== found.chainHash)) shared.add(site);
        else shared.delete(site);
      }
      const writes = await lockedAppend(client, requests, sites, heads);
      for (const site of sites) left.set(site, heads.get(site) ?? { seq: 0, chainHash: null });
      for (const head of writes.heads) left.set(head.site, head);
      return writes;
    }).then((writes) => {
      for (const site of sites) commit({ site, ...(left.get(site) as Head) });
      return writes.outcomes;
    });
  }
}

/**
 * Append a group in a transaction that holds its sites' chain-head locks (see lockHeads): look every receipt id
 * up once, plan the group (see append-plan.ts), then write its rows, erasure keys, counters and chain heads.
 */
async function lockedAppend(
  client: PoolClient,
  requests: readonly PlanRequest[],
  sites: readonly string[],
  heads: ReadonlyMap<string, Head>,
): Promise<GroupWrites> {
  // Looked up after taking the locks, so a concurrent replay of the same receipt waits and then finds it.
  const ids = [...new Set(requests.flatMap((request) => request.items.map((item) => item.receiptId)))];
  // A receipt id is unique per site (schema version 4): every lookup is by (site, receipt id).
  const existing = await client.query<RowColumns>(
    `SELECT ${WRITTEN_COLUMNS} FROM samtykke_receipts WHERE receipt_id = ANY($1) AND site = ANY($2)`,
    [ids, sites],
  );
  const idOf = (site: string, receiptId: string) => `${site}\n${receiptId}`;
  const known = new Map(existing.rows.map((row) => [idOf(row.site, row.receipt_id), row]));
  const writes = planItems(requests, {
    stored: (site, receiptId) => known.get(idOf(site, receiptId)),
    head: (site) => heads.get(site) ?? { seq: 0, chainHash: null },
  });
  const moved: RowWrite = {
    columns: ['site', 'seq', 'chain_hash'],
    rows: writes.heads.map((head) => [head.site, head.seq, head.chainHash]),
    sql: (values) =>
      `UPDATE samtykke_chain_heads AS h SET seq = v.seq, chain_hash = v.chain_hash FROM (VALUES ${values}) AS v (site, seq, chain_hash) WHERE h.site = v.site`,
  };
  await writeRows(client, [...groupWrites(requests, writes, ''), moved]);
  return writes;
}

/**
 * Run a group's writes in as few statements as the parameter limit allows: the writes of one statement are
 * data-modifying CTEs of it (`WITH a AS (INSERT …), b AS (INSERT …) UPDATE …`), so a commit group's rows, counters
 * and chain heads take one round trip instead of one each. They touch different tables (or different rows of
 * one), so no write needs to see another's effect, which a CTE could not.
 */
async function writeRows(client: PoolClient, writes: readonly RowWrite[]): Promise<void> {
  let parts: string[] = [];
  let values: unknown[] = [];
  const flush = async () => {
    if (parts.length === 0) return;
    const last = parts.length - 1;
    const text =
      last === 0
        ? (parts[0] as string)
        : `WITH ${parts
            .slice(0, last)
            .map((part, index) => `w${index} AS (${part})`)
            .join(', ')} ${parts[last]}`;
    const params = values;
    parts = [];
    values = [];
    await client.query(text, params);
  };
  for (const write of writes) {
    const width = write.columns.length;
    if (write.rows.length === 0) continue;
    const rowsPerStatement = Math.floor(MAX_PARAMETERS / width);
    for (let offset = 0; offset < write.rows.length; offset += rowsPerStatement) {
      const chunk = write.rows.slice(offset, offset + rowsPerStatement);
      if (values.length + chunk.length * width > MAX_PARAMETERS) await flush();
      parts.push(write.sql(valuesOf(write, chunk, values, true)));
    }
  }
  await flush();
}

/**
 * Lock the chain heads of `sites` (sorted), in that order, and read them. A site's head row is created on its
 * first append; every later one takes its lock in the same statement that reads it.
 */
async function lockHeads(client: PoolClient, sites: readonly string[]): Promise<Map<string, Head>> {
  const heads = new Map<string, Head>();
  const lock = async (of: readonly string[]) => {
    const rows = await client.query<{ site: string; seq: string; chain_hash: string | null }>(
      'SELECT site, seq, chain_hash FROM samtykke_chain_heads WHERE site = ANY($1) ORDER BY site FOR UPDATE',
      [of],
    );
    for (const row of rows.rows) heads.set(row.site, { seq: Number(row.seq), chainHash: row.chain_hash });
  };
  await lock(sites);
  for (const site of sites.filter((site) => !heads.has(site))) {
    await client.query(
      'INSERT INTO samtykke_chain_heads (site, seq, chain_hash) VALUES ($1, 0, NULL) ON CONFLICT (site) DO NOTHING',
      [site],
    );
    await lock([site]);
  }
  return heads;
}
