// Load benchmark of the ledger endpoint: a server process (the bundled CLI) on 127.0.0.1, concurrent
// clients posting batches, durable commits (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit=on).
// Run: npm run bench:server   (env: BENCH_RECEIPTS, BENCH_CLIENTS, BENCH_BATCH, BENCH_SECONDS, PG_TEST_URL)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Receipt } from '../src/types.js';
import { makeReceipts } from '../test/server/fixtures.js';
import { startPostgres } from '../test/server/pg-cluster.js';
import { bundleCli, runCliProcess, startLedgerProcess } from '../test/server/spawn.js';

const TOTAL = Number(process.env.BENCH_RECEIPTS ?? 6000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ORIGIN = 'https://fjordkaffe.no';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function run(name: string, cli: string, database: string, keyFile: string, receipts: Receipt[]) {
  const server = await startLedgerProcess(cli, [
    '--database',
    database,
    '--key',
    keyFile,
    '--origin',
    ORIGIN,
    '--rate-limit',
    'off',
  ]);
  const latencies: number[] = [];
  let next = 0;
  let stored = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < receipts.length && performance.now() < deadline) {
          const batch = receipts.slice(next, next + BATCH);
          next += BATCH;
          const sent = performance.now();
          const response = await fetch(`${server.url}/receipts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            body: JSON.stringify({ receipts: batch }),
          });
          if (response.status !== 200) throw new Error(`${name}: status ${response.status}: ${await response.text()}`);
          await response.arrayBuffer();
          latencies.push(performance.now() - sent);
          stored += batch.length;
        }
      }),
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const verifyStarted = performance.now();
  const verify = await runCliProcess(cli, ['verify', '--database', database, '--key', keyFile]);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  console.log(
    `${name.padEnd(10)} ${stored} receipts in ${seconds.toFixed(2)} s = ${Math.round(stored / seconds)} receipts/s; ` +
      `${latencies.length} requests of ${BATCH}, ${CLIENTS} clients: p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms; verify (${verifySeconds.toFixed(2)} s): ${verify.stdout.trim()}`,
  );
  if (verify.code !== 0) throw new Error(`${name}: verify failed: ${verify.stderr}`);
}

const dir = mkdtempSync(join(tmpdir(), 'samtykke-bench-'));
const postgres = await startPostgres();
try {
  const cli = await bundleCli();
  console.log(
    `ledger bench: up to ${TOTAL} receipts per back end, ${CLIENTS} clients, batches of ${BATCH}, at most ${SECONDS} s`,
  );
  const receipts = await makeReceipts(TOTAL);
  await run('sqlite', cli, join(dir, 'bench.db'), join(dir, 'key.pem'), receipts);
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS samtykke_bench');
  await admin.query('CREATE DATABASE samtykke_bench');
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = '/samtykke_bench';
  await run('postgres', cli, url.toString(), join(dir, 'key.pem'), await makeReceipts(TOTAL));
} finally {
  postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
