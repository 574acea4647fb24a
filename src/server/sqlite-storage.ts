import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { planItemOf } from './append-plan.js';
import { SQLITE_ERASURE_KEYS_MIGRATION, SQLITE_ERASURE_REQUESTS_MIGRATION } from './erasure.js';
import { notLag } from './event-loop-lag.js';
import { createGroupCommitter } from './group-commit.js';
import { SQLITE_NOTICES_MIGRATION, sqliteNotices } from './notices.js';
import { migrateSqliteSiteReceiptIds } from './site-receipt-ids.js';
import {
  checkFileIdentity,
  checkWritable,
  configureWriter,
  fileIdentity,
  prepareAppender,
  prepareWrites,
  type SqliteWrites,
  WRITTEN_COLUMNS,
} from './sqlite-append.js';
import { type SqliteWriter, startSqliteWriter } from './sqlite-writer.js';
import {
  computeStats,
  SQLITE_STATS_DIALECT,
  SQLITE_STATS_IN_APPEND_MIGRATION,
  SQLITE_STATS_MIGRATION,
} from './stats.js';
import {
  appendAnswerOf,
  asStorageError,
  type ChainHead,
  fromColumns,
  type LedgerStorage,
  loadDriver,
  type PageQuery,
  type RowColumns,
  StorageUnavailableError,
} from './storage.js';

/** Options of {@link openSqliteStorage}. */
export interface SqliteStorageOptions {
  /** Database file; created when missing (unless `mustExist` or `readOnly`). `:memory:` for tests. */
  path: string;
  /** Refuse a path where no database file is, instead of creating one. */
  mustExist?: boolean;
  /** Open for reading only, without migrating: an auditor can check a read-only copy. Implies `mustExist`. */
  readOnly?: boolean;
  /**
   * Commit on a writer thread of its own (a file database opened for writing): while a commit waits for its
   * fsync, the event loop goes on reading and checking the next requests. Commit groups whose sealers come
   * from `createSealer(key)` with the system clock go there (the handler's do, unless given `now`); others
   * commit on the event loop as without it. Needs the package's `sqlite-writer-thread.js` next to this module
   * (it is in `dist/server/`). @default false
   */
  writerThread?: boolean;
}

/** The SQLite ledger. */
export interface SqliteLedgerStorage extends LedgerStorage {
  /**
   * The writer thread running now, with `writerThread`: undefined before it started, after it stopped (a new
   * one starts with the next commit) or without the option. For watching it (`threadId`, `performance`).
   */
  writerThread(): Worker | undefined;
}

/** Thrown when a command that only reads (or must not create) is pointed at a path with no database. */
export class NoDatabaseError extends Error {
  constructor(readonly path: string) {
    super(`no database at ${path}`);
    this.name = 'NoDatabaseError';
  }
}

const SCHEMA_VERSION = 8;

const MIGRATIONS: Record<number, string | ((db: BetterSqlite3.Database) => void)> = {
  1: `
    CREATE TABLE receipts (
      site TEXT NOT NULL,
      seq INTEGER NOT NULL,
      receipt_id TEXT NOT NULL UNIQUE,
      record_id TEXT,
      receipt_hash TEXT NOT NULL,
      chain_hash TEXT NOT NULL,
      received_at TEXT NOT NULL,
      receipt TEXT,
      client TEXT,
      key_id TEXT NOT NULL,
      signature TEXT NOT NULL,
      erased_at TEXT,
      PRIMARY KEY (site, seq)
    );
    CREATE INDEX receipts_record ON receipts (record_id);
    CREATE INDEX receipts_received ON receipts (received_at);
    CREATE TABLE chain_heads (site TEXT PRIMARY KEY, seq INTEGER NOT NULL, chain_hash TEXT);
  `,
  2: SQLITE_STATS_MIGRATION,
  3: SQLITE_ERASURE_KEYS_MIGRATION,
  4: migrateSqliteSiteReceiptIds,
  5: 'ALTER TABLE receipts ADD COLUMN proof TEXT',
  6: SQLITE_ERASURE_REQUESTS_MIGRATION,
  7: SQLITE_STATS_IN_APPEND_MIGRATION,
  8: SQLITE_NOTICES_MIGRATION,
};

/**
 * The embedded ledger: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged
 * receipt survives a crash or power loss. Several processes may share the file: appends take the
 * write lock up front (`BEGIN IMMEDIATE`).
 */
export async function openSqliteStorage(options: SqliteStorageOptions): Promise<SqliteLedgerStorage> {
  const driver = await loadDriver<{ default: typeof BetterSqlite3 }>('better-sqlite3', () => import('better-sqlite3'));
  const readOnly = options.readOnly ?? false;
  const memory = options.path === ':memory:';
  if ((readOnly || options.mustExist) && !memory && !isFile(options.path)) throw new NoDatabaseError(options.path);
  let db: BetterSqlite3.Database;
  let scratch: string | undefined;
  if (readOnly) {
    ({ db, scratch } = openReadOnly(driver.default, options.path));
  } else {
    db = new driver.default(options.path, { fileMustExist: !!options.mustExist });
    configureWriter(db);
    migrate(db);
  }
  // The file this connection writes to. If it is deleted or replaced under the server, SQLite would keep
  // writing to the unlinked inode and every acknowledgement would be lost: appends and health refuse instead.
  const identity = memory ? undefined : fileIdentity(options.path);
  const checkFile = () => checkFileIdentity(options.path, identity);
  let writer: SqliteWriter | undefined;
  if (options.writerThread && !readOnly && !memory) {
    try {
      writer = await startSqliteWriter(options.path, identity);
    } catch (error) {
      db.close();
      throw new Error(`SQLite: the writer thread could not start: ${(error as Error).message}`, { cause: error });
    }
  }

  // A read-only open of a ledger from before group signing has no proof column: every row was signed alone.
  const version = readOnly ? schemaVersionOf(db) : SCHEMA_VERSION;
  const columns = version >= 5 ? WRITTEN_COLUMNS : WRITTEN_COLUMNS.replace('proof', 'NULL AS proof');
  // The event loop's own appends (without a writer thread, or for a sealer only this thread can run).
  const appender = readOnly ? undefined : prepareAppender(db);
  // The ledger's other writes (erasure, retention, notices), on this connection or on the writer thread's.
  const writes = readOnly ? undefined : prepareWrites(db);
  const write = async <Op extends keyof SqliteWrites>(
    op: Op,
    ...args: Parameters<SqliteWrites[Op]>
  ): Promise<ReturnType<SqliteWrites[Op]>> => {
    if (writer) return writer.write(op, args);
    return guard(() => {
      if (!writes) throw new StorageUnavailableError('SQLite: the ledger was opened read-only');
      checkFile();
      return (writes[op] as (...values: typeof args) => ReturnType<SqliteWrites[Op]>)(...args);
    });
  };
  // Read on this connection; prepared on first use, since a read-only open of an older schema (an auditor's
  // copy) has no erasure_keys table.
  const keys = once(() => ({
    of: db.prepare<[string, string], { key_hash: string }>(
      'SELECT key_hash FROM erasure_keys WHERE site = ? AND record_id = ?',
    ),
    count: db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM receipts WHERE record_id = ? AND site = ? AND erased_at IS NULL',
    ),
  }));

  const notices = sqliteNotices(db, version, guard);
  // A document is written where the appends are, so no write here waits for the thread's write lock.
  const threadWriter = writer;
  if (threadWriter) notices.putNotices = (documents) => threadWriter.write('putNotices', [documents]);
  // The event loop's group commit: without a writer thread, or for a sealer only this thread can run.
  const committer = createGroupCommitter(async (requests) => {
    const planned = requests.map(({ items, seal }) => ({ items: items.map(planItemOf), seal }));
    return guard(() => {
      if (!appender) throw new StorageUnavailableError('SQLite: the ledger was opened read-only');
      checkFile();
      // Synchronous: the loop waits for the fsync, which is not overload (see event-loop-lag.ts).
      return notLag(() => appender.appendGroup(planned));
    });
  });

  return {
    kind: 'sqlite',
    ...notices,
    // On the writer thread, the event loop is free while a commit waits for its fsync.
    append: (items, seal) =>
      writer?.takes(seal) ? writer.append(items.map(planItemOf), seal) : committer.append(items, seal),
    appendAnswer: (items, seal) =>
      writer?.takes(seal)
        ? writer.appendAnswer(items.map(planItemOf), seal)
        : committer.append(items, seal).then(appendAnswerOf),
    expectedQueueMs: writer ? writer.expectedQueueMs : committer.expectedQueueMs,
    commitCostMs: writer ? writer.commitCostMs : committer.commitCostMs,
    async byRecord(recordId) {
      return guard(() =>
        db
          .prepare<[string], RowColumns>(`SELECT ${columns} FROM receipts WHERE record_id = ? ORDER BY site, seq`)
          .all(recordId)
          .map(fromColumns),
      );
    },
    async page(query: PageQuery) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (query.after) {
        where.push('(site > ? OR (site = ? AND seq > ?))');
        params.push(query.after.site, query.after.site, query.after.seq);
      }
      if (query.from) {
        where.push('received_at >= ?');
        params.push(query.from);
      }
      if (query.to) {
        where.push('received_at < ?');
        params.push(query.to);
      }
      const sql = `SELECT ${columns} FROM receipts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY site, seq LIMIT ?`;
      return guard(() =>
        db
          .prepare<Array<string | number>, RowColumns>(sql)
          .all(...params, query.limit)
          .map(fromColumns),
      );
    },
    async heads(): Promise<ChainHead[]> {
      const rows = guard(() =>
        db
          .prepare<[], { site: string; seq: number; chain_hash: string | null }>(
            'SELECT site, seq, chain_hash FROM chain_heads ORDER BY site',
          )
          .all(),
      );
      return rows.map((row) => ({ site: row.site, seq: Number(row.seq), chainHash: row.chain_hash }));
    },
    erase: (recordId, erasedAt, site) => write('erase', recordId, erasedAt, site),
    retainErasure: (recordId, site, requestedAt, eraseAfter) =>
      write('retainErasure', recordId, site, requestedAt, eraseAfter),
    eraseDue: (now) => write('eraseDue', now),
    async erasureKeyOf(site, recordId) {
      return guard(() => ({
        receipts: keys().count.get(recordId, site)?.n ?? 0,
        keyHash: keys().of.get(site, recordId)?.key_hash ?? null,
      }));
    },
    eraseReceivedBefore: (cutoff, erasedAt) => write('eraseReceivedBefore', cutoff, erasedAt),
    stats(query) {
      return computeStats(
        async (sql, params) => guard(() => db.prepare(sql).all(...params) as Record<string, unknown>[]),
        SQLITE_STATS_DIALECT,
        query,
      );
    },
    async ping() {
      // The writer thread makes the real write itself, so /health also says whether it can commit.
      if (writer) return writer.ping();
      guard(() => {
        checkFile();
        if (readOnly || memory || !appender) return void db.prepare('SELECT 1').get();
        checkWritable(options.path);
        appender.touch();
      });
    },
    writerThread: () => writer?.thread(),
    async close() {
      await writer?.close();
      db.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** `make()` on the first call, the same value after. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/** Run a database call, reporting a failure of SQLite (full disk, I/O error, busy) as unavailability. */
function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asStorageError(error, 'SQLite');
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Open a ledger for reading only. A WAL-mode file needs its `-shm` index, which SQLite cannot create
 * next to a read-only copy (an auditor's copy, a mounted snapshot): then the file (and its `-wal`) is
 * copied to a private temporary folder and read there. The original is never written either way.
 */
function openReadOnly(
  Database: typeof BetterSqlite3,
  path: string,
): { db: BetterSqlite3.Database; scratch: string | undefined } {
  const open = (file: string) => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      checkSchema(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  try {
    return { db: open(path), scratch: undefined };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) throw error;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'samtykke-readonly-'));
  try {
    const copy = join(scratch, basename(path));
    copyFileSync(path, copy);
    if (isFile(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    return { db: open(copy), scratch };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** The schema version of a checked ledger. */
function schemaVersionOf(db: BetterSqlite3.Database): number {
  return db.prepare<[], { version: number }>('SELECT version FROM schema_version').get()?.version ?? 0;
}

/** Refuse a file the ledger never migrated, without writing to it. */
function checkSchema(db: BetterSqlite3.Database): void {
  const table = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get();
  const version = table
    ? db.prepare<[], { version: number }>('SELECT version FROM schema_version').get()?.version
    : undefined;
  if (version === undefined) throw new Error('no samtykke ledger in this SQLite file (no schema version)');
  if (version > SCHEMA_VERSION) {
    throw new Error(`The ledger database has schema version ${version}; this samtykke knows up to ${SCHEMA_VERSION}`);
  }
}

function migrate(db: BetterSqlite3.Database): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get();
    let version = row?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new Error(`The ledger database has schema version ${version}; this samtykke knows up to ${SCHEMA_VERSION}`);
    }
    while (version < SCHEMA_VERSION) {
      version++;
      const migration = MIGRATIONS[version];
      if (typeof migration === 'function') migration(db);
      else db.exec(migration as string);
    }
    if (row) db.prepare('UPDATE schema_version SET version = ?').run(version);
    else db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
  }).immediate();
}
