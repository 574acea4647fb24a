import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDecisionStore,
  encodeDecision,
  makeDecision,
  normalizeConfig,
  saveDecision,
} from '../../../src/core/index.js';

const config = normalizeConfig({ categories: { statistics: { services: ['google-analytics'] } } });
const NOW = Date.UTC(2026, 11, 1);
const decision = (granted: string[]) =>
  makeDecision(
    { config, now: NOW, gpc: false, previous: null, randomId: () => '00000000-0000-4000-8000-000000000001' },
    granted,
  );

/** Node's own BroadcastChannel, remembering which channels the store opened and whether they are closed. */
const channels: Array<{ channel: BroadcastChannel; closed: boolean }> = [];
class RecordingChannel extends BroadcastChannel {
  private readonly entry = { channel: this as BroadcastChannel, closed: false };
  constructor(name: string) {
    super(name);
    channels.push(this.entry);
  }
  override close(): void {
    this.entry.closed = true;
    super.close();
  }
}

/** The page's window with the recording channel in place of the browser's. */
function pageWindow() {
  const win = new Proxy(window, {
    get(target, key) {
      if (key === 'BroadcastChannel') return RecordingChannel;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' && typeof key === 'string' && /^[a-z]/.test(key) ? value.bind(target) : value;
    },
  });
  return win as Window & typeof globalThis;
}

const stores: Array<{ stop(): void }> = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.stop();
  for (const { channel } of channels.splice(0)) channel.close();
  // biome-ignore lint/suspicious/noDocumentCookie: each test starts without a decision.
  document.cookie = 'samtykke=; path=/; max-age=0';
});

const start = () => {
  const store = createDecisionStore({ config, document, window: pageWindow(), now: () => NOW });
  stores.push(store);
  return store;
};
const transition = (type: 'pagehide' | 'pageshow', persisted: boolean) =>
  window.dispatchEvent(Object.assign(new Event(type), { persisted }));

describe('the decision store and the back/forward cache', () => {
  it('closes its channel when the page is hidden away, so a message cannot evict it from the cache', () => {
    start();
    expect(channels.map((c) => c.closed)).toEqual([false]);
    transition('pagehide', true);
    expect(channels.map((c) => c.closed)).toEqual([true]);
  });

  it('on return it opens a channel again and reads what was decided meanwhile from the cookie', async () => {
    const store = start();
    saveDecision(store, document, config, decision(['statistics']), false);
    transition('pagehide', true);
    // Another tab refuses while this page sits in the cache: only the cookie tells.
    const refused = decision([]);
    // biome-ignore lint/suspicious/noDocumentCookie: what the other tab wrote.
    document.cookie = `samtykke=${encodeURIComponent(encodeDecision(refused))}; path=/`;
    expect(store.get()?.granted).toContain('statistics');
    transition('pageshow', true);
    expect(store.get()?.granted).toEqual(['necessary']);
    expect(channels.map((c) => c.closed)).toEqual([true, false]);

    // The reopened channel hears the next tab at once.
    const other = new BroadcastChannel('samtykke:samtykke');
    other.postMessage(encodeDecision(decision(['statistics'])));
    other.close();
    await vi.waitFor(() => expect(store.get()?.granted).toContain('statistics'));
  });

  it('a first pageshow (an ordinary load) keeps the one channel it has', () => {
    start();
    transition('pageshow', false);
    expect(channels.map((c) => c.closed)).toEqual([false]);
  });
});

/**
 * A page whose cookie reads are counted and whose window has a Cookie Store that answers `get` when the test says:
 * what a returning visitor's page runs in Chromium, where every `document.cookie` read after a cookie changed is a
 * synchronous round trip to the browser.
 */
function countedPage(jar: { value: string }) {
  let reads = 0;
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' }) as unknown as Document;
  Object.defineProperty(doc, 'cookie', {
    get: () => {
      reads++;
      return jar.value;
    },
  });
  const answers: Array<() => void> = [];
  const cookieStore = Object.assign(new EventTarget(), {
    get: (name: string) =>
      new Promise<{ value: string } | null>((resolve) => {
        // What the jar holds when asked, answered later: another tab may write meanwhile.
        const found = jar.value
          .split('; ')
          .map((pair) => pair.split('='))
          .find(([key]) => key === name);
        answers.push(() => resolve(found ? { value: found[1] ?? '' } : null));
      }),
  });
  const win = Object.assign(new EventTarget(), { cookieStore, BroadcastChannel: RecordingChannel });
  const store = createDecisionStore({
    config,
    document: doc,
    window: win as unknown as Window & typeof globalThis,
    now: () => NOW,
    initial: { raw: undefined, stored: { status: 'none' } },
  });
  stores.push(store);
  const change = (changed: string[], deleted: string[] = []) =>
    cookieStore.dispatchEvent(
      Object.assign(new Event('change'), {
        changed: changed.map((name) => ({ name })),
        deleted: deleted.map((name) => ({ name })),
      }),
    );
  const answer = async () => {
    for (const resolve of answers.splice(0)) resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { store, win, doc, change, answer, reads: () => reads };
}

const cookieOf = (granted: string[]) => `samtykke=${encodeURIComponent(encodeDecision(decision(granted)))}`;

describe('the decision store reads the cookie only when it may have changed', () => {
  it('a change of another cookie (an analytics id) does not read document.cookie; a change of its own does', () => {
    const jar = { value: '' };
    const page = countedPage(jar);
    jar.value = '_ga=GA1.1.1.1';
    page.change(['_ga']);
    expect(page.reads()).toBe(0);
    jar.value = `_ga=GA1.1.1.1; ${cookieOf(['statistics'])}`;
    page.change(['samtykke']);
    expect(page.reads()).toBe(1);
    expect(page.store.get()?.granted).toContain('statistics');
    jar.value = '_ga=GA1.1.1.1';
    page.change([], ['samtykke']);
    expect(page.store.get()).toBeNull();
  });

  it('an ordinary load, focus and a tab coming back ask the Cookie Store, and take a decision made meanwhile', async () => {
    const jar = { value: '' };
    const page = countedPage(jar);
    // Another tab decided between the loader's read and this store's start: no message, no change event reached it.
    jar.value = cookieOf(['statistics']);
    page.win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    page.win.dispatchEvent(new Event('focus'));
    page.doc.dispatchEvent(new Event('visibilitychange'));
    expect(page.store.get()).toBeNull();
    await page.answer();
    expect(page.store.get()?.granted).toContain('statistics');
    expect(page.reads()).toBe(0);
  });

  it('a page restored from the back/forward cache reads the cookie at once', () => {
    const jar = { value: '' };
    const page = countedPage(jar);
    jar.value = cookieOf(['statistics']);
    page.win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(page.reads()).toBe(1);
    expect(page.store.get()?.granted).toContain('statistics');
  });

  it('drops a Cookie Store answer that a newer read overtook', async () => {
    const jar = { value: cookieOf(['statistics']) };
    const page = countedPage(jar);
    page.win.dispatchEvent(new Event('focus'));
    // Then the visitor refuses in another tab, and the change event brings it before the old answer arrives.
    jar.value = cookieOf([]);
    page.change(['samtykke']);
    expect(page.store.get()?.granted).toEqual(['necessary']);
    await page.answer();
    expect(page.store.get()?.granted).toEqual(['necessary']);
  });
});
