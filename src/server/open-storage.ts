import { openPostgresStorage } from './postgres-storage.js';
import { openSqliteStorage } from './sqlite-storage.js';
import type { LedgerStorage } from './storage.js';

/** How to open: `readOnly` for commands that only read (never migrate), `mustExist` to refuse a missing file. */
export interface OpenMode {
  readOnly?: boolean;
  mustExist?: boolean;
  /** SQLite: commit on a writer thread (see `SqliteStorageOptions.writerThread`). */
  writerThread?: boolean;
}

/** A `--database` that names a PostgreSQL server rather than an SQLite file. */
export const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Open the ledger named by `database`: a `postgres://` or `postgresql://` URL, or else an SQLite file path. */
export function openStorage(database: string, mode: OpenMode = {}): Promise<LedgerStorage> {
  return POSTGRES_URL.test(database)
    ? openPostgresStorage({ connectionString: database, ...(mode.readOnly ? { readOnly: true } : {}) })
    : openSqliteStorage({ path: database, ...mode });
}
