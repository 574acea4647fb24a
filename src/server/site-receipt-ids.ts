import type BetterSqlite3 from 'better-sqlite3';

/**
 * Schema version 4: a receipt id is unique per site, not across the whole ledger. Receipt ids come from browsers;
 * with one global namespace a client of one site could post a receipt id it saw elsewhere first and so keep the
 * other site's receipt out (a conflict) or collect its acknowledgement (a replay).
 *
 * SQLite cannot drop a column's UNIQUE constraint, so the table is rebuilt (the documented twelve-step way): the
 * views and triggers that name it are saved, dropped, and created again over the new table, in the migration's
 * transaction.
 */
export function migrateSqliteSiteReceiptIds(db: BetterSqlite3.Database): void {
  const table = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'receipts'")
    .get()?.sql as string;
  // Already per site (a ledger whose version number was set back by hand): nothing to rebuild.
  if (!/receipt_id TEXT NOT NULL UNIQUE/.test(table) && table.includes('UNIQUE (site, receipt_id)')) return;
  const dependants = db
    .prepare<[], { type: string; name: string; sql: string }>(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY type DESC, rowid",
    )
    .all();
  for (const { type, name } of [...dependants].reverse()) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
  const rebuilt = table
    .replace(/^CREATE TABLE "?receipts"?/, 'CREATE TABLE receipts_rebuilt')
    .replace(/receipt_id TEXT NOT NULL UNIQUE/, 'receipt_id TEXT NOT NULL')
    .replace(/PRIMARY KEY \(site, seq\)/, 'PRIMARY KEY (site, seq),\n      UNIQUE (site, receipt_id)');
  if (!rebuilt.includes('UNIQUE (site, receipt_id)') || /receipt_id TEXT NOT NULL UNIQUE/.test(rebuilt)) {
    throw new Error('schema version 4: the receipts table does not have the shape of version 3');
  }
  db.exec(rebuilt);
  db.exec('INSERT INTO receipts_rebuilt SELECT * FROM receipts');
  db.exec('DROP TABLE receipts');
  db.exec('ALTER TABLE receipts_rebuilt RENAME TO receipts');
  db.exec('CREATE INDEX receipts_record ON receipts (record_id)');
  db.exec('CREATE INDEX receipts_received ON receipts (received_at)');
  // Views first (ORDER BY type DESC), then the triggers that read them.
  for (const { sql } of dependants) db.exec(sql);
}

/** Schema version 4 on PostgreSQL: see {@link migrateSqliteSiteReceiptIds}. */
export const POSTGRES_SITE_RECEIPT_IDS_MIGRATION = `
  ALTER TABLE samtykke_receipts DROP CONSTRAINT IF EXISTS samtykke_receipts_receipt_id_key;
  ALTER TABLE samtykke_receipts DROP CONSTRAINT IF EXISTS samtykke_receipts_site_receipt_id_key;
  ALTER TABLE samtykke_receipts ADD CONSTRAINT samtykke_receipts_site_receipt_id_key UNIQUE (site, receipt_id);
`;
