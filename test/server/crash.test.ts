import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt, ReceiptAcknowledgement } from '../../src/types.js';
import { makeReceipts, missingFixtureNotices } from './fixtures.js';
import { freshPostgresUrl } from './helpers.js';
import { bundleCli, runCliProcess, startLedgerProcess } from './spawn.js';

const ORIGIN = 'https://fjordkaffe.no';
let cli: string;
let dir: string;
beforeAll(async () => {
  cli = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'samtykke-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function post(url: string, receipts: Receipt[]): Promise<ReceiptAcknowledgement[]> {
  const response = await fetch(`${url}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ receipts }),
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return ((await response.json()) as { acknowledgements: ReceiptAcknowledgement[] }).acknowledgements;
}

describe.each(['sqlite', 'postgres'] as const)('a %s ledger killed mid-stream', (kind) => {
  it('keeps every acknowledged receipt, and its chain verifies after a restart', async () => {
    const database = kind === 'sqlite' ? join(dir, 'ledger.db') : await freshPostgresUrl();
    // Without load shedding: on a busy machine a late event loop would refuse a post (503), which this test,
    // about what survives a kill, would count as the kill.
    const args = [
      '--database',
      database,
      '--key',
      join(dir, `${kind}.pem`),
      '--origin',
      ORIGIN,
      '--max-event-loop-lag',
      '0',
      '--max-queue-time',
      '0',
    ];
    const receipts = await makeReceipts(400);
    const server = await startLedgerProcess(cli, args);

    // Four clients stream batches of four until the server dies under them.
    const acknowledged = new Map<string, ReceiptAcknowledgement>();
    let next = 0;
    let failures = 0;
    const client = async () => {
      while (next < receipts.length) {
        const batch = receipts.slice(next, next + 4);
        next += 4;
        try {
          for (const ack of await post(server.url, batch)) acknowledged.set(ack.receiptId, ack);
          // Killed from inside the stream, so other clients' requests are in flight when it dies.
          if (acknowledged.size >= 120 && server.child.exitCode === null) server.child.kill('SIGKILL');
        } catch {
          failures++;
          return;
        }
      }
    };
    const clients = [client(), client(), client(), client()];
    await Promise.all(clients);
    expect(await server.exited).toBeNull();
    expect(failures).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(receipts.length);

    // Restart on the same database: it resumes the chain, and replays get their original acknowledgements.
    const again = await startLedgerProcess(cli, args);
    try {
      const sent = receipts.slice(0, next);
      for (let index = 0; index < sent.length; index += 50) {
        for (const ack of await post(again.url, sent.slice(index, index + 50))) {
          const before = acknowledged.get(ack.receiptId);
          if (before) expect(ack).toEqual(before);
        }
      }
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }

    const exported = await runCliProcess(cli, ['export', '--database', database]);
    expect(exported.code).toBe(0);
    const rows = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { receiptId: string; seq: number });
    const stored = new Set(rows.map((row) => row.receiptId));
    for (const receiptId of acknowledged.keys()) expect(stored.has(receiptId)).toBe(true);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index + 1));

    const verified = await runCliProcess(cli, ['verify', '--database', database, '--key', join(dir, `${kind}.pem`)]);
    expect(verified).toMatchObject({ code: 0, stderr: missingFixtureNotices(rows.length, ORIGIN) });
    expect(verified.stdout).toBe(`${rows.length} records (0 erased) in 1 site chain(s): verified\n`);
  });
});
