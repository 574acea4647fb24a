import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/types.js';
import { events, type LedgerTestApi, NEXT_VISITOR, record, startLedgerPages, VISITOR } from './fixtures/ledger-page.js';

declare const ledgerTest: LedgerTestApi;

let env: Awaited<ReturnType<typeof startLedgerPages>>;
beforeAll(async () => {
  env = await startLedgerPages();
});
afterAll(async () => {
  await env?.close();
});

describe('ledger delivery in Chromium', () => {
  it('delivers every receipt exactly once, in chain order, through refusal, 503, hangs and closed tabs', async () => {
    const endpoint = await env.newEndpoint();
    const context = await env.browser.newContext();
    const created: Receipt[] = [];

    // 1. Nothing listens on the endpoint's port: connections are refused.
    const first = await env.open(context);
    created.push(await record(first, VISITOR, ['statistics', 'marketing'], 'given', 'accept-all'));
    await events(first, 'deliveryFailed', 1);
    await first.reload();
    await first.waitForFunction(() => typeof ledgerTest === 'object');
    created.push(await record(first, VISITOR, ['statistics'], 'updated', 'save-selection'));
    await events(first, 'deliveryFailed', 1);
    expect((await first.evaluate(() => ledgerTest.list())).map((item) => item.status)).toEqual(['pending', 'pending']);

    // 2. The endpoint answers 503; a second tab decides again and is closed.
    await endpoint.listen();
    endpoint.setMode('503');
    const second = await env.open(context);
    created.push(await record(second, VISITOR, [], 'updated', 'reject-all'));
    await events(second, 'deliveryFailed', 1);
    await second.close({ runBeforeUnload: true });
    expect(endpoint.stored.size).toBe(0);

    // 3. The endpoint stores but never answers: the client times out and keeps them pending.
    endpoint.setMode('hang');
    const third = await env.open(context);
    created.push(await record(third, VISITOR, [], 'withdrawn', 'withdraw'));
    await events(third, 'deliveryFailed', 1);
    const afterHang = await third.evaluate(() => ledgerTest.list());
    expect(afterHang.every((item) => item.status === 'pending')).toBe(true);
    // The server did store them before hanging: the later replay must not store them twice.
    expect(endpoint.stored.size).toBe(4);
    expect(afterHang.find((item) => item.receipt.receiptId === created[3]?.receiptId)?.lastError).toContain(
      'timed out',
    );

    // 4. Down again; a new visitor id decides in a tab that is then closed.
    await endpoint.close();
    created.push(await record(third, NEXT_VISITOR, ['statistics'], 'given', 'save-selection'));
    await events(third, 'deliveryFailed', 2);
    await third.close({ runBeforeUnload: true });
    await first.close({ runBeforeUnload: true });

    // 5. The endpoint recovers; the next page load delivers everything.
    await endpoint.listen();
    endpoint.setMode('ok');
    const last = await env.open(context, '/');
    await last.evaluate(() => ledgerTest.flush());
    await last.waitForFunction(
      async () => (await ledgerTest.list()).every((item) => item.status === 'delivered'),
      undefined,
      { polling: 100 },
    );

    const createdIds = created.map((receipt) => receipt.receiptId).sort();
    expect([...endpoint.stored.keys()].sort()).toEqual(createdIds);
    expect(new Set(endpoint.received).size).toBe(created.length);
    // Replays after the hang reached the server (each id more than once) and changed nothing.
    expect(endpoint.received.length).toBeGreaterThan(created.length);
    expect(endpoint.contentTypes).toContain('application/json');
    for (const consentId of [VISITOR, NEXT_VISITOR]) {
      const chain = created.filter((receipt) => receipt.recordId === consentId).map((receipt) => receipt.receiptId);
      const arrived = endpoint
        .order()
        .filter((receipt) => receipt.recordId === consentId)
        .map((receipt) => receipt.receiptId);
      expect(arrived).toEqual(chain);
    }
    // The chain links hold on what the server got.
    const visitor = endpoint.order().filter((receipt) => receipt.recordId === VISITOR);
    expect(visitor[0]?.integrity.previousHash).toBeNull();
    for (let index = 1; index < visitor.length; index++) {
      expect(visitor[index]?.integrity.previousHash).toBe(visitor[index - 1]?.integrity.receiptHash);
    }
    // Local history carries each server acknowledgement.
    const local = await last.evaluate(() => ledgerTest.list());
    expect(local).toHaveLength(created.length);
    for (const item of local) {
      expect(item.acknowledgement?.signature).toBe(`signature-${endpoint.stored.get(item.receipt.receiptId)?.seq}`);
    }
    expect(local.find((item) => item.receipt.event.state === 'withdrawn')?.receipt.context.pagePath).toBe('/kaffe');
    await context.close();
  });

  it('lets one tab at a time deliver: two tabs flushing at once send each receipt once', async () => {
    const endpoint = await env.newEndpoint();
    const context = await env.browser.newContext();
    const one = await env.open(context);
    const two = await env.open(context);
    const created = [
      await record(one, VISITOR, ['statistics'], 'given', 'accept-all'),
      await record(two, VISITOR, [], 'updated', 'reject-all'),
      await record(one, NEXT_VISITOR, ['marketing'], 'given', 'save-selection'),
    ];
    await events(one, 'deliveryFailed', 2);
    await events(two, 'deliveryFailed', 1);
    await endpoint.listen();
    endpoint.setMode('slow');
    await Promise.all([one.evaluate(() => ledgerTest.flush()), two.evaluate(() => ledgerTest.flush())]);
    await one.waitForFunction(async () => (await ledgerTest.list()).every((item) => item.status === 'delivered'));
    expect([...endpoint.stored.keys()].sort()).toEqual(created.map((receipt) => receipt.receiptId).sort());
    expect(endpoint.received).toHaveLength(created.length);
    await context.close();
  });

  it('beacons pending receipts as text/plain when the page is hidden', async () => {
    const endpoint = await env.newEndpoint();
    const context = await env.browser.newContext();
    const page = await env.open(context);
    const receipt = await record(page, VISITOR, ['statistics'], 'given', 'accept-all');
    await events(page, 'deliveryFailed', 1);
    await endpoint.listen();
    endpoint.setMode('ok');
    await page.goto(`${env.origin}/next`);
    await expect.poll(() => endpoint.stored.has(receipt.receiptId), { interval: 50, timeout: 10_000 }).toBe(true);
    expect(endpoint.contentTypes[0]).toBe('text/plain');
    await context.close();
  });
});
