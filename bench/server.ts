// Load benchmark of the ledger endpoint against what the database itself allows, measured in one run:
// 1. the bare databases: a raw better-sqlite3 loop and a raw `pg` loop (a minimal chain table, the same
//    pragmas, one transaction per group of 640, the chain-head row lock), and samtykke's own storage with
//    no HTTP and no crypto (its schema, indexes, counters and statements, group-committed);
// 2. the server (the bundled CLI, its own process) at batches of 1/10/50 receipts × 1/16/64 keep-alive
//    clients, closed loop: receipts/s, p50/p99, the ratios to the raw loop and to the storage loop, and
//    the CPU the server process and the load generator spent per receipt (on 2 shared cores, what the
//    receipts/s could be with a core to itself);
// 3. open loops paced at half the raw and half the storage SQLite rate (batches of 10), for latency under a
//    paced load.
// Durable commits throughout (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit=on).
// Run: npm run bench:server   (env: BENCH_SECONDS per cell, default 3; PG_TEST_URL)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createSealer } from '../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../src/server/keys.js';
import { openPostgresStorage } from '../src/server/postgres-storage.js';
import { openSqliteStorage } from '../src/server/sqlite-storage.js';
import type { Sealer } from '../src/server/storage.js';
import type { Receipt } from '../src/types.js';
import { makeReceipts } from '../test/server/fixtures.js';
import { startPostgres } from '../test/server/pg-cluster.js';
import { bundleCli, startLedgerProcess } from '../test/server/spawn.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ORIGIN = 'https://fjordkaffe.no';
const GROUP = 640;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (value: number) => value.toFixed(1);
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * The bare database limit: the server's own storage statements with no HTTP, no hashing and no signing
 * (a sealer that fills in fixed values), in groups of `GROUP` receipts per transaction.
 */
async function bareLoop(open: () => Promise<import('../src/server/storage.js').LedgerStorage>, receipts: Receipt[]) {
  const storage = await open();
  const seal: Sealer = {
    link: (position) => ({
      receiptId: position.receiptId,
      seq: position.seq,
      receivedAt: new Date().toISOString(),
      chainHash: `sha256-${'A'.repeat(43)}=`,
      keyId: 'k'.repeat(16),
    }),
    sign: (links) => links.map((link) => ({ ...link, signature: 's'.repeat(86) })),
  };
  const started = performance.now();
  let stored = 0;
  try {
    for (let offset = 0; offset < receipts.length && performance.now() - started < SECONDS * 1000; offset += GROUP) {
      // One request per receipt, all in flight together: the storage's group commit makes one transaction.
      await Promise.all(
        receipts
          .slice(offset, offset + GROUP)
          .map((receipt) => storage.append([{ receipt, site: ORIGIN, client: null }], seal)),
      );
      stored += Math.min(GROUP, receipts.length - offset);
    }
  } finally {
    await storage.close();
  }
  return stored / ((performance.now() - started) / 1000);
}

/** The raw driver with the same pragmas, without the storage module: a check that the module adds little. */
function rawSqlite(path: string, receipts: Receipt[]) {
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
  for (let offset = 0; offset < receipts.length && performance.now() - started < SECONDS * 1000; offset += GROUP) {
    group.immediate(receipts.slice(offset, offset + GROUP));
  }
  const rate = seq / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/**
 * The raw `pg` loop, the PostgreSQL counterpart of {@link rawSqlite}: per group one transaction that locks
 * the chain-head row, looks the group's receipt ids up, inserts the rows in one statement and moves the head.
 */
async function rawPg(url: string, receipts: Receipt[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE raw_receipts (site text, seq bigint, receipt_id text UNIQUE, receipt text, PRIMARY KEY (site, seq));
    CREATE TABLE raw_heads (site text PRIMARY KEY, seq bigint NOT NULL);
    INSERT INTO raw_heads VALUES ('${ORIGIN}', 0)`);
  let seq = 0;
  const started = performance.now();
  try {
    for (let offset = 0; offset < receipts.length && performance.now() - started < SECONDS * 1000; offset += GROUP) {
      const group = receipts.slice(offset, offset + GROUP);
      await client.query('BEGIN');
      await client.query('SELECT seq FROM raw_heads WHERE site = $1 FOR UPDATE', [ORIGIN]);
      await client.query('SELECT receipt_id FROM raw_receipts WHERE receipt_id = ANY($1)', [
        group.map((receipt) => receipt.receiptId),
      ]);
      const values = group.flatMap((receipt) => [ORIGIN, ++seq, receipt.receiptId, JSON.stringify(receipt)]);
      const tuples = group.map((_, row) => `($${row * 4 + 1}, $${row * 4 + 2}, $${row * 4 + 3}, $${row * 4 + 4})`);
      await client.query(`INSERT INTO raw_receipts VALUES ${tuples.join(', ')}`, values);
      await client.query('UPDATE raw_heads SET seq = $2 WHERE site = $1', [ORIGIN, seq]);
      await client.query('COMMIT');
    }
    return seq / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

/** CPU seconds a process has used so far (user + system), from /proc (Linux; clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Cell {
  /** Receipts acknowledged per second. */
  rate: number;
  p50: number;
  p99: number;
  /** Share of requests refused with 503 (admission control), which the latencies leave out. */
  refused: number;
  /** Receipts acknowledged. */
  stored: number;
}

// A closed-loop client refused with 503 tries the same batch again after this long (a browser would
// wait the whole Retry-After; the bench keeps the load on).
const REFUSED_BACKOFF_MS = 50;

/** Closed loop: each client sends its next request when the previous one is answered. */
async function closedLoop(url: string, receipts: Receipt[], batch: number, clients: number): Promise<Cell> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(`${url}/receipts`);
  const latencies: number[] = [];
  let next = 0;
  let stored = 0;
  let requests = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next + batch <= receipts.length && performance.now() < deadline) {
        const body = JSON.stringify({ receipts: receipts.slice(next, next + batch) });
        next += batch;
        for (;;) {
          const sent = performance.now();
          const status = await post(agent, target, body);
          requests++;
          if (status === 503) {
            refused++;
            await new Promise((resolve) => setTimeout(resolve, REFUSED_BACKOFF_MS));
            continue;
          }
          if (status !== 200) throw new Error(`status ${status}`);
          latencies.push(performance.now() - sent);
          stored += batch;
          break;
        }
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rate: stored / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: refused / Math.max(1, requests),
    stored,
  };
}

/** Open loop: requests leave on a fixed schedule whatever the answers; latency counts from the scheduled time. */
async function pacedLoop(url: string, receipts: Receipt[], batch: number, perSecond: number): Promise<Cell> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(`${url}/receipts`);
  const requests = Math.min(Math.floor((perSecond / batch) * SECONDS), Math.floor(receipts.length / batch));
  const interval = 1000 / (perSecond / batch);
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let index = 0; index < requests; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify({ receipts: receipts.slice(index * batch, (index + 1) * batch) });
    pending.push(
      post(agent, target, body).then((status) => {
        if (status === 503) {
          refused++;
          return;
        }
        if (status !== 200) throw new Error(`status ${status}`);
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rate: (latencies.length * batch) / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: refused / Math.max(1, requests),
    stored: latencies.length * batch,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'samtykke-bench-'));
const postgres = await startPostgres();
let databases = 0;
async function freshPg(): Promise<string> {
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
  const serve = (database: string) =>
    startLedgerProcess(cli, ['--database', database, '--key', keyFile, '--origin', ORIGIN, '--rate-limit', 'off']);
  const needed = Math.ceil(Math.max(20_000, 8000 * SECONDS));
  console.log(
    `ledger bench: ${SECONDS} s per cell, load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const receipts = await makeReceipts(needed);

  const raw = rawSqlite(join(dir, 'raw.db'), receipts);
  const rawPostgres = await rawPg(await freshPg(), receipts);
  const bareSqlite = await bareLoop(() => openSqliteStorage({ path: join(dir, 'bare.db') }), receipts);
  const barePg = await bareLoop(async () => openPostgresStorage({ connectionString: await freshPg() }), receipts);
  console.log(
    `bare loops (groups of ${GROUP}, no HTTP, no crypto): raw better-sqlite3 ${Math.round(raw)} rows/s, ` +
      `raw pg ${Math.round(rawPostgres)} rows/s; samtykke's storage alone: SQLite ${Math.round(bareSqlite)} receipts/s, ` +
      `PostgreSQL ${Math.round(barePg)} receipts/s`,
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

  for (const [name, rawRate, bare] of [
    ['sqlite', raw, bareSqlite],
    ['postgres', rawPostgres, barePg],
  ] as const) {
    console.log(
      `\n${name}: batch × clients  receipts/s  p50 ms  p99 ms  ÷ raw  ÷ storage  refused (503)  server CPU µs/receipt  client CPU µs/receipt  load`,
    );
    for (const batch of [1, 10, 50]) {
      for (const clients of [1, 16, 64]) {
        const database = name === 'sqlite' ? join(dir, `${name}-${batch}-${clients}.db`) : await freshPg();
        const server = await serve(database);
        try {
          const pid = server.child.pid as number;
          const serverCpu = processCpuSeconds(pid);
          const clientCpu = process.cpuUsage();
          const cell = await closedLoop(server.url, receipts, batch, clients);
          const perReceipt = (seconds: number) => ((seconds * 1e6) / Math.max(1, cell.stored)).toFixed(0);
          const client = process.cpuUsage(clientCpu);
          console.log(
            `  ${String(batch).padStart(2)} × ${String(clients).padStart(2)}   ${String(Math.round(cell.rate)).padStart(6)}  ${ms(cell.p50).padStart(7)} ${ms(cell.p99).padStart(7)}  ${(cell.rate / rawRate).toFixed(2).padStart(5)}  ${(cell.rate / bare).toFixed(2).padStart(8)}  ${percent(cell.refused).padStart(13)}  ${perReceipt(processCpuSeconds(pid) - serverCpu).padStart(21)}  ${perReceipt((client.user + client.system) / 1e6).padStart(21)}  ${(loadavg()[0] as number).toFixed(1).padStart(4)}`,
          );
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      }
    }
  }

  // Paced at half the raw loop's rate (the target's definition), and at half the storage loop's.
  for (const [what, bare] of [
    ['raw better-sqlite3', raw],
    ['SQLite storage', bareSqlite],
  ] as const) {
    const server = await serve(join(dir, `paced-${bare}.db`));
    try {
      const rate = bare / 2;
      const cell = await pacedLoop(server.url, receipts, 10, rate);
      console.log(
        `\nsqlite open loop at half the ${what} rate (${Math.round(rate)} receipts/s offered, batches of 10): ` +
          `${Math.round(cell.rate)} receipts/s acknowledged, ${percent(cell.refused)} of requests refused (503); ` +
          `accepted requests p50 ${ms(cell.p50)} ms, p99 ${ms(cell.p99)} ms; load ${(loadavg()[0] as number).toFixed(1)}`,
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
  console.log(
    `load average at the end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
