import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { encodeDecision, makeDecision, normalizeConfig } from '../../../src/core/index.js';
import { createLedger, type LedgerDeps } from '../../../src/ledger/index.js';
import {
  createConsentInstance,
  type DecidePart,
  narrows,
  type Runtime,
  type SamtykkeInternal,
  startDecide,
} from '../../../src/runtime/index.js';
import type { SamtykkeConfig, SamtykkeEvents } from '../../../src/types.js';
import { mountUi } from '../../../src/ui/index.js';
import { pageWindow } from './page-window.js';

/**
 * The runtime without its decide part: a returning visitor's page. The part arrives when the test lets it (or
 * fails to), so what waits for it, in which order, and what happens meanwhile can be seen.
 */
const CONFIG: SamtykkeConfig = {
  categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['youtube'] } },
  consentMode: { enabled: true },
};
const config = normalizeConfig(CONFIG);
const NOW = Date.now();

let databases = 0;
const instances: SamtykkeInternal[] = [];
afterEach(() => {
  for (const instance of instances.splice(0)) instance.destroy();
  vi.restoreAllMocks();
  localStorage.clear();
});

// biome-ignore lint/suspicious/noDocumentCookie: the decision an earlier visit stored, or a tracker's cookie.
const setCookie = (cookie: string) => (document.cookie = `${cookie}; path=/`);
const cookieNames = () => document.cookie.split(';').map((pair) => pair.split('=')[0]?.trim());
/** A visitor who decided on an earlier page; `waiting`: the marker of waiting receipts it left (`0`: nothing). */
const decided = (granted: string[], waiting: '0' | '1' | null = '0') => {
  const decision = makeDecision(
    { config, now: NOW - 1000, gpc: false, previous: null, randomId: () => '7d0c2a8e-3f1b-4c5d-9e6f-1a2b3c4d5e6f' },
    granted,
  );
  setCookie(`samtykke=${encodeURIComponent(encodeDecision(decision))}`);
  if (waiting !== null) setCookie(`samtykke_w=${waiting}`);
  return decision;
};
const marker = () =>
  document.cookie
    .split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith('samtykke_w='))
    ?.slice('samtykke_w='.length);
/** The page's window, counting every access to its localStorage and the keys read from it. */
function countingStorage() {
  const { win } = pageWindow();
  const reads = { localStorage: 0, keys: [] as string[] };
  const window = new Proxy(win, {
    get(target, key) {
      if (key !== 'localStorage') return Reflect.get(target, key);
      reads.localStorage++;
      const storage = target.localStorage;
      return new Proxy(storage, {
        get(store, name) {
          if (name === 'getItem') {
            return (item: string) => {
              reads.keys.push(item);
              return store.getItem(item);
            };
          }
          const value = Reflect.get(store, name);
          return typeof value === 'function' ? value.bind(store) : value;
        },
      });
    },
  });
  return { window, reads };
}
const lastConsent = () => {
  const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer;
  const commands = layer.filter((entry) => (entry as ArrayLike<unknown>)[0] === 'consent');
  return (commands.at(-1) as ArrayLike<unknown>)[2] as Record<string, string>;
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An instance whose decide part is loaded by the test: `arrive()` hands it over, `fail()` makes the load fail. */
function start(runtime: Runtime = {}) {
  let arrive: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const requests = { decide: 0, ui: 0 };
  const load = () => {
    requests.decide++;
    return new Promise<DecidePart>((resolve, reject) => {
      arrive = () => resolve(startDecide);
      fail = reject;
    });
  };
  const { win, reload } = pageWindow();
  const databaseName = `samtykke-decide-test-${databases++}`;
  const instance = createConsentInstance(CONFIG, {
    document,
    window: win,
    loadBanner: () => Promise.resolve(mountBanner),
    loadUi: () => {
      requests.ui++;
      return Promise.resolve(mountUi);
    },
    loadLedger: () => Promise.resolve((deps: LedgerDeps) => createLedger({ ...deps, databaseName })),
    decide: { load },
    ...runtime,
  });
  instances.push(instance);
  const changes: Array<SamtykkeEvents['change']> = [];
  instance.on('change', (change) => changes.push(change));
  return {
    instance,
    requests,
    changes,
    reload,
    arrive: async () => {
      arrive();
      await tick();
    },
    fail: async (error: Error) => {
      fail(error);
      await tick();
    },
  };
}

describe('a returning visitor needs no decide part', () => {
  it('answers the read side from the cookie and releases what the decision allows, loading nothing more', async () => {
    decided(['statistics']);
    for (const category of ['statistics', 'marketing']) {
      const script = document.createElement('script');
      script.type = 'text/plain';
      script.setAttribute('data-category', category);
      script.textContent = `window.__${category} = true`;
      document.body.append(script);
    }
    const page = start();
    await tick();
    expect(page.instance.isGranted('statistics')).toBe(true);
    expect(page.instance.isGranted('marketing')).toBe(false);
    expect(page.instance.getDecision()?.granted).toEqual(['necessary', 'statistics']);
    // The statistics script was released (a runnable copy in its place); the marketing one is still held.
    const held = [...document.querySelectorAll('script[type="text/plain"]')].map((s) => s.textContent);
    expect(held).toEqual(['window.__marketing = true']);
    expect([...document.scripts].map((s) => s.textContent)).toContain('window.__statistics = true');
    expect(page.requests).toEqual({ decide: 0, ui: 0 });
  });

  it('an undecided visitor: the decide part is asked for at once and the banner shows once it is here', async () => {
    const page = start();
    expect(page.requests.decide).toBe(1);
    expect(document.querySelector('samtykke-ui')).toBeNull();
    await page.arrive();
    await vi.waitFor(() =>
      expect(document.querySelector('samtykke-ui')?.shadowRoot?.textContent).toContain('Accept all'),
    );
  });
});

describe('receipts an earlier page left waiting', () => {
  it('the marker says none wait: localStorage is never touched, the decide part never asked for', async () => {
    decided(['statistics']);
    const { window, reads } = countingStorage();
    const page = start({ window });
    await tick();
    expect(page.instance.isGranted('statistics')).toBe(true);
    expect(page.requests.decide).toBe(0);
    expect(reads.localStorage).toBe(0);
    expect(reads.keys).toEqual([]);
  });

  it('the marker says some may: the decide part comes by itself and builds the decision an earlier page left', async () => {
    // The first page decided, but its ledger file never came: the decision waits in the journal, under the marker.
    const first = start({ loadLedger: () => Promise.reject(new Error('samtykke-ledger.js: 503')) });
    await first.arrive();
    first.instance.acceptAll();
    expect(marker()).toBe('1');
    expect(localStorage.getItem('samtykke:journal')).toContain('"receiptId"');
    first.instance.destroy();

    const next = start();
    expect(next.requests.decide).toBe(1);
    await next.arrive();
    await vi.waitFor(() => expect(localStorage.getItem('samtykke:journal')).toBeNull());
    expect((await next.instance.ledger.list()).map((entry) => entry.receipt.event.state)).toEqual(['given']);
    expect(marker()).toBe('0');
    next.instance.destroy();

    // And the page after that is a returning visit that reads nothing.
    const { window, reads } = countingStorage();
    const third = start({ window });
    await tick();
    expect(third.requests.decide).toBe(0);
    expect(reads.localStorage).toBe(0);
  });

  it('no marker (a visitor from before it): the decide part looks once and writes it for the next page', async () => {
    decided(['statistics'], null);
    const counted = countingStorage();
    const page = start({ window: counted.window });
    expect(page.requests.decide).toBe(1);
    await page.arrive();
    expect(marker()).toBe('0');
    // The count sees the decide part's reads: the ones it does not see on the next page are not made.
    expect(counted.reads.localStorage).toBeGreaterThan(0);
    expect(counted.reads.keys).toContain('samtykke:journal');
    expect(page.changes).toEqual([]);
    page.instance.destroy();
    const { window, reads } = countingStorage();
    const next = start({ window });
    await tick();
    expect(next.requests.decide).toBe(0);
    expect(reads.localStorage).toBe(0);
  });

  it('a marker over nothing is set right; an undecided visitor gets none', async () => {
    decided(['statistics'], '1');
    const page = start();
    expect(page.requests.decide).toBe(1);
    await page.arrive();
    expect(marker()).toBe('0');
    page.instance.destroy();
    setCookie('samtykke=; expires=Thu, 01 Jan 1970 00:00:00 GMT');
    setCookie('samtykke_w=; expires=Thu, 01 Jan 1970 00:00:00 GMT');
    const undecided = start({ autoShow: false });
    await undecided.arrive();
    expect(marker()).toBeUndefined();
  });
});

describe('page code calling the API before the decide part is here', () => {
  it('waits, then runs in order with the same results and events as at once', async () => {
    decided(['statistics']);
    const page = start({ autoShow: false });
    const answers = [page.instance.accept(['marketing']), page.instance.rejectAll()];
    // Like the loader's stand-in: nothing to answer yet, nothing decided yet.
    expect(answers).toEqual([null, null]);
    expect(page.requests.decide).toBe(1);
    expect(page.instance.isGranted('statistics')).toBe(true);
    const listed = page.instance.ledger.list();
    await page.arrive();
    expect(page.changes.map((c) => [c.action, c.decision.granted])).toEqual([
      ['api', ['necessary', 'marketing']],
      ['api', ['necessary']],
    ]);
    expect(page.instance.getDecision()?.granted).toEqual(['necessary']);
    await vi.waitFor(async () => expect(await listed).toEqual(expect.any(Array)));
    // Here now: the next call answers at once.
    expect(page.instance.acceptAll()?.granted).toEqual(['necessary', 'statistics', 'marketing']);
    expect(page.requests.decide).toBe(1);
  });

  it('a call the rules refuse fails alone, in the console, and the ones after it still run', async () => {
    decided([]);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const page = start({ autoShow: false });
    page.instance.accept(['nope']);
    page.instance.acceptAll();
    await page.arrive();
    expect(String(error.mock.calls[0]?.[0])).toContain('unknown category "nope"');
    expect(page.changes.map((c) => c.decision.granted)).toEqual([['necessary', 'statistics', 'marketing']]);
  });
});

describe('the decide part fails to load', () => {
  it('nothing is decided or written, the error reaches the console, and the next call tries again', async () => {
    const before = decided(['statistics']);
    const cookie = document.cookie;
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const page = start({ autoShow: false });
    page.instance.acceptAll();
    const listed = expect(page.instance.ledger.list()).rejects.toThrow('samtykke-decide.js');
    await page.fail(new Error('samtykke: could not load samtykke-decide.js'));
    await listed;
    expect(document.cookie).toBe(cookie);
    expect(page.instance.getDecision()).toEqual(before);
    expect(page.instance.isGranted('marketing')).toBe(false);
    expect(page.changes).toEqual([]);
    // Reported once, with where it happened; nobody listens for `error`, so the console has it.
    expect(error.mock.calls.map((call) => (call[1] as { context?: string })?.context)).toEqual([
      'loading samtykke-decide.js',
    ]);
    // The network came back.
    page.instance.acceptAll();
    expect(page.requests.decide).toBe(2);
    await page.arrive();
    expect(page.instance.isGranted('marketing')).toBe(true);
  });
});

/** Another tab of the same site, with its runtime complete (it shares this document's cookie jar). */
const otherTab = () => {
  const databaseName = `samtykke-decide-test-${databases++}`;
  const there = createConsentInstance(CONFIG, {
    document,
    autoShow: false,
    loadLedger: () => Promise.resolve((deps: LedgerDeps) => createLedger({ ...deps, databaseName })),
  });
  instances.push(there);
  return there;
};

describe('a decision made in another tab', () => {
  it('one that only adds is carried out here without the decide part', async () => {
    decided([]);
    const here = start({ autoShow: false });
    const there = otherTab();
    there.acceptAll();
    await vi.waitFor(() => expect(here.instance.isGranted('statistics')).toBe(true));
    expect(here.changes.map((c) => [c.action, c.withdrawn])).toEqual([['sync', { categories: [], services: [] }]]);
    expect(here.requests.decide).toBe(0);
  });

  it('a withdrawal holds trackers at once, and the decide part it fetches cleans up and reloads', async () => {
    decided(['statistics', 'marketing']);
    const here = start({ autoShow: false });
    expect(here.requests.decide).toBe(0);
    setCookie('_ga=GA1.1.1.2');
    const there = otherTab();
    there.withdraw();
    await vi.waitFor(() => expect(here.instance.isGranted('statistics')).toBe(false));
    // Google hears at once; the clean-up waits for the part that knows the vendors' cookie names.
    expect(lastConsent().analytics_storage).toBe('denied');
    expect(here.requests.decide).toBe(1);
    expect(here.changes).toEqual([]);
    // The other instance cleaned the shared document already: put the cookie back to see this one clean it.
    setCookie('_ga=GA1.1.1.2');
    await here.arrive();
    expect(cookieNames()).not.toContain('_ga');
    expect(here.changes.at(-1)).toMatchObject({
      action: 'sync',
      withdrawn: { categories: ['statistics', 'marketing'] },
    });
    await vi.waitFor(() => expect(here.reload).toHaveBeenCalledTimes(1));
  });
});

describe('what asks for the decide part', () => {
  it('the floating button: the part and the preferences are fetched together, one dialog however often it is pressed', async () => {
    decided(['statistics']);
    const page = start();
    const button = await vi.waitFor(() => {
      const found = document.querySelector('samtykke-button')?.shadowRoot?.querySelector('button');
      if (!found) throw new Error('no floating button yet');
      return found;
    });
    button.click();
    button.click();
    expect(page.requests).toEqual({ decide: 1, ui: 1 });
    await page.arrive();
    await vi.waitFor(() => expect(document.querySelectorAll('samtykke-ui')).toHaveLength(1));
    const dialogs = () => document.querySelector('samtykke-ui')?.shadowRoot?.querySelectorAll('[role="dialog"]') ?? [];
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1));
  });

  it('a held frame: its placeholder appears once the part is here', async () => {
    decided([]);
    const frame = document.createElement('iframe');
    frame.setAttribute('data-category', 'marketing');
    frame.setAttribute('data-src', 'https://www.youtube.com/embed/1');
    document.body.append(frame);
    const page = start();
    await tick();
    expect(page.requests.decide).toBe(1);
    expect(document.querySelector('[data-samtykke-embed]')).toBeNull();
    await page.arrive();
    expect(document.querySelector('[data-samtykke-embed="youtube"]')).not.toBeNull();
  });
});

describe('narrows', () => {
  const d = (granted: string[], services: string[] = []) => ({ ...decided(granted), services });
  it('is true when a category or a service stops being allowed, or the decision goes', () => {
    expect(narrows(config, d(['statistics']), d([]))).toBe(true);
    expect(narrows(config, d([], ['youtube']), d([]))).toBe(true);
    expect(narrows(config, d(['statistics']), null)).toBe(true);
  });
  it('is false when a change only adds, or a service moves into its granted category', () => {
    expect(narrows(config, null, d([]))).toBe(false);
    expect(narrows(config, d([]), d(['statistics']))).toBe(false);
    expect(narrows(config, d([], ['youtube']), d(['marketing']))).toBe(false);
  });
});
