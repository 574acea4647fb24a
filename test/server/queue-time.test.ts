import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, publicKeyFrom } from '../../src/server/keys.js';
import { createQueueAdmission } from '../../src/server/queue-admission.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt, ReceiptAcknowledgement } from '../../src/types.js';
import { makeReceipts } from './fixtures.js';
import { bundleCli, startLoadLedger } from './spawn.js';

const ORIGIN = 'https://fjordkaffe.no';
let cli: string;
let dir: string;
let keyFile: string;
let publicKey: string;
beforeAll(async () => {
  cli = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'samtykke-queue-time-'));
  keyFile = join(dir, 'key.pem');
  const pair = generateKeyPair();
  writeFileSync(keyFile, pair.privateKey);
  publicKey = pair.publicKey;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

function post(agent: Agent, url: string, receipts: Receipt[]): Promise<Answer> {
  const body = JSON.stringify({ receipts });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/receipts`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * An overload that stops by itself: every batch at once, each on a connection of its own (many visitors' browsers
 * at the same moment), far more than the server parses within the bound. Returns every answer, in batch order.
 */
async function burst(flags: string[], batches: Receipt[][], database: string): Promise<Answer[]> {
  const server = await startLoadLedger(cli, { database, key: keyFile, origin: ORIGIN }, [
    '--max-event-loop-lag',
    '0',
    '--max-pending',
    '1000000',
    ...flags,
  ]);
  const agent = new Agent({ keepAlive: true, maxSockets: batches.length });
  try {
    return await Promise.all(batches.map((batch) => post(agent, server.url, batch)));
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/** Every acknowledged receipt is stored once, nothing refused is stored, and the chain verifies. */
async function expectStoredOnce(database: string, batches: Receipt[][], answers: Answer[]) {
  const acknowledged = answers.flatMap((answer) =>
    answer.status === 200
      ? (JSON.parse(answer.body) as { acknowledgements: ReceiptAcknowledgement[] }).acknowledgements
      : [],
  );
  const refusedIds = batches.flatMap((batch, index) =>
    answers[index]?.status === 200 ? [] : batch.map((receipt) => receipt.receiptId),
  );
  const storage = await openSqliteStorage({ path: database, readOnly: true });
  try {
    const rows = await storage.page({ limit: 100_000 });
    const stored = rows.map((row) => row.receiptId);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.sort()).toEqual(acknowledged.map((ack) => ack.receiptId).sort());
    for (const id of refusedIds) expect(stored).not.toContain(id);
    // Each acknowledgement is the stored one.
    const bySeq = new Map(rows.map((row) => [row.seq, row.acknowledgement]));
    for (const ack of acknowledged) expect(bySeq.get(ack.seq)).toEqual(ack);
    const report = await verifyLedger(storage, publicKeyFrom(publicKey));
    expect(report).toMatchObject({ ok: true, records: acknowledged.length, problems: [] });
  } finally {
    await storage.close();
  }
}

describe('shedding on queueing time', () => {
  it('answers a burst beyond --max-queue-time with quick 503 + Retry-After for the excess, takes the rest, and stores each taken receipt once', async () => {
    const receipts = await makeReceipts(3000);
    const batches = Array.from({ length: 300 }, (_, index) => receipts.slice(index * 10, index * 10 + 10));
    const database = join(dir, 'shed.db');
    const answers = await burst(['--max-queue-time', '5'], batches, database);
    const refused = answers.filter((answer) => answer.status === 503);
    const taken = answers.filter((answer) => answer.status === 200);
    expect(refused.length + taken.length).toBe(answers.length);
    expect(refused.length).toBeGreaterThan(0);
    expect(taken.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('1');
      expect(JSON.parse(answer.body)).toEqual({ error: 'the ledger is busy, retry later' });
    }
    await expectStoredOnce(database, batches, answers);
  });

  it('control: with --max-queue-time 0 the same burst is waited out, every batch taken', async () => {
    const receipts = await makeReceipts(3000);
    const batches = Array.from({ length: 300 }, (_, index) => receipts.slice(index * 10, index * 10 + 10));
    const database = join(dir, 'queued.db');
    const answers = await burst(['--max-queue-time', '0'], batches, database);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    await expectStoredOnce(database, batches, answers);
  });
});

describe('the queue-time admission rule', () => {
  const justArrived = () => performance.now() + 60_000;
  const longAgo = () => performance.now() - 60_000;

  it('takes a post that has not waited, however much is queued', () => {
    const admission = createQueueAdmission(20);
    expect(admission.admit(justArrived(), 100_000, 0, 0)).toBe(true);
  });

  it('refuses a post that waited too long once its commit group holds enough to be worth committing', () => {
    const admission = createQueueAdmission(20);
    admission.parsed(100, 10); // 0.1 ms a receipt: half the bound is 100 receipts
    expect(admission.admit(longAgo(), 1000, 0, 0)).toBe(false);
    expect(admission.admit(justArrived(), 1000, 60_000 * 3, 0)).toBe(false);
  });

  it('still takes a late post while its group is small, so a starved process keeps committing', () => {
    const admission = createQueueAdmission(20);
    admission.parsed(100, 10);
    expect(admission.admit(longAgo(), 0, 0, 0)).toBe(true);
    expect(admission.admit(longAgo(), 50, 0, 0)).toBe(true);
  });

  it('lets a group grow to pay for a slow commit before refusing late posts', () => {
    const admission = createQueueAdmission(20);
    admission.parsed(100, 10);
    // A 40 ms fsync: up to 80 ms of parsing (800 receipts) per group before a late post is refused.
    expect(admission.admit(longAgo(), 700, 0, 40)).toBe(true);
    expect(admission.admit(longAgo(), 900, 0, 40)).toBe(false);
  });

  it('takes everything when turned off', () => {
    expect(createQueueAdmission(0).admit(longAgo(), 100_000, 1e9, 0)).toBe(true);
  });
});
