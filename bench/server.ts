// Load benchmark of the ledger endpoint against what the database itself allows, measured in one run:
// 1. the bare loops: the raw better-sqlite3 and `pg` drivers storing exactly what the server must store (its
//    tables, indexes and counters, rows of the same size, the same durability; see bareSqlite), in groups of 640;
// 2. the server (the bundled CLI, its own process) at batches of 1/10/50 receipts × 1/16/64 keep-alive
//    clients, closed loop: receipts/s, p50/p99, the commit groups it formed (read back from what it stored),
//    the bare loop in groups of that size and the ratio to it, and the CPU the server process and the load
//    generator spent per receipt;
// 3. open loops (batches of 10, shedding on queueing time on) paced at half the bare loop's rate, at the server's
//    own rate and at twice it, each request on a connection of its own while earlier ones wait (as visitors send
//    them), and the first once more over 64 kept connections (as a reverse proxy in front of the server sends them);
// 4. SQLite's 10 × 64 once more with `serve --no-writer-thread`, committing on the event loop.
// Durable commits throughout (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit=on).
// Run: npm run bench:server   (env: BENCH_SECONDS per cell, default 3; PG_TEST_URL; BENCH_ENGINES, BENCH_CELLS,
// BENCH_SERVE_FLAGS; BENCH_OPEN_ONLY=1 for the SQLite bare loop and the open loop at half of it alone)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createSealer } from '../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../src/server/keys.js';
import { openPostgresStorage } from '../src/server/postgres-storage.js';
import { openSqliteStorage } from '../src/server/sqlite-storage.js';
import { CATEGORY_STATS_KEYS, countReceipts, STATS_KEYS } from '../src/server/stats.js';
import type { Receipt } from '../src/types.js';
import { makeReceipt, makeReceipts } from '../test/server/fixtures.js';
import { startPostgres } from '../test/server/pg-cluster.js';
import { bundleCli, startLoadLedger } from '../test/server/spawn.js';
import { type Cell, closedLoop, ORIGIN, pacedLoop, VISITOR_CONNECTIONS, WARM_RECEIPTS, warmUp } from './server-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
// Seconds per bare loop run.
const BARE_SECONDS = Math.min(SECONDS, 2);
// BENCH_ENGINES=sqlite and BENCH_CELLS=10x64,1x64 narrow a run while iterating; the defaults are the full table.
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
const CELLS = (process.env.BENCH_CELLS ?? '1x1,1x16,1x64,10x1,10x16,10x64,50x1,50x16,50x64')
  .split(',')
  .map((cell) => cell.split('x').map(Number) as [number, number]);
// BENCH_SERVE_FLAGS: more `serve` flags, to compare settings (e.g. "--max-queue-time 0").
const SERVE_FLAGS = (process.env.BENCH_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
// BENCH_OPEN_ONLY=1: only the target's open loop, to compare one change in a short run: the SQLite bare loop in
// groups of 640 and the open loop paced at half of it (the closed loops, which set the other two open loops'
// rates and the bare loop at 10 × 64's own group size, are left out; in the quiet run those two bare loops were
// within 2 % of each other). BENCH_OPEN_RATE=<receipts/s> paces it at that rate instead, the same in every run.
const OPEN_ONLY = process.env.BENCH_OPEN_ONLY === '1';
const OPEN_RATE = Number(process.env.BENCH_OPEN_RATE ?? 0);
/** Connections a reverse proxy keeps open to the server, for the open loop sent through one. */
const PROXY_CONNECTIONS = 64;

const ms = (value: number) => value.toFixed(1);
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * The bare database loop a ratio is measured against: the raw driver storing exactly what the server must store
 * and nothing more. The same file layout (the tables and indexes samtykke's own migrations create: the row with its
 * 13 columns, the (site, seq) key, the (site, receipt id) uniqueness, the consent-id and receive-time indexes, the
 * statistics' counters, the chain head), rows of the same size (the receipt's JSON, a chain hash, a receive time,
 * the truncated client address, the key id, a signature and a Merkle proof for a group of that size), commit groups
 * of the size the server formed under the load being compared, and the same durability (WAL, synchronous=FULL:
 * one fsync per commit). Per group: one transaction that looks each receipt id up (idempotency), reads the head,
 * inserts the rows, adds to the counters and moves the head. No HTTP, no parsing, no hashing, no signing.
 */
function rowOfBare(receipt: Receipt, seq: number, group: number, index: number, receivedAt: string) {
  const depth = group > 1 ? Math.ceil(Math.log2(group)) : 0;
  const proof =
    group > 1
      ? JSON.stringify({ index, size: group, path: Array.from({ length: depth }, () => 'p'.repeat(43)) })
      : null;
  return {
    site: ORIGIN,
    seq,
    receipt_id: receipt.receiptId,
    record_id: receipt.recordId,
    receipt_hash: receipt.integrity.receiptHash,
    chain_hash: `sha256-${'c'.repeat(43)}=`,
    received_at: receivedAt,
    receipt: JSON.stringify(receipt),
    client: '127.0.0.0/24',
    key_id: 'k'.repeat(16),
    signature: 's'.repeat(86),
    proof,
    erased_at: null,
  };
}
type BareRow = ReturnType<typeof rowOfBare>;
const BARE_COLUMNS = Object.keys(rowOfBare(await makeReceipt(), 1, 1, 0, '')) as Array<keyof BareRow>;

/** The counters a group adds to, as the server counts them (one upsert per counter row the group touches). */
function countsOf(receipts: readonly Receipt[], receivedAt: string) {
  return countReceipts(receipts.map((receipt) => ({ site: ORIGIN, receivedAt, receipt })));
}

async function bareSqlite(path: string, receipts: Receipt[], group: number, seconds: number): Promise<number> {
  await (await openSqliteStorage({ path })).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const find = db.prepare('SELECT receipt_hash FROM receipts WHERE site = ? AND receipt_id = ?');
  const head = db.prepare<[string], { seq: number }>('SELECT seq FROM chain_heads WHERE site = ?');
  const insert = db.prepare(
    `INSERT INTO receipts (${BARE_COLUMNS.join(', ')}) VALUES (${BARE_COLUMNS.map((column) => `@${column}`).join(', ')})`,
  );
  const upsert = (table: string, keys: string) =>
    db.prepare(
      `INSERT INTO ${table} (${keys}, decisions) VALUES (${keys.replace(/\w+/g, '?')}, ?) ON CONFLICT DO UPDATE SET decisions = decisions + excluded.decisions`,
    );
  const countDecision = upsert('receipt_stats', STATS_KEYS);
  const countCategory = upsert('receipt_category_stats', CATEGORY_STATS_KEYS);
  const setHead = db.prepare(
    'INSERT INTO chain_heads (site, seq, chain_hash) VALUES (?, ?, ?) ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, chain_hash = excluded.chain_hash',
  );
  let stored = 0;
  const commit = db.transaction((items: Receipt[]) => {
    for (const receipt of items) find.get(ORIGIN, receipt.receiptId);
    let seq = head.get(ORIGIN)?.seq ?? 0;
    const receivedAt = new Date().toISOString();
    items.forEach((receipt, index) => void insert.run(rowOfBare(receipt, ++seq, items.length, index, receivedAt)));
    const counts = countsOf(items, receivedAt);
    for (const counter of counts.decisions) countDecision.run(...counter.key, counter.decisions);
    for (const counter of counts.categories) countCategory.run(...counter.key, counter.decisions);
    setHead.run(ORIGIN, seq, `sha256-${'c'.repeat(43)}=`);
    stored += items.length;
  });
  const started = performance.now();
  for (
    let offset = 0;
    offset + group <= receipts.length && performance.now() - started < seconds * 1000;
    offset += group
  ) {
    commit.immediate(receipts.slice(offset, offset + group));
  }
  const rate = stored / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/**
 * The PostgreSQL counterpart of {@link bareSqlite}, in the form the server itself sends a group while it appends
 * to a site alone: one statement, its own transaction, that locks the chain head, checks it is the one the loop
 * left (through the schema's `samtykke_chain_heads_unmoved`, as the server does), inserts the rows, adds to both
 * counters and moves the head. A receipt id stored before would fail it on its unique key, as the server's does.
 */
async function barePg(url: string, receipts: Receipt[], group: number, seconds: number): Promise<number> {
  await (await openPostgresStorage({ connectionString: url })).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Casts for the columns that are not text, which nothing else names in a VALUES list.
  const typed: Readonly<Record<string, string>> = {
    seq: '::bigint',
    decisions: '::bigint',
    layer: '::smallint',
    gpc: '::smallint',
    granted: '::smallint',
    revision: '::integer',
  };
  const values: unknown[] = [];
  const tuples = (columns: readonly string[], rows: readonly unknown[][]) =>
    rows
      .map(
        (row) =>
          `(${row
            .map((value, column) => {
              values.push(value);
              return `$${values.length}${typed[columns[column] as string] ?? ''}`;
            })
            .join(', ')})`,
      )
      .join(', ');
  const counted = (
    name: string,
    table: string,
    keys: string,
    counters: ReturnType<typeof countReceipts>['decisions'],
  ) => {
    if (counters.length === 0) return '';
    const columns = [...keys.split(', '), 'decisions'];
    const rows = counters.map((counter) => [...counter.key, counter.decisions]);
    return `${name} AS (INSERT INTO ${table} AS t (${keys}, decisions) SELECT * FROM (VALUES ${tuples(columns, rows)}) AS v (${columns.join(', ')}) WHERE (SELECT ok FROM checked) ON CONFLICT (${keys}) DO UPDATE SET decisions = t.decisions + excluded.decisions),`;
  };
  const chainHash = `sha256-${'c'.repeat(43)}=`;
  await client.query('INSERT INTO samtykke_chain_heads (site, seq, chain_hash) VALUES ($1, 0, NULL)', [ORIGIN]);
  let seq = 0;
  let head: string | null = null;
  const started = performance.now();
  try {
    for (
      let offset = 0;
      offset + group <= receipts.length && performance.now() - started < seconds * 1000;
      offset += group
    ) {
      const items = receipts.slice(offset, offset + group);
      const receivedAt = new Date().toISOString();
      const from = seq;
      const rows = items.map((receipt, index) => rowOfBare(receipt, ++seq, items.length, index, receivedAt));
      const counts = countsOf(items, receivedAt);
      values.length = 0;
      values.push(ORIGIN, from, head, seq, chainHash);
      const written = tuples(
        BARE_COLUMNS,
        rows.map((row) => BARE_COLUMNS.map((column) => row[column])),
      );
      await client.query(
        `WITH locked AS (SELECT seq, chain_hash FROM samtykke_chain_heads WHERE site = $1 FOR UPDATE),
        checked AS (SELECT samtykke_chain_heads_unmoved(count(*), 1) AS ok FROM locked
          WHERE seq = $2::bigint AND chain_hash IS NOT DISTINCT FROM $3::text),
        r AS (INSERT INTO samtykke_receipts (${BARE_COLUMNS.join(', ')}) SELECT * FROM (VALUES ${written})
          AS v (${BARE_COLUMNS.join(', ')}) WHERE (SELECT ok FROM checked)),
        ${counted('s', 'samtykke_receipt_stats', STATS_KEYS, counts.decisions)}
        ${counted('c', 'samtykke_receipt_category_stats', CATEGORY_STATS_KEYS, counts.categories)}
        h AS (UPDATE samtykke_chain_heads SET seq = $4, chain_hash = $5 WHERE site = $1 AND (SELECT ok FROM checked))
        SELECT ok FROM checked`,
        values,
      );
      head = chainHash;
    }
    return seq / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

/**
 * The loop this bench measured against before, kept for the record: a four-column table with one receipt-id
 * index, no counters, the head moved per row, groups of 640. It stores less than the server must (no chain hash,
 * signature, proof, client or consent id, two indexes and the counters fewer), so it is not the server's counterpart.
 */
function minimalSqlite(path: string, receipts: Receipt[], seconds: number) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE receipts (site TEXT, seq INTEGER, receipt_id TEXT UNIQUE, receipt TEXT, PRIMARY KEY (site, seq));
    CREATE TABLE chain_heads (site TEXT PRIMARY KEY, seq INTEGER)`);
  const insert = db.prepare('INSERT INTO receipts VALUES (?, ?, ?, ?)');
  const head = db.prepare('INSERT INTO chain_heads VALUES (?, ?) ON CONFLICT (site) DO UPDATE SET seq = excluded.seq');
  const find = db.prepare('SELECT 1 FROM receipts WHERE receipt_id = ?');
  let seq = 0;
  const group = db.transaction((items: Receipt[]) => {
    for (const receipt of items) {
      find.get(receipt.receiptId);
      insert.run(ORIGIN, ++seq, receipt.receiptId, JSON.stringify(receipt));
      head.run(ORIGIN, seq);
    }
  });
  const started = performance.now();
  for (let offset = 0; offset < receipts.length && performance.now() - started < seconds * 1000; offset += 640) {
    group.immediate(receipts.slice(offset, offset + 640));
  }
  const rate = seq / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/**
 * The commit groups the server formed, read back from what it stored: each group is signed once, so the
 * distinct signatures are the commits; also the stored receipt's mean size in bytes.
 */
async function groupsOf(database: string): Promise<{ rows: number; commits: number; bytes: number }> {
  const query = (table: string) =>
    `SELECT count(*) AS rows, count(DISTINCT signature) AS commits, avg(length(receipt)) AS bytes FROM ${table}`;
  if (database.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      const row = (await client.query(query('samtykke_receipts'))).rows[0];
      return { rows: Number(row.rows), commits: Number(row.commits), bytes: Number(row.bytes) };
    } finally {
      await client.end();
    }
  }
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare(query('receipts')).get() as { rows: number; commits: number; bytes: number };
  } finally {
    db.close();
  }
}

/** CPU seconds a process has used so far (user + system), from /proc (Linux; clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const dir = mkdtempSync(join(tmpdir(), 'samtykke-bench-'));
const postgres = OPEN_ONLY ? undefined : await startPostgres();
let databases = 0;
async function freshPg(): Promise<string> {
  if (!postgres) throw new Error('no PostgreSQL in an open-loop-only run');
  const name = `samtykke_bench_${databases++}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

try {
  const cli = await bundleCli();
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, generateKeyPair().privateKey);
  // The server as deployed, in its own process, on a fresh database, without a rate limit.
  const serve = (database: string, flags: string[] = []) =>
    startLoadLedger(cli, { database, key: keyFile, origin: ORIGIN }, [...flags, ...SERVE_FLAGS]);
  const needed = Math.ceil(Math.max(20_000, 8000 * SECONDS));
  console.log(
    `ledger bench: ${SECONDS} s per cell, load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const receipts = await makeReceipts(needed);
  const warmups = await makeReceipts(WARM_RECEIPTS);

  // The bare loop at the most a commit group could hold here (every receipt of 10 × 64 in flight), next to the
  // minimal loop this bench used to compare with.
  const minimal = minimalSqlite(join(dir, 'minimal.db'), receipts, BARE_SECONDS);
  const bareMax = await bareSqlite(join(dir, 'bare-640.db'), receipts, 640, BARE_SECONDS);
  const barePgMax =
    ENGINES.includes('postgres') && !OPEN_ONLY
      ? await barePg(await freshPg(), receipts, 640, BARE_SECONDS)
      : Number.NaN;
  console.log(
    `bare loops in groups of 640 (the server's rows, indexes and counters; no HTTP, no crypto): better-sqlite3 ${Math.round(bareMax)} rows/s, pg ${Math.round(barePgMax)} rows/s; ` +
      `the old minimal better-sqlite3 loop (4 columns, 1 index, no counters) ${Math.round(minimal)} rows/s`,
  );
  // Crypto alone per receipt (chain hash, Merkle tree, signature), the floor of the server's CPU per receipt:
  // signed alone (a commit group of one) and in groups of 64.
  const sealer = createSealer(signingKeyFrom(generateKeyPair().privateKey));
  const sealCost = (group: number) => {
    const started = performance.now();
    for (let index = 0; index < 2000; index += group) {
      const links = Array.from({ length: group }, (_, offset) =>
        sealer.link({
          site: ORIGIN,
          seq: index + offset + 1,
          prev: null,
          receiptId: String(index + offset),
          receiptHash: `sha256-${'A'.repeat(43)}=`,
        }),
      );
      sealer.sign(links);
    }
    return (((performance.now() - started) / 2000) * 1000).toFixed(0);
  };
  console.log(
    `seal (chain hash + Merkle proof + Ed25519 signature): ${sealCost(1)} µs per receipt alone, ${sealCost(64)} µs in groups of 64`,
  );

  // Per cell: the server, then the bare loop in commit groups of the mean size the server formed in that cell.
  const bareAt = async (name: string, group: number) =>
    name === 'sqlite'
      ? bareSqlite(join(dir, `bare-${bareRuns++}.db`), receipts, group, BARE_SECONDS)
      : barePg(await freshPg(), receipts, group, BARE_SECONDS);
  let bareRuns = 0;
  const tenBy64: Record<string, { rate: number; bare: number }> = {};
  if (OPEN_ONLY) tenBy64.sqlite = { rate: Number.NaN, bare: OPEN_RATE > 0 ? OPEN_RATE * 2 : bareMax };
  for (const name of OPEN_ONLY ? [] : ENGINES) {
    console.log(
      `\n${name}: batch × clients  receipts/s  p50 ms  p99 ms  refused (503)  group  bare rows/s  ÷ bare  server CPU µs/receipt  client CPU µs/receipt  load`,
    );
    // SQLite's 10 × 64 also with `serve --no-writer-thread` (commits on the event loop), to compare.
    const runs = CELLS.flatMap(([batch, clients]) =>
      name === 'sqlite' && batch === 10 && clients === 64
        ? [
            { batch, clients, flags: [] as string[] },
            { batch, clients, flags: ['--no-writer-thread'] },
          ]
        : [{ batch, clients, flags: [] as string[] }],
    );
    for (const { batch, clients, flags } of runs) {
      const database =
        name === 'sqlite' ? join(dir, `${name}-${batch}-${clients}${flags.join('')}.db`) : await freshPg();
      // Room for every receipt the clients keep in flight (50 × 64 holds 3,200), so a closed-loop cell measures
      // throughput rather than the default --max-pending of 1,000 turning clients away to wait out Retry-After.
      const server = await serve(database, ['--max-pending', String(Math.max(1000, batch * clients)), ...flags]);
      let cell: Cell;
      let serverCpu: number;
      try {
        await warmUp(server.url, warmups, batch, clients);
        const pid = server.child.pid as number;
        const serverStart = processCpuSeconds(pid);
        cell = await closedLoop(server.url, receipts, batch, clients, SECONDS);
        serverCpu = processCpuSeconds(pid) - serverStart;
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      const groups = await groupsOf(database);
      const group = Math.max(1, Math.round(groups.rows / Math.max(1, groups.commits)));
      const bare = await bareAt(name, group);
      if (batch === 10 && clients === 64 && flags.length === 0) tenBy64[name] = { rate: cell.rate, bare };
      const perReceipt = (seconds: number) => ((seconds * 1e6) / Math.max(1, cell.stored)).toFixed(0);
      console.log(
        `  ${String(batch).padStart(2)} × ${String(clients).padStart(2)}   ${String(Math.round(cell.rate)).padStart(6)}  ${ms(cell.p50).padStart(7)} ${ms(cell.p99).padStart(7)}  ${percent(cell.refused).padStart(13)}  ${String(group).padStart(5)}  ${String(Math.round(bare)).padStart(11)}  ${(cell.rate / bare).toFixed(2).padStart(6)}  ${perReceipt(serverCpu).padStart(21)}  ${perReceipt(cell.clientCpu).padStart(21)}  ${(loadavg()[0] as number).toFixed(1).padStart(4)}${flags.length ? `  ${flags.join(' ')}` : ''}`,
      );
    }
  }

  // Open loops (batches of 10): paced at half the bare loop's rate for 10 × 64 (the target's definition), at
  // the rate the server itself sustained in that cell, and at twice that (an overload, which must be shed).
  const sqlite = tenBy64.sqlite;
  if (sqlite) {
    const rates = [
      [
        OPEN_ONLY
          ? OPEN_RATE > 0
            ? 'BENCH_OPEN_RATE'
            : 'half the bare loop in groups of 640'
          : 'half the bare loop of 10 × 64',
        sqlite.bare / 2,
      ],
      ["the server's own 10 × 64 rate", sqlite.rate],
      ['twice that (overload)', sqlite.rate * 2],
    ] as const;
    // In an open-loop-only run the server's own rate is not measured: the first alone.
    const runs = rates
      .filter(([, rate]) => Number.isFinite(rate))
      .flatMap(([what, rate], index) => [
        { what, rate, connections: VISITOR_CONNECTIONS, through: '' },
        // The target's rate once more as a reverse proxy in front of the server sends it: over 64 connections it
        // keeps open, so the server accepts no new connection while it is busy (see "the accept delay" in
        // docs/server.md). Both lines are printed; the first is the one the target is judged on.
        ...(index === 0
          ? [{ what, rate, connections: PROXY_CONNECTIONS, through: `, through ${PROXY_CONNECTIONS} kept connections` }]
          : []),
      ]);
    for (const { what, rate, connections, through } of runs) {
      // With shedding on queueing time (off by default): what an overload is answered with.
      const server = await serve(join(dir, `paced-${Math.round(rate)}-${connections}.db`), ['--max-queue-time', '20']);
      try {
        const cell = await pacedLoop(server.url, receipts, {
          batch: 10,
          perSecond: rate,
          seconds: SECONDS,
          connections,
          warmups,
        });
        console.log(
          `\nsqlite open loop, --max-queue-time 20, at ${what}${through} (${Math.round(rate)} receipts/s offered, batches of 10): ` +
            `${Math.round(cell.rate)} receipts/s acknowledged, p50 ${ms(cell.p50)} ms, p99 ${ms(cell.p99)} ms; ` +
            `${percent(cell.refused)} of requests refused (503, p99 ${ms(cell.refusedP99)} ms), ${percent(cell.failed)} failed to connect; ` +
            `sent late p99 ${ms(cell.lateP99)} ms; ` +
            `load ${(loadavg()[0] as number).toFixed(1)}`,
        );
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
  }
  console.log(
    `load average at the end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
