import { readFile } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateReceipt } from '../../src/ledger/validate.js';
import type { StoredReceipt } from '../../src/types.js';
import { type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';

const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: { statistics: { services: ['google-analytics'] }, marketing: {} },
  ledger: { endpoint: '/receipts' },
};

let harness: Harness;
let context: BrowserContext;
/** What the endpoint answers next: 200 with acknowledgements, or a status to refuse with. */
let endpointStatus = 200;
const received: Array<{ receiptId: string; state: string }> = [];

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head><body><p>Hei</p></body></html>`);
  harness.route('POST', '/receipts', (request, response) => {
    if (endpointStatus !== 200) return void response.writeHead(endpointStatus).end();
    const body = JSON.parse(request.body) as { receipts: Array<{ receiptId: string; event: { state: string } }> };
    for (const receipt of body.receipts) received.push({ receiptId: receipt.receiptId, state: receipt.event.state });
    const acknowledgements = body.receipts.map((receipt, seq) => ({
      receiptId: receipt.receiptId,
      seq,
      receivedAt: new Date().toISOString(),
      chainHash: 'sha256-test',
      keyId: 'test',
      signature: 'test',
    }));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ acknowledgements }));
  });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
  received.length = 0;
  endpointStatus = 200;
});

const ledgerScriptRequests = () => harness.requests.filter((r) => r.path === '/dist/samtykke-ledger.js').length;
const decideRequests = () => harness.requests.filter((r) => r.path === '/dist/samtykke-decide.js').length;
/** The marker cookie of waiting receipts: `1` while some may wait, `0` once none do. */
const marker = async () => (await context.cookies()).find((cookie) => cookie.name === 'samtykke_w')?.value;

/**
 * Counts, before any script of the page runs, each access to `window.localStorage` and each key read from any
 * Storage (`window.__storageReads`), so a read samtykke makes is seen wherever it makes it.
 */
const COUNT_STORAGE_READS = `(() => {
  const reads = (window.__storageReads = { localStorage: 0, keys: [] });
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (key) {
    reads.keys.push(String(key));
    return getItem.call(this, key);
  };
  const target = Object.getOwnPropertyDescriptor(window, 'localStorage') ? window : Window.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(target, 'localStorage');
  Object.defineProperty(target, 'localStorage', {
    ...descriptor,
    get() {
      reads.localStorage++;
      return descriptor.get.call(this);
    },
  });
})();`;
const storageReads = (page: import('playwright-core').Page) =>
  page.evaluate(
    () => (window as unknown as { __storageReads: { localStorage: number; keys: string[] } }).__storageReads,
  );

describe('the loader and the ledger', () => {
  it('records a decision as a receipt and delivers it to the endpoint', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => received.map((r) => r.state)).toEqual(['given']);
    // The endpoint has the receipt; the page marks it delivered once it has read the answer.
    await expect
      .poll(async () => (await page.evaluate(() => window.Samtykke?.ledger.list()))?.map((entry) => entry.status))
      .toEqual(['delivered']);
    const stored = await page.evaluate(() => window.Samtykke?.ledger.list());
    expect(stored?.[0]?.receipt.notice.language).not.toBe('und');
  });

  it('"Download my consent records" saves a JSON file whose receipts validate against the published schema', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.getByRole('button', { name: 'Cookie settings' }).click();
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => received.map((r) => r.state)).toEqual(['refused', 'updated']);
    await page.getByRole('button', { name: 'Cookie settings' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my consent records' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const file = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as {
      recordId: string;
      receipts: StoredReceipt[];
    };
    expect(file.receipts.map((entry) => entry.receipt.event.state)).toEqual(['refused', 'updated']);
    for (const entry of file.receipts)
      expect(validateReceipt(entry.receipt)).toEqual({ ok: true, receipt: entry.receipt });
    expect(file.receipts[1]?.receipt.integrity.previousHash).toBe(file.receipts[0]?.receipt.integrity.receiptHash);
    expect(file.recordId).toBe(file.receipts[0]?.receipt.recordId);
  });

  it('leaves the ledger unloaded for a returning visitor whose receipts were all delivered', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => received.length).toBe(1);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('samtykke:outbox'))).toBeNull();
    harness.clearLog();
    await page.reload({ waitUntil: 'load' });
    await runtimeStarted(page);
    expect(ledgerScriptRequests()).toBe(0);
    // The critical loader and the runtime it requests on every page: nothing else.
    expect(harness.requests.filter((r) => r.path.startsWith('/dist/')).map((r) => r.path)).toEqual([
      '/dist/samtykke.js',
      '/dist/samtykke-runtime.js',
    ]);
  });

  it('loads the ledger on the next page when receipts still wait, and delivers them then', async () => {
    endpointStatus = 503;
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => harness.requests.filter((r) => r.path === '/receipts').length).toBeGreaterThan(0);
    expect(await page.evaluate(() => localStorage.getItem('samtykke:outbox'))).toBe('1');
    // The marker the next page reads with the decision cookie says that something waits.
    expect(await marker()).toBe('1');
    endpointStatus = 200;
    harness.clearLog();
    await page.reload({ waitUntil: 'load' });
    // The next page loads the ledger and delivers the receipt with a request whose acknowledgement it reads. The
    // leaving page's beacon may have carried the same receipt before (at least once: a ledger keeps one copy).
    const reading = () =>
      harness.requests.filter((r) => r.path === '/receipts' && r.headers['content-type'] === 'application/json');
    await expect.poll(() => reading().length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.evaluate(() => window.Samtykke?.ledger.list()))?.map((entry) => entry.status), {
        timeout: 15_000,
      })
      .toEqual(['delivered']);
    expect(new Set(received.map((r) => r.receiptId)).size).toBe(1);
    expect(new Set(received.map((r) => r.state))).toEqual(new Set(['given']));
    expect(ledgerScriptRequests()).toBe(1);
    // Delivered: nothing waits, and the page after reads no localStorage to find that out.
    await expect.poll(marker).toBe('0');
  });

  it('a returning page with nothing waiting does not read localStorage; one whose marker says something may does', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => received.length).toBe(1);
    await expect.poll(marker).toBe('0');
    await page.close();
    await context.addInitScript({ content: COUNT_STORAGE_READS });

    harness.clearLog();
    const returning = await harness.open(context, '/');
    await runtimeStarted(returning);
    // Past the moment the runtime would have asked (after its release): still nothing read, nothing loaded.
    await returning.waitForTimeout(500);
    await roundTrips(returning);
    expect(await storageReads(returning)).toEqual({ localStorage: 0, keys: [] });
    expect(decideRequests()).toBe(0);
    expect(ledgerScriptRequests()).toBe(0);
    await returning.close();

    // The control: the same count sees the reads once the marker says that something may wait (as a page that ended
    // between the marker and its write leaves it). The decide part looks, finds nothing and sets the marker right.
    const { domain, path } = (await context.cookies()).find((cookie) => cookie.name === 'samtykke_w') ?? {};
    await context.addCookies([{ name: 'samtykke_w', value: '1', domain: domain as string, path: path as string }]);
    harness.clearLog();
    const marked = await harness.open(context, '/');
    await runtimeStarted(marked);
    await expect.poll(() => decideRequests()).toBe(1);
    await expect.poll(async () => (await storageReads(marked)).keys).toContain('samtykke:journal');
    expect((await storageReads(marked)).localStorage).toBeGreaterThan(0);
    await expect.poll(marker).toBe('0');
    expect(ledgerScriptRequests()).toBe(0);
  });
});
