import { describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { handlerContext, ORIGIN } from './context.js';
import { asVersion1, makeReceipt } from './fixtures.js';
import { storageKinds } from './helpers.js';

/** A version 2 receipt of `recordId` that follows `previous` in the browser's chain. */
const after = (previous: Receipt) =>
  makeReceipt({
    recordId: previous.recordId,
    integrity: { canonicalization: 'JCS-RFC8785', receiptHash: '', previousHash: previous.integrity.receiptHash },
  });

describe.each(storageKinds)('receipt versions on $name', (kind) => {
  it('stores samtykke-receipt/2 beside the /1 receipts an older ledger holds, one chain across both, and verifies', async () => {
    const ctx = await handlerContext(kind);
    try {
      // A ledger that ran before version 2: its receipts are in the old format, appended as it appended them.
      const old = await asVersion1(await makeReceipt());
      expect(old.schemaVersion).toBe('samtykke-receipt/1');
      await ctx.db.storage.append([{ receipt: old, site: ORIGIN, client: null }], createSealer(ctx.key));
      // The same visitor decides again with the new library: version 2, linked to the old receipt.
      const current = await after(old);
      expect(current.schemaVersion).toBe('samtykke-receipt/2');
      const response = await ctx.post({ receipts: [current] });
      expect(response.status).toBe(200);

      const rows = await ctx.stored();
      expect(rows.map((row) => row.receipt)).toEqual([old, current]);
      // The ISO/IEC TS 27560 fields arrive and are kept as sent.
      expect(rows[1]?.receipt?.event.consentType).toBe('explicitly-expressed');
      expect(rows[1]?.receipt?.controller.address).toBe('Storgata 1, 0155 Oslo, Norway');
      expect(rows[1]?.receipt?.purposes[1]?.services[0]).toMatchObject({
        role: 'processor',
        transfer: 'adequacy',
        dataCategories: ['online-identifier', 'device', 'usage'],
      });
      expect(rows[0]?.receipt?.event).not.toHaveProperty('consentType');

      const verified = await verifyLedger(ctx.db.storage, ctx.key.publicKey);
      expect(verified.problems).toEqual([]);
      expect(verified.clientChains).toEqual({ links: 1, gaps: 0, forks: 0 });
      expect(verified.ok).toBe(true);
      expect(verified.records).toBe(2);
    } finally {
      await ctx.close();
    }
  });

  it('still accepts a version 1 receipt from a browser that runs an older ledger file', async () => {
    const ctx = await handlerContext(kind);
    try {
      const old = await asVersion1(await makeReceipt());
      const response = await ctx.post({ receipts: [old] });
      expect(response.status).toBe(200);
      expect((await ctx.stored()).map((row) => row.receipt)).toEqual([old]);
      expect((await verifyLedger(ctx.db.storage, ctx.key.publicKey)).problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('refuses a receipt that mixes the versions, naming the field, and stores nothing', async () => {
    const ctx = await handlerContext(kind);
    try {
      const current = await makeReceipt();
      // Labelled version 1 but carrying a field of version 2.
      const mislabelled = await makeReceipt({ schemaVersion: 'samtykke-receipt/1' });
      const refusedOld = await ctx.post({ receipts: [mislabelled] });
      expect(refusedOld.status).toBe(400);
      expect(((await refusedOld.json()) as { error: string }).error).toMatch(
        /receipts\[0\]\.controller\.address: unexpected property/,
      );
      // Labelled version 2 but without its consent type.
      const { consentType: _consentType, ...event } = current.event;
      const incomplete = await makeReceipt({ event, recordId: current.recordId });
      const refusedNew = await ctx.post({ receipts: [incomplete] });
      expect(refusedNew.status).toBe(400);
      expect(((await refusedNew.json()) as { error: string }).error).toMatch(
        /receipts\[0\]\.event\.consentType: required, missing/,
      );
      expect(await ctx.stored()).toEqual([]);
      // Control: the well-formed receipt goes through.
      expect((await ctx.post({ receipts: [current] })).status).toBe(200);
      expect(await ctx.stored()).toHaveLength(1);
    } finally {
      await ctx.close();
    }
  });
});
