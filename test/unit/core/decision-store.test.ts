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
