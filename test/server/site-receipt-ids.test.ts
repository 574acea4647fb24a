import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { POSTGRES_ERASURE_KEYS_MIGRATION, SQLITE_ERASURE_KEYS_MIGRATION } from '../../src/server/erasure.js';
import { generateKeyPair, signAcknowledgement, signingKeyFrom } from '../../src/server/keys.js';
import { openPostgresStorage } from '../../src/server/postgres-storage.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { POSTGRES_STATS_MIGRATION, SQLITE_STATS_MIGRATION } from '../../src/server/stats.js';
import { type LedgerStorage, ReceiptConflictError, scanLedger } from '../../src/server/storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { handlerContext, ORIGIN } from './context.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { freshPostgresUrl, storageKinds } from './helpers.js';

const OTHER_SITE = 'https://kaffebar.example';
const key = signingKeyFrom(generateKeyPair().privateKey);

describe.each(storageKinds)('receipt ids unique per site on $name', (kind) => {
  it('lets one site store a receipt id another site used, with its own acknowledgement, and neither claims the other', async () => {
    const ctx = await handlerContext(kind, { origins: [ORIGIN, OTHER_SITE] });
    try {
      const [original] = await makeReceipts(1);
      const receipt = original as Receipt;
      const post = (site: string, body: unknown) =>
        ctx.call('/receipts', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: site },
          body: JSON.stringify(body),
        });
      type Acks = { acknowledgements: Array<{ seq: number; chainHash: string; receivedAt: string }> };
      // A client of another site claims the id first, with other content (it saw the id, or guessed it).
      const squatter = await makeReceipt({ receiptId: receipt.receiptId });
      expect((await post(OTHER_SITE, { receipts: [squatter] })).status).toBe(200);
      // Our visitor's receipt is still taken, into our chain, with our own acknowledgement.
      const ours = await post(ORIGIN, { receipts: [receipt] });
      expect(ours.status).toBe(200);
      const mine = (await ours.json()) as Acks;
      expect(mine.acknowledgements[0]?.seq).toBe(1);
      // Posting our receipt on the other site does not get our acknowledgement: there the id holds other content.
      expect((await post(OTHER_SITE, { receipts: [receipt] })).status).toBe(409);
      // Our site's replay still gets our acknowledgement, not the other site's.
      const replay = (await (await post(ORIGIN, { receipts: [receipt] })).json()) as Acks;
      expect(replay.acknowledgements).toEqual(mine.acknowledgements);
      const rows = await ctx.stored();
      expect(rows.map((row) => [row.site, row.seq, row.receiptId, row.receiptHash])).toEqual([
        [ORIGIN, 1, receipt.receiptId, receipt.integrity.receiptHash],
        [OTHER_SITE, 1, receipt.receiptId, squatter.integrity.receiptHash],
      ]);
      expect((await verifyLedger(ctx.db.storage, ctx.key.publicKey)).ok).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('still refuses, within one site, a receipt id stored with other content', async () => {
    const db = await kind.open();
    try {
      const [receipt] = await makeReceipts(1);
      const seal = createSealer(key);
      await db.storage.append([{ receipt: receipt as Receipt, site: ORIGIN, client: null }], seal);
      const changed = await makeReceipt({ receiptId: receipt?.receiptId as string });
      await expect(db.storage.append([{ receipt: changed, site: ORIGIN, client: null }], seal)).rejects.toBeInstanceOf(
        ReceiptConflictError,
      );
    } finally {
      await db.close();
    }
  });
});

// The receipts table as schema versions 1 to 3 had it: one receipt id across the whole ledger.
const V1_SQLITE = `
  CREATE TABLE receipts (
    site TEXT NOT NULL, seq INTEGER NOT NULL, receipt_id TEXT NOT NULL UNIQUE, record_id TEXT, receipt_hash TEXT NOT NULL,
    chain_hash TEXT NOT NULL, received_at TEXT NOT NULL, receipt TEXT, client TEXT, key_id TEXT NOT NULL,
    signature TEXT NOT NULL, erased_at TEXT, PRIMARY KEY (site, seq)
  );
  CREATE INDEX receipts_record ON receipts (record_id);
  CREATE INDEX receipts_received ON receipts (received_at);
  CREATE TABLE chain_heads (site TEXT PRIMARY KEY, seq INTEGER NOT NULL, chain_hash TEXT);
`;
const V1_POSTGRES = `
  CREATE TABLE samtykke_receipts (
    site text COLLATE "C" NOT NULL, seq bigint NOT NULL, receipt_id text NOT NULL UNIQUE, record_id text,
    receipt_hash text NOT NULL, chain_hash text NOT NULL, received_at text NOT NULL, receipt text, client text,
    key_id text NOT NULL, signature text NOT NULL, erased_at text, PRIMARY KEY (site, seq)
  );
  CREATE INDEX samtykke_receipts_record ON samtykke_receipts (record_id);
  CREATE INDEX samtykke_receipts_received ON samtykke_receipts (received_at);
  CREATE TABLE samtykke_chain_heads (site text COLLATE "C" PRIMARY KEY, seq bigint NOT NULL, chain_hash text);
`;

/** A database as schema version 3 left it, holding `receipts` sealed into one site's chain. */
async function versionThree(name: 'sqlite' | 'postgres', receipts: readonly Receipt[]) {
  const seal = createSealer(key);
  let prev: string | null = null;
  const rows = receipts.map((receipt, index): unknown[] => {
    // Signed alone, as every acknowledgement was before group signing (schema version 5).
    const ack = signAcknowledgement(
      key,
      seal.link({
        site: ORIGIN,
        seq: index + 1,
        prev,
        receiptId: receipt.receiptId,
        receiptHash: receipt.integrity.receiptHash,
      }),
    );
    prev = ack.chainHash;
    const { receiptId, recordId, integrity } = receipt;
    const stored = [ack.receivedAt, JSON.stringify(receipt), null, ack.keyId, ack.signature, null];
    return [ORIGIN, index + 1, receiptId, recordId, integrity.receiptHash, ack.chainHash, ...stored];
  });
  const insert = (placeholder: (index: number) => string, table: string) =>
    `INSERT INTO ${table} VALUES (${Array.from({ length: 12 }, (_, index) => placeholder(index)).join(', ')})`;
  if (name === 'sqlite') {
    const location = join(mkdtempSync(join(tmpdir(), 'samtykke-v3-')), 'ledger.db');
    const raw = new Database(location);
    raw.exec(`${V1_SQLITE}${SQLITE_STATS_MIGRATION}${SQLITE_ERASURE_KEYS_MIGRATION}`);
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (3)');
    for (const row of rows) raw.prepare(insert(() => '?', 'receipts')).run(...row);
    raw.prepare('INSERT INTO chain_heads VALUES (?, ?, ?)').run(ORIGIN, rows.length, prev);
    raw.close();
    return {
      open: () => openSqliteStorage({ path: location }),
      table: async () => {
        const check = new Database(location, { readonly: true });
        const sql = check.prepare("SELECT sql FROM sqlite_master WHERE name = 'receipts'").get() as { sql: string };
        check.close();
        return sql.sql;
      },
      drop: async () => rmSync(dirname(location), { recursive: true, force: true }),
    };
  }
  const location = await freshPostgresUrl();
  const raw = new pg.Client({ connectionString: location });
  await raw.connect();
  await raw.query(`${V1_POSTGRES}${POSTGRES_STATS_MIGRATION}${POSTGRES_ERASURE_KEYS_MIGRATION}`);
  await raw.query('CREATE TABLE samtykke_schema_version (version integer NOT NULL)');
  await raw.query('INSERT INTO samtykke_schema_version VALUES (3)');
  for (const row of rows)
    await raw.query(
      insert((index) => `$${index + 1}`, 'samtykke_receipts'),
      row,
    );
  await raw.query('INSERT INTO samtykke_chain_heads VALUES ($1, $2, $3)', [ORIGIN, rows.length, prev]);
  return {
    open: () => openPostgresStorage({ connectionString: location }),
    table: async () =>
      (
        await raw.query<{ def: string }>(
          "SELECT string_agg(pg_get_constraintdef(oid), '; ' ORDER BY conname) AS def FROM pg_constraint WHERE conrelid = 'samtykke_receipts'::regclass",
        )
      ).rows[0]?.def ?? '',
    drop: () => raw.end(),
  };
}

describe.each(['sqlite', 'postgres'] as const)('upgrading a version 3 ledger on %s', (name) => {
  it('keeps every receipt, the chain, the statistics and their triggers, and makes receipt ids per site', async () => {
    const receipts = await makeReceipts(4);
    const old = await versionThree(name, receipts);
    let storage: LedgerStorage | undefined;
    try {
      storage = await old.open();
      expect(await old.table()).toMatch(/UNIQUE \(site, receipt_id\)/);
      expect(await old.table()).not.toMatch(/receipt_id (TEXT|text) NOT NULL UNIQUE/);
      const rows = [];
      for await (const row of scanLedger(storage)) rows.push(row);
      expect(rows.map((row) => row.receipt)).toEqual(receipts);
      expect((await verifyLedger(storage, key.publicKey)).ok).toBe(true);
      expect((await storage.stats({ site: ORIGIN, minCount: 1 })).totals.decisions).toBe(4);
      // The same receipt id on another site is now a receipt of its own, counted by the recreated triggers.
      const seal = createSealer(key);
      const [result] = await storage.append(
        [{ receipt: receipts[0] as Receipt, site: OTHER_SITE, client: null }],
        seal,
      );
      expect(result).toMatchObject({ replay: false, acknowledgement: { seq: 1 } });
      expect((await storage.stats({ site: OTHER_SITE, minCount: 1 })).totals.decisions).toBe(1);
      // Erasure (the tombstone trigger) still updates the counts.
      expect(await storage.erase(receipts[2]?.recordId as string, new Date().toISOString(), ORIGIN)).toBe(2);
      expect((await storage.stats({ site: ORIGIN, minCount: 1 })).totals.decisions).toBe(2);
      expect((await verifyLedger(storage, key.publicKey)).ok).toBe(true);
    } finally {
      await storage?.close();
      await old.drop();
    }
  });
});
