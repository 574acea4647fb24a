import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLedger } from '../../../src/ledger/index.js';
import { JOURNAL_KEY } from '../../../src/runtime/decision-journal.js';
import { createLazyLedger, type LoadLedger } from '../../../src/runtime/lazy-ledger.js';
import type { SamtykkeEvents } from '../../../src/types.js';
import { makeConfig, makeInput } from '../ledger/fixtures.js';
import { createEventLog, createFakeEndpoint, ENDPOINT, makeWindow } from '../ledger/harness.js';

/** localStorage as a Map, so each test is a fresh browser profile and can look inside. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

let databases = 0;
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** One page of a browser profile: its own lazy ledger over the shared localStorage and IndexedDB. */
function page(storage: Storage, load: LoadLedger, databaseName: string, path = '/kaffe') {
  const log = createEventLog();
  const endpoint = createFakeEndpoint();
  const win = makeWindow();
  Object.defineProperty(win, 'location', { value: new URL(`https://fjordkaffe.no${path}`) });
  let ids = 0;
  const lazy = createLazyLedger(
    load,
    {
      config: makeConfig({ endpoint: ENDPOINT, historyLimit: 100, timeoutMs: 10_000 }),
      emit: log.emit,
      clearDecision: () => {},
      now: () => Date.UTC(2026, 10, 23, 12, 0, 0) + path.length * 1000,
      randomId: () => `00000000-0000-4000-8000-${path.length}${String(++ids).padStart(11, '0')}`,
      fetch: endpoint.fetch,
      window: win,
      databaseName,
    },
    () => storage,
  );
  stops.push(() => lazy.stop());
  return { lazy, log, endpoint };
}

const journal = (storage: Storage) => JSON.parse(storage.getItem(JOURNAL_KEY) ?? '[]') as Array<{ receiptId: string }>;

describe('write-ahead decisions', () => {
  it('writes the decision to localStorage synchronously, before the ledger file has even started loading', () => {
    const storage = memoryStorage();
    let loads = 0;
    const { lazy } = page(
      storage,
      () => {
        loads++;
        return new Promise(() => {});
      },
      `journal-${++databases}`,
    );
    void lazy.record(makeInput());
    expect(journal(storage)).toHaveLength(1);
    expect(loads).toBe(1);
  });

  it('a decision whose ledger file failed to load becomes its receipt on the next page, with the first page’s id, time and path', async () => {
    const storage = memoryStorage();
    const databaseName = `journal-${++databases}`;
    const first = page(storage, () => Promise.reject(new Error('samtykke-ledger.js: 503')), databaseName, '/kaffe');
    await first.lazy.record(makeInput());
    const [written] = journal(storage);
    expect(first.log.of('error').map((event: SamtykkeEvents['error']) => event.context)).toEqual([
      'loading the ledger',
    ]);

    const next = page(storage, () => Promise.resolve(createLedger), databaseName, '/handlekurv');
    next.lazy.resumeIfPending();
    await expect.poll(() => journal(storage)).toEqual([]);
    const stored = await next.lazy.api.list();
    expect(stored.map((entry) => entry.receipt.receiptId)).toEqual([written?.receiptId]);
    expect(stored[0]?.receipt.context.pagePath).toBe('/kaffe');
    expect(stored[0]?.receipt.createdAt).toBe(new Date(Date.UTC(2026, 10, 23, 12, 0, 6)).toISOString());
  });

  it('stores a written-ahead decision once, however many pages hand it over', async () => {
    const storage = memoryStorage();
    const databaseName = `journal-${++databases}`;
    const first = page(storage, () => Promise.reject(new Error('offline')), databaseName);
    await first.lazy.record(makeInput());
    // Two tabs open at once, both find the same decision waiting.
    const a = page(storage, () => Promise.resolve(createLedger), databaseName, '/a');
    const b = page(storage, () => Promise.resolve(createLedger), databaseName, '/b');
    a.lazy.resumeIfPending();
    b.lazy.resumeIfPending();
    await expect.poll(() => journal(storage)).toEqual([]);
    await a.lazy.api.flush();
    expect((await b.lazy.api.list()).map((entry) => entry.receipt.event.state)).toEqual(['given']);
  });

  it('leaves nothing in localStorage once the receipt is stored on the same page, and erasure clears waiting decisions', async () => {
    const storage = memoryStorage();
    const databaseName = `journal-${++databases}`;
    const { lazy } = page(storage, () => Promise.resolve(createLedger), databaseName);
    await lazy.record(makeInput());
    expect(journal(storage)).toEqual([]);
    expect((await lazy.api.list()).map((entry) => entry.receipt.event.state)).toEqual(['given']);

    const failing = page(storage, () => Promise.reject(new Error('offline')), databaseName);
    await failing.lazy.record(makeInput({ state: 'updated' }));
    expect(journal(storage)).toHaveLength(1);
    await lazy.api.erase();
    expect(journal(storage)).toEqual([]);
    expect(await lazy.api.list()).toEqual([]);
  });

  it('without IndexedDB keeps the decision in the journal until its receipt is delivered, so a later page still sends it', async () => {
    const storage = memoryStorage();
    const databaseName = `journal-${++databases}`;
    vi.stubGlobal('indexedDB', undefined);
    try {
      const first = page(storage, () => Promise.resolve(createLedger), databaseName, '/kaffe');
      first.endpoint.setMode({ kind: 'refuse' });
      await first.lazy.record(makeInput());
      // The receipt lives in this page's memory only: the written-ahead decision must not go with it.
      expect((await first.lazy.api.list()).map((entry) => entry.status)).toEqual(['pending']);
      expect(journal(storage)).toHaveLength(1);
      first.lazy.stop();
    } finally {
      vi.unstubAllGlobals();
    }
    // The next page has IndexedDB and a reachable endpoint: the receipt is built there and delivered.
    const next = page(storage, () => Promise.resolve(createLedger), databaseName, '/handlekurv');
    next.lazy.resumeIfPending();
    await expect.poll(() => journal(storage)).toEqual([]);
    await next.lazy.api.flush();
    expect([...next.endpoint.stored.values()].map(({ receipt }) => receipt.context.pagePath)).toEqual(['/kaffe']);
  });

  it('without IndexedDB drops the written-ahead decision once the endpoint has the receipt', async () => {
    const storage = memoryStorage();
    vi.stubGlobal('indexedDB', undefined);
    try {
      const { lazy, endpoint } = page(storage, () => Promise.resolve(createLedger), `journal-${++databases}`);
      await lazy.record(makeInput());
      await lazy.api.flush();
      expect(endpoint.stored.size).toBe(1);
      expect(journal(storage)).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('without localStorage still records on this page, and says the decision could be lost', async () => {
    const { lazy, log } = page(
      {
        ...memoryStorage(),
        setItem: () => {
          throw new DOMException('quota', 'QuotaExceededError');
        },
      },
      () => Promise.resolve(createLedger),
      `journal-${++databases}`,
    );
    await lazy.record(makeInput());
    expect(log.of('error').map((event) => event.context)).toEqual(['ledger.journal']);
    expect(await lazy.api.list()).toHaveLength(1);
  });
});
