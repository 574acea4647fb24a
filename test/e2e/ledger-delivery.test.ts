import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt, StoredReceipt } from '../../src/types.js';
import { createLedgerEndpoint } from './fixtures/ledger-endpoint.js';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VISITOR = '5c0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b10';
const NEXT_VISITOR = '11111111-2222-4333-8444-555555555555';
const TIMEOUT_MS = 1500;

let browser: Browser;
let pages: Server;
let pageOrigin = '';
let bundle = '';
let endpoint: ReturnType<typeof createLedgerEndpoint>;
let endpointUrl: string | undefined;

type Api = {
  record(input: { consentId: string; granted: string[]; state: string; action: string }): Promise<Receipt | null>;
  list(): Promise<StoredReceipt[]>;
  export(): Promise<string>;
  flush(): Promise<void>;
  erase(): Promise<void>;
  count(name: string): number;
  events(): Array<{ name: string; detail: string }>;
  cleared(): number;
};
declare const ledgerTest: Api;

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'fixtures/ledger-entry.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
  });
  bundle = result.outputFiles[0]?.text ?? '';
  pages = createServer((req, res) => {
    if (req.url === '/ledger-entry.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(bundle);
    }
    const settings = JSON.stringify({ endpoint: endpointUrl, timeoutMs: TIMEOUT_MS });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><title>Fjordkaffe</title><script>window.ledgerTestConfig=${settings}</script>` +
        '<script src="/ledger-entry.js"></script><h1>Kaffe</h1>',
    );
  });
  await new Promise<void>((done) => pages.listen(0, '127.0.0.1', done));
  pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => pages.close(() => done()));
});

afterEach(async () => {
  await endpoint?.close();
});

async function open(context: Awaited<ReturnType<Browser['newContext']>>, path = '/kaffe?campaign=x'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(pageOrigin + path);
  await page.waitForFunction(() => typeof ledgerTest === 'object');
  return page;
}

async function record(page: Page, consentId: string, granted: string[], state: string, action: string) {
  const receipt = await page.evaluate((input) => ledgerTest.record(input), { consentId, granted, state, action });
  expect(receipt).not.toBeNull();
  return receipt as Receipt;
}

/** Wait until this page has seen `count` events of a kind (delivery attempts end in one). */
async function events(page: Page, name: string, count: number) {
  await page.waitForFunction(([event, n]) => ledgerTest.count(event as string) >= (n as number), [name, count], {
    polling: 50,
  });
}

describe('ledger delivery in Chromium', () => {
  it('delivers every receipt exactly once, in chain order, through refusal, 503, hangs and closed tabs', async () => {
    endpoint = createLedgerEndpoint(() => pageOrigin);
    await endpoint.reserve();
    endpointUrl = endpoint.url;
    const context = await browser.newContext();
    const created: Receipt[] = [];

    // 1. Nothing listens on the endpoint's port: connections are refused.
    const first = await open(context);
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
    const second = await open(context);
    created.push(await record(second, VISITOR, [], 'updated', 'reject-all'));
    await events(second, 'deliveryFailed', 1);
    await second.close({ runBeforeUnload: true });
    expect(endpoint.stored.size).toBe(0);

    // 3. The endpoint stores but never answers: the client times out and keeps them pending.
    endpoint.setMode('hang');
    const third = await open(context);
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
    const last = await open(context, '/');
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
    endpoint = createLedgerEndpoint(() => pageOrigin);
    await endpoint.reserve();
    endpointUrl = endpoint.url;
    const context = await browser.newContext();
    const one = await open(context);
    const two = await open(context);
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
    endpoint = createLedgerEndpoint(() => pageOrigin);
    await endpoint.reserve();
    endpointUrl = endpoint.url;
    const context = await browser.newContext();
    const page = await open(context);
    const receipt = await record(page, VISITOR, ['statistics'], 'given', 'accept-all');
    await events(page, 'deliveryFailed', 1);
    await endpoint.listen();
    endpoint.setMode('ok');
    await page.goto(`${pageOrigin}/next`);
    await expect.poll(() => endpoint.stored.has(receipt.receiptId), { interval: 50, timeout: 10_000 }).toBe(true);
    expect(endpoint.contentTypes[0]).toBe('text/plain');
    await context.close();
  });

  it('does not beacon receipts that another tab erased', async () => {
    endpoint = createLedgerEndpoint(() => pageOrigin);
    await endpoint.reserve();
    endpointUrl = endpoint.url;
    const context = await browser.newContext();
    const eraser = await open(context);
    const other = await open(context);
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
    const later = await open(context);
    await expect.poll(() => new Set(endpoint.erased).size, { interval: 50, timeout: 10_000 }).toBe(2);
    expect([...new Set(endpoint.erased)].sort()).toEqual([VISITOR, NEXT_VISITOR].sort());
    for (const receipt of erased) expect(endpoint.stored.has(receipt.receiptId)).toBe(false);
    expect(await later.evaluate(() => ledgerTest.list())).toEqual([]);
    await context.close();
  });

  it('still records and delivers when IndexedDB cannot be opened', async () => {
    endpoint = createLedgerEndpoint(() => pageOrigin);
    await endpoint.reserve();
    endpointUrl = endpoint.url;
    await endpoint.listen();
    const context = await browser.newContext();
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('IndexedDB is disabled here', 'InvalidStateError');
      };
    });
    const page = await open(context);
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
    endpoint = createLedgerEndpoint(() => pageOrigin);
    await endpoint.reserve();
    endpointUrl = endpoint.url;
    await endpoint.listen();
    const context = await browser.newContext();
    const page = await open(context);
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
