import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair } from '../../src/server/keys.js';
import type { Receipt, ReceiptAcknowledgement } from '../../src/types.js';
import { handlerContext } from './context.js';
import { makeReceipts, missingFixtureNotices } from './fixtures.js';
import { storageKinds } from './helpers.js';
import { startPostgres, type TestPostgres } from './pg-cluster.js';
import { bundleCli, type LedgerProcess, runCliProcess, startLedgerProcess, startLoadLedger } from './spawn.js';

const ORIGIN = 'https://fjordkaffe.no';
const NOBODY = { uid: 65534, gid: 65534 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let cli: string;
let dir: string;
beforeAll(async () => {
  cli = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'samtykke-faults-'));
  chmodSync(dir, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function post(url: string, receipts: Receipt[]): Promise<Response> {
  return fetch(`${url}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ receipts }),
  });
}

/**
 * Clients that behave like the browser outbox: a batch is sent until it is acknowledged; a 503 is
 * waited out and the same batch sent again. Every acknowledgement of a receipt must be the same.
 */
async function load(url: string, receipts: Receipt[], onAck: (acked: number) => Promise<void> | void) {
  const acks = new Map<string, ReceiptAcknowledgement>();
  const statuses: Record<string, number> = {};
  let next = 0;
  const client = async () => {
    while (next < receipts.length) {
      const batch = receipts.slice(next, next + 5);
      next += 5;
      for (;;) {
        let status = 'network error';
        try {
          const response = await post(url, batch);
          status = String(response.status);
          if (response.status === 503) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
          if (response.status === 200) {
            const body = (await response.json()) as { acknowledgements: ReceiptAcknowledgement[] };
            for (const ack of body.acknowledgements) {
              const before = acks.get(ack.receiptId);
              if (before) expect(ack).toEqual(before);
              acks.set(ack.receiptId, ack);
            }
          } else {
            await response.arrayBuffer();
          }
        } catch {
          // The connection failed: the outbox sends the batch again.
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === '200') break;
        // A test waits less than Retry-After asks; what matters is that the same batch comes again.
        await sleep(100);
      }
      await onAck(acks.size);
    }
  };
  await Promise.all(Array.from({ length: 6 }, client));
  return { acks, statuses };
}

/** Export and verify with the CLI; every acknowledged receipt is stored once, as acknowledged, seqs 1…n. */
async function expectLedgerHolds(database: string, keyFile: string, acks: Map<string, ReceiptAcknowledgement>) {
  const exported = await runCliProcess(cli, ['export', '--database', database]);
  expect(exported.code).toBe(0);
  const rows = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { receiptId: string; seq: number; acknowledgement: ReceiptAcknowledgement });
  expect(new Set(rows.map((row) => row.receiptId)).size).toBe(rows.length);
  expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index + 1));
  const stored = new Map(rows.map((row) => [row.receiptId, row.acknowledgement]));
  for (const [receiptId, ack] of acks) expect(stored.get(receiptId)).toEqual(ack);
  const verified = await runCliProcess(cli, ['verify', '--database', database, '--key', keyFile]);
  expect(verified).toMatchObject({ code: 0, stderr: missingFixtureNotices(rows.length, ORIGIN) });
  expect(verified.stdout).toBe(`${rows.length} records (0 erased) in 1 site chain(s): verified\n`);
}

describe('PostgreSQL stopped and restarted under load', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    // A cluster of this file's own: stopping the shared one would fail every other test file.
    postgres = await startPostgres('faults');
  });
  afterAll(() => postgres?.stop());

  it('serve waits for a database that is not up yet, logging each attempt, instead of exiting; then serves', async () => {
    const keyFile = join(dir, 'pg-late.pem');
    writeFileSync(keyFile, generateKeyPair().privateKey);
    const lines: Array<Record<string, unknown>> = [];
    // A database of this test's own on the file's cluster, so the other tests' ledger stays theirs.
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE late_start');
    await admin.end();
    const database = new URL(postgres.url);
    database.pathname = '/late_start';
    postgres.halt?.('fast');
    let starting: Promise<LedgerProcess> | undefined;
    try {
      starting = startLedgerProcess(
        cli,
        ['--database', database.toString(), '--key', keyFile, '--origin', ORIGIN, '--rate-limit', 'off'],
        undefined,
        (line) => lines.push(line),
      );
      // Two attempts logged: the first failure did not end the process.
      await vi.waitFor(
        () => expect(lines.filter((line) => line.msg === 'database unreachable, retrying').length).toBeGreaterThan(1),
        { timeout: 30_000, interval: 50 },
      );
      expect(lines[0]).toMatchObject({ level: 'warn', retryInMs: 500 });
    } finally {
      postgres.resume?.();
    }
    const server = await (starting as Promise<LedgerProcess>);
    try {
      const receipts = await makeReceipts(3);
      const response = await post(server.url, receipts);
      expect(response.status).toBe(200);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('serve still refuses at once a PostgreSQL mistake that waiting cannot fix (no such database)', async () => {
    const url = new URL(postgres.url);
    url.pathname = '/no_such_database';
    const result = await runCliProcess(cli, [
      'serve',
      '--port',
      '0',
      '--database',
      url.toString(),
      '--key',
      join(dir, 'x.pem'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('retrying');
    expect(result.stderr).toContain('no_such_database');
  });

  it('answers 503 + Retry-After while it is down, reconnects by itself, never exits, and loses nothing', async () => {
    const keyFile = join(dir, 'pg.pem');
    writeFileSync(keyFile, generateKeyPair().privateKey);
    const server = await startLoadLedger(cli, { database: postgres.url, key: keyFile, origin: ORIGIN });
    const healthDuringOutage: Array<{ status: number; retryAfter: string | null }> = [];
    let phase = 0;
    const outage = async (mode: 'fast' | 'immediate') => {
      postgres.halt?.(mode);
      await sleep(600);
      const health = await fetch(`${server.url}/health`);
      healthDuringOutage.push({ status: health.status, retryAfter: health.headers.get('retry-after') });
      postgres.resume?.();
    };
    try {
      const receipts = await makeReceipts(500);
      const { acks, statuses } = await load(server.url, receipts, async (acked) => {
        // Stopped with requests in flight: once politely (fast: sessions terminated), once as a crash.
        if (phase === 0 && acked >= 80) {
          phase = 1;
          await outage('fast');
        } else if (phase === 1 && acked >= 300) {
          phase = 2;
          await outage('immediate');
        }
      });
      expect(phase).toBe(2);
      expect(server.child.exitCode).toBeNull();
      expect(acks.size).toBe(500);
      expect(statuses['503']).toBeGreaterThan(0);
      expect(healthDuringOutage).toEqual([
        { status: 503, retryAfter: '5' },
        { status: 503, retryAfter: '5' },
      ]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      await expectLedgerHolds(postgres.url, keyFile, acks);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe('SQLite storage taken away under the server', () => {
  it('a removed database directory: 503 + Retry-After, /health 503, never an acknowledgement', async () => {
    const home = join(dir, 'removed');
    mkdirSync(home);
    const database = join(home, 'ledger.db');
    const server = await startLedgerProcess(cli, [
      '--database',
      database,
      '--key',
      join(dir, 'removed.pem'),
      '--origin',
      ORIGIN,
    ]);
    try {
      const receipts = await makeReceipts(12);
      expect((await post(server.url, receipts.slice(0, 4))).status).toBe(200);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      rmSync(home, { recursive: true, force: true });
      const refused = await post(server.url, receipts.slice(4, 8));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({ error: 'storage unavailable, retry later' });
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(503);
      // A new, empty file at the same path is not the ledger either.
      mkdirSync(home);
      writeFileSync(database, '');
      expect((await post(server.url, receipts.slice(8))).status).toBe(503);
      expect(server.child.exitCode).toBeNull();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('a read-only file or directory: /health 503 until it is writable again; a restart is refused clearly', async () => {
    const home = join(dir, 'readonly');
    mkdirSync(home);
    chownSync(home, NOBODY.uid, NOBODY.gid);
    const database = join(home, 'ledger.db');
    const keyFile = join(home, 'key.pem');
    const args = ['--database', database, '--key', keyFile, '--origin', ORIGIN];
    // Root may write anything; the server runs unprivileged, as it should in production.
    const server = await startLedgerProcess(cli, args, NOBODY);
    let again: LedgerProcess | undefined;
    try {
      const receipts = await makeReceipts(4);
      expect((await post(server.url, receipts.slice(0, 2))).status).toBe(200);
      chmodSync(database, 0o444);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('5');
      chmodSync(database, 0o644);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      chmodSync(home, 0o555);
      expect((await fetch(`${server.url}/health`)).status).toBe(503);
      chmodSync(home, 0o755);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect((await post(server.url, receipts.slice(2))).status).toBe(200);
      expect(server.child.exitCode).toBeNull();

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      chmodSync(database, 0o444);
      const refused = await startLedgerProcess(cli, args, NOBODY).then(
        (started) => {
          again = started;
          return '';
        },
        (error: Error) => error.message,
      );
      expect(refused).toContain('readonly database');
    } finally {
      server.child.kill('SIGTERM');
      again?.child.kill('SIGTERM');
      chmodSync(home, 0o755);
    }
  });
});

describe.each(storageKinds)('the handler on a $name ledger whose database went away', (kind) => {
  it('answers 503 + Retry-After on every route that needs it, /health included, and acknowledges nothing', async () => {
    const context = await handlerContext(kind);
    try {
      expect((await context.call('/health')).status).toBe(200);
      await context.db.storage.close();
      const refused = await context.post(await makeReceipts(1).then((receipts) => receipts[0]));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({ error: 'storage unavailable, retry later' });
      const health = await context.call('/health');
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('5');
      expect(context.logs.at(-1)).toMatchObject({ level: 'error', status: 503, route: '/health' });
    } finally {
      await context.close().catch(() => {});
    }
  });
});
