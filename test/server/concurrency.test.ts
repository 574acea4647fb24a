import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { openStorage } from '../../src/server/open-storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { ReceiptAcknowledgement } from '../../src/types.js';
import { makeReceipts } from './fixtures.js';
import { freshPostgresUrl } from './helpers.js';
import { bundleCli, type LedgerProcess, startLedgerProcess } from './spawn.js';

const SITES = ['https://fjordkaffe.no', 'https://bakeri.no'];
let cli: string;
let dir: string;
beforeAll(async () => {
  cli = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'samtykke-concurrency-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['postgres', 'sqlite'] as const)('several writer processes on one %s ledger', (kind) => {
  it('extend each site chain without gaps or forks, and the ledger verifies', async () => {
    const database = kind === 'postgres' ? await freshPostgresUrl() : join(dir, 'shared.db');
    const keyFile = join(dir, `${kind}.pem`);
    const pair = generateKeyPair();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(keyFile, pair.privateKey);
    const args = [
      '--database',
      database,
      '--key',
      keyFile,
      '--rate-limit',
      'off',
      // Without load shedding (tested in load-shedding.test.ts): on a busy machine a late event loop would refuse
      // posts with 503, and this test is about the chains.
      '--max-event-loop-lag',
      '0',
      '--max-queue-time',
      '0',
      ...SITES.flatMap((site) => ['--origin', site]),
    ];
    // Started together, so they also race through the schema migration.
    const servers: LedgerProcess[] = await Promise.all([1, 2, 3].map(() => startLedgerProcess(cli, args)));
    try {
      const receipts = await makeReceipts(360);
      const acks: ReceiptAcknowledgement[] = [];
      // An auditor verifies again and again while the writers run: appends in flight are never reported.
      const auditor = await openStorage(database);
      const publicKey = signingKeyFrom(pair.privateKey).publicKey;
      let writing = true;
      const audits: Array<{ ok: boolean; records: number; problems: unknown[] }> = [];
      const audit = (async () => {
        while (writing) {
          audits.push(await verifyLedger(auditor, publicKey));
          // SQLite answers synchronously: yield so the writers' requests get the event loop too.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      // 24 clients, each on one process and one site, half posting single receipts and half batches of 5:
      // the processes' group commits interleave on each site's chain-head lock.
      const bySite = new Map(
        SITES.map((site) => [site, receipts.filter((_, index) => index % 2 === SITES.indexOf(site))]),
      );
      const cursors = new Map(SITES.map((site) => [site, 0]));
      const sent = new Map<string, string>();
      await Promise.all(
        Array.from({ length: 24 }, async (_, clientIndex) => {
          const server = servers[clientIndex % servers.length] as LedgerProcess;
          const site = SITES[clientIndex % SITES.length] as string;
          const size = clientIndex % 4 < 2 ? 1 : 5;
          const mine = bySite.get(site) as typeof receipts;
          for (;;) {
            const start = cursors.get(site) as number;
            if (start >= mine.length) return;
            cursors.set(site, start + size);
            const batch = mine.slice(start, start + size);
            for (const receipt of batch) sent.set(receipt.receiptId, site);
            const response = await fetch(`${server.url}/receipts`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin: site },
              body: JSON.stringify({ receipts: batch }),
            });
            expect(response.status).toBe(200);
            acks.push(...((await response.json()) as { acknowledgements: ReceiptAcknowledgement[] }).acknowledgements);
          }
        }),
      );
      // Every receipt posted again, each time through another process: the same acknowledgement comes back.
      const original = new Map(acks.map((ack) => [ack.receiptId, ack]));
      for (const [index, receipt] of receipts.entries()) {
        if (index % 7 !== 0) continue;
        const server = servers[(index + 1) % servers.length] as LedgerProcess;
        const response = await fetch(`${server.url}/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: sent.get(receipt.receiptId) as string },
          body: JSON.stringify(receipt),
        });
        const [again] = ((await response.json()) as { acknowledgements: ReceiptAcknowledgement[] }).acknowledgements;
        expect(again).toEqual(original.get(receipt.receiptId));
      }
      writing = false;
      await audit;
      await auditor.close();
      expect(acks).toHaveLength(360);
      expect(audits.length).toBeGreaterThan(1);
      expect(audits.flatMap((result) => result.problems)).toEqual([]);
      expect(audits.some((result) => result.records > 0 && result.records < 360)).toBe(true);
    } finally {
      for (const server of servers) server.child.kill('SIGTERM');
      await Promise.all(servers.map((server) => server.exited));
    }
    const storage = await openStorage(database);
    try {
      const result = await verifyLedger(storage, signingKeyFrom(pair.privateKey).publicKey);
      expect(result).toMatchObject({ ok: true, records: 360, tombstones: 0, sites: 2, problems: [] });
      expect((await storage.heads()).map((head) => [head.site, head.seq])).toEqual([
        ['https://bakeri.no', 180],
        ['https://fjordkaffe.no', 180],
      ]);
    } finally {
      await storage.close();
    }
  });
});
