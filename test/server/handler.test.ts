import { describe, expect, it } from 'vitest';
import { chainHashOf } from '../../src/server/chain.js';
import { publicKeyFrom, verifyAcknowledgement } from '../../src/server/keys.js';
import { serveLedger } from '../../src/server/node.js';
import type { ReceiptAcknowledgement } from '../../src/types.js';
import { handlerContext, ORIGIN, TOKEN } from './context.js';
import { makeReceipt, makeReceipts, receiptBody } from './fixtures.js';
import { storageKinds } from './helpers.js';

const admin = { authorization: `Bearer ${TOKEN}` };

describe.each(storageKinds)('ledger handler on $name', (kind) => {
  it('acknowledges a batch in request order with signed, chained acknowledgements', async () => {
    const ctx = await handlerContext(kind);
    try {
      const receipts = await makeReceipts(3);
      const response = await ctx.post({ receipts });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const { acknowledgements } = (await response.json()) as { acknowledgements: ReceiptAcknowledgement[] };
      expect(acknowledgements.map((ack) => [ack.receiptId, ack.seq])).toEqual(
        receipts.map((r, index) => [r.receiptId, index + 1]),
      );
      let prev: string | null = null;
      for (const [index, ack] of acknowledgements.entries()) {
        expect(verifyAcknowledgement(ack, ctx.key.publicKey)).toBe(true);
        expect(ack.keyId).toBe(ctx.key.keyId);
        const receiptHash = receipts[index]?.integrity.receiptHash as string;
        expect(ack.chainHash).toBe(
          chainHashOf({ prev, seq: ack.seq, receiptHash, receivedAt: ack.receivedAt, site: ORIGIN }),
        );
        prev = ack.chainHash;
      }
    } finally {
      await ctx.close();
    }
  });

  it('reads the body as UTF-8, a leading byte order mark dropped, and stores non-ASCII text as sent', async () => {
    const ctx = await handlerContext(kind);
    try {
      const plain = receiptBody();
      const receipt = await makeReceipt({ controller: { ...plain.controller, name: 'Fjordkaffe Ærlig Øl AS 📊' } });
      const body = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ receipts: [receipt] })),
      ]);
      const response = await ctx.call('/receipts', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
      const stored = await ctx.call(`/receipts/${receipt.recordId}`, { headers: admin });
      const { receipts } = (await stored.json()) as { receipts: Array<{ receipt: { controller: { name: string } } }> };
      expect(receipts.map((row) => row.receipt.controller.name)).toEqual(['Fjordkaffe Ærlig Øl AS 📊']);
    } finally {
      await ctx.close();
    }
  });

  it('accepts a sendBeacon text/plain body, answers preflights, lists, exports and erases', async () => {
    const ctx = await handlerContext(kind);
    try {
      const receipts = await makeReceipts(4);
      const beacon = await ctx.post({ receipts: receipts.slice(0, 2) }, { 'content-type': 'text/plain;charset=UTF-8' });
      expect(beacon.status).toBe(200);
      await ctx.post({ receipts: receipts.slice(2) });

      const preflight = await ctx.call('/receipts', {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(preflight.headers.get('access-control-allow-headers')).toBe(
        'content-type, authorization, samtykke-erasure-key',
      );
      const foreign = await ctx.call('/receipts', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

      const recordId = receipts[0]?.recordId as string;
      const listed = (await (await ctx.call(`/receipts/${recordId}`, { headers: admin })).json()) as {
        receipts: Array<{ receipt: unknown; seq: number }>;
      };
      expect(listed.receipts.map((row) => [row.seq, row.receipt])).toEqual([
        [1, receipts[0]],
        [2, receipts[1]],
      ]);

      const exported = await ctx.call('/export', { headers: admin });
      expect(exported.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const lines = (await exported.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { seq: number; client: string });
      expect(lines.map((line) => line.seq)).toEqual([1, 2, 3, 4]);
      expect(lines[0]?.client).toBe('203.0.113.0/24');
      const empty = await ctx.call('/export?from=2999-01-01T00:00:00Z', { headers: admin });
      expect(await empty.text()).toBe('');

      // The owner erases a consent id with the admin token (a visitor's erasure needs its secret: erasure.test.ts).
      const erased = await ctx.call(`/receipts/${recordId}`, { method: 'DELETE', headers: admin });
      expect(await erased.json()).toEqual({ recordId, erased: 2 });
      const after = (await (await ctx.call(`/receipts/${recordId}`, { headers: admin })).json()) as {
        receipts: unknown[];
      };
      expect(after.receipts).toEqual([]);
      const byAdmin = await ctx.call(`/receipts/${receipts[2]?.recordId}`, { method: 'DELETE', headers: admin });
      expect(await byAdmin.json()).toEqual({ recordId: receipts[2]?.recordId, erased: 2 });
      expect(
        (await ctx.stored()).every((row) => row.receipt === null && row.recordId === null && row.client === null),
      ).toBe(true);

      // One log line per request; none holds the raw address or a consent id.
      expect(ctx.logs).toHaveLength(10);
      const logText = JSON.stringify(ctx.logs);
      expect(logText).not.toContain('203.0.113.77');
      expect(logText).not.toContain(recordId);
      expect(ctx.logs.find((entry) => entry.method === 'DELETE')).toMatchObject({
        route: '/receipts/:recordId',
        status: 200,
      });
    } finally {
      await ctx.close();
    }
  });

  it('publishes its public key and health', async () => {
    const ctx = await handlerContext(kind);
    try {
      const keyBody = (await (await ctx.call('/.well-known/samtykke-key')).json()) as {
        keyId: string;
        pem: string;
        jwk: { kty: string; crv: string; kid: string };
      };
      expect(keyBody.keyId).toBe(ctx.key.keyId);
      expect(keyBody.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: ctx.key.keyId });
      expect(publicKeyFrom(keyBody.pem).equals(ctx.key.publicKey)).toBe(true);
      expect(await (await ctx.call('/health')).json()).toEqual({ status: 'ok', storage: kind.name });
    } finally {
      await ctx.close();
    }
  });
});

describe('node:http adapter', () => {
  it('serves the handler, passes the client address, and cuts off an oversized body with 413', async () => {
    const sqlite = storageKinds[0];
    if (!sqlite) throw new Error('no sqlite');
    const ctx = await handlerContext(sqlite);
    const running = await serveLedger({
      storage: ctx.db.storage,
      signingKey: ctx.key,
      origins: [ORIGIN],
      adminToken: TOKEN,
      port: 0,
      maxBodyBytes: 100_000,
      ipStorage: 'hash',
      ipHashKey: 'pepper',
      logger: () => {},
      basePath: '/ledger',
    });
    try {
      const [receipt] = await makeReceipts(1);
      const ok = await fetch(`${running.url}/ledger/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify(receipt),
      });
      expect(ok.status).toBe(200);
      const rows = await ctx.stored();
      expect(rows[0]?.client).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{22}$/);

      const big = await fetch(`${running.url}/ledger/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: 'x'.repeat(100_001),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ error: 'body is 100001 bytes; the limit is 100000' });

      // Without a declared length (chunked), the limit cuts the stream off while it is read.
      let sent = 0;
      const chunked = await fetch(`${running.url}/ledger/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: new ReadableStream({
          pull(controller) {
            if (sent++ < 1000) controller.enqueue(new TextEncoder().encode(' '.repeat(16_384)));
            else controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      // The server answers 413 as soon as the limit is passed and closes; the client never sent all 1000 chunks.
      expect(chunked.status).toBe(413);
      expect(chunked.headers.get('connection')).toBe('close');
      expect(await chunked.json()).toEqual({ error: 'body is over the limit of 100000 bytes' });
      expect(sent).toBeLessThan(1000);
      expect(await ctx.stored()).toHaveLength(1);

      const outside = await fetch(`${running.url}/ledgerx/receipts`, {
        method: 'POST',
        headers: { origin: ORIGIN },
        body: '{}',
      });
      expect(outside.status).toBe(404);
      expect(await outside.json()).toEqual({ error: 'not found' });

      const exported = await fetch(`${running.url}/ledger/export`, { headers: admin });
      expect((await exported.text()).trim().split('\n')).toHaveLength(1);
    } finally {
      await running.close();
      await ctx.close();
    }
  });
});
