// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { withVendorDetails } from '../../../src/core/vendor-details.js';
import { canonicalize, noticeView } from '../../../src/ledger/index.js';
import { createLedgerHandler } from '../../../src/server/handler.js';
import { generateKeyPair } from '../../../src/server/keys.js';
import { openSqliteStorage } from '../../../src/server/sqlite-storage.js';
import type { LedgerStorage } from '../../../src/server/storage.js';
import type { Receipt } from '../../../src/types.js';
import { makeConfig, makeInput } from './fixtures.js';
import { makeWindow, setup } from './harness.js';

const ORIGIN = 'https://fjordkaffe.no';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The browser ledger delivering to the real ledger handler on an in-memory SQLite ledger; bodies recorded. */
async function againstTheServer(
  /** Answers a request instead of the server when it returns a response (a proxy's 503, say). */
  intercept: (body: { receipts: Receipt[]; notices?: Record<string, unknown> }) => Response | undefined = () =>
    undefined,
) {
  const storage: LedgerStorage = await openSqliteStorage({ path: ':memory:' });
  const handler = createLedgerHandler({
    storage,
    signingKey: generateKeyPair().privateKey,
    origins: [ORIGIN],
    rateLimit: false,
    logger: () => {},
  });
  const bodies: Array<{ receipts: Receipt[]; notices?: Record<string, unknown> }> = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (typeof init.body === 'string') {
      bodies.push(JSON.parse(init.body));
      const answer = intercept(JSON.parse(init.body));
      if (answer) return answer;
    }
    const { signal: _signal, priority: _priority, ...rest } = init as RequestInit & { priority?: string };
    return handler(
      new Request(String(input), { ...rest, headers: { ...(init.headers as Record<string, string>), origin: ORIGIN } }),
    );
  }) as typeof globalThis.fetch;
  const env = setup();
  cleanup.push(env.stopAll, () => storage.close());
  return { env, storage, bodies, fetch, ledger: env.open({ fetch }) };
}

describe('the ledger server is sent the notices it lacks', () => {
  it('once, with the documents the hashes were taken over, and the stored notices reproduce both hashes', async () => {
    const { storage, bodies, ledger } = await againstTheServer();
    const first = (await ledger.record(makeInput())) as Receipt;
    await ledger.flush();
    // The batch, the server's noticesWanted, the same batch again with both documents.
    expect(bodies.map((body) => Object.keys(body.notices ?? {}).sort())).toEqual([
      [],
      [first.notice.configHash, first.notice.textHash].sort(),
    ]);
    const view = await storage.notice(first.notice.configHash);
    const texts = await storage.notice(first.notice.textHash);
    expect(view?.content).toBe(canonicalize(noticeView(withVendorDetails(makeConfig({ endpoint: 'x' })))));
    expect(JSON.parse(texts?.content as string)).toEqual(makeInput().notice?.texts);
    const [stored] = await ledger.list();
    expect(stored?.status).toBe('delivered');
    expect(stored?.acknowledgement?.seq).toBe(1);

    // A later decision under the same notice sends no documents: the server holds them.
    const second = (await ledger.record(makeInput({ state: 'updated' }))) as Receipt;
    await ledger.flush();
    expect(second.notice.configHash).toBe(first.notice.configHash);
    expect(bodies).toHaveLength(3);
    expect(bodies[2]?.notices).toBeUndefined();
  });

  it('keeps a document only while a pending receipt names it, and none at all without an endpoint', async () => {
    const { env, ledger } = await againstTheServer();
    await ledger.record(makeInput());
    const { entries, createStore } = await import('idb-keyval');
    const store = createStore(env.databaseName, 'receipts');
    const kept = async () => (await entries(store)).map(([key]) => String(key)).filter((key) => key.startsWith('n:'));
    expect(await kept()).toHaveLength(2);
    await ledger.flush();
    expect(await kept()).toEqual([]);

    const local = setup({ endpoint: null });
    cleanup.push(local.stopAll);
    await local.open().record(makeInput());
    const localKeys = (await entries(createStore(local.databaseName, 'receipts'))).map(([key]) => String(key));
    expect(localKeys.some((key) => key.startsWith('r:'))).toBe(true);
    expect(localKeys.some((key) => key.startsWith('n:'))).toBe(false);
  });

  it('an endpoint that does not ask (204, an owner backend) gets each batch once, with no documents', async () => {
    const env = setup();
    cleanup.push(env.stopAll);
    env.endpoint.setMode({ kind: 'status', status: 204 });
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    expect(env.endpoint.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect((await ledger.list())[0]).toMatchObject({ status: 'delivered', unsigned: true });
  });
});

describe('a notice the ledger server asked for does not stay missing', () => {
  const keptKeys = async (databaseName: string) => {
    const { entries, createStore } = await import('idb-keyval');
    const kept = await entries(createStore(databaseName, 'receipts'));
    return kept.map(([key]) => String(key)).filter((key) => key.startsWith('n:'));
  };

  it('an upload answered 503 keeps both documents with the receipt, and the next delivery stores them', async () => {
    let refusals = 0;
    let down = true;
    const { env, storage, bodies, ledger } = await againstTheServer((body) => {
      if (!body.notices || !down) return undefined;
      refusals++;
      return new Response('Service Unavailable', { status: 503 });
    });
    const receipt = (await ledger.record(makeInput())) as Receipt;
    await ledger.flush();
    const hashes = [receipt.notice.configHash, receipt.notice.textHash].sort();
    // Delivered, but the documents did not arrive: the server still lacks both, the browser still keeps both.
    expect((await ledger.list())[0]?.status).toBe('delivered');
    expect(refusals).toBeGreaterThan(0);
    expect(await storage.missingNotices(hashes)).toEqual(hashes);
    expect((await keptKeys(env.databaseName)).sort()).toEqual(hashes.map((hash) => `n:${hash}`));

    // The proxy recovers; the next delivery sends the documents again, beside the receipt.
    down = false;
    env.clock.now += 60_000;
    await ledger.flush();
    expect(await storage.missingNotices(hashes)).toEqual([]);
    const upload = bodies.at(-1);
    expect(upload?.receipts.map((r) => r.receiptId)).toEqual([receipt.receiptId]);
    expect(Object.keys(upload?.notices ?? {}).sort()).toEqual(hashes);
    expect(await keptKeys(env.databaseName)).toEqual([]);
    // Reproduced from the ledger alone: the stored texts are the ones hashed into the receipt.
    const texts = await storage.notice(receipt.notice.textHash);
    expect(JSON.parse(texts?.content as string)).toEqual(makeInput().notice?.texts);
    // Nothing more to send: no further request.
    const requests = bodies.length;
    await ledger.flush();
    expect(bodies).toHaveLength(requests);
  });

  it('a waiting upload keeps the ledger loading on the next page, which sends it', async () => {
    let down = true;
    const { env, storage, fetch } = await againstTheServer((body) =>
      body.notices && down ? new Response(null, { status: 503 }) : undefined,
    );
    const marks: boolean[] = [];
    const first = env.open({ fetch, markPending: (pending) => marks.push(pending) });
    const receipt = (await first.record(makeInput())) as Receipt;
    await first.flush();
    // The receipt is delivered, yet something still waits: the loader keeps the marker that loads the ledger.
    expect((await first.list())[0]?.status).toBe('delivered');
    expect(marks.at(-1)).toBe(true);
    first.stop();

    down = false;
    const next = env.open({ fetch, markPending: (pending) => marks.push(pending) });
    env.clock.now += 60_000;
    await next.flush();
    expect(await storage.missingNotices([receipt.notice.configHash, receipt.notice.textHash])).toEqual([]);
    expect(marks.at(-1)).toBe(false);
  });

  it('a receipt that only reached the server by the pagehide beacon has its notice uploaded on the next page', async () => {
    const { env, storage, bodies, fetch: server } = await againstTheServer();
    // The page: the receipt is stored, its fetch does not get through (the network is gone), the beacon goes.
    const win = makeWindow();
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const leaving = env.open({ fetch: offline, window: win });
    leaving.start();
    const receipt = (await leaving.record(makeInput())) as Receipt;
    await leaving.flush();
    expect((await leaving.list())[0]?.status).toBe('pending');
    win.dispatchEvent(new Event('pagehide'));
    leaving.stop();
    const beacon = env.beacons.at(-1);
    expect(beacon).toBeDefined();
    // The beacon reaches the real server, which stores the receipt; a beacon hears no answer, so nobody sends notices.
    await server(String(beacon?.url), { method: 'POST', body: beacon?.data as string });
    expect((await storage.missingNotices([receipt.notice.textHash])).length).toBe(1);

    // The next page replays the receipt (the server answers with the original acknowledgement) and is asked.
    const next = env.open({ fetch: server });
    await next.flush();
    expect((await next.list())[0]?.status).toBe('delivered');
    expect(await storage.missingNotices([receipt.notice.configHash, receipt.notice.textHash])).toEqual([]);
    expect(bodies.filter((body) => body.notices).length).toBe(1);
  });
});

describe('an upload refused for good', () => {
  it('is given up with an error event naming the hash, and the receipt stays delivered', async () => {
    const { env, storage, ledger } = await againstTheServer((body) =>
      body.notices
        ? new Response(JSON.stringify({ error: 'notices: the document is too large' }), { status: 413 })
        : undefined,
    );
    const receipt = (await ledger.record(makeInput())) as Receipt;
    await ledger.flush();
    expect((await ledger.list())[0]?.status).toBe('delivered');
    const errors = env.log.of('error').map((event) => String((event.error as Error).message));
    expect(errors.some((message) => message.includes(receipt.notice.textHash) && message.includes('too large'))).toBe(
      true,
    );
    // Asking again cannot help: nothing is kept, and the server still lists the hash as missing (verify reports it).
    const { entries, createStore } = await import('idb-keyval');
    const kept = await entries(createStore(env.databaseName, 'receipts'));
    expect(kept.filter(([key]) => String(key).startsWith('n:'))).toEqual([]);
    expect(await storage.missingNotices([receipt.notice.textHash])).toEqual([receipt.notice.textHash]);
  });
});
