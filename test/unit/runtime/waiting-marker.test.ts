import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_KEY, OUTBOX_KEY } from '../../../src/core/own-storage.js';
import { createLedger } from '../../../src/ledger/index.js';
import { createLazyLedger, type LoadLedger } from '../../../src/runtime/lazy-ledger.js';
import { makeConfig, makeInput } from '../ledger/fixtures.js';
import { createEventLog, createFakeEndpoint, ENDPOINT, makeWindow } from '../ledger/harness.js';

/**
 * The marker cookie of waiting receipts as the lazy ledger keeps it: set before anything is written to wait, cleared
 * only once the journal and the outbox are both empty, looked at again right before. One browser profile: the
 * pages share localStorage, IndexedDB, the endpoint and the marker (the cookie's value, or undefined without one).
 */
function profile(options: { endpoint?: boolean; storage?: () => Storage | undefined } = {}) {
  const items = new Map<string, string>();
  /** What happened to localStorage and the marker, in order: `marker 1`, `marker 0`, `marker gone`, `set <key>`. */
  const log: string[] = [];
  /** Told of each read once its value is taken: another tab may act there, in the middle of this one's task. */
  const hooks = { read: (_key: string) => {} };
  const storage: Storage = {
    getItem(key) {
      const value = items.get(key) ?? null;
      hooks.read(key);
      return value;
    },
    setItem: (key, value) => {
      log.push(`set ${key}`);
      items.set(key, String(value));
    },
    removeItem: (key) => {
      log.push(`remove ${key}`);
      items.delete(key);
    },
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
  const endpoint = createFakeEndpoint();
  const databaseName = `waiting-${++databases}`;
  const state = { marker: undefined as string | undefined };
  const config = makeConfig({
    endpoint: options.endpoint === false ? undefined : ENDPOINT,
    historyLimit: 100,
    timeoutMs: 10_000,
  });
  let ids = 0;
  const page = (load: LoadLedger = () => Promise.resolve(createLedger)) => {
    const events = createEventLog();
    const lazy = createLazyLedger(
      load,
      {
        config,
        emit: events.emit,
        clearDecision: () => {},
        randomId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
        fetch: endpoint.fetch,
        window: makeWindow(),
        databaseName,
      },
      options.storage ?? (() => storage),
      (waiting) => {
        state.marker = waiting === null ? undefined : waiting ? '1' : '0';
        log.push(`marker ${state.marker ?? 'gone'}`);
      },
    );
    stops.push(() => lazy.stop());
    return { lazy, events };
  };
  const journal = () => JSON.parse(items.get(JOURNAL_KEY) ?? '[]') as unknown[];
  return { items, log, hooks, endpoint, state, page, journal };
}

let databases = 0;
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('the marker of waiting receipts', () => {
  it('is set before the decision is written ahead, and before the outbox marker', async () => {
    const browser = profile();
    browser.endpoint.setMode({ kind: 'refuse' });
    const { lazy } = browser.page();
    const recorded = lazy.record(makeInput());
    // Synchronously, in the call that decides: the cookie first, then the journal.
    expect(browser.log).toEqual(['marker 1', `set ${JOURNAL_KEY}`]);
    await recorded;
    await lazy.api.flush();
    const outbox = browser.log.indexOf(`set ${OUTBOX_KEY}`);
    expect(outbox).toBeGreaterThan(0);
    expect(browser.log[outbox - 1]).toBe('marker 1');
  });

  it('is not cleared while a receipt waits for the endpoint, and is once it is delivered', async () => {
    const browser = profile();
    browser.endpoint.setMode({ kind: 'refuse' });
    const { lazy } = browser.page();
    await lazy.record(makeInput());
    await lazy.api.flush();
    // The written-ahead decision is gone (the receipt is in IndexedDB), the outbox still waits: the marker stays.
    expect(browser.journal()).toEqual([]);
    expect(browser.items.get(OUTBOX_KEY)).toBe('1');
    expect(browser.log).not.toContain('marker 0');
    expect(browser.state.marker).toBe('1');

    browser.endpoint.setMode({ kind: 'ok' });
    await lazy.api.flush();
    expect(browser.endpoint.stored.size).toBe(1);
    expect(browser.items.has(OUTBOX_KEY)).toBe(false);
    expect(browser.state.marker).toBe('0');
    expect(browser.log.slice(-2)).toEqual([`remove ${OUTBOX_KEY}`, 'marker 0']);
  });

  it('without a ledger server, is cleared once the receipt is stored', async () => {
    const browser = profile({ endpoint: false });
    const { lazy } = browser.page();
    await lazy.record(makeInput());
    expect(browser.journal()).toEqual([]);
    expect(browser.state.marker).toBe('0');
    // A stale outbox marker (a ledger server the config no longer has) keeps nothing waiting.
    browser.items.set(OUTBOX_KEY, '1');
    await browser.page().lazy.record(makeInput({ state: 'updated' }));
    expect(browser.state.marker).toBe('0');
  });

  it('a page the marker sends loads the ledger and delivers what an earlier page left', async () => {
    const browser = profile();
    browser.endpoint.setMode({ kind: 'refuse' });
    // The first page's ledger file never arrived: the decision waits in the journal, under the marker.
    const first = browser.page(() => Promise.reject(new Error('samtykke-ledger.js: 503')));
    await first.lazy.record(makeInput());
    expect(browser.journal()).toHaveLength(1);
    expect(browser.state.marker).toBe('1');

    browser.endpoint.setMode({ kind: 'ok' });
    const next = browser.page();
    next.lazy.resumeIfPending(true);
    await expect.poll(() => browser.journal()).toEqual([]);
    await next.lazy.api.flush();
    expect(browser.endpoint.stored.size).toBe(1);
    expect(browser.state.marker).toBe('0');
  });

  it('a marker over nothing (the page ended between it and its write) is set right by the next page', () => {
    const browser = profile();
    browser.state.marker = '1';
    let loads = 0;
    browser
      .page(() => {
        loads++;
        return Promise.resolve(createLedger);
      })
      .lazy.resumeIfPending(true);
    expect(loads).toBe(0);
    expect(browser.log).toEqual(['marker 0']);
    // A page that did not find it (`0` or none) writes nothing.
    browser.page().lazy.resumeIfPending(false);
    expect(browser.log).toEqual(['marker 0']);
  });

  it('is not lossy when another tab queues between the check and the clear', async () => {
    const browser = profile();
    browser.endpoint.setMode({ kind: 'refuse' });
    const a = browser.page();
    await a.lazy.record(makeInput());
    await a.lazy.api.flush();
    expect(browser.state.marker).toBe('1');

    // Tab A delivers and, having emptied the outbox, looks at the journal and the outbox once more before it
    // clears the marker. Right after that last look (its outbox read), tab B decides: B's marker, then B's journal.
    browser.endpoint.setMode({ kind: 'ok' });
    const b = browser.page();
    let bRecorded: Promise<void> | undefined;
    browser.hooks.read = (key) => {
      if (key !== OUTBOX_KEY || browser.items.has(OUTBOX_KEY) || bRecorded !== undefined) return;
      bRecorded = b.lazy.record(makeInput({ state: 'updated' }));
    };
    await a.lazy.api.flush();
    expect(bRecorded).toBeDefined();
    // The race: A's `0` overwrote B's `1` while B's decision is in the journal.
    const raced = browser.log.slice(browser.log.lastIndexOf('marker 1'));
    expect(raced).toEqual(['marker 1', `set ${JOURNAL_KEY}`, 'marker 0']);
    expect(browser.journal()).toHaveLength(1);

    // B's own ledger stores the receipt and marks it pending again (the cookie before the outbox marker) before its
    // written-ahead decision goes, so at no moment after that does the next page miss it.
    await bRecorded;
    expect(browser.state.marker).toBe('1');
    expect(browser.items.get(OUTBOX_KEY)).toBe('1');
    await b.lazy.api.flush();
    expect(browser.endpoint.stored.size).toBe(2);
    expect(browser.state.marker).toBe('0');
  });

  it('localStorage that cannot be read: cleared without a ledger server, kept (every page looks) with one', async () => {
    const broken = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    const local = profile({ endpoint: false, storage: broken });
    const withoutServer = local.page();
    await withoutServer.lazy.record(makeInput());
    expect(withoutServer.events.of('error').map((event) => event.context)).toEqual(['ledger.journal']);
    expect(local.state.marker).toBe('0');

    const served = profile({ storage: broken });
    const { lazy } = served.page();
    await lazy.record(makeInput());
    await lazy.api.flush();
    expect(served.endpoint.stored.size).toBe(1);
    expect(served.state.marker).toBe('1');
  });

  it('a marker cookie that cannot be written changes nothing else: the decision is written ahead and stored', async () => {
    const browser = profile();
    const events = createEventLog();
    const lazy = createLazyLedger(
      () => Promise.resolve(createLedger),
      {
        config: makeConfig({ endpoint: ENDPOINT, historyLimit: 100, timeoutMs: 10_000 }),
        emit: events.emit,
        clearDecision: () => {},
        randomId: () => '00000000-0000-4000-8000-000000000001',
        fetch: browser.endpoint.fetch,
        window: makeWindow(),
        databaseName: `waiting-${++databases}`,
      },
      () => localStorage,
      () => {
        throw new DOMException('cookies are disabled', 'SecurityError');
      },
    );
    stops.push(() => lazy.stop());
    const recorded = lazy.record(makeInput());
    expect(localStorage.getItem(JOURNAL_KEY)).toContain('00000000-0000-4000-8000-000000000001');
    await recorded;
    await lazy.api.flush();
    expect(browser.endpoint.stored.size).toBe(1);
    expect(events.of('error')).toEqual([]);
    localStorage.clear();
  });

  it('"Delete my data" removes it with the journal and the outbox', async () => {
    const browser = profile();
    browser.endpoint.setMode({ kind: 'refuse' });
    const { lazy } = browser.page();
    await lazy.record(makeInput());
    await lazy.api.flush();
    expect(browser.state.marker).toBe('1');
    browser.endpoint.setMode({ kind: 'ok' });
    await lazy.api.erase();
    expect(browser.journal()).toEqual([]);
    expect(browser.items.has(OUTBOX_KEY)).toBe(false);
    expect(browser.state.marker).toBeUndefined();
    expect(browser.log.at(-1)).toBe('marker gone');
  });

  it('an erasure the ledger server has not had yet keeps it, so the next page sends the erasure', async () => {
    const browser = profile();
    const { lazy } = browser.page();
    await lazy.record(makeInput());
    await lazy.api.flush();
    expect(browser.state.marker).toBe('0');
    browser.endpoint.setMode({ kind: 'refuse' });
    const report = await lazy.api.erase();
    expect(report.server).toBe('waiting');
    expect(browser.items.get(OUTBOX_KEY)).toBe('1');
    expect(browser.state.marker).toBe('1');
  });
});
