import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/ledger/canonical.js';
import { sha256 } from '../../src/ledger/hash.js';
import { runCli } from '../../src/server/cli-main.js';
import { createLedgerHandler } from '../../src/server/handler.js';
import { keyIdOf, publicKeyFrom } from '../../src/server/keys.js';
import { MAX_NOTICE_BYTES } from '../../src/server/notices.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { handlerContext, ORIGIN, TOKEN } from './context.js';
import { makeReceipt } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

// A notice view and the texts rendered, as a browser hashes them (any JSON does; these look like the real ones).
const view = {
  format: 'samtykke-notice/1',
  revision: 3,
  jurisdiction: 'EEA',
  controller: { name: 'Fjordkaffe AS', country: 'NO' },
  categories: [{ id: 'statistics', title: { nb: 'Statistikk' }, services: [{ id: 'ga4', name: 'Google Analytics' }] }],
  cookie: { name: 'samtykke', maxAgeDays: 182 },
};
const texts = { bannerTitle: 'Vi bruker informasjonskapsler', 'categories.statistics.title': 'Statistikk' };

async function hashOf(document: unknown): Promise<string> {
  return sha256(canonicalize(document));
}

/** Receipts of one consent id that name `view` and `texts`, chained. */
async function receiptsShowing(count: number, documents: { view: unknown; texts: unknown } = { view, texts }) {
  const configHash = await hashOf(documents.view);
  const textHash = await hashOf(documents.texts);
  const receipts: Receipt[] = [];
  const recordId = crypto.randomUUID();
  for (let index = 0; index < count; index++) {
    const base = await makeReceipt();
    receipts.push(
      await makeReceipt({
        recordId,
        notice: { ...base.notice, configHash, textHash },
        integrity: {
          canonicalization: 'JCS-RFC8785',
          receiptHash: '',
          previousHash: receipts[index - 1]?.integrity.receiptHash ?? null,
        },
      }),
    );
  }
  return { receipts, configHash, textHash };
}

const noticesTable = (kind: StorageKind) => (kind.name === 'sqlite' ? 'notices' : 'samtykke_notices');

describe.each(storageKinds)('notices on $name', (kind) => {
  it('asks for the notices a batch names once, keeps each hash-checked document once, and serves it to the admin', async () => {
    const ctx = await handlerContext(kind);
    try {
      const { receipts, configHash, textHash } = await receiptsShowing(2);
      const first = await ctx.post({ receipts });
      expect(first.status).toBe(200);
      const firstBody = (await first.json()) as { acknowledgements: unknown[]; noticesWanted?: string[] };
      expect(firstBody.noticesWanted?.sort()).toEqual([configHash, textHash].sort());

      // The browser sends the batch again with the documents: a replay, with the same acknowledgements.
      const upload = await ctx.post({ receipts, notices: { [configHash]: view, [textHash]: texts } });
      expect(upload.status).toBe(200);
      const uploadBody = (await upload.json()) as { acknowledgements: unknown[]; noticesWanted?: string[] };
      expect(uploadBody).toEqual({ acknowledgements: firstBody.acknowledgements });
      expect(await ctx.stored()).toHaveLength(2);

      // Stored as the exact canonical text that was hashed, once per hash.
      const rows = (await ctx.db.sql(`SELECT hash, content, site FROM ${noticesTable(kind)} ORDER BY hash`)) as Array<{
        hash: string;
        content: string;
        site: string;
      }>;
      expect(rows).toEqual(
        [
          { hash: configHash, content: canonicalize(view), site: ORIGIN },
          { hash: textHash, content: canonicalize(texts), site: ORIGIN },
        ].sort((a, b) => (a.hash < b.hash ? -1 : 1)),
      );
      for (const row of rows) expect(await sha256(row.content)).toBe(row.hash);

      // A later visitor shown the same notice is not asked again, by this handler or by a fresh one.
      const later = await receiptsShowing(1);
      expect(await (await ctx.post({ receipts: later.receipts })).json()).not.toHaveProperty('noticesWanted');
      const fresh = createLedgerHandler({
        storage: ctx.db.storage,
        signingKey: ctx.key,
        origins: [ORIGIN],
        rateLimit: false,
        logger: () => {},
      });
      const more = await receiptsShowing(1);
      const freshAnswer = await fresh(
        new Request('http://ledger.test/receipts', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify({ receipts: more.receipts }),
        }),
      );
      expect(await freshAnswer.json()).not.toHaveProperty('noticesWanted');
      // Sending a document again is harmless: the first row stays.
      await ctx.post({ receipts: more.receipts, notices: { [configHash]: view } });
      expect(await ctx.db.sql(`SELECT hash FROM ${noticesTable(kind)}`)).toHaveLength(2);

      // GET /notices/:hash, for the admin only; the hash percent-encoded or in base64url.
      const get = (hash: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
        ctx.call(`/notices/${hash}`, { headers });
      expect((await get(encodeURIComponent(configHash), {})).status).toBe(401);
      expect((await get(encodeURIComponent(configHash), { authorization: 'Bearer wrong' })).status).toBe(403);
      const served = await get(encodeURIComponent(configHash));
      expect(served.status).toBe(200);
      expect(await served.json()).toEqual({
        hash: configHash,
        receivedAt: expect.any(String),
        site: ORIGIN,
        notice: view,
      });
      const base64url = configHash.replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, '');
      expect((await (await get(base64url)).json()).notice).toEqual(view);
      const unknown = await get(encodeURIComponent(await hashOf({ other: true })));
      expect(unknown.status).toBe(404);
      expect((await get('sha256-short')).status).toBe(400);
      expect((await get('%E0%A4%A')).status).toBe(400);
      expect(
        (
          await ctx.call(`/notices/${encodeURIComponent(configHash)}`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${TOKEN}` },
          })
        ).status,
      ).toBe(405);
      expect(ctx.logs.filter((entry) => entry.route === '/notices/:hash')).toHaveLength(8);
    } finally {
      await ctx.close();
    }
  });

  it('refuses malformed, unasked-for, oversized and mismatched documents, and then stores nothing', async () => {
    const ctx = await handlerContext(kind);
    try {
      const { receipts, configHash, textHash } = await receiptsShowing(1);
      const refused = async (notices: unknown) => {
        const response = await ctx.post({ receipts, notices });
        return { status: response.status, error: ((await response.json()) as { error: string }).error };
      };
      expect(await refused([view])).toEqual({
        status: 400,
        error: 'notices: expected an object of notice hash to notice document',
      });
      expect(await refused({ 'md5-abc': view })).toMatchObject({
        status: 400,
        error: expect.stringContaining('sha256-<base64>'),
      });
      // A document no receipt of the batch names is not the batch's to bring (nobody stores junk this way).
      const foreign = await hashOf({ spam: true });
      expect(await refused({ [foreign]: { spam: true } })).toMatchObject({
        status: 400,
        error: expect.stringContaining('expected the configHash or textHash of a receipt in this batch'),
      });
      // Under the right key, a document that is not the one hashed: the texts changed after the fact.
      const altered = await refused({ [textHash]: { ...texts, bannerTitle: 'Something else' } });
      expect(altered).toMatchObject({ status: 422, error: expect.stringContaining('hashes to sha256-') });
      expect(await refused({ [configHash]: { padding: 'x'.repeat(MAX_NOTICE_BYTES) } })).toMatchObject({
        status: 413,
        error: expect.stringContaining(`the limit is ${MAX_NOTICE_BYTES}`),
      });
      const many = Object.fromEntries(
        await Promise.all(Array.from({ length: 9 }, async (_, index) => [await hashOf({ index }), { index }])),
      );
      expect(await refused(many)).toMatchObject({ status: 413, error: expect.stringContaining('at most 8') });
      expect(await ctx.stored()).toEqual([]);
      expect(await ctx.db.sql(`SELECT hash FROM ${noticesTable(kind)}`)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('verify checks every stored notice against its hash and lists the hashes that have no notice', async () => {
    const ctx = await handlerContext(kind);
    try {
      const publicKey = publicKeyFrom(ctx.key.publicKey);
      expect(keyIdOf(publicKey)).toBe(ctx.key.keyId);
      const { receipts, configHash, textHash } = await receiptsShowing(2);
      await ctx.post({ receipts, notices: { [configHash]: view, [textHash]: texts } });
      const clean = await verifyLedger(ctx.db.storage, publicKey);
      expect(clean.ok).toBe(true);
      expect(clean.notices).toEqual({ stored: 2, referenced: 2, altered: [], missing: [], missingCount: 0 });

      // Receipts whose notices never came (a ledger from before notices were kept, a browser that left).
      const otherView = { ...view, revision: 4 };
      const unsent = await receiptsShowing(3, { view: otherView, texts });
      await ctx.post({ receipts: unsent.receipts });
      const missing = await verifyLedger(ctx.db.storage, publicKey);
      expect(missing.ok).toBe(true);
      expect(missing.notices).toEqual({
        stored: 2,
        referenced: 3,
        altered: [],
        missing: [{ hash: unsent.configHash, receipts: 3, site: ORIGIN, seq: 3 }],
        missingCount: 1,
      });

      // A stored notice edited in the database no longer hashes to its key: verification fails.
      await ctx.db.sql(
        `UPDATE ${noticesTable(kind)} SET content = ${kind.name === 'sqlite' ? '?' : '$1'} WHERE hash = ${kind.name === 'sqlite' ? '?' : '$2'}`,
        [canonicalize({ ...texts, bannerTitle: 'We use no cookies' }), textHash],
      );
      const tampered = await verifyLedger(ctx.db.storage, publicKey);
      expect(tampered.ok).toBe(false);
      expect(tampered.notices.altered).toEqual([textHash]);
    } finally {
      await ctx.close();
    }
  });

  it('samtykke-ledger notice prints a notice by hash, and what one visitor was shown receipt by receipt', async () => {
    const ctx = await handlerContext(kind);
    try {
      const { receipts, configHash, textHash } = await receiptsShowing(2);
      await ctx.post({ receipts, notices: { [configHash]: view, [textHash]: texts } });
      const run = async (args: string[]) => {
        let out = '';
        let err = '';
        const code = await runCli([...args, '--database', ctx.db.location], {
          stdout: (text) => {
            out += text;
          },
          stderr: (text) => {
            err += text;
          },
        });
        return { code, out, err };
      };

      const byHash = await run(['notice', configHash]);
      expect(byHash).toMatchObject({ code: 0, err: '' });
      const printed = JSON.parse(byHash.out) as { hash: string; notice: unknown };
      expect(printed).toMatchObject({ hash: configHash, site: ORIGIN, notice: view });
      // The printed document reproduces the receipt's hash.
      expect(await hashOf(printed.notice)).toBe(receipts[0]?.notice.configHash);

      const shown = await run(['notice', '--record', receipts[0]?.recordId as string]);
      expect(shown).toMatchObject({ code: 0, err: '' });
      const visitor = JSON.parse(shown.out) as { recordId: string; receipts: Array<Record<string, unknown>> };
      expect(visitor.receipts.map((receipt) => receipt.receiptId)).toEqual(
        receipts.map((receipt) => receipt.receiptId),
      );
      expect(visitor.receipts[1]).toMatchObject({ configHash, textHash, noticeView: view, texts, state: 'given' });

      const absent = await hashOf({ never: 'sent' });
      expect(await run(['notice', absent])).toEqual({
        code: 1,
        out: '',
        err: `samtykke-ledger notice: no notice ${absent} in the ledger\n`,
      });
      expect((await run(['notice', 'sha256-nope'])).code).toBe(2);
      expect((await run(['notice'])).err).toContain('notice needs a notice hash');
      expect((await run(['notice', '--record', 'not-a-uuid'])).code).toBe(2);
    } finally {
      await ctx.close();
    }
  });
});
