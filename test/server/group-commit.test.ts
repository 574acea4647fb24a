import { describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { type AppendResult, ReceiptConflictError, StorageUnavailableError } from '../../src/server/storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { storageKinds } from './helpers.js';

describe.each(storageKinds)('group commit on $name', (kind) => {
  it('requests arriving together share commits, each keeps its own outcome, and the chains verify', async () => {
    const db = await kind.open();
    const key = signingKeyFrom(generateKeyPair().privateKey);
    const seal = createSealer(key);
    try {
      const receipts = await makeReceipts(60);
      const first = receipts[0];
      if (!first) throw new Error('no receipts');
      // Stored before the burst: the burst has a replay of it and a conflicting copy.
      const [stored] = await db.storage.append([{ receipt: first, site: 'https://a.example', client: null }], seal);
      const forged = await makeReceipt({ receiptId: first.receiptId });
      const requests: Array<Parameters<typeof db.storage.append>[0]> = [];
      for (let index = 1; index < receipts.length; index += 2) {
        const site = index % 4 === 1 ? 'https://a.example' : 'https://b.example';
        requests.push(receipts.slice(index, index + 2).map((receipt) => ({ receipt, site, client: null })));
      }
      // A request with a new receipt and the conflicting one: refused whole, nothing of it stored.
      const fresh = await makeReceipt();
      requests.push([
        { receipt: fresh, site: 'https://a.example', client: null },
        { receipt: forged, site: 'https://a.example', client: null },
      ]);
      requests.push([{ receipt: first, site: 'https://a.example', client: null }]);
      // The same new receipt in two requests of one group: stored once, the same acknowledgement twice.
      const twice = receipts[5];
      if (!twice) throw new Error('no receipt');
      requests.push([{ receipt: twice, site: 'https://a.example', client: null }]);

      const outcomes = await Promise.allSettled(requests.map((items) => db.storage.append(items, seal)));
      const conflicts = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(conflicts).toHaveLength(1);
      expect((conflicts[0] as PromiseRejectedResult).reason).toBeInstanceOf(ReceiptConflictError);
      expect(outcomes.at(-3)?.status).toBe('rejected');
      const results = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
      expect((outcomes.at(-2) as PromiseFulfilledResult<AppendResult[]>).value[0]).toEqual({
        ...stored,
        replay: true,
      });
      const acksOfTwice = results.filter((result) => result.acknowledgement.receiptId === twice.receiptId);
      expect(acksOfTwice).toHaveLength(2);
      expect(acksOfTwice[0]?.acknowledgement).toEqual(acksOfTwice[1]?.acknowledgement);

      const heads = await db.storage.heads();
      expect(heads.map((head) => [head.site, head.seq])).toEqual([
        ['https://a.example', 31],
        ['https://b.example', 29],
      ]);
      expect(await db.storage.byRecord(fresh.recordId)).toEqual([]);
      const verified = await verifyLedger(db.storage, key.publicKey);
      expect(verified).toMatchObject({ ok: true, records: 60, tombstones: 0, sites: 2, problems: [] });
    } finally {
      await db.close();
    }
  });

  it('a failing database fails every request of the group, and acknowledges none', async () => {
    const db = await kind.open();
    const seal = createSealer(signingKeyFrom(generateKeyPair().privateKey));
    const receipts = await makeReceipts(6);
    await db.storage.close();
    const outcomes = await Promise.allSettled(
      receipts.map((receipt) => db.storage.append([{ receipt, site: 'default', client: null }], seal)),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
    }
    await db.close().catch(() => {});
  });
});
