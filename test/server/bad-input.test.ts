import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/types.js';
import { handlerContext, ORIGIN, TOKEN } from './context.js';
import { makeReceipt, makeReceipts, receiptBody } from './fixtures.js';
import { storageKinds } from './helpers.js';

type Context = Awaited<ReturnType<typeof handlerContext>>;
type Case = {
  name: string;
  request: (ctx: Context, valid: Receipt[]) => Promise<Response>;
  status: number;
  /** The exact `error`, or a RegExp it must match. */
  error: string | RegExp;
  /** Rows stored after the request: the seeded one, plus any the case stores first itself. @default 1 */
  after?: number;
};

const sqlite = storageKinds.find((kind) => kind.name === 'sqlite');
if (!sqlite) throw new Error('sqlite storage kind missing');

const mutated = async (mutate: (receipt: Record<string, unknown>) => void, rehash = true) => {
  const receipt = (await makeReceipt()) as unknown as Record<string, unknown>;
  mutate(receipt);
  if (rehash) {
    const { computeReceiptHash } = await import('../../src/ledger/hash.js');
    (receipt.integrity as Record<string, unknown>).receiptHash = await computeReceiptHash(
      receipt as { integrity: object },
    );
  }
  return receipt;
};

const json = { 'content-type': 'application/json', origin: ORIGIN };
const cases: Case[] = [
  { name: 'malformed JSON', request: (c) => c.post('{"receipts": ['), status: 400, error: /^body is not valid JSON: / },
  { name: 'empty body', request: (c) => c.post(''), status: 400, error: /^body is not valid JSON: / },
  {
    name: 'top-level array',
    request: (c, v) => c.post([v[0]]),
    status: 400,
    error: 'body: expected a receipt or { "receipts": [...] }, got an array',
  },
  {
    name: 'top-level string',
    request: (c) => c.post('"hello"'),
    status: 400,
    error: 'body: expected a receipt or { "receipts": [...] }, got string',
  },
  {
    name: 'top-level null',
    request: (c) => c.post('null'),
    status: 400,
    error: 'body: expected a receipt or { "receipts": [...] }, got null',
  },
  {
    name: 'receipts not an array',
    request: (c) => c.post({ receipts: 'x' }),
    status: 400,
    error: 'receipts: expected an array',
  },
  {
    name: 'empty batch',
    request: (c) => c.post({ receipts: [] }),
    status: 400,
    error: 'receipts: expected at least one receipt, got an empty array',
  },
  {
    name: 'extra key beside receipts',
    request: (c, v) => c.post({ receipts: v, admin: true }),
    status: 400,
    error: 'body.admin: unexpected property',
  },
  {
    name: 'batch over the limit',
    request: (c, v) => c.post({ receipts: Array(11).fill(v[0]) }),
    status: 413,
    error: 'receipts: expected at most 10 receipts per request, got 11',
  },
  {
    name: 'body over the limit',
    request: (c) => c.post('x'.repeat(300_001)),
    status: 413,
    error: 'body is over the limit of 300000 bytes',
  },
  {
    name: 'streamed body over the limit (no content-length)',
    request: (c) => {
      const chunk = new TextEncoder().encode(' '.repeat(65_536));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ > 100) controller.close();
          else controller.enqueue(chunk);
        },
      });
      return c.call('/receipts', { method: 'POST', headers: json, body, duplex: 'half' } as RequestInit);
    },
    status: 413,
    error: 'body is over the limit of 300000 bytes',
  },
  {
    name: 'content type text/html',
    request: (c, v) => c.post(v[0], { 'content-type': 'text/html' }),
    status: 415,
    error: 'content-type: expected application/json (or text/plain from sendBeacon), got "text/html"',
  },
  {
    name: 'form content type',
    request: (c, v) => c.post(v[0], { 'content-type': 'application/x-www-form-urlencoded' }),
    status: 415,
    error: /got "application\/x-www-form-urlencoded"$/,
  },
  {
    name: 'no content type',
    request: (c, v) =>
      c.call('/receipts', { method: 'POST', headers: { origin: ORIGIN }, body: new Blob([JSON.stringify(v[0])]) }),
    status: 415,
    error: 'content-type: expected application/json (or text/plain from sendBeacon), got "nothing"',
  },
  {
    name: 'origin not on the allow-list',
    request: (c, v) => c.post(v[0], { origin: 'https://evil.example' }),
    status: 403,
    error: 'origin https://evil.example is not allowed',
  },
  {
    name: 'opaque origin "null"',
    request: (c, v) => c.post(v[0], { origin: 'null' }),
    status: 403,
    error: 'origin null is not allowed',
  },
  {
    name: 'missing field',
    request: async (c) => c.post(await mutated((r) => delete r.recordId)),
    status: 400,
    error: 'receipt.recordId: required, missing',
  },
  {
    name: 'wrong type',
    request: async (c) => c.post(await mutated((r) => ((r.signals as Record<string, unknown>).gpc = 'yes'))),
    status: 400,
    error: 'receipt.signals.gpc: expected true or false, got "yes"',
  },
  {
    name: 'bad enum in the third receipt of a batch',
    request: async (c, v) =>
      c.post({ receipts: [v[0], v[1], await mutated((r) => ((r.event as Record<string, unknown>).state = 'maybe'))] }),
    status: 400,
    error: 'receipts[2].event.state: expected one of given|refused|updated|withdrawn|expired, got "maybe"',
  },
  {
    name: 'hash mismatch',
    request: async (c) => c.post(await mutated((r) => (r.jurisdiction = 'SE'), false)),
    status: 400,
    error:
      /^receipt\.integrity\.receiptHash: expected sha256-[A-Za-z0-9+/]{43}= \(the hash of the receipt\), got "sha256-/,
  },
  {
    name: 'hash mismatch in the second receipt of a batch',
    request: async (c, v) => c.post({ receipts: [v[0], await mutated((r) => (r.jurisdiction = 'SE'), false)] }),
    status: 400,
    error: /^receipts\[1\]\.integrity\.receiptHash: expected sha256-/,
  },
  {
    name: 'huge string',
    request: async (c) =>
      c.post(await mutated((r) => ((r.controller as Record<string, unknown>).name = 'x'.repeat(250_000)))),
    status: 400,
    error:
      'receipt.controller.name: expected a string of at most 200 characters, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (250000 characters)',
  },
  {
    name: 'invalid UTF-8 bytes',
    request: (c) =>
      c.call('/receipts', {
        method: 'POST',
        headers: json,
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      }),
    status: 400,
    error: 'body is not valid UTF-8',
  },
  {
    name: 'unicode key that is not in the schema',
    request: async (c) => c.post(await mutated((r) => (r.før = 'æøå 📊'))),
    status: 400,
    error: 'receipt.før: unexpected property',
  },
  {
    name: '__proto__ key',
    request: async (c, v) => c.post(JSON.stringify(v[0]).replace('{', '{"__proto__":{"admin":true},')),
    status: 400,
    error: 'receipt.__proto__: unexpected property',
  },
  {
    name: 'number that overflows to Infinity',
    request: async (c, v) => c.post(JSON.stringify(v[0]).replace('"configRevision":2', '"configRevision":1e400')),
    status: 400,
    error: 'receipt.notice.configRevision: expected an integer from 0 to 9007199254740991, got Infinity',
  },
  {
    name: 'deeply nested JSON',
    request: (c) => c.post(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
    status: 400,
    error: 'body: expected a receipt or { "receipts": [...] }, got an array',
  },
  {
    name: 'replayed receipt with different content',
    request: async (c, v) => {
      await c.post(v[0]);
      const forged = await mutated((r) => {
        r.receiptId = v[0]?.receiptId;
        r.jurisdiction = 'SE';
      });
      return c.post(forged);
    },
    after: 2,
    status: 409,
    error: /^receipt [0-9a-f-]{36} is already stored with different content$/,
  },
  {
    name: 'export without a token',
    request: (c) => c.call('/export'),
    status: 401,
    error: 'admin token required: send Authorization: Bearer <token>',
  },
  {
    name: 'export with a wrong token',
    request: (c) => c.call('/export', { headers: { authorization: 'Bearer nope' } }),
    status: 403,
    error: 'admin token is wrong',
  },
  {
    name: 'export with a malformed authorization',
    request: (c) => c.call('/export', { headers: { authorization: 'Basic abc' } }),
    status: 403,
    error: 'admin token is wrong',
  },
  {
    name: 'export with a bad time range',
    request: (c) => c.call('/export?from=yesterday', { headers: { authorization: `Bearer ${TOKEN}` } }),
    status: 400,
    error: 'from: expected a real ISO 8601 date or time like 2026-01-01T00:00:00Z, got "yesterday"',
  },
  {
    // Date.parse would read it as 2 March and export another range than the one asked for.
    name: 'export from a day that does not exist',
    request: (c) => c.call('/export?from=2026-02-30', { headers: { authorization: `Bearer ${TOKEN}` } }),
    status: 400,
    error: 'from: expected a real ISO 8601 date or time like 2026-01-01T00:00:00Z, got "2026-02-30"',
  },
  {
    name: 'export to hour 24',
    request: (c) => c.call('/export?to=2026-05-01T24:00:00Z', { headers: { authorization: `Bearer ${TOKEN}` } }),
    status: 400,
    error: 'to: expected a real ISO 8601 date or time like 2026-01-01T00:00:00Z, got "2026-05-01T24:00:00Z"',
  },
  {
    name: 'receipts of a consent id without a token',
    request: (c, v) => c.call(`/receipts/${v[0]?.recordId}`),
    status: 401,
    error: 'admin token required: send Authorization: Bearer <token>',
  },
  {
    name: 'receipts of a consent id with a wrong token',
    request: (c, v) => c.call(`/receipts/${v[0]?.recordId}`, { headers: { authorization: 'Bearer x' } }),
    status: 403,
    error: 'admin token is wrong',
  },
  {
    name: 'erasure without origin or token',
    request: (c, v) => c.call(`/receipts/${v[0]?.recordId}`, { method: 'DELETE' }),
    status: 401,
    error: 'admin token required: send Authorization: Bearer <token>',
  },
  {
    name: 'erasure with a wrong token from an allowed origin',
    request: (c, v) =>
      c.call(`/receipts/${v[0]?.recordId}`, {
        method: 'DELETE',
        headers: { origin: ORIGIN, authorization: 'Bearer x' },
      }),
    status: 403,
    error: 'admin token is wrong',
  },
  {
    name: 'consent id that is not a UUID',
    request: (c) => c.call('/receipts/..%2F..%2Fetc', { method: 'DELETE', headers: { origin: ORIGIN } }),
    status: 400,
    error: 'recordId: expected a UUID, got "../../etc"',
  },
  { name: 'GET on /receipts', request: (c) => c.call('/receipts'), status: 405, error: 'use POST' },
  { name: 'unknown route', request: (c) => c.call('/admin'), status: 404, error: 'no route GET /admin' },
];

describe('hostile input to POST /receipts and the admin routes', () => {
  let ctx: Context;
  let valid: Receipt[];
  beforeAll(async () => {
    valid = await makeReceipts(2);
  });
  beforeEach(async () => {
    ctx = await handlerContext(sqlite);
    return () => ctx.close();
  });

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name → $status', async ({ request, status, error, after = 1 }) => {
    // One stored receipt of the consent id the admin and erasure cases name, so "nothing changed" means something.
    expect((await ctx.post(valid[1])).status).toBe(200);
    const response = await request(ctx, valid);
    const body = (await response.json()) as { error: string };
    expect(response.status).toBe(status);
    if (typeof error === 'string') expect(body.error).toBe(error);
    else expect(body.error).toMatch(error);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    const rows = await ctx.stored();
    expect(rows).toHaveLength(after);
    expect(rows[0]?.receipt).toEqual(valid[1]);
  });

  it('a replay returns the original acknowledgement and stores nothing new', async () => {
    const first = await ctx.post(valid[0]);
    const again = await ctx.post({ receipts: [valid[0]] });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(await ctx.stored()).toHaveLength(1);
  });

  it('rate-limits a client with 429 and Retry-After, and stores nothing then', async () => {
    const limited = await handlerContext(sqlite, { rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    try {
      const receipts = await makeReceipts(3);
      expect((await limited.post(receipts[0])).status).toBe(200);
      expect((await limited.post(receipts[1])).status).toBe(200);
      const response = await limited.post(receipts[2]);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({ error: 'too many requests' });
      expect((await limited.stored()).map((row) => row.receiptId)).toEqual([
        receipts[0]?.receiptId,
        receipts[1]?.receiptId,
      ]);
      // Another client has its own bucket.
      const other = await limited.call(
        '/receipts',
        { method: 'POST', headers: json, body: JSON.stringify(receipts[2]) },
        '198.51.100.1',
      );
      expect(other.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 + Retry-After without internals when the storage fails', async () => {
    const broken = await handlerContext(sqlite);
    await broken.db.storage.close();
    const response = await broken.post(receiptBody());
    expect(response.status).toBe(400);
    const failing = await broken.post(valid[1]);
    expect(failing.status).toBe(503);
    expect(failing.headers.get('retry-after')).toBe('5');
    expect(await failing.json()).toEqual({ error: 'storage unavailable, retry later' });
    expect(broken.logs.at(-1)).toMatchObject({
      status: 503,
      level: 'error',
      error: expect.stringContaining('database connection is not open'),
    });
    await broken.db.sql('SELECT 1').catch(() => {});
  });
});
