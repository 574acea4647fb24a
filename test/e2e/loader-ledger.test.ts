import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, loaderHead, startHarness } from './harness.js';

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
  await context?.close();
  context = await harness.newContext();
  harness.clearLog();
  received.length = 0;
  endpointStatus = 200;
});

const ledgerScriptRequests = () => harness.requests.filter((r) => r.path === '/dist/samtykke-ledger.js').length;

describe('the loader and the ledger', () => {
  it('records a decision as a receipt and delivers it to the endpoint', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => received.map((r) => r.state)).toEqual(['given']);
    const stored = await page.evaluate(() => window.Samtykke?.ledger.list());
    expect(stored?.map((entry) => entry.status)).toEqual(['delivered']);
    expect(stored?.[0]?.receipt.notice.language).not.toBe('und');
  });

  it('leaves the ledger unloaded for a returning visitor whose receipts were all delivered', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => received.length).toBe(1);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('samtykke:outbox'))).toBeNull();
    harness.clearLog();
    await page.reload({ waitUntil: 'networkidle' });
    expect(ledgerScriptRequests()).toBe(0);
    expect(harness.requests.filter((r) => r.path.startsWith('/dist/')).map((r) => r.path)).toEqual([
      '/dist/samtykke.js',
    ]);
  });

  it('loads the ledger on the next page when receipts still wait, and delivers them then', async () => {
    endpointStatus = 503;
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => harness.requests.filter((r) => r.path === '/receipts').length).toBeGreaterThan(0);
    expect(await page.evaluate(() => localStorage.getItem('samtykke:outbox'))).toBe('1');
    endpointStatus = 200;
    harness.clearLog();
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => received.map((r) => r.state), { timeout: 15_000 }).toEqual(['given']);
    expect(ledgerScriptRequests()).toBe(1);
  });
});
