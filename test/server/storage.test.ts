import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { generateKeyPair, signingKeyFrom, verifyAcknowledgement } from '../../src/server/keys.js';
import { openStorage } from '../../src/server/open-storage.js';
import { pruneLedger } from '../../src/server/retention.js';
import { type LedgerStorage, ReceiptConflictError, scanLedger } from '../../src/server/storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const key = signingKeyFrom(generateKeyPair().privateKey);
const item = (receipt: Awaited<ReturnType<typeof makeReceipt>>, site = 'https://fjordkaffe.no') => ({
  receipt,
  site,
  client: '192.0.2.0/24',
});

async function all(storage: LedgerStorage) {
  const rows = [];
  for await (const row of scanLedger(storage, {}, 3)) rows.push(row);
  return rows;
}

describe.each(storageKinds)('$name storage', (kind: StorageKind) => {
  let db: Awaited<ReturnType<StorageKind['open']>>;
  let clock = new Date('2026-05-01T12:00:00.000Z');
  const seal = createSealer(key, () => clock);
  beforeEach(async () => {
    clock = new Date('2026-05-01T12:00:00.000Z');
    db = await kind.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('appends receipts as a signed chain per site, numbering each site from 1', async () => {
    const receipts = await makeReceipts(3);
    const first = await db.storage.append(
      receipts.slice(0, 2).map((receipt) => item(receipt)),
      seal,
    );
    const other = await db.storage.append([item(receipts[2] as never, 'https://other.example')], seal);
    expect(first.map((result) => [result.acknowledgement.seq, result.replay])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(other[0]?.acknowledgement.seq).toBe(1);
    for (const result of [...first, ...other])
      expect(verifyAcknowledgement(result.acknowledgement, key.publicKey)).toBe(true);
    expect(await db.storage.heads()).toEqual([
      { site: 'https://fjordkaffe.no', seq: 2, chainHash: first[1]?.acknowledgement.chainHash },
      { site: 'https://other.example', seq: 1, chainHash: other[0]?.acknowledgement.chainHash },
    ]);
    const rows = await all(db.storage);
    expect(rows.map((row) => [row.site, row.seq, row.receiptId])).toEqual([
      ['https://fjordkaffe.no', 1, receipts[0]?.receiptId],
      ['https://fjordkaffe.no', 2, receipts[1]?.receiptId],
      ['https://other.example', 1, receipts[2]?.receiptId],
    ]);
    expect(rows[0]?.receipt).toEqual(receipts[0]);
    expect(rows[0]?.client).toBe('192.0.2.0/24');
    expect(await verifyLedger(db.storage, key.publicKey)).toMatchObject({
      ok: true,
      records: 3,
      sites: 2,
      problems: [],
    });
  });

  it('returns the original acknowledgement for a replayed receipt and stores nothing new', async () => {
    const receipt = await makeReceipt();
    const [original] = await db.storage.append([item(receipt)], seal);
    clock = new Date('2026-05-02T00:00:00.000Z');
    const replay = await db.storage.append([item(receipt), item(receipt)], seal);
    expect(replay.map((result) => result.replay)).toEqual([true, true]);
    expect(replay[0]?.acknowledgement).toEqual(original?.acknowledgement);
    expect(await all(db.storage)).toHaveLength(1);
  });

  it('rejects a batch whole when a receipt id is already stored with other content', async () => {
    const [stored, fresh] = await makeReceipts(2);
    await db.storage.append([item(stored as never)], seal);
    const forged = await makeReceipt({ receiptId: stored?.receiptId as string, jurisdiction: 'SE' });
    await expect(db.storage.append([item(fresh as never), item(forged)], seal)).rejects.toBeInstanceOf(
      ReceiptConflictError,
    );
    expect((await all(db.storage)).map((row) => row.receiptId)).toEqual([stored?.receiptId]);
    expect((await db.storage.heads())[0]?.seq).toBe(1);
  });

  it('erases a consent id into tombstones that still verify', async () => {
    const receipts = await makeReceipts(4);
    await db.storage.append(
      receipts.map((receipt) => item(receipt)),
      seal,
    );
    const recordId = receipts[0]?.recordId as string;
    expect((await db.storage.byRecord(recordId)).map((row) => row.seq)).toEqual([1, 2]);
    expect(await db.storage.erase(recordId, '2026-06-01T00:00:00.000Z')).toBe(2);
    expect(await db.storage.erase(recordId, '2026-06-01T00:00:00.000Z')).toBe(0);
    expect(await db.storage.byRecord(recordId)).toEqual([]);
    const rows = await all(db.storage);
    expect(rows.slice(0, 2).map((row) => [row.receipt, row.recordId, row.client, row.erasedAt])).toEqual([
      [null, null, null, '2026-06-01T00:00:00.000Z'],
      [null, null, null, '2026-06-01T00:00:00.000Z'],
    ]);
    expect(rows[0]?.receiptHash).toBe(receipts[0]?.integrity.receiptHash);
    expect(rows[2]?.receipt).toEqual(receipts[2]);
    expect(await verifyLedger(db.storage, key.publicKey)).toMatchObject({ ok: true, records: 4, tombstones: 2 });
  });

  it('filters pages by receive time and prunes old receipts (retention)', async () => {
    const receipts = await makeReceipts(3);
    for (const [index, receipt] of receipts.entries()) {
      clock = new Date(Date.UTC(2024 + index, 0, 1));
      await db.storage.append([item(receipt)], seal);
    }
    const page = await db.storage.page({ limit: 10, from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    expect(page.map((row) => row.seq)).toEqual([2]);
    const result = await pruneLedger(db.storage, 'P1Y', new Date('2026-06-01T00:00:00.000Z'));
    expect(result).toEqual({ erased: 2, cutoff: '2025-06-01T00:00:00.000Z', erasuresDue: 0 });
    expect((await all(db.storage)).map((row) => row.receipt === null)).toEqual([true, true, false]);
    expect((await verifyLedger(db.storage, key.publicKey)).ok).toBe(true);
  });

  it('keeps everything across a reopen and extends the same chain', async () => {
    const receipts = await makeReceipts(2);
    await db.storage.append([item(receipts[0] as never)], seal);
    const reopened = await openStorage(db.location);
    try {
      const [ack] = await reopened.append([item(receipts[1] as never)], seal);
      expect(ack?.acknowledgement.seq).toBe(2);
      expect(await verifyLedger(reopened, key.publicKey)).toMatchObject({ ok: true, records: 2 });
    } finally {
      await reopened.close();
    }
  });
});
