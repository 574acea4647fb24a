import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitKey } from '../../src/server/handler.js';
import type { RunningLedger } from '../../src/server/node.js';
import { createRateLimiter } from '../../src/server/rate-limit.js';
import { handlerContext, servedLedger as ledger } from './context.js';
import { makeReceipt, receiptBody } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const sqlite = storageKinds[0] as StorageKind;

/** A raw connection that collects what the server sends and when it hangs up. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, opened, received: () => received };
}

describe('slow and idle clients', () => {
  let server: Awaited<ReturnType<typeof ledger>>;
  let running: RunningLedger;
  beforeAll(async () => {
    server = await ledger({ headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 40, maxBodyBytes: 2000 });
    running = server.running;
  });
  afterAll(() => server.close());

  it('a body that stops coming is answered 408 and the connection closed', async () => {
    const client = rawClient(running.port);
    await client.opened;
    client.socket.write(
      `POST /receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"rec`,
    );
    expect(await client.closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that drip in, and a connection that sends nothing, are closed', async () => {
    const dripping = rawClient(running.port);
    await dripping.opened;
    dripping.socket.write('GET /health HTTP/1.1\r\nHo');
    const silent = rawClient(running.port);
    await silent.opened;
    expect(await dripping.closed).toMatch(/^HTTP\/1\.1 408|^$/);
    expect(await silent.closed).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it('a body over the limit is refused with 413 while it is still streaming in', async () => {
    const client = rawClient(running.port);
    await client.opened;
    client.socket.write(
      'POST /receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    // 3000 bytes of an endless chunked body: the answer comes before the body ends (it never does).
    client.socket.write(`bb8\r\n${'x'.repeat(3000)}\r\n`);
    await expect.poll(() => client.received(), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 413/);
    expect(client.received()).toContain('body is over the limit of 2000 bytes');
    expect(client.received().toLowerCase()).toContain('connection: close');
    client.socket.destroy();
  });
});

describe('the connection cap', () => {
  it('refuses connections past maxConnections and serves again once they are gone', async () => {
    const server = await ledger({ maxConnections: 3 });
    try {
      const held = [rawClient(server.running.port), rawClient(server.running.port), rawClient(server.running.port)];
      await Promise.all(held.map((client) => client.opened));
      // Accepted connections are counted once the server has seen them; then the fourth is dropped.
      await new Promise<void>((resolve) => {
        const check = () =>
          server.running.server.getConnections((_, count) => (count >= 3 ? resolve() : setTimeout(check, 10)));
        check();
      });
      const refused = rawClient(server.running.port);
      refused.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await refused.closed).toBe('');
      for (const client of held) client.socket.destroy();
      await Promise.all(held.map((client) => client.closed));
      await expect
        .poll(async () => (await fetch(`${server.running.url}/health`).catch(() => undefined))?.status)
        .toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('odd paths and methods', () => {
  let server: Awaited<ReturnType<typeof ledger>>;
  beforeAll(async () => {
    server = await ledger({ adminToken: 'admin-token-0123456789' });
  });
  afterAll(() => server.close());

  const raw = (method: string, path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const request = httpRequest(`${server.running.url}${path}`, { method }, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      });
      request.on('error', reject);
      request.end();
    });

  it('malformed percent-escapes in a consent id are 400, logged as the client’s mistake', async () => {
    for (const path of ['/receipts/%', '/receipts/%E0%A4%A']) {
      const response = await raw('DELETE', path);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toMatch(/^path: malformed percent-encoding/);
      expect(server.logs.at(-1)).toMatchObject({ status: 400, level: 'warn', route: '/receipts/:recordId' });
    }
  });

  it('TRACE and other methods a route does not take are 405 with Allow', async () => {
    for (const [method, path, allow] of [
      ['TRACE', '/receipts', 'POST, OPTIONS'],
      ['TRACE', '/health', 'GET'],
      ['PROPFIND', '/receipts', 'POST, OPTIONS'],
      ['PUT', '/export', 'GET'],
    ] as const) {
      const response = await raw(method, path);
      expect([method, response.status, response.headers.allow]).toEqual([method, 405, allow]);
    }
  });

  it('HEAD answers wherever GET does, with no body', async () => {
    for (const path of ['/health', '/.well-known/samtykke-key']) {
      const response = await raw('HEAD', path);
      expect([path, response.status, response.body]).toEqual([path, 200, '']);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect((await raw('HEAD', '/export')).status).toBe(401);
  });
});

describe('client addresses and the rate limiter', () => {
  it('X-Forwarded-For is read strictly: the hop the trusted proxy wrote, never a missing or malformed one', async () => {
    const server = await ledger({ trustedProxies: 1, rateLimit: { capacity: 2, refillPerSecond: 0.001 } });
    const post = (forwarded: string) =>
      fetch(`${server.running.url}/.well-known/samtykke-key`, { headers: { 'x-forwarded-for': forwarded } });
    try {
      // An empty or malformed last hop does not escape the limiter: all such requests share one bucket.
      const statuses = [];
      for (const forwarded of ['198.51.100.9, ', 'not-an-ip', '1.2.3.4:5555', ' , '])
        statuses.push((await post(forwarded)).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(server.logs.slice(0, 4).map((entry) => entry.client)).toEqual([null, null, null, null]);
      // The client's own claims to the left of the proxy's hop change nothing.
      expect((await post('203.0.113.5, 198.51.100.20')).status).toBe(200);
      expect((await post('203.0.113.6, 198.51.100.20')).status).toBe(200);
      expect((await post('203.0.113.7, 198.51.100.20')).status).toBe(429);
      expect(server.logs.at(-2)?.client).toBe('198.51.100.0/24');
    } finally {
      await server.close();
    }
  });

  it('with two trusted proxies the client is the second hop from the right', async () => {
    const server = await ledger({ trustedProxies: 2 });
    try {
      await fetch(`${server.running.url}/health`, {
        headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.1' },
      });
      await fetch(`${server.running.url}/health`, { headers: { 'x-forwarded-for': '10.0.0.1' } });
      expect(server.logs.map((entry) => entry.client)).toEqual(['198.51.100.0/24', null]);
    } finally {
      await server.close();
    }
  });

  it('IPv6 clients are limited per /64, so rotating addresses inside one allocation buys nothing', () => {
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe(rateLimitKey('2001:db8:1:2:ffff:1:2:3'));
    expect(rateLimitKey('2001:db8:1:2::1')).not.toBe(rateLimitKey('2001:db8:1:3::1'));
    expect(rateLimitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKey(undefined)).toBe('unknown');
  });

  it('a clock stepping backwards neither locks clients out nor refills them', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1 }, () => now);
    expect([limiter.take('a').ok, limiter.take('a').ok, limiter.take('a')]).toEqual([
      true,
      true,
      { ok: false, retryAfterSeconds: 1 },
    ]);
    now -= 3_600_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1000;
    // One second after the step back, still nothing: elapsed time is counted from the latest time seen.
    expect(limiter.take('a').ok).toBe(false);
    now = 1_001_000;
    expect(limiter.take('a').ok).toBe(true);
  });
});

describe('dates in receipts are real dates', () => {
  it.each([
    ['createdAt', { createdAt: '2026-13-45T25:61:61Z' }],
    ['createdAt', { createdAt: '2026-02-30T10:00:00Z' }],
    ['event.validUntil', { event: { ...receiptBody().event, validUntil: '2026-02-30T99:99:99Z' } }],
    ['event.time', { event: { ...receiptBody().event, time: '2026-04-31T24:00:00.000Z' } }],
  ])('%s %j is refused with 400', async (field, overrides) => {
    const context = await handlerContext(sqlite);
    try {
      const response = await context.post(await makeReceipt(overrides));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toContain(`receipt.${field}: expected a real date and time`);
      expect(await context.stored()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a leap day is a real date', async () => {
    const context = await handlerContext(sqlite);
    try {
      expect((await context.post(await makeReceipt({ createdAt: '2028-02-29T23:59:59.999Z' }))).status).toBe(200);
    } finally {
      await context.close();
    }
  });
});
