import { describe, expect, it } from 'vitest';
import { handlerContext, TOKEN } from './context.js';
import { makeReceipts } from './fixtures.js';
import { storageKinds } from './helpers.js';

describe.each(storageKinds)('receipts without an Origin on $name', (kind) => {
  it('are refused without the admin token, nothing stored, and accepted into the default chain with it', async () => {
    const ctx = await handlerContext(kind);
    try {
      const receipts = await makeReceipts(1);
      const body = JSON.stringify({ receipts });
      const headers = { 'content-type': 'application/json' };
      const anonymous = await ctx.call('/receipts', { method: 'POST', headers, body });
      expect(anonymous.status).toBe(401);
      const wrong = await ctx.call('/receipts', {
        method: 'POST',
        headers: { ...headers, authorization: 'Bearer guessed' },
        body,
      });
      expect(wrong.status).toBe(403);
      expect(await ctx.stored()).toEqual([]);
      const owner = await ctx.call('/receipts', {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${TOKEN}` },
        body,
      });
      expect(owner.status).toBe(200);
      expect((await ctx.stored()).map((row) => [row.site, row.receiptId])).toEqual([
        ['default', receipts[0]?.receiptId],
      ]);
    } finally {
      await ctx.close();
    }
  });
});
