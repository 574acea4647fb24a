// Consent statistics on a large ledger: seeds BENCH_STATS_RECEIPTS receipts (default 1,000,000) into a fresh
// SQLite file and a fresh PostgreSQL cluster, then times `storage.stats()` (the SQL behind `samtykke-ledger
// stats` and GET /stats) for a few queries. Rows are inserted by SQL from a set of receipt bodies, unsigned:
// the statistics read no signature, and signing a million receipts would only measure Ed25519. The append
// counts its receipts itself, which raw inserts skip: the ledger is then marked as schema version 6 and
// reopened, so the upgrade to 7 counts every stored receipt in one set-based pass (included in the seeding time).
// Run: npm run bench:stats   (BENCH_STATS_ONLY=sqlite|postgres for one of them)
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStorage } from '../src/server/postgres-storage.js';
import { openSqliteStorage } from '../src/server/sqlite-storage.js';
import type { StatsQuery } from '../src/server/stats.js';
import type { LedgerStorage } from '../src/server/storage.js';
import type { DecisionAction, Receipt } from '../src/types.js';
import { completeReceipt } from '../test/server/fixtures.js';
import { startPostgres } from '../test/server/pg-cluster.js';
import { median } from './stats.js';

const TOTAL = Number(process.env.BENCH_STATS_RECEIPTS ?? 1_000_000);
const DAYS = 180;
const RUNS = 3;
const SITES = ['https://fjordkaffe.no', 'https://bokhandel.no'];

/** Receipt bodies that differ in every field the statistics group by. */
function bodies(): string[] {
  const result: string[] = [];
  const actions: Array<[DecisionAction, 1 | 2]> = [
    ['accept-all', 1],
    ['reject-all', 1],
    ['save-selection', 2],
    ['accept-all', 2],
    ['withdraw', 2],
  ];
  for (const [action, layer] of actions)
    for (const language of ['nb', 'en', 'sv', 'da'])
      for (const gpc of [false, true])
        for (const revision of [1, 2]) {
          const base = completeReceipt();
          const grants =
            action === 'accept-all' ? [true, true] : action === 'save-selection' ? [true, false] : [false, false];
          const receipt: Receipt = {
            ...base,
            notice: { ...base.notice, language, configRevision: revision, policyVersion: String(revision) },
            purposes: [
              base.purposes[0] as Receipt['purposes'][number],
              { ...(base.purposes[1] as Receipt['purposes'][number]), status: grants[0] ? 'granted' : 'denied' },
              {
                id: 'marketing',
                title: 'Markedsføring',
                status: grants[1] ? 'granted' : 'denied',
                lawfulBasis: 'consent',
                services: [],
              },
            ],
            event: { ...base.event, action, layer, state: action === 'withdraw' ? 'withdrawn' : 'given' },
            signals: { gpc, gpcApplied: gpc ? 'pre-refused-marketing' : 'none' },
          };
          result.push(JSON.stringify(receipt));
        }
  return result;
}

const QUERIES: Array<[string, StatsQuery]> = [
  ['all sites, per day', {}],
  ['one site, per week', { site: SITES[0], period: 'week' }],
  [
    'one site, last 30 days',
    { site: SITES[0], since: new Date(Date.UTC(2026, 0, 1) + (DAYS - 30) * 86_400_000).toISOString() },
  ],
];

async function time(storage: LedgerStorage) {
  const rows: Array<[string, number, number]> = [];
  for (const [name, query] of QUERIES) {
    const runs: number[] = [];
    let decisions = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const stats = await storage.stats(query);
      runs.push(performance.now() - started);
      decisions = stats.totals.decisions ?? 0;
    }
    rows.push([name, median(runs), decisions]);
  }
  return rows;
}

function report(kind: string, seedMs: number, rows: Array<[string, number, number]>) {
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  process.stdout.write(
    `\n${kind}: ${TOTAL.toLocaleString('en')} receipts seeded in ${(seedMs / 1000).toFixed(1)} s; load average ${load}\n`,
  );
  for (const [name, ms, decisions] of rows)
    process.stdout.write(
      `  ${name.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms (median of ${RUNS})  ${decisions} decisions\n`,
    );
}

async function sqlite(templates: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'samtykke-stats-bench-'));
  const path = join(dir, 'ledger.db');
  try {
    await (await openSqliteStorage({ path })).close();
    const db = new Database(path);
    const started = performance.now();
    db.exec('CREATE TEMP TABLE bodies (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const add = db.prepare('INSERT INTO bodies (id, body) VALUES (?, ?)');
    for (const [id, body] of templates.entries()) add.run(id, body);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO receipts (site, seq, receipt_id, record_id, receipt_hash, chain_hash, received_at, receipt, client, key_id, signature, erased_at)
       SELECT CASE WHEN i % 4 = 0 THEN ? ELSE ? END, i, 'r' || i, 'c' || (i / 2), 'h', 'c', strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i % ?) || ' days'),
         (SELECT body FROM bodies WHERE id = i % ?), NULL, 'k', 's', NULL FROM n`,
    ).run(TOTAL, SITES[1], SITES[0], DAYS, templates.length);
    db.exec('UPDATE schema_version SET version = 6');
    db.close();
    const storage = await openSqliteStorage({ path });
    const seeded = performance.now() - started;
    try {
      report('SQLite', seeded, await time(storage));
    } finally {
      await storage.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(templates: string[]) {
  const server = await startPostgres();
  try {
    await (await openPostgresStorage({ connectionString: server.url })).close();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const started = performance.now();
    // In transactions of 10,000, so no single statement holds a million new rows.
    const chunk = 10_000;
    for (let from = 1; from <= TOTAL; from += chunk) {
      await client.query(
        `INSERT INTO samtykke_receipts (site, seq, receipt_id, record_id, receipt_hash, chain_hash, received_at, receipt, client, key_id, signature, erased_at)
         SELECT CASE WHEN i % 4 = 0 THEN $3 ELSE $4 END, i, 'r' || i, 'c' || (i / 2), 'h', 'c',
           to_char(timestamp '2026-01-01' + (i % $5) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           ($6::text[])[1 + i % cardinality($6::text[])], NULL, 'k', 's', NULL
         FROM generate_series($1::bigint, $2::bigint) AS i`,
        [from, Math.min(TOTAL, from + chunk - 1), SITES[1], SITES[0], DAYS, templates],
      );
    }
    await client.query('UPDATE samtykke_schema_version SET version = 6');
    const storage = await openPostgresStorage({ connectionString: server.url });
    await client.query('ANALYZE');
    const seeded = performance.now() - started;
    await client.end();
    try {
      report('PostgreSQL', seeded, await time(storage));
    } finally {
      await storage.close();
    }
  } finally {
    await server.stop();
  }
}

const templates = bodies();
const only = process.env.BENCH_STATS_ONLY;
if (only !== 'postgres') await sqlite(templates);
if (only !== 'sqlite') await postgres(templates);
