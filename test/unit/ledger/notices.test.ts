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
import { setup } from './harness.js';

const ORIGIN = 'https://fjordkaffe.no';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The browser ledger delivering to the real ledger handler on an in-memory SQLite ledger; bodies recorded. */
async function againstTheServer() {
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
    if (typeof init.body === 'string') bodies.push(JSON.parse(init.body));
    const { signal: _signal, priority: _priority, ...rest } = init as RequestInit & { priority?: string };
    return handler(
      new Request(String(input), { ...rest, headers: { ...(init.headers as Record<string, string>), origin: ORIGIN } }),
    );
  }) as typeof globalThis.fetch;
  const env = setup();
  cleanup.push(env.stopAll, () => storage.close());
  return { env, storage, bodies, ledger: env.open({ fetch }) };
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
