import { describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { handlerContext } from './context.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { storageKinds } from './helpers.js';

const key = signingKeyFrom(generateKeyPair().privateKey);
const SITE = 'https://fjordkaffe.no';

/** A receipt of `recordId` whose `previousHash` is `previous`. */
const linked = (recordId: string, previous: string | null) =>
  makeReceipt({ recordId, integrity: { canonicalization: 'JCS-RFC8785', receiptHash: '', previousHash: previous } });

describe.each(storageKinds)('the browsers’ chains on $name', (kind) => {
  it('verify follows each consent id’s previousHash: links, gaps and forks are counted, a link to another consent id is a problem', async () => {
    const db = await kind.open();
    try {
      const [first, second] = (await makeReceipts(2)) as Receipt[];
      const recordId = first?.recordId as string;
      const other = crypto.randomUUID();
      const gap = await linked(recordId, `sha256-${'G'.repeat(43)}=`);
      const fork = await linked(recordId, first?.integrity.receiptHash as string);
      const foreign = await linked(other, second?.integrity.receiptHash as string);
      const seal = createSealer(key);
      for (const receipt of [first, second, gap, fork, foreign] as Receipt[]) {
        await db.storage.append([{ receipt, site: SITE, client: null }], seal);
      }
      const result = await verifyLedger(db.storage, key.publicKey);
      expect(result.clientChains).toEqual({ links: 2, gaps: 1, forks: 1 });
      expect(result.problems).toEqual([
        {
          site: SITE,
          seq: 5,
          kind: 'chain',
          message: 'seq 5: previousHash names a receipt of another consent id (an injected or altered receipt)',
        },
      ]);
      expect(result.ok).toBe(false);
      // Control: the same ledger without the foreign link verifies.
      await db.storage.erase(other, new Date().toISOString());
      const clean = await verifyLedger(db.storage, key.publicKey);
      expect(clean.problems).toEqual([]);
      expect(clean.ok).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('refuses a batch where a receipt links to another consent id’s receipt in the same batch', async () => {
    const ctx = await handlerContext(kind);
    try {
      const [first] = await makeReceipts(1);
      const intruder = await linked(crypto.randomUUID(), first?.integrity.receiptHash as string);
      const response = await ctx.post({ receipts: [first, intruder] });
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /^receipts\[1\]\.integrity\.previousHash: names a receipt of another consent id/,
      );
      expect(await ctx.stored()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
