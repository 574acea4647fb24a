import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/index.js';
import { OUTBOX_KEY } from '../../src/core/own-storage.js';
import { withVendorDetails } from '../../src/core/vendor-details.js';
import { canonicalize } from '../../src/ledger/canonical.js';
import { hashCanonical } from '../../src/ledger/hash.js';
import { noticeView } from '../../src/ledger/receipt.js';
import { JOURNAL_KEY } from '../../src/runtime/decision-journal.js';
import type { Receipt } from '../../src/types.js';
import { type Harness, launchChromium, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';

const CONFIG = {
  controller: { name: 'Fjordkaffe AS', country: 'NO' },
  categories: { statistics: { services: ['google-analytics'] }, marketing: {} },
  ledger: { endpoint: '/receipts' },
};
const LEDGER_FILE = '/dist/samtykke-ledger.js';

let harness: Harness;
let context: BrowserContext;
/** Receipts as the endpoint received them, in order, duplicates included. */
const received: Receipt[] = [];
/** What the endpoint answers next, one status per POST; when empty, 200 with acknowledgements. */
let answers: number[] = [];
/** How the ledger file is served next: delayed, or refused with a status, one entry per request. */
let ledgerFile: Array<{ delayMs?: number; status?: number }> = [];
let uiMissing = false;
const nonces: string[] = [];

const acknowledge = (res: ServerResponse, receipts: Receipt[]) =>
  void res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      acknowledgements: receipts.map((receipt, seq) => ({
        receiptId: receipt.receiptId,
        seq: seq + 1,
        receivedAt: new Date().toISOString(),
        chainHash: `sha256-${'A'.repeat(43)}=`,
        keyId: 'e2e',
        signature: 'e2e',
      })),
    }),
  );

beforeAll(async () => {
  harness = await startHarness();
  const html = `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head><body><p>Hei</p><a href="/next">Next</a></body></html>`;
  harness.page('/', html);
  harness.page('/next', html);
  // A strict CSP with a fresh nonce per response, as docs/blocking.md recommends.
  harness.route('GET', '/csp', (_request, res) => {
    const nonce = randomBytes(16).toString('base64');
    nonces.push(nonce);
    const config = JSON.stringify({ ...CONFIG, ui: { nonce } });
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`,
      })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><script nonce="${nonce}">window.samtykkeConfig = ${config};</script><script nonce="${nonce}" src="/dist/samtykke.js"></script></head><body><p>Hei</p></body></html>`,
      );
  });
  harness.page(
    '/listening',
    `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}<script>window.seen = []; window.Samtykke.on('error', (e) => window.seen.push(e.context));</script></head><body></body></html>`,
  );
  // Page code that runs after the loader and replaces what the ledger needs: fetch (recording every call), the
  // clock (stopped at 1970) and Web Crypto (no subtle, a fixed "random" UUID).
  harness.page(
    '/replaced',
    `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}<script>
      window.seen = [];
      const pageFetch = window.fetch;
      window.fetch = function (input, init) {
        window.seen.push(String(input && input.url ? input.url : input));
        return pageFetch.call(window, input, init);
      };
      Date.now = () => 0;
      Object.defineProperty(window, 'crypto', {
        configurable: true,
        value: { getRandomValues: (bytes) => bytes, randomUUID: () => '00000000-0000-4000-8000-000000000000' },
      });
    </script></head><body><p>Hei</p></body></html>`,
  );
  harness.route('POST', '/receipts', (request, res) => {
    const body = JSON.parse(request.body) as { receipts: Receipt[] };
    received.push(...body.receipts);
    const status = answers.shift();
    if (status === undefined) acknowledge(res, body.receipts);
    else res.writeHead(status).end();
  });
  harness.route('GET', LEDGER_FILE, async (_request, res) => {
    const how = ledgerFile.shift() ?? {};
    if (how.status) return void res.writeHead(how.status).end();
    if (how.delayMs) await new Promise((done) => setTimeout(done, how.delayMs));
    const body = await readFile(join(process.cwd(), LEDGER_FILE));
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  });
  harness.route('GET', '/dist/samtykke-banner.en.js', (_request, res) => {
    if (uiMissing) res.writeHead(404).end();
    else
      void readFile(join(process.cwd(), 'dist/samtykke-banner.en.js')).then((body) => {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      });
  });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
  received.length = 0;
  answers = [];
  ledgerFile = [];
  uiMissing = false;
});

const ledgerFileRequests = () => harness.requests.filter((r) => r.path === LEDGER_FILE).length;
const posts = () => harness.requests.filter((r) => r.method === 'POST' && r.path === '/receipts').length;
const consentIdIn = (cookies: Array<{ name: string; value: string }>) =>
  decodeURIComponent(cookies.find((cookie) => cookie.name === 'samtykke')?.value ?? '').split('|')[1];

describe('proof that survives', () => {
  it('a visitor who leaves 300 ms after "Accept all" while the ledger file is slow: the receipt arrives from the next page', async () => {
    ledgerFile = [{ delayMs: 3000 }];
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    // Written ahead, synchronously, next to the cookie (on a first visit the click is recorded once the runtime,
    // requested after the banner painted, has come).
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), JOURNAL_KEY)).toContain('accept-all');
    await page.waitForTimeout(300);
    await page.goto(`https://www.fjordkaffe.test/next`, { waitUntil: 'load' });
    expect(received).toEqual([]);
    await expect.poll(() => received.map((receipt) => receipt.event.state), { timeout: 15_000 }).toEqual(['given']);
    expect(received[0]?.recordId).toBe(consentIdIn(await context.cookies()));
    expect(received[0]?.event.action).toBe('accept-all');
    expect(received[0]?.context.pagePath).toBe('/');
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), JOURNAL_KEY)).toBeNull();
  });

  it('the ledger file answers 503 once: the receipt arrives after a reload', async () => {
    ledgerFile = [{ status: 503 }];
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => ledgerFileRequests()).toBe(1);
    await roundTrips(page);
    expect(received).toEqual([]);
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => received.map((receipt) => receipt.event.state), { timeout: 15_000 }).toEqual(['refused']);
    expect(ledgerFileRequests()).toBe(2);
  });

  it('an endpoint that answers 204: exactly one POST, and a reload does not fetch the ledger file', async () => {
    answers = [204];
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => received.length).toBe(1);
    await expect
      .poll(() => page.evaluate(() => window.Samtykke?.ledger.list().then((list) => list.map((e) => e.status))))
      .toEqual(['delivered']);
    const [stored] = (await page.evaluate(() => window.Samtykke?.ledger.list())) ?? [];
    expect(stored).toMatchObject({ unsigned: true });
    // The outbox's mark in localStorage is lifted after the status is written (a later step of the same pass);
    // the next page reads that mark, so it is the sign this page's delivery has settled.
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), OUTBOX_KEY)).toBeNull();
    harness.clearLog();
    await page.reload({ waitUntil: 'load' });
    // The runtime decides at start whether receipts wait; if they did, it would ask for the decide part at once,
    // and the decide part for the ledger file.
    await runtimeStarted(page);
    expect(harness.requests.filter((r) => r.path === '/dist/samtykke-decide.js')).toEqual([]);
    expect(ledgerFileRequests()).toBe(0);
    expect(posts()).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('an endpoint that answers 404, 404, then 200: the receipt is delivered, with its acknowledgement', async () => {
    answers = [404, 404];
    const page = await harness.open(context, '/');
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => errors.join('\n')).toContain('HTTP 404');
    await expect.poll(() => received.length).toBe(1);
    await page.evaluate(() => window.Samtykke?.ledger.flush());
    expect(received).toHaveLength(2);
    await page.evaluate(() => window.Samtykke?.ledger.flush());
    expect(received).toHaveLength(3);
    const [stored] = (await page.evaluate(() => window.Samtykke?.ledger.list())) ?? [];
    expect(stored?.status).toBe('delivered');
    expect(stored?.acknowledgement?.keyId).toBe('e2e');
    expect(new Set(received.map((receipt) => receipt.receiptId)).size).toBe(1);
  });

  it('two visits under a strict CSP with different nonces record equal notice hashes, which the owner’s config reproduces', async () => {
    const hashes: Array<{ configHash: string; textHash: string; language: string }> = [];
    for (let visit = 0; visit < 2; visit++) {
      const visitor = await harness.newContext();
      const page = await harness.open(visitor, '/csp');
      await page.getByRole('button', { name: 'Accept all' }).click();
      await expect.poll(() => received.length).toBe(visit + 1);
      const { configHash, textHash, language } = received[visit]?.notice ?? {};
      hashes.push({ configHash, textHash, language } as (typeof hashes)[number]);
      await visitor.close();
    }
    expect(new Set(nonces).size).toBe(2);
    expect(hashes[1]).toEqual(hashes[0]);
    expect(hashes[0]?.language).toBe('en');
    // The notice document, from the config alone: any nonce gives the same one.
    const view = noticeView(withVendorDetails(normalizeConfig({ ...CONFIG, ui: { nonce: 'whatever' } })));
    expect(canonicalize(view)).not.toContain(nonces[0]);
    expect(await hashCanonical(view)).toBe(hashes[0]?.configHash);
  });

  it('a UI file that 404s prints an error to the console in the script-tag build', async () => {
    uiMissing = true;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto('https://www.fjordkaffe.test/', { waitUntil: 'load' });
    await expect.poll(() => errors.join('\n')).toContain('samtykke (loading the UI)');
    expect(errors.join('\n')).toContain('samtykke-banner.en.js');
  });

  it('stays quiet in the console when the page itself listens for errors, and tells the page instead', async () => {
    uiMissing = true;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().startsWith('samtykke')) errors.push(message.text());
    });
    await page.goto('https://www.fjordkaffe.test/listening', { waitUntil: 'load' });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen))
      .toEqual(['loading the UI']);
    expect(errors).toEqual([]);
  });
});

describe('page code that replaces fetch, Web Crypto and the clock after the loader ran', () => {
  it('neither sees nor shapes the receipt: it is sent, hashed, timed and numbered with what the loader found', async () => {
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto('https://www.fjordkaffe.test/replaced', { waitUntil: 'load' });
    // The replacements are in place for the page's own code.
    expect(await page.evaluate(() => [Date.now(), crypto.randomUUID(), typeof crypto.subtle])).toEqual([
      0,
      '00000000-0000-4000-8000-000000000000',
      'undefined',
    ]);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    const [receipt] = received as [Receipt];
    // Sent past the page's fetch…
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([]);
    // …timed by the real clock, numbered by the real random source, hashed by Web Crypto (no plain-http warning).
    expect(Date.parse(receipt.createdAt)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
    expect(Date.parse(receipt.event.time)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
    expect(receipt.receiptId).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(receipt.recordId).not.toBe('00000000-0000-4000-8000-000000000000');
    // The ids are v7 (core/ids.ts): from the page's clock and random source they would be all zeros but the version.
    for (const id of [receipt.receiptId, receipt.recordId]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(id).not.toMatch(/^00000000-0000-7000-8000-0{12}$/);
      expect(
        Math.abs(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16) - Date.parse(receipt.createdAt)),
      ).toBeLessThan(60_000);
    }
    expect(warnings.join('\n')).not.toContain('https');
    const { computeReceiptHash } = await import('../../src/ledger/hash.js');
    expect(await computeReceiptHash(receipt)).toBe(receipt.integrity.receiptHash);
    // Control: the page's fetch does record what goes through it.
    await page.evaluate(() => fetch('/probe').catch(() => undefined));
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['/probe']);
  });
});

describe('on a plain-http page', () => {
  it('still builds and delivers the receipt, with a console warning to move to https', async () => {
    const bodies: Receipt[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/receipts') {
          bodies.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { receipts: Receipt[] }).receipts);
          return void res.writeHead(204).end();
        }
        if (req.url?.startsWith('/dist/')) {
          return void readFile(join(process.cwd(), req.url)).then(
            (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
            () => res.writeHead(404).end(),
          );
        }
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head><body><p>Hei</p></body></html>`);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    // A real host name: 127.0.0.1 and localhost would count as secure contexts.
    const browser = await launchChromium([`--host-resolver-rules=MAP staging.fjordkaffe.test 127.0.0.1:${port}`]);
    try {
      const page = await browser.newPage();
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      await page.goto('http://staging.fjordkaffe.test/', { waitUntil: 'load' });
      expect(await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle])).toEqual([false, 'undefined']);
      await page.getByRole('button', { name: 'Accept all' }).click();
      await expect.poll(() => bodies.map((receipt) => receipt.event.state), { timeout: 15_000 }).toEqual(['given']);
      expect(warnings.join('\n')).toContain('https');
      const { computeReceiptHash } = await import('../../src/ledger/hash.js');
      expect(await computeReceiptHash(bodies[0] as Receipt)).toBe(bodies[0]?.integrity.receiptHash);
    } finally {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
