import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import express, { type Request as AppRequest, type Response as AppResponse, type NextFunction } from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerMiddleware } from '../../src/server/express.js';
import { ledgerPlugin } from '../../src/server/fastify.js';
import { createLedgerHandler, type LedgerLogEntry } from '../../src/server/handler.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { ORIGIN } from './context.js';
import { makeReceipts } from './fixtures.js';
import { storageKinds } from './helpers.js';

const sqlite = storageKinds[0] as (typeof storageKinds)[number];
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A fresh ledger's handler options, with the log lines it writes. */
async function ledgerOptions(overrides: { maxBodyBytes?: number } = {}) {
  const db = await sqlite.open();
  cleanup.push(() => db.close());
  const logs: LedgerLogEntry[] = [];
  const options = {
    storage: db.storage,
    signingKey: signingKeyFrom(generateKeyPair().privateKey),
    origins: [ORIGIN],
    rateLimit: false as const,
    logger: (entry: LedgerLogEntry) => void logs.push(entry),
    ...overrides,
  };
  return { options, logs };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const postReceipts = async (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers }, body });

async function acknowledged(response: Response): Promise<number> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { acknowledgements: unknown[] }).acknowledgements.length;
}

/** Express 5, and Express 4 (the `express4` alias of express@4), which many apps still run: the same tests. */
/**
 * Under `/ledger` behind one trusted proxy: health answers, a JSON POST of two receipts and a sendBeacon-style
 * text/plain POST of one are both acknowledged, and each is logged with the forwarded client's network.
 */
async function expectBothBodiesAcknowledged(base: string, logs: LedgerLogEntry[]) {
  expect((await fetch(`${base}/ledger/health`)).status).toBe(200);
  const forwarded = { 'x-forwarded-for': '198.51.100.7' };
  const json = JSON.stringify({ receipts: await makeReceipts(2) });
  expect(await acknowledged(await postReceipts(`${base}/ledger/receipts`, json, forwarded))).toBe(2);
  const beacon = JSON.stringify({ receipts: await makeReceipts(1) });
  const asText = { 'content-type': 'text/plain;charset=UTF-8', ...forwarded };
  expect(await acknowledged(await postReceipts(`${base}/ledger/receipts`, beacon, asText))).toBe(1);
  expect(logs.filter((entry) => entry.route === '/receipts').map((entry) => entry.client)).toEqual([
    '198.51.100.0/24',
    '198.51.100.0/24',
  ]);
}

const EXPRESSES: Array<[string, typeof express, string]> = [
  ['Express 5', express, 'express'],
  ['Express 4', express4, 'express4'],
];

describe.each(EXPRESSES)('%s: app.use("/ledger", ledgerMiddleware(…))', (name, express, module) => {
  it('is the major version it is named after', () => {
    const { version } = createRequire(import.meta.url)(`${module}/package.json`) as { version: string };
    expect(`Express ${version.split('.')[0]}`).toBe(name);
  });

  it("reads a beacon's text/plain body that express.json() before it skipped (Express 4 still sets req.body = {})", async () => {
    const { options, logs } = await ledgerOptions();
    const app = express();
    app.set('trust proxy', 1);
    app.use(express.json());
    app.use('/shop/ledger', ledgerMiddleware(options));
    const base = await listen(createServer(app));
    const beacon = JSON.stringify({ receipts: await makeReceipts(2) });
    const response = await postReceipts(`${base}/shop/ledger/receipts`, beacon, {
      'content-type': 'text/plain;charset=UTF-8',
      'x-forwarded-for': '203.0.113.9, 198.51.100.7',
    });
    expect(await acknowledged(response)).toBe(2);
    // One proxy trusted: the last forwarded address is the client, and only its network is kept.
    expect(logs.at(-1)?.client).toBe('198.51.100.0/24');
  });

  it('answers under the mount path after app-wide express.json() and express.text(), with the client from trust proxy', async () => {
    const { options, logs } = await ledgerOptions();
    const app = express();
    app.set('trust proxy', 1);
    app.use(express.json(), express.text());
    app.use('/ledger', ledgerMiddleware(options));
    app.get('/other', (_request, response) => void response.send('the app'));
    const base = await listen(createServer(app));

    // sendBeacon's text/plain body is read by express.text() first.
    await expectBothBodiesAcknowledged(base, logs);
    expect(await (await fetch(`${base}/other`)).text()).toBe('the app');
  });

  it('without trust proxy the forwarded header is ignored, as the app says', async () => {
    const { options, logs } = await ledgerOptions();
    const app = express();
    app.use('/consent', ledgerMiddleware(options));
    const base = await listen(createServer(app));
    const body = JSON.stringify({ receipts: await makeReceipts(1) });
    expect(
      await acknowledged(await postReceipts(`${base}/consent/receipts`, body, { 'x-forwarded-for': '198.51.100.7' })),
    ).toBe(1);
    expect(logs.at(-1)?.client).toBe('127.0.0.0/24');
  });

  it('reads an unparsed body itself and stops an oversized one with 413', async () => {
    const { options } = await ledgerOptions({ maxBodyBytes: 2000 });
    const app = express();
    app.use('/ledger', ledgerMiddleware(options));
    const base = await listen(createServer(app));
    const response = await postReceipts(`${base}/ledger/receipts`, JSON.stringify({ receipts: await makeReceipts(3) }));
    expect(response.status).toBe(413);
  });

  it("passes a handler's failure to the app's error handler", async () => {
    const app = express();
    app.use(
      '/ledger',
      ledgerMiddleware(() => Promise.reject(new Error('storage exploded'))),
    );
    app.use((error: Error, _request: AppRequest, response: AppResponse, _next: NextFunction) => {
      response.status(502).send(`app error handler: ${error.message}`);
    });
    const base = await listen(createServer(app));
    const response = await fetch(`${base}/ledger/health`);
    expect(response.status).toBe(502);
    expect(await response.text()).toBe('app error handler: storage exploded');
  });

  it('refuses a basePath, which under a mount would never match', async () => {
    const { options } = await ledgerOptions();
    expect(() => ledgerMiddleware({ ...options, basePath: '/ledger' } as never)).toThrow(/leave out basePath/);
  });
});

describe('Fastify 5: app.register(ledgerPlugin, { prefix: "/ledger", … })', () => {
  it("answers under the prefix with the client from trustProxy, and leaves the app's own JSON parsing alone", async () => {
    const { options, logs } = await ledgerOptions();
    const app = Fastify({ trustProxy: true });
    cleanup.push(() => app.close());
    await app.register(ledgerPlugin, { prefix: '/ledger', ...options });
    app.post('/echo', async (request) => ({ got: request.body }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    await expectBothBodiesAcknowledged(base, logs);
    const preflight = await fetch(`${base}/ledger/receipts`, { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const echo = await postReceipts(`${base}/echo`, '{"a":1}');
    expect(await echo.json()).toEqual({ got: { a: 1 } });
  });

  it('stops an oversized body with 413', async () => {
    const { options } = await ledgerOptions({ maxBodyBytes: 2000 });
    const app = Fastify();
    cleanup.push(() => app.close());
    await app.register(ledgerPlugin, { prefix: '/ledger', ...options });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const response = await postReceipts(`${base}/ledger/receipts`, JSON.stringify({ receipts: await makeReceipts(3) }));
    expect(response.status).toBe(413);
  });
});

describe('Hono 4: the web-standard handler as it is', () => {
  it('answers app.all("/ledger/*") with basePath "/ledger"', async () => {
    const { options } = await ledgerOptions();
    const handler = createLedgerHandler({ ...options, basePath: '/ledger' });
    const app = new Hono();
    app.all('/ledger/*', (c) => handler(c.req.raw, { clientIp: '203.0.113.9' }));
    expect((await app.request('/ledger/health')).status).toBe(200);
    const body = JSON.stringify({ receipts: await makeReceipts(1) });
    const response = await app.request('/ledger/receipts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body,
    });
    expect(await acknowledged(response)).toBe(1);
  });
});
