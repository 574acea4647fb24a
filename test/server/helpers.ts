import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgresStorage } from '../../src/server/postgres-storage.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import type { LedgerStorage } from '../../src/server/storage.js';

/** A new, empty PostgreSQL database on the test cluster; returns its URL. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('pgUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A storage kind with a way to open a fresh, empty ledger and to run raw SQL on it (for tampering). */
export interface StorageKind {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh ledger; `location` reopens the same one. */
  open(): Promise<{
    storage: LedgerStorage;
    location: string;
    sql: (text: string, params?: unknown[]) => Promise<unknown[]>;
    close(): Promise<void>;
  }>;
  /** The table name of the receipts. */
  table: string;
  heads: string;
}

/** SQLite and PostgreSQL behind the same test helper, for `describe.each`. */
export const storageKinds: StorageKind[] = [
  {
    name: 'sqlite',
    table: 'receipts',
    heads: 'chain_heads',
    async open() {
      const location = join(mkdtempSync(join(tmpdir(), 'samtykke-ledger-')), 'ledger.db');
      const storage = await openSqliteStorage({ path: location });
      const Database = (await import('better-sqlite3')).default;
      const raw = new Database(location);
      raw.pragma('busy_timeout = 5000');
      return {
        storage,
        location,
        sql: async (text, params = []) => {
          const statement = raw.prepare(text);
          if (statement.reader) return statement.all(...params);
          statement.run(...params);
          return [];
        },
        close: async () => {
          raw.close();
          await storage.close();
          rmSync(dirname(location), { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    table: 'samtykke_receipts',
    heads: 'samtykke_chain_heads',
    async open() {
      const location = await freshPostgresUrl();
      const storage = await openPostgresStorage({ connectionString: location });
      const raw = new pg.Client({ connectionString: location });
      await raw.connect();
      return {
        storage,
        location,
        // Tests write `?` placeholders; PostgreSQL wants $1, $2, …
        sql: async (text, params = []) => {
          let index = 0;
          return (
            await raw.query(
              text.replace(/\?/g, () => `$${++index}`),
              params,
            )
          ).rows;
        },
        close: async () => {
          await raw.end();
          await storage.close();
        },
      };
    },
  },
];
