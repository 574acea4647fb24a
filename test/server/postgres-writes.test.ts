import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const key = signingKeyFrom(generateKeyPair().privateKey);
const SITE = 'https://fjordkaffe.no';
const postgres = storageKinds.find((kind) => kind.name === 'postgres') as StorageKind;

// A commit group's rows, erasure keys, counters and chain head go to PostgreSQL in as few statements as its
// parameter limit (65,535) allows; these groups need more than one.
describe('PostgreSQL writes of a large commit group', () => {
  let db: Awaited<ReturnType<StorageKind['open']>>;
  beforeEach(async () => {
    db = await postgres.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('stores every row, key and counter of a group whose writes pass the parameter limit', async () => {
    // 300 receipts × 50 categories of their own: 15,000 counter rows of 5 parameters, besides the receipts' rows.
    const receipts: Receipt[] = [];
    for (let index = 0; index < 300; index++) {
      receipts.push(
        await makeReceipt({
          purposes: Array.from({ length: 50 }, (_, purpose) => ({
            id: `category-${index}-${purpose}`,
            title: 'Statistikk',
            status: purpose % 2 === 0 ? 'granted' : 'denied',
            lawfulBasis: 'consent',
            services: [],
          })),
        }),
      );
    }
    const seal = createSealer(key);
    // Appended in the same turn of the event loop: one commit group.
    const results = await Promise.all(
      [0, 100, 200].map((offset) =>
        db.storage.append(
          receipts.slice(offset, offset + 100).map((receipt) => ({
            receipt,
            site: SITE,
            client: '192.0.2.0/24',
            erasureKeyHash: `sha256-${'K'.repeat(43)}=`,
          })),
          seal,
        ),
      ),
    );
    expect(results.flat().map((result) => result.acknowledgement.seq)).toEqual(
      Array.from({ length: 300 }, (_, index) => index + 1),
    );
    const [group] = (await db.sql(
      'SELECT count(*) AS rows, count(DISTINCT signature) AS groups FROM samtykke_receipts',
    )) as Array<{ rows: string; groups: string }>;
    expect(group).toEqual({ rows: '300', groups: '1' });
    const [categories] = (await db.sql(
      'SELECT count(*) AS rows, sum(decisions) AS decisions, sum(granted) AS granted FROM samtykke_receipt_category_stats',
    )) as Array<{ rows: string; decisions: string; granted: string }>;
    expect(categories).toEqual({ rows: '15000', decisions: '15000', granted: '7500' });
    const [decisions] = (await db.sql('SELECT sum(decisions) AS decisions FROM samtykke_receipt_stats')) as Array<{
      decisions: string;
    }>;
    expect(decisions?.decisions).toBe('300');
    const keys = (await db.sql('SELECT count(*) AS keys FROM samtykke_erasure_keys')) as Array<{ keys: string }>;
    expect(keys[0]?.keys).toBe(String(new Set(receipts.map((receipt) => receipt.recordId)).size));
    expect(await db.storage.heads()).toEqual([
      { site: SITE, seq: 300, chainHash: results[2]?.[99]?.acknowledgement.chainHash },
    ]);
    expect(await verifyLedger(db.storage, key.publicKey)).toMatchObject({ ok: true, records: 300, problems: [] });
  });

  it('moves the head of each site a group appends to, a new site included', async () => {
    const receipts = await makeReceipts(6);
    const seal = createSealer(key);
    await db.storage.append([{ receipt: receipts[0] as Receipt, site: SITE, client: null }], seal);
    const sites = [SITE, 'https://b.example', 'https://a.example'];
    await Promise.all(
      sites.map((site, index) =>
        db.storage.append(
          receipts.slice(1 + index, 2 + index).map((receipt) => ({ receipt, site, client: null })),
          seal,
        ),
      ),
    );
    expect((await db.storage.heads()).map((head) => [head.site, head.seq])).toEqual([
      ['https://a.example', 1],
      ['https://b.example', 1],
      [SITE, 2],
    ]);
    expect(await verifyLedger(db.storage, key.publicKey)).toMatchObject({ ok: true, records: 4, sites: 3 });
  });
});
