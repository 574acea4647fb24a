import { describe, expect, it } from 'vitest';
import { newErasureSecret } from '../../src/ledger/erasure-key.js';
import { sha256 } from '../../src/ledger/hash.js';
import { ERASURE_KEY_HEADER, erasureKeyHash } from '../../src/server/erasure.js';
import { createLedgerHandler } from '../../src/server/handler.js';
import { addDuration, pruneLedger } from '../../src/server/retention.js';
import { verifyLedger } from '../../src/server/verify.js';
import { handlerContext, ORIGIN, TOKEN } from './context.js';
import { makeReceipts } from './fixtures.js';
import { storageKinds } from './helpers.js';

describe('erasureRetention', () => {
  it('must be an ISO 8601 duration, and the error names the option', async () => {
    const ctx = await handlerContext(storageKinds[0] as (typeof storageKinds)[0]);
    try {
      expect(() =>
        createLedgerHandler({ storage: ctx.db.storage, signingKey: ctx.key, erasureRetention: '3 years' }),
      ).toThrow(/^erasureRetention: expected an ISO 8601 duration/);
      expect(addDuration('P1M', new Date('2028-01-31T12:00:00.000Z')).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    } finally {
      await ctx.close();
    }
  });
});

const OTHER_SITE = 'https://kaffebar.example';
const secret = () => newErasureSecret((length) => crypto.getRandomValues(new Uint8Array(length)));

describe.each(storageKinds)('erasure by the visitor on $name', (kind) => {
  it('needs the secret whose hash came with the receipts: a forged Origin with the consent id alone erases nothing', async () => {
    const ctx = await handlerContext(kind, { origins: [ORIGIN, OTHER_SITE] });
    try {
      const receipts = await makeReceipts(2);
      const recordId = receipts[0]?.recordId as string;
      const mine = secret();
      // The browser hashes with Web Crypto; the server with node:crypto: the same value.
      expect(await sha256(mine)).toBe(erasureKeyHash(mine));
      expect((await ctx.post({ receipts, erasureKeys: { [recordId]: await sha256(mine) } })).status).toBe(200);
      // Only the hash is stored.
      const keys = await ctx.db.sql(
        `SELECT * FROM ${kind.name === 'sqlite' ? 'erasure_keys' : 'samtykke_erasure_keys'}`,
      );
      expect(keys).toEqual([{ site: ORIGIN, record_id: recordId, key_hash: erasureKeyHash(mine) }]);
      expect(JSON.stringify(keys)).not.toContain(mine);

      const del = (id: string, headers: Record<string, string>) =>
        ctx.call(`/receipts/${id}`, { method: 'DELETE', headers });
      // What any non-browser client can send: the allowed Origin and the consent id.
      const forged = await del(recordId, { origin: ORIGIN });
      expect(forged.status).toBe(403);
      const wrong = await del(recordId, { origin: ORIGIN, [ERASURE_KEY_HEADER]: secret() });
      expect(wrong.status).toBe(403);
      // Neither answer says whether a key was missing or wrong.
      expect(await wrong.json()).toEqual(await forged.json());
      const garbage = await del(recordId, { origin: ORIGIN, [ERASURE_KEY_HEADER]: 'x'.repeat(5000) });
      expect(garbage.status).toBe(403);
      // The right secret from another site's origin finds nothing there, answered like a consent id never seen.
      const elsewhere = await del(recordId, { origin: OTHER_SITE, [ERASURE_KEY_HEADER]: mine });
      const unknown = await del(crypto.randomUUID(), { origin: ORIGIN, [ERASURE_KEY_HEADER]: mine });
      expect([elsewhere.status, unknown.status]).toEqual([404, 404]);
      expect(await elsewhere.json()).toEqual(await unknown.json());
      expect((await ctx.stored()).map((row) => row.recordId)).toEqual([recordId, recordId]);

      const visitor = await del(recordId, { origin: ORIGIN, [ERASURE_KEY_HEADER]: mine });
      expect(visitor.status).toBe(200);
      expect(await visitor.json()).toEqual({ recordId, erased: 2 });
      expect((await ctx.stored()).map((row) => [row.recordId, row.receipt])).toEqual([
        [null, null],
        [null, null],
      ]);
      // Erased means erased: the key goes too, and asking again is a 404 (which the browser takes as done).
      expect(
        await ctx.db.sql(`SELECT * FROM ${kind.name === 'sqlite' ? 'erasure_keys' : 'samtykke_erasure_keys'}`),
      ).toEqual([]);
      expect((await del(recordId, { origin: ORIGIN, [ERASURE_KEY_HEADER]: mine })).status).toBe(404);
      // The secret never reaches a log line.
      expect(JSON.stringify(ctx.logs)).not.toContain(mine);
    } finally {
      await ctx.close();
    }
  });

  it('keeps the first key of a consent id, and the admin token still erases on every site', async () => {
    const ctx = await handlerContext(kind, { origins: [ORIGIN, OTHER_SITE] });
    try {
      const [first, second] = await makeReceipts(2);
      const recordId = first?.recordId as string;
      const visitor = secret();
      const intruder = secret();
      await ctx.post({ receipts: [first], erasureKeys: { [recordId]: erasureKeyHash(visitor) } });
      // Someone who learnt the consent id posts the next receipt with a key of their own: it does not replace the first.
      await ctx.post({ receipts: [second], erasureKeys: { [recordId]: erasureKeyHash(intruder) } });
      const del = (headers: Record<string, string>) => ctx.call(`/receipts/${recordId}`, { method: 'DELETE', headers });
      expect((await del({ origin: ORIGIN, [ERASURE_KEY_HEADER]: intruder })).status).toBe(403);
      // Receipts posted without any key (an older browser, a server with the token): only the owner erases them.
      const [keyless] = await makeReceipts(1);
      await ctx.call('/receipts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: OTHER_SITE },
        body: JSON.stringify({ receipts: [keyless] }),
      });
      const keylessDelete = await ctx.call(`/receipts/${keyless?.recordId}`, {
        method: 'DELETE',
        headers: { origin: OTHER_SITE, [ERASURE_KEY_HEADER]: visitor },
      });
      expect(keylessDelete.status).toBe(403);
      const owner = await del({ authorization: `Bearer ${TOKEN}` });
      expect(await owner.json()).toEqual({ recordId, erased: 2 });
      const wrongToken = await ctx.call(`/receipts/${keyless?.recordId}`, {
        method: 'DELETE',
        headers: { origin: OTHER_SITE, authorization: 'Bearer guessed' },
      });
      expect(wrongToken.status).toBe(403);
      expect((await ctx.stored()).filter((row) => row.receipt !== null).map((row) => row.receiptId)).toEqual([
        keyless?.receiptId,
      ]);
    } finally {
      await ctx.close();
    }
  });

  it('keeps a visitor-erased consent for the controller’s retention period, without the client address, then erases it', async () => {
    let clock = new Date('2026-06-01T10:00:00.000Z');
    const ctx = await handlerContext(kind, { erasureRetention: 'P3Y', now: () => clock });
    try {
      const receipts = await makeReceipts(2);
      const recordId = receipts[0]?.recordId as string;
      const mine = secret();
      await ctx.post({ receipts, erasureKeys: { [recordId]: erasureKeyHash(mine) } });
      const erase = () =>
        ctx.call(`/receipts/${recordId}`, {
          method: 'DELETE',
          headers: { origin: ORIGIN, [ERASURE_KEY_HEADER]: mine },
        });
      const answer = await erase();
      expect(answer.status).toBe(200);
      // The visitor is told what is kept, until when, and why.
      expect(await answer.json()).toEqual({
        recordId,
        erased: 0,
        retained: 2,
        retainedUntil: '2029-06-01T10:00:00.000Z',
        reason: expect.stringContaining('Art. 17(3)'),
        ground: 'GDPR Art. 17(3)(b) and (e)',
      });
      expect((await ctx.stored()).map((row) => [row.recordId, row.client, row.receipt?.receiptId])).toEqual([
        [recordId, null, receipts[0]?.receiptId],
        [recordId, null, receipts[1]?.receiptId],
      ]);
      // Asking again does not move the deadline.
      clock = new Date('2027-01-01T00:00:00.000Z');
      expect(((await (await erase()).json()) as { retainedUntil: string }).retainedUntil).toBe(
        '2029-06-01T10:00:00.000Z',
      );
      // prune carries it out once the period has passed, not before.
      expect((await pruneLedger(ctx.db.storage, 'P10Y', new Date('2029-05-31T00:00:00.000Z'))).erasuresDue).toBe(0);
      expect((await pruneLedger(ctx.db.storage, 'P10Y', new Date('2029-06-01T10:00:00.000Z'))).erasuresDue).toBe(2);
      expect((await ctx.stored()).map((row) => [row.recordId, row.receipt])).toEqual([
        [null, null],
        [null, null],
      ]);
      expect((await erase()).status).toBe(404);
      expect((await verifyLedger(ctx.db.storage, ctx.key.publicKey)).ok).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('refuses a malformed erasureKeys map, storing nothing', async () => {
    const ctx = await handlerContext(kind);
    try {
      const receipts = await makeReceipts(1);
      const recordId = receipts[0]?.recordId as string;
      for (const [erasureKeys, message] of [
        [[], /erasureKeys: expected an object/],
        [{ [crypto.randomUUID()]: erasureKeyHash(secret()) }, /expected the consent id of a receipt in this batch/],
        [{ [recordId]: secret() }, /expected a key hash sha256-<base64>/],
      ] as const) {
        const response = await ctx.post({ receipts, erasureKeys });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: string }).error).toMatch(message);
      }
      expect(await ctx.stored()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
