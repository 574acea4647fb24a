import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReceipt } from '../../src/types.js';
import { events, type LedgerTestApi, NEXT_VISITOR, record, startLedgerPages, VISITOR } from './fixtures/ledger-page.js';

declare const ledgerTest: LedgerTestApi;

let env: Awaited<ReturnType<typeof startLedgerPages>>;
beforeAll(async () => {
  env = await startLedgerPages();
});
afterAll(async () => {
  await env?.close();
});

describe('visitor rights and degraded storage in Chromium', () => {
  it('does not beacon receipts that another tab erased', async () => {
    const endpoint = await env.newEndpoint();
    const context = await env.browser.newContext();
    const eraser = await env.open(context);
    const other = await env.open(context);
    const erased = [await record(eraser, VISITOR, ['statistics'], 'given', 'accept-all')];
    await events(eraser, 'deliveryFailed', 1);
    erased.push(await record(other, NEXT_VISITOR, [], 'refused', 'reject-all'));
    await events(other, 'deliveryFailed', 1);
    // The other tab holds its pending receipt in memory for its pagehide beacon; the erasure
    // (queued: the endpoint is down) must reach it before that tab goes away.
    await eraser.evaluate(() => ledgerTest.erase());
    await endpoint.listen();
    await other.close({ runBeforeUnload: true });
    await eraser.close({ runBeforeUnload: true });
    // A later page sends the queued erasures; by then any beacon from the closed tabs has landed.
    const later = await env.open(context);
    await expect.poll(() => new Set(endpoint.erased).size, { interval: 50, timeout: 10_000 }).toBe(2);
    expect([...new Set(endpoint.erased)].sort()).toEqual([VISITOR, NEXT_VISITOR].sort());
    for (const receipt of erased) expect(endpoint.stored.has(receipt.receiptId)).toBe(false);
    expect(await later.evaluate(() => ledgerTest.list())).toEqual([]);
    await context.close();
  });

  it('still records and delivers when IndexedDB cannot be opened', async () => {
    const endpoint = await env.newEndpoint();
    await endpoint.listen();
    const context = await env.browser.newContext();
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('IndexedDB is disabled here', 'InvalidStateError');
      };
    });
    const page = await env.open(context);
    const given = await record(page, VISITOR, ['statistics'], 'given', 'accept-all');
    const updated = await record(page, VISITOR, [], 'updated', 'reject-all');
    await events(page, 'delivered', 1);
    await page.evaluate(() => ledgerTest.flush());
    expect([...endpoint.stored.keys()].sort()).toEqual([given.receiptId, updated.receiptId].sort());
    expect(updated.integrity.previousHash).toBe(given.integrity.receiptHash);
    const errors = (await page.evaluate(() => ledgerTest.events())).filter((event) => event.name === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.detail).toContain('IndexedDB is unavailable');
    const exported = JSON.parse(await page.evaluate(() => ledgerTest.export()));
    expect(exported.recordId).toBe(VISITOR);
    expect(exported.receipts.map((item: StoredReceipt) => item.status)).toEqual(['delivered', 'delivered']);
    await context.close();
  });

  it('exports the history and erases it locally and on the endpoint', async () => {
    const endpoint = await env.newEndpoint();
    await endpoint.listen();
    const context = await env.browser.newContext();
    const page = await env.open(context);
    await record(page, VISITOR, ['statistics'], 'given', 'accept-all');
    await page.evaluate(() => ledgerTest.flush());
    const exported = JSON.parse(await page.evaluate(() => ledgerTest.export()));
    expect(exported).toMatchObject({ recordId: VISITOR });
    expect(exported.receipts[0].acknowledgement.keyId).toBe('e2e-key');
    await page.evaluate(() => ledgerTest.erase());
    expect(endpoint.erased).toEqual([VISITOR]);
    expect(await page.evaluate(() => ledgerTest.cleared())).toBe(1);
    // Gone from IndexedDB, not just from this page's memory.
    await page.reload();
    await page.waitForFunction(() => typeof ledgerTest === 'object');
    expect(await page.evaluate(() => ledgerTest.list())).toEqual([]);
    await context.close();
  });
});
