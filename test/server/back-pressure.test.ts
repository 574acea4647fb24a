import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { handlerContext, ORIGIN, servedLedger } from './context.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const postgres = storageKinds[1] as StorageKind;

describe('admission control', () => {
  it('past the bound of receipts waiting for their commit, posts get 503 + Retry-After and store nothing', async () => {
    const ctx = await handlerContext(postgres, { maxPendingReceipts: 20 });
    const blocker = new pg.Client({ connectionString: ctx.db.location });
    await blocker.connect();
    try {
      expect((await ctx.post(await makeReceipt())).status).toBe(200);
      // Hold the site's chain head: the next commit waits for it, so what is posted meanwhile queues up.
      await blocker.query('BEGIN');
      await blocker.query('SELECT seq FROM samtykke_chain_heads FOR UPDATE');
      const batches = await Promise.all([0, 1, 2, 3, 4].map(() => makeReceipts(10)));
      const answered: Response[] = [];
      const responses = batches.map((receipts) =>
        ctx.post({ receipts }).then((response) => {
          answered.push(response);
          return response;
        }),
      );
      // Two batches (20 receipts) are taken and wait for the lock; the other three are refused at once.
      await vi.waitFor(() => expect(answered).toHaveLength(3), { timeout: 10_000 });
      for (const response of answered) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await response.json()).toEqual({ error: 'the ledger is busy, retry later' });
      }
      // A refused post's body is read but never decoded: bytes that are not UTF-8 get the same busy answer...
      const notUtf8 = () =>
        ctx.call('/receipts', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        });
      const refused = await notUtf8();
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({ error: 'the ledger is busy, retry later' });
      await blocker.query('COMMIT');
      // ...and, once there is room, the 400 that names what is wrong with them.
      await vi.waitFor(async () => expect((await notUtf8()).status).toBe(400), { timeout: 10_000 });
      expect(await (await notUtf8()).json()).toEqual({ error: 'body is not valid UTF-8' });
      const statuses = (await Promise.all(responses)).map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 503, 503, 503]);
      expect(await ctx.stored()).toHaveLength(21);
      // Once the queue drained, posts are taken again.
      expect((await ctx.post({ receipts: batches[4] })).status).toBe(200);
      expect(await ctx.stored()).toHaveLength(31);
    } finally {
      await blocker.end();
      await ctx.close();
    }
  });
});

/** A POST whose body is written now but for its last byte, which `finish` sends. */
function partialPost(port: number, body: string) {
  let finish = () => {};
  const response = new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/receipts',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, -1));
    finish = () => req.end(body.slice(-1));
  });
  return { response, finish: () => finish() };
}

function post(port: number, body: string) {
  return fetch(`http://127.0.0.1:${port}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body,
  });
}

describe('the memory held by request bodies', () => {
  it('is bounded across connections: past it 503 + Retry-After, and taken again once bodies are done', async () => {
    const first = JSON.stringify(await makeReceipt());
    const second = JSON.stringify(await makeReceipt());
    // Room for one receipt's body, not for two.
    const { running, close } = await servedLedger({ maxBufferedBodyBytes: Math.round(first.length * 1.5) });
    try {
      const slow = partialPost(running.port, first);
      // Once the slow body's bytes are held, another body does not fit.
      let refused: Response | undefined;
      await vi.waitFor(
        async () => {
          const response = await post(running.port, second);
          if (response.status !== 503) throw new Error(`got ${response.status}, the slow body is not held yet`);
          refused = response;
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(refused?.headers.get('retry-after')).toBe('1');
      expect(await refused?.json()).toEqual({ error: 'the server holds too many request bodies, retry later' });
      slow.finish();
      expect(await slow.response).toBe(200);
      expect((await post(running.port, second)).status).toBe(200);
    } finally {
      await close();
    }
  });
});
