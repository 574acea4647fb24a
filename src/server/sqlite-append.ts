import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { type PlanRequest, planItems } from './append-plan.js';
import { CATEGORY_STATS_KEYS, type CounterIncrement, STATS_KEYS } from './stats.js';
import { type AppendResult, type RowColumns, StorageUnavailableError } from './storage.js';

/**
 * What appends to an SQLite ledger: one transaction per commit group, and the real write `/health` makes.
 * The same statements run on the event loop's connection or on the writer thread's (sqlite-writer.ts).
 */
export interface SqliteAppender {
  /**
   * Plan, seal and write a whole commit group in one transaction (one fsync) under the write lock
   * (`BEGIN IMMEDIATE`); per request, its results or the conflict that refused it alone.
   */
  appendGroup(requests: readonly PlanRequest[]): Array<AppendResult[] | Error>;
  /** A real write, committed durably: a full disk or a lost lock shows here, not at the next append. */
  touch(): void;
}

export const WRITTEN_COLUMNS =
  'site, seq, receipt_id, record_id, receipt_hash, chain_hash, received_at, receipt, client, key_id, signature, proof, erased_at';

/** Prepare the append statements on a connection to a migrated, writable ledger. */
export function prepareAppender(db: BetterSqlite3.Database): SqliteAppender {
  const findById = db.prepare<[string, string], RowColumns>(
    `SELECT ${WRITTEN_COLUMNS} FROM receipts WHERE site = ? AND receipt_id = ?`,
  );
  const head = db.prepare<[string], { seq: number; chain_hash: string | null }>(
    'SELECT seq, chain_hash FROM chain_heads WHERE site = ?',
  );
  const insert = db.prepare<RowColumns>(
    `INSERT INTO receipts (${WRITTEN_COLUMNS}) VALUES (@site, @seq, @receipt_id, @record_id, @receipt_hash, @chain_hash, @received_at, @receipt, @client, @key_id, @signature, @proof, @erased_at)`,
  );
  // The statistics' counters, added to by each append (see stats.ts).
  const upsertCounter = (table: string, keys: string) => {
    const statement = db.prepare(
      `INSERT INTO ${table} (${keys}, decisions) VALUES (${keys.replace(/\w+/g, '?')}, ?) ON CONFLICT DO UPDATE SET decisions = decisions + excluded.decisions`,
    );
    return (counter: CounterIncrement) => void statement.run(...counter.key, counter.decisions);
  };
  const countDecision = upsertCounter('receipt_stats', STATS_KEYS);
  const countCategory = upsertCounter('receipt_category_stats', CATEGORY_STATS_KEYS);
  const setHead = db.prepare(
    'INSERT INTO chain_heads (site, seq, chain_hash) VALUES (?, ?, ?) ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, chain_hash = excluded.chain_hash',
  );
  const putKey = db.prepare(
    'INSERT INTO erasure_keys (site, record_id, key_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const touchVersion = db.prepare('UPDATE schema_version SET version = version');
  const touch = db.transaction(() => void touchVersion.run());

  // Read what is stored, plan, sign the group once, write.
  const appendGroup = db.transaction((requests: readonly PlanRequest[]) => {
    const writes = planItems(requests, {
      stored: (site, receiptId) => findById.get(site, receiptId),
      head: (site) => {
        const current = head.get(site);
        return { seq: current?.seq ?? 0, chainHash: current?.chain_hash ?? null };
      },
    });
    for (const row of writes.rows) insert.run(row);
    writes.counts.decisions.forEach(countDecision);
    writes.counts.categories.forEach(countCategory);
    for (const moved of writes.heads) setHead.run(moved.site, moved.seq, moved.chainHash);
    // Erasure keys of the requests that were taken (replays included: a beacon may have stored the receipt keyless).
    requests.forEach((request, index) => {
      if (writes.outcomes[index] instanceof Error) return;
      for (const item of request.items) {
        if (item.erasureKeyHash) putKey.run(item.site, item.recordId, item.erasureKeyHash);
      }
    });
    return writes.outcomes;
  });

  return {
    appendGroup: (requests) => appendGroup.immediate(requests),
    touch: () => touch.immediate(),
  };
}

/** The ledger's writes besides appends and notice documents (notices.ts), each one transaction under the write lock (see `LedgerStorage`). */
export interface SqliteWrites {
  erase(recordId: string, erasedAt: string, site: string | undefined): number;
  retainErasure(
    recordId: string,
    site: string,
    requestedAt: string,
    eraseAfter: string,
  ): { retained: number; until: string };
  eraseDue(now: string): number;
  eraseReceivedBefore(cutoff: string, erasedAt: string): number;
}

/** Prepare the ledger's other writes on a connection to a migrated, writable ledger. */
export function prepareWrites(db: BetterSqlite3.Database): SqliteWrites {
  const tombstone = `UPDATE receipts SET receipt = NULL, record_id = NULL, client = NULL, erased_at = ?`;
  const eraseRecord = db.prepare(`${tombstone} WHERE record_id = ? AND erased_at IS NULL`);
  const eraseBefore = db.prepare(`${tombstone} WHERE received_at < ? AND erased_at IS NULL`);
  const eraseRecordAt = db.prepare(`${tombstone} WHERE record_id = ? AND site = ? AND erased_at IS NULL`);
  const drop = db.prepare('DELETE FROM erasure_keys WHERE record_id = ?');
  const dropAt = db.prepare('DELETE FROM erasure_keys WHERE record_id = ? AND site = ?');
  const dropOrphans = db.prepare(
    'DELETE FROM erasure_keys WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.record_id = erasure_keys.record_id AND r.site = erasure_keys.site)',
  );
  const request = db.prepare(
    'INSERT INTO erasure_requests (site, record_id, requested_at, erase_after) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const deadline = db.prepare<[string, string], { erase_after: string }>(
    'SELECT erase_after FROM erasure_requests WHERE site = ? AND record_id = ?',
  );
  const unlinkClient = db.prepare(
    'UPDATE receipts SET client = NULL WHERE record_id = ? AND site = ? AND erased_at IS NULL',
  );
  const due = db.prepare<[string], { site: string; record_id: string }>(
    'SELECT site, record_id FROM erasure_requests WHERE erase_after <= ?',
  );
  const done = db.prepare('DELETE FROM erasure_requests WHERE site = ? AND record_id = ?');

  const retainErasure = db.transaction((recordId: string, site: string, requestedAt: string, eraseAfter: string) => {
    request.run(site, recordId, requestedAt, eraseAfter);
    const retained = unlinkClient.run(recordId, site).changes;
    return { retained, until: deadline.get(site, recordId)?.erase_after ?? eraseAfter };
  });
  const eraseDue = db.transaction((now: string) => {
    let erased = 0;
    for (const { site, record_id } of due.all(now)) {
      erased += eraseRecordAt.run(now, record_id, site).changes;
      dropAt.run(record_id, site);
      done.run(site, record_id);
    }
    return erased;
  });
  const erase = db.transaction((recordId: string, erasedAt: string, site: string | undefined) => {
    const erased =
      site === undefined ? eraseRecord.run(erasedAt, recordId) : eraseRecordAt.run(erasedAt, recordId, site);
    if (site === undefined) drop.run(recordId);
    else dropAt.run(recordId, site);
    return erased.changes;
  });
  const prune = db.transaction((cutoff: string, erasedAt: string) => {
    const erased = eraseBefore.run(erasedAt, cutoff).changes;
    if (erased > 0) dropOrphans.run();
    return erased;
  });
  return {
    erase: (recordId, erasedAt, site) => erase.immediate(recordId, erasedAt, site),
    retainErasure: (recordId, site, requestedAt, eraseAfter) =>
      retainErasure.immediate(recordId, site, requestedAt, eraseAfter),
    eraseDue: (now) => eraseDue.immediate(now),
    eraseReceivedBefore: (cutoff, erasedAt) => prune.immediate(cutoff, erasedAt),
  };
}

/** Which file a path names (device and inode), or undefined when there is none. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

export function fileIdentity(path: string): FileIdentity | undefined {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

/**
 * Refuse to write when the database file was deleted or replaced under the connection: SQLite would keep
 * writing to the unlinked inode, and every acknowledgement would be lost.
 */
export function checkFileIdentity(path: string, identity: FileIdentity | undefined): void {
  if (!identity) return;
  const now = fileIdentity(path);
  if (!now || now.dev !== identity.dev || now.ino !== identity.ino) {
    throw new StorageUnavailableError(`SQLite: the database file ${path} was removed or replaced`);
  }
}

/** Refuse when the database file or its directory is no longer writable by this process's user. */
export function checkWritable(path: string): void {
  for (const [what, target] of [
    ['database file', path],
    ['directory', dirname(path)],
  ] as const) {
    try {
      accessSync(target, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new StorageUnavailableError(`SQLite: the ${what} ${target} is not writable (${(error as Error).message})`);
    }
  }
}

/** The pragmas every writing connection uses: WAL, and an fsync at every commit. */
export function configureWriter(db: BetterSqlite3.Database): void {
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
}

/**
 * Take checkpoints off the commit path of the writer thread's connection. By default SQLite checkpoints inside
 * the commit that passes 1,000 pages of WAL: it copies those pages into the database file and fsyncs it before
 * that commit returns, so the requests of that group, and every request queued behind it, wait for a copy of
 * about 4 MB (a receipt writes about three pages: its row and a random leaf of each of two UUID indexes), several
 * commits' time. With this the connection never checkpoints by itself; the checkpointer thread does, beside the
 * writer (sqlite-checkpointer.ts), and the writer thread between its commit groups once the WAL must start over
 * (see sqlite-writer-thread.ts), after their answers are posted.
 */
export function prepareCheckpoints(db: BetterSqlite3.Database): () => boolean {
  db.pragma('wal_autocheckpoint = 0');
  // PASSIVE: copy what no reader still needs, never wait for a lock; the thread runs it between its own
  // transactions, so the next one starts the WAL over from its beginning once every page is copied.
  const checkpoint = db.prepare<[], { busy: number }>('PRAGMA wal_checkpoint(PASSIVE)');
  // False when it did not run: another connection's checkpoint (see sqlite-checkpointer.ts) held the lock.
  return () => checkpoint.get()?.busy === 0;
}
