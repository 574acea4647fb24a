import { openPostgresStorage } from './postgres-storage.js';
import { openSqliteStorage } from './sqlite-storage.js';
import type { LedgerStorage } from './storage.js';

/** Open the ledger named by `database`: a `postgres://` or `postgresql://` URL, or else an SQLite file path. */
export function openStorage(database: string): Promise<LedgerStorage> {
  return /^postgres(ql)?:\/\//i.test(database)
    ? openPostgresStorage({ connectionString: database })
    : openSqliteStorage({ path: database });
}
