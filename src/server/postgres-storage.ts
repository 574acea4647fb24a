import type { Pool, PoolClient, PoolConfig, QueryResult, QueryResultRow } from 'pg';
import { type PlanItem, planItemOf } from './append-plan.js';
import { POSTGRES_ERASURE_KEYS_MIGRATION, POSTGRES_ERASURE_REQUESTS_MIGRATION } from './erasure.js';
import { createGroupCommitter } from './group-commit.js';
import { POSTGRES_NOTICES_MIGRATION, postgresNotices } from './notices.js';
import { createPostgresAppender, POSTGRES_CHAIN_CHECK_MIGRATION, WRITTEN_COLUMNS } from './postgres-append.js';
import { POSTGRES_SITE_RECEIPT_IDS_MIGRATION } from './site-receipt-ids.js';
import {
  computeStats,
  POSTGRES_STATS_DIALECT,
  POSTGRES_STATS_IN_APPEND_MIGRATION,
  POSTGRES_STATS_MIGRATION,
} from './stats.js';
import {
  asStorageError,
  fromColumns,
  type LedgerStorage,
  loadDriver,
  type PageQuery,
  type RowColumns,
  StorageUnavailableError,
} from './storage.js';

/** Options of {@link openPostgresStorage}. */
export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Pool size per process. @default 10 */
  maxConnections?: number;
  /** Open for reading only: no migration, every transaction read-only (for `verify` and `export`). */
  readOnly?: boolean;
  /** Extra `pg` pool settings (`ssl` and so on), as `pg.PoolConfig`; typed loosely so `@types/pg` stays optional. */
  pool?: Readonly<Record<string, unknown>>;
}

const SCHEMA_VERSION = 9;
// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 0x5a4d_4b45;

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE samtykke_receipts (
      site text COLLATE "C" NOT NULL,
      seq bigint NOT NULL,
      receipt_id text NOT NULL UNIQUE,
      record_id text,
      receipt_hash text NOT NULL,
      chain_hash text NOT NULL,
      received_at text NOT NULL,
      receipt text,
      client text,
      key_id text NOT NULL,
      signature text NOT NULL,
      erased_at text,
      PRIMARY KEY (site, seq)
    );
    CREATE INDEX samtykke_receipts_record ON samtykke_receipts (record_id);
    CREATE INDEX samtykke_receipts_received ON samtykke_receipts (received_at);
    CREATE TABLE samtykke_chain_heads (site text COLLATE "C" PRIMARY KEY, seq bigint NOT NULL, chain_hash text);
  `,
  2: POSTGRES_STATS_MIGRATION,
  3: POSTGRES_ERASURE_KEYS_MIGRATION,
  4: POSTGRES_SITE_RECEIPT_IDS_MIGRATION,
  5: 'ALTER TABLE samtykke_receipts ADD COLUMN proof text',
  6: POSTGRES_ERASURE_REQUESTS_MIGRATION,
  7: POSTGRES_STATS_IN_APPEND_MIGRATION,
  8: POSTGRES_NOTICES_MIGRATION,
  9: POSTGRES_CHAIN_CHECK_MIGRATION,
};

const TOMBSTONE = 'UPDATE samtykke_receipts SET receipt = NULL, record_id = NULL, client = NULL, erased_at = $1';
// unique_violation and deadlock_detected: a concurrent writer won a race; the whole batch is retried.
const RETRYABLE = new Set(['23505', '40P01', '40001']);

/**
 * The ledger on PostgreSQL, for several endpoint processes behind a load balancer. Each append
 * locks its site's chain-head row (`SELECT … FOR UPDATE`), so concurrent writers extend one chain
 * in turn; the schema is created and migrated on open under an advisory lock.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<LedgerStorage> {
  const driver = await loadDriver<{ default: { Pool: typeof Pool } }>('pg', () => import('pg'));
  const pool = new driver.default.Pool({
    ...(options.pool as PoolConfig | undefined),
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // While the database is unreachable a request fails within seconds (503) instead of hanging.
    connectionTimeoutMillis: 5000,
    ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // A connection dropped by the server (restart, failover, admin shutdown) emits 'error' on its client,
  // idle or checked out; pg-pool only listens while it is idle. Unhandled, that event ends the process.
  // The query that was running rejects on its own, and the pool replaces the client.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  let version = SCHEMA_VERSION;
  try {
    if (options.readOnly) version = await checkSchema(pool);
    else await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // A read-only open of a ledger from before group signing has no proof column: every row was signed alone.
  const columns = version >= 5 ? WRITTEN_COLUMNS : WRITTEN_COLUMNS.replace('proof', 'NULL AS proof');

  /**
   * One statement on a pooled connection. `pool.query` would release the connection as broken after any failed
   * statement, so every refused group (a head that moved, a replayed receipt id) cost a new connection and its
   * authentication (SCRAM: about 140 ms on this machine). A failure PostgreSQL answered leaves the connection
   * usable; only one the connection itself caused drops it.
   */
  async function run<Row extends QueryResultRow>(text: string, params: unknown[]): Promise<QueryResult<Row>> {
    const client = await pool.connect();
    try {
      const result = await client.query<Row>(text, params);
      client.release();
      return result;
    } catch (error) {
      client.release(answeredByServer(error) ? undefined : (error as Error));
      throw error;
    }
  }

  /** A query on the pool, with a failure of the database reported as unavailability. */
  async function query<Row extends object>(text: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await run<Row & QueryResultRow>(text, params)).rows;
    } catch (error) {
      throw asStorageError(error, 'PostgreSQL');
    }
  }

  async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asStorageError(error, 'PostgreSQL');
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection itself is gone: release it as broken so the pool drops it.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        if (attempt >= 5 || !RETRYABLE.has((error as { code?: string }).code ?? '')) {
          throw asStorageError(error, 'PostgreSQL');
        }
      } finally {
        client.release(broken);
      }
    }
  }

  // Two commits in flight: the next group is planned and sent while the previous one commits (see postgres-append.ts).
  // A request waits for its commit as plan items (ids, hashes, the stored text, the counters' facts), not as the
  // parsed receipt, whose many small objects would otherwise outlive the young generation's collections while the
  // commit runs and be copied, then promoted.
  const committer = createGroupCommitter<PlanItem>(createPostgresAppender(run, transaction), { inFlight: 2 });

  return {
    kind: 'postgres',
    ...postgresNotices(query, version),
    append: (items, seal) => committer.append(items.map(planItemOf), seal),
    expectedQueueMs: committer.expectedQueueMs,
    commitCostMs: committer.commitCostMs,
    async byRecord(recordId) {
      const rows = await query<RowColumns>(
        `SELECT ${columns} FROM samtykke_receipts WHERE record_id = $1 ORDER BY site, seq`,
        [recordId],
      );
      return rows.map(fromColumns);
    },
    async page(page: PageQuery) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      const param = (value: string | number) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (page.after) {
        const site = param(page.after.site);
        where.push(`(site > ${site} OR (site = ${site} AND seq > ${param(page.after.seq)}))`);
      }
      if (page.from) where.push(`received_at >= ${param(page.from)}`);
      if (page.to) where.push(`received_at < ${param(page.to)}`);
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = await query<RowColumns>(
        `SELECT ${columns} FROM samtykke_receipts ${filter} ORDER BY site, seq LIMIT ${param(page.limit)}`,
        params,
      );
      return rows.map(fromColumns);
    },
    async heads() {
      const rows = await query<{ site: string; seq: string; chain_hash: string | null }>(
        'SELECT site, seq, chain_hash FROM samtykke_chain_heads ORDER BY site',
      );
      return rows.map((row) => ({ site: row.site, seq: Number(row.seq), chainHash: row.chain_hash }));
    },
    async erase(recordId, erasedAt, site) {
      const onSite = site === undefined ? [] : [site];
      return transaction(async (client) => {
        const erased = await client.query(
          `${TOMBSTONE} WHERE record_id = $2${site === undefined ? '' : ' AND site = $3'} AND erased_at IS NULL`,
          [erasedAt, recordId, ...onSite],
        );
        await client.query(
          `DELETE FROM samtykke_erasure_keys WHERE record_id = $1${site === undefined ? '' : ' AND site = $2'}`,
          [recordId, ...onSite],
        );
        return erased.rowCount ?? 0;
      });
    },
    async retainErasure(recordId, site, requestedAt, eraseAfter) {
      return transaction(async (client) => {
        await client.query(
          'INSERT INTO samtykke_erasure_requests (site, record_id, requested_at, erase_after) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [site, recordId, requestedAt, eraseAfter],
        );
        const kept = await client.query(
          'UPDATE samtykke_receipts SET client = NULL WHERE record_id = $1 AND site = $2 AND erased_at IS NULL',
          [recordId, site],
        );
        const deadline = await client.query<{ erase_after: string }>(
          'SELECT erase_after FROM samtykke_erasure_requests WHERE site = $1 AND record_id = $2',
          [site, recordId],
        );
        return { retained: kept.rowCount ?? 0, until: deadline.rows[0]?.erase_after ?? eraseAfter };
      });
    },
    async eraseDue(now) {
      return transaction(async (client) => {
        const due = await client.query<{ site: string; record_id: string }>(
          'DELETE FROM samtykke_erasure_requests WHERE erase_after <= $1 RETURNING site, record_id',
          [now],
        );
        let erased = 0;
        for (const { site, record_id } of due.rows) {
          const rows = await client.query(`${TOMBSTONE} WHERE record_id = $2 AND site = $3 AND erased_at IS NULL`, [
            now,
            record_id,
            site,
          ]);
          erased += rows.rowCount ?? 0;
          await client.query('DELETE FROM samtykke_erasure_keys WHERE record_id = $1 AND site = $2', [record_id, site]);
        }
        return erased;
      });
    },
    async erasureKeyOf(site, recordId) {
      const rows = await query<{ receipts: string; key_hash: string | null }>(
        `SELECT (SELECT count(*) FROM samtykke_receipts WHERE record_id = $2 AND site = $1 AND erased_at IS NULL) AS receipts,
          (SELECT key_hash FROM samtykke_erasure_keys WHERE site = $1 AND record_id = $2) AS key_hash`,
        [site, recordId],
      );
      return { receipts: Number(rows[0]?.receipts ?? 0), keyHash: rows[0]?.key_hash ?? null };
    },
    async eraseReceivedBefore(cutoff, erasedAt) {
      return transaction(async (client) => {
        const erased = await client.query(`${TOMBSTONE} WHERE received_at < $2 AND erased_at IS NULL`, [
          erasedAt,
          cutoff,
        ]);
        if (erased.rowCount)
          await client.query(
            'DELETE FROM samtykke_erasure_keys k WHERE NOT EXISTS (SELECT 1 FROM samtykke_receipts r WHERE r.record_id = k.record_id AND r.site = k.site)',
          );
        return erased.rowCount ?? 0;
      });
    },
    stats(selection) {
      return computeStats(
        (sql, params) => {
          let index = 0;
          return query<Record<string, unknown>>(
            sql.replace(/\?/g, () => `$${++index}`),
            [...params],
          );
        },
        POSTGRES_STATS_DIALECT,
        selection,
      );
    },
    async ping() {
      // A read-write check: a read-only standby left behind by a failover would refuse every append.
      const rows = await query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      if (!options.readOnly && rows[0]?.transaction_read_only === 'on') {
        throw new StorageUnavailableError('PostgreSQL: the database is read-only (a standby?)');
      }
    },
    async close() {
      await pool.end();
    },
  };
}

// Connection refused, reset, timed out or unroutable, and PostgreSQL's "cannot connect now" (starting up,
// shutting down, in recovery) and connection failures: the database is not there yet, or not any more.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08001',
  '08006',
]);

/**
 * Whether PostgreSQL itself answered a statement with this error (an ErrorResponse, which carries a severity), on a
 * connection that stays usable, unless the error ends the session: class 08 (connection exception) or 57P
 * (the server shutting down). A socket error, a timeout or a protocol failure has no severity.
 */
function answeredByServer(error: unknown): boolean {
  const { severity, code } = (error ?? {}) as { severity?: unknown; code?: unknown };
  if (typeof severity !== 'string' || typeof code !== 'string') return false;
  return !code.startsWith('08') && !code.startsWith('57P') && severity !== 'FATAL' && severity !== 'PANIC';
}

/**
 * Whether a failure to open the ledger means the PostgreSQL server could not be reached (worth waiting
 * for), as opposed to a mistake such as a wrong password or a missing database.
 */
export function isPostgresUnreachable(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  if (code !== undefined) return UNREACHABLE.has(code);
  // pg reports its own connection timeout and a connection closed under it without a code.
  return /timeout|Connection terminated/i.test((error as Error)?.message ?? '');
}

/** Refuse a database the ledger never migrated, without writing to it. */
async function checkSchema(pool: Pool): Promise<number> {
  const found = await pool
    .query<{ version: number }>('SELECT version FROM samtykke_schema_version')
    .catch((error: { code?: string }) => {
      // undefined_table: nothing was ever migrated here.
      if (error.code === '42P01') return { rows: [] };
      throw error;
    });
  const version = found.rows[0]?.version;
  if (version === undefined) throw new Error('no samtykke ledger in this PostgreSQL database (no schema version)');
  if (version > SCHEMA_VERSION) {
    throw new Error(`The ledger database has schema version ${version}; this samtykke knows up to ${SCHEMA_VERSION}`);
  }
  return version;
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS samtykke_schema_version (version integer NOT NULL)');
    const row = await client.query<{ version: number }>('SELECT version FROM samtykke_schema_version');
    let version = row.rows[0]?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new Error(`The ledger database has schema version ${version}; this samtykke knows up to ${SCHEMA_VERSION}`);
    }
    await client.query('BEGIN');
    while (version < SCHEMA_VERSION) {
      version++;
      await client.query(MIGRATIONS[version] as string);
    }
    if (row.rows.length) await client.query('UPDATE samtykke_schema_version SET version = $1', [version]);
    else await client.query('INSERT INTO samtykke_schema_version (version) VALUES ($1)', [version]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
