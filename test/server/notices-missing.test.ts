import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/ledger/canonical.js';
import { createKnownNotices, keepNotices, namedNotices } from '../../src/server/notices.js';
import type { LedgerStorage } from '../../src/server/storage.js';
import { completeReceipt, makeReceipt } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const SITE = 'https://fjordkaffe.no';
const AT = '2026-05-01T12:00:00.000Z';

/** The real storage, with every `missingNotices` query it is asked recorded. */
function counting(storage: LedgerStorage) {
  const queries: string[][] = [];
  const missingNotices = storage.missingNotices.bind(storage);
  const counted: LedgerStorage = {
    ...storage,
    missingNotices: (hashes) => {
      queries.push([...hashes]);
      return missingNotices(hashes);
    },
  };
  return { storage: counted, queries };
}

// Browsers that never send a notice document (an older release, a client ignoring noticesWanted) must not cost a
// database query per request: what the ledger lacks is remembered for a short while, by the monotonic clock.
describe.each(storageKinds)('$name: notices the ledger lacks', (kind: StorageKind) => {
  it('are asked of the database once per hash and period, and still named in every answer', async () => {
    const db = await kind.open();
    try {
      const { storage, queries } = counting(db.storage);
      let clock = 0;
      const known = createKnownNotices(1000, 1000, () => clock);
      const { configHash, textHash } = completeReceipt().notice;
      const named = [configHash, textHash];
      const post = async () => keepNotices(storage, known, namedNotices([await makeReceipt()]), new Map(), SITE, AT);

      expect(await post()).toEqual(named);
      expect(await post()).toEqual(named);
      clock = 999;
      expect(await post()).toEqual(named);
      expect(queries).toEqual([named]);

      // Once the period is over the database is asked again.
      clock = 1000;
      expect(await post()).toEqual(named);
      expect(queries).toEqual([named, named]);

      // A document that arrives (here, stored directly, as another process would) is asked for at most until the
      // period ends, then found and never asked of the database again.
      const document = { stored: 'elsewhere' };
      await storage.putNotices([{ hash: configHash, content: canonicalize(document), receivedAt: AT, site: SITE }]);
      clock = 1500;
      expect(await post()).toEqual(named);
      clock = 2000;
      expect(await post()).toEqual([textHash]);
      clock = 2500;
      expect(await post()).toEqual([textHash]);
      expect(queries).toEqual([named, named, named]);
      clock = 3000;
      expect(await post()).toEqual([textHash]);
      expect(queries).toEqual([named, named, named, [textHash]]);
    } finally {
      await db.close();
    }
  });

  it('a document the batch itself brings is known at once', async () => {
    const db = await kind.open();
    try {
      const { storage, queries } = counting(db.storage);
      const known = createKnownNotices(1000, 1000, () => 0);
      const { configHash, textHash } = completeReceipt().notice;
      const receipt = await makeReceipt();
      expect(await keepNotices(storage, known, namedNotices([receipt]), new Map(), SITE, AT)).toEqual([
        configHash,
        textHash,
      ]);
      // The content need not hash to its key here: keepNotices takes documents parseNotices has checked.
      const documents = new Map([[configHash, canonicalize({ any: 'document' })]]);
      expect(await keepNotices(storage, known, namedNotices([receipt]), documents, SITE, AT)).toEqual([textHash]);
      expect(await keepNotices(storage, known, namedNotices([receipt]), new Map(), SITE, AT)).toEqual([textHash]);
      expect(queries).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
