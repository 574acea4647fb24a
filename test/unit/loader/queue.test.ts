import { describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { createLedger } from '../../../src/ledger/index.js';
import { boot, type LazyParts, type SamtykkeInternal } from '../../../src/loader/index.js';
import { startOnPage } from '../../../src/runtime/index.js';
import { mountUi } from '../../../src/ui/index.js';
import { heldRuntime, loaderPages, type PageWindow } from './loader-page.js';

const CONFIG = {
  categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['meta-pixel'] } },
};
const GA = 'https://www.google-analytics.com/g/collect';
const FB = 'https://connect.facebook.net/en_US/fbevents.js';

const open = loaderPages(CONFIG);

/** A page whose decision cookie holds `granted` (a returning visitor), or none; cookie reads are counted. */
function page(granted?: string[], cookie?: string) {
  const win = open(granted);
  if (cookie !== undefined) win.document.cookie = `samtykke=${cookie}; path=/`;
  const reads = { count: 0 };
  let owner: object | null = win.document;
  while (owner && !Object.getOwnPropertyDescriptor(owner, 'cookie')) owner = Object.getPrototypeOf(owner);
  const descriptor = owner ? Object.getOwnPropertyDescriptor(owner, 'cookie') : undefined;
  Object.defineProperty(win.document, 'cookie', {
    configurable: true,
    get() {
      reads.count++;
      return descriptor?.get?.call(this);
    },
    set(value: string) {
      descriptor?.set?.call(this, value);
    },
  });
  return { win, reads };
}

/** The script-tag build's parts with the runtime's arrival in the test's hands; first-layer requests are counted. */
function lateRuntime(onBanner: () => void = () => {}) {
  const runtime = heldRuntime();
  const requests = { banner: 0 };
  const parts: LazyParts = {
    runtime: { load: () => runtime.arrival },
    banner: () => {
      requests.banner++;
      onBanner();
      return Promise.resolve(mountBanner);
    },
    ui: () => Promise.resolve(mountUi),
    ledger: () => Promise.resolve(createLedger),
  };
  return { parts, requests, arrive: runtime.arrive, fail: runtime.fail };
}

const addScript = (win: PageWindow, src: string) => {
  const script = win.document.createElement('script');
  script.src = src;
  win.document.head.append(script);
  return script;
};

describe('the critical loader before the runtime has arrived', () => {
  it('answers the getters from the cookie, holds what it does not allow, and queues Consent Mode in order', async () => {
    const { win, reads } = page(['statistics']);
    const runtime = lateRuntime();
    boot(win, runtime.parts);
    const samtykke = win.Samtykke;
    expect(samtykke?.getDecision()?.granted).toEqual(['necessary', 'statistics']);
    expect(samtykke?.isGranted('statistics')).toBe(true);
    expect(samtykke?.isGranted('marketing')).toBe(false);
    expect(samtykke?.isServiceAllowed('google-analytics')).toBe(true);
    expect(addScript(win, GA).getAttribute('src')).toBe(GA);
    expect(addScript(win, FB).getAttribute('src')).toBeNull();
    // Consent Mode: the defaults, then the stored decision's update, before anything else could run.
    const commands = (win.dataLayer ?? []).map((entry) =>
      Array.from(entry as ArrayLike<unknown>)
        .slice(0, 2)
        .join(' '),
    );
    expect(commands.filter((c) => c.startsWith('consent'))).toEqual(['consent default', 'consent update']);
    // The loader knows the built-in vendors by id and hosts only; the runtime brings their names and cookies.
    const analytics = () =>
      (samtykke as SamtykkeInternal | undefined)?.config.categories.find((c) => c.id === 'statistics')?.services[0];
    expect(analytics()?.name).toBe('google-analytics');
    expect(analytics()?.hosts).toContain('*.google-analytics.com');
    await runtime.arrive();
    expect(analytics()?.name).toBe('Google Analytics');
    expect(analytics()?.cookies.map((cookie) => cookie.name)).toContain('_ga');
    // The runtime took over the loader's reading: the cookie was read once for the whole start.
    expect(reads.count).toBe(1);
    expect(samtykke?.isGranted('statistics')).toBe(true);
  });

  it('queues calls and subscriptions, and hands them over in order once the runtime has arrived', async () => {
    const { win } = page();
    const runtime = lateRuntime();
    const fromDom: string[] = [];
    win.document.addEventListener('samtykke:blocked', (event) => fromDom.push((event as CustomEvent).detail.url));
    boot(win, runtime.parts);
    const samtykke = win.Samtykke;
    const changes: Array<readonly string[]> = [];
    const off = samtykke?.on('change', (event) => changes.push(event.decision.granted));
    const blocked: string[] = [];
    samtykke?.on('blocked', (event) => blocked.push(event.url));
    const script = addScript(win, FB);
    expect(samtykke?.accept(['marketing'])).toBeNull();
    const list = samtykke?.ledger.list();
    // Nothing was decided yet: the call waits for the runtime.
    expect(samtykke?.getDecision()).toBeNull();
    expect(script.getAttribute('src')).toBeNull();
    expect(changes).toEqual([]);
    await runtime.arrive();
    expect(changes).toEqual([['necessary', 'marketing']]);
    expect(samtykke?.isGranted('marketing')).toBe(true);
    expect(script.getAttribute('src')).toBe(FB);
    // What the blocker held while the runtime loaded reached the listeners of the start, API and DOM.
    expect(blocked).toEqual([FB]);
    expect(fromDom).toEqual([FB]);
    await expect(list).resolves.toEqual(expect.any(Array));
    // An early subscription's unsubscribe still works after the hand-over; the same window.Samtykke answers.
    off?.();
    samtykke?.rejectAll();
    expect(changes).toHaveLength(1);
    expect(win.Samtykke).toBe(samtykke);
  });

  it('a runtime that fails to load leaves the page safe: one clear error, nothing granted, calls do not throw', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { win } = page();
    const runtime = lateRuntime();
    boot(win, runtime.parts);
    const samtykke = win.Samtykke;
    const waiting = samtykke?.ledger.export().then(
      () => 'resolved',
      (reason: unknown) => String(reason),
    );
    await runtime.fail(new Error('samtykke: could not load samtykke-runtime.js'));
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('samtykke-runtime.js');
    expect(await waiting).toContain('could not load');
    expect(() => samtykke?.acceptAll()).not.toThrow();
    expect(samtykke?.isGranted('marketing')).toBe(false);
    expect(String(error.mock.calls.at(-1)?.[0])).toContain('acceptAll() does nothing');
    expect(addScript(win, FB).getAttribute('src')).toBeNull();
  });
});

describe('the first layer', () => {
  const srcSetter = (win: PageWindow) => Object.getOwnPropertyDescriptor(win.HTMLScriptElement.prototype, 'src')?.set;

  it('is requested by the loader for an undecided visitor before the blocker is set up, once for the whole start', async () => {
    const { win } = page();
    const original = srcSetter(win);
    let unpatchedAtRequest: boolean | undefined;
    const runtime = lateRuntime(() => {
      unpatchedAtRequest = srcSetter(win) === original;
    });
    boot(win, runtime.parts);
    expect(runtime.requests.banner).toBe(1);
    expect(unpatchedAtRequest).toBe(true);
    // Control: the blocker's set-up did patch the accessor afterwards.
    expect(srcSetter(win)).not.toBe(original);
    await runtime.arrive();
    // The runtime shows the banner with the file the loader asked for, and asks for no second one.
    await vi.waitFor(() => expect(win.document.querySelector('samtykke-ui')).not.toBeNull());
    expect(runtime.requests.banner).toBe(1);
  });

  it('is not requested for a returning visitor', async () => {
    const { win } = page(['statistics']);
    const runtime = lateRuntime();
    boot(win, runtime.parts);
    await runtime.arrive();
    expect(runtime.requests.banner).toBe(0);
  });
});

describe('the trusting reader fails closed', () => {
  it('a corrupt decision cookie is no decision: nothing granted, the banner is due', async () => {
    const { win } = page(undefined, encodeURIComponent('1|not-a-uuid|0|zz|zz|necessary~marketing||0'));
    const runtime = lateRuntime();
    boot(win, runtime.parts);
    expect(win.Samtykke?.getDecision()).toBeNull();
    expect(win.Samtykke?.isGranted('marketing')).toBe(false);
    expect(addScript(win, FB).getAttribute('src')).toBeNull();
  });

  for (const [name, config] of [
    ['a value of the wrong type', { ...CONFIG, gpc: 'no' }],
    ['a key it does not know', { ...CONFIG, blocking: { auto: true, rulez: [] } }],
  ] as const) {
    it(`${name}: the runtime is never requested, every host the config names stays held`, () => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { win } = page(['statistics', 'marketing']);
      (win as unknown as { samtykkeConfig: unknown }).samtykkeConfig = {
        ...config,
        categories: { marketing: { services: [{ id: 'chat', hosts: ['chat.widgets.test'] }] } },
      };
      const load = vi.fn(() => Promise.resolve(startOnPage));
      boot(win, { ...lateRuntime().parts, runtime: { load } });
      expect(load).not.toHaveBeenCalled();
      expect(error).toHaveBeenCalledTimes(1);
      // Even the stored consent grants nothing under a config the loader cannot read.
      expect(win.Samtykke?.isGranted('marketing')).toBe(false);
      expect(addScript(win, 'https://chat.widgets.test/w.js').getAttribute('src')).toBeNull();
      expect(addScript(win, FB).getAttribute('src')).toBeNull();
    });
  }
});
