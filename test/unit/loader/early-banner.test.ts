import { describe, expect, it, vi } from 'vitest';
import { adoptOrMount, mountEarly } from '../../../src/banner/early.js';
import { mountBanner } from '../../../src/banner/index.js';
import { createLedger, type LedgerDeps } from '../../../src/ledger/index.js';
import { boot, type LazyParts } from '../../../src/loader/index.js';
import type { SamtykkeEvents } from '../../../src/types.js';
import { mountUi } from '../../../src/ui/index.js';
import { heldRuntime, loaderPages, type PageWindow } from './loader-page.js';

/**
 * The first layer of a first visit in the script-tag build: it mounts itself as soon as its file has run, the
 * runtime is asked for once it has painted, and the runtime takes the mounted banner over with what the visitor
 * did meanwhile.
 */
const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['meta-pixel'] } },
};
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const open = loaderPages(CONFIG);
let databases = 0;

const page = (granted?: string[]) => ({ win: open(granted) });

/** A tracker page code adds after the loader: held until its category is granted. */
const tracker = (win: PageWindow) => {
  const script = win.document.createElement('script');
  script.src = FB;
  win.document.head.append(script);
  return script;
};

/**
 * The script-tag build's parts with the runtime's arrival in the test's hands. `log` says what happened in which
 * order: the runtime's request, the banner on screen. `early: false` is the build without a self-mounting banner.
 */
function parts(win: PageWindow, options: { early?: boolean; bannerFails?: boolean; bannerAt?: Promise<void> } = {}) {
  const log: string[] = [];
  const runtime = heldRuntime(10);
  const databaseName = `samtykke-early-${databases++}`;
  /** The banner file: run once it has arrived (at once, when the test says, or never: it failed). */
  const file = options.bannerFails
    ? Promise.reject(new Error('samtykke: could not load samtykke-banner.en.js'))
    : (options.bannerAt ?? Promise.resolve());
  file.catch(() => {});
  const lazy: LazyParts = {
    runtime: {
      load: () => {
        log.push(onScreen(win) ? 'runtime requested, banner on screen' : 'runtime requested');
        return runtime.arrival;
      },
    },
    // As the banner file registers them: its mountBanner takes over the banner it mounted early.
    banner: () => file.then(() => (options.early === false ? mountBanner : adoptOrMount)),
    ...(options.early === false ? {} : { early: () => file.then(() => mountEarly) }),
    ui: () => Promise.resolve(mountUi),
    ledger: () => Promise.resolve((deps: LedgerDeps) => createLedger({ ...deps, databaseName })),
  };
  return { lazy, log, arrive: runtime.arrive, fail: runtime.fail };
}

const root = (win: PageWindow) => win.document.querySelector('samtykke-ui')?.shadowRoot ?? null;
const onScreen = (win: PageWindow) => Boolean(root(win)?.querySelector('.banner'));
const button = (win: PageWindow, label: string) =>
  [...(root(win)?.querySelectorAll('button') ?? [])].find((b) => b.textContent === label) as HTMLButtonElement;
/** A click as the browser dispatches it for a real input (happy-dom lets the flag be set; Chromium tests click). */
const click = (target: Element, real = true) => {
  const event = new (target.ownerDocument.defaultView as PageWindow).MouseEvent('click', {
    bubbles: true,
    cancelable: true,
  });
  if (real) Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
};
const receipts = async (win: PageWindow, count: number) => {
  await vi.waitFor(async () => expect(await win.Samtykke?.ledger.list()).toHaveLength(count));
  return ((await win.Samtykke?.ledger.list()) ?? []).map((entry) => entry.receipt);
};

describe('a first visit: the banner before the runtime', () => {
  it('mounts as soon as its file has run, and the runtime is requested only once it is on screen', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    expect(run.log).toEqual([]);
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    await vi.waitFor(() => expect(run.log).toEqual(['runtime requested, banner on screen']));
    // The built-in vendors by name and provider, as the runtime names them.
    expect(root(win)?.textContent).toContain('Google Ireland Ltd. (Google Analytics)');
    expect(root(win)?.textContent).toContain('Meta Platforms Ireland Ltd. (Meta Pixel)');
    await run.arrive();
    // Taken over: one host, one banner.
    expect(win.document.querySelectorAll('samtykke-ui')).toHaveLength(1);
    expect(root(win)?.querySelectorAll('.banner')).toHaveLength(1);
  });

  it('a returning visitor gets the runtime at once, and no banner', async () => {
    const { win } = page(['marketing']);
    const run = parts(win);
    boot(win, run.lazy);
    const fb = tracker(win);
    expect(run.log).toEqual(['runtime requested']);
    await run.arrive();
    expect(fb.getAttribute('src')).toBe(FB);
    expect(win.document.querySelector('samtykke-ui')).toBeNull();
  });

  it('the runtime takes the banner over as it is: the same element, focus where it was', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    const banner = root(win)?.querySelector('.banner');
    button(win, 'Reject all').focus();
    await run.arrive();
    expect(root(win)?.querySelector('.banner')).toBe(banner);
    expect(root(win)?.activeElement).toBe(button(win, 'Reject all'));
  });

  it('the texts it showed are the ones the runtime would have shown: the same text hash in the receipt', async () => {
    const hashes: string[] = [];
    for (const early of [true, false]) {
      const { win } = page();
      const run = parts(win, { early });
      boot(win, run.lazy);
      if (!early) await vi.waitFor(() => expect(run.log).toHaveLength(1));
      await run.arrive();
      await vi.waitFor(() => expect(onScreen(win)).toBe(true));
      click(button(win, 'Reject all'));
      hashes.push((await receipts(win, 1))[0]?.notice.textHash ?? '');
    }
    expect(hashes[0]).toMatch(/^sha256-/);
    expect(hashes[0]).toBe(hashes[1]);
  });
});

describe('a choice made before the runtime arrived', () => {
  it('Accept all: nothing runs until the runtime is there, then once, recorded as the visitor’s click on layer 1', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    const fb = tracker(win);
    const changes: Array<SamtykkeEvents['change']> = [];
    win.Samtykke?.on('change', (change) => changes.push(change));
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    click(button(win, 'Accept all'));
    expect(onScreen(win)).toBe(false);
    expect(fb.getAttribute('src')).toBeNull();
    expect(win.Samtykke?.getDecision()).toBeNull();
    await run.arrive();
    expect(fb.getAttribute('src')).toBe(FB);
    expect(changes.map((change) => change.action)).toEqual(['accept-all']);
    const [receipt] = await receipts(win, 1);
    expect(receipt?.event).toMatchObject({ state: 'given', action: 'accept-all', layer: 1 });
    expect(receipt?.event.expressedBy).toBe('data-subject');
    // Not shown again by the runtime, and no second receipt comes later.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onScreen(win)).toBe(false);
    expect(await win.Samtykke?.ledger.list()).toHaveLength(1);
  });

  it('a click dispatched by page code is recorded as page code, not as the visitor', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    click(button(win, 'Accept all'), false);
    await run.arrive();
    expect((await receipts(win, 1))[0]?.event).toMatchObject({ action: 'api', layer: 0 });
  });

  it('Customise shows that it is busy, and the preferences open once the runtime and their file are there', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    const customise = button(win, 'Customise');
    click(customise);
    expect(customise.getAttribute('aria-busy')).toBe('true');
    expect(root(win)?.querySelector('[role=dialog]')).toBeNull();
    await run.arrive();
    await vi.waitFor(() => expect(root(win)?.querySelectorAll('[role=dialog]')).toHaveLength(1));
    // The banner waits under them, inert, and is itself again when they close.
    const wrap = customise.closest('.wrap') as HTMLElement;
    expect(wrap.inert).toBe(true);
    const dialog = root(win)?.querySelector('[role=dialog]') as HTMLElement;
    dialog.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await vi.waitFor(() => expect(wrap.inert).toBe(false));
    expect(customise.hasAttribute('aria-busy')).toBe(false);
    expect(win.Samtykke?.getDecision()).toBeNull();
  });

  it('a decision page code made meanwhile takes the banner away once the runtime has applied it', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    const fb = tracker(win);
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    win.Samtykke?.rejectAll();
    expect(onScreen(win)).toBe(true);
    await run.arrive();
    await vi.waitFor(() => expect(onScreen(win)).toBe(false));
    expect(fb.getAttribute('src')).toBeNull();
    expect((await receipts(win, 1))[0]?.event).toMatchObject({ action: 'api', state: 'refused' });
  });
});

describe('when a file does not come', () => {
  it('the runtime fails: the banner goes (no choice could be recorded), nothing is released, one error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    const fb = tracker(win);
    await vi.waitFor(() => expect(onScreen(win)).toBe(true));
    click(button(win, 'Accept all'));
    await vi.waitFor(() => expect(run.log).toHaveLength(1));
    await run.fail(new Error('samtykke: could not load samtykke-runtime.js'));
    expect(win.document.querySelector('samtykke-ui')).toBeNull();
    expect(fb.getAttribute('src')).toBeNull();
    expect(win.Samtykke?.getDecision()).toBeNull();
    expect(win.Samtykke?.isGranted('marketing')).toBe(false);
    expect(win.document.cookie).not.toContain('samtykke=');
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('samtykke-runtime.js');
  });

  it('the runtime fails before the visitor chose: the banner that cannot record a choice is taken away', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    await vi.waitFor(() => expect(run.log).toHaveLength(1));
    expect(onScreen(win)).toBe(true);
    await run.fail(new Error('samtykke: could not load samtykke-runtime.js'));
    expect(win.document.querySelector('samtykke-ui')).toBeNull();
  });

  it('page code that dispatches the loader’s error event cannot take the banner away; only the loader can', async () => {
    const { win } = page();
    const run = parts(win);
    boot(win, run.lazy);
    await vi.waitFor(() => expect(run.log).toHaveLength(1));
    const forged = { error: new Error('forged'), context: 'loading the runtime' };
    win.document.dispatchEvent(new win.CustomEvent('samtykke:error', { detail: forged }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(onScreen(win)).toBe(true);
    // The runtime comes after all: it takes the banner over, and a choice in it is recorded.
    await run.arrive();
    click(button(win, 'Reject all'));
    expect((await receipts(win, 1))[0]?.event).toMatchObject({ action: 'reject-all', layer: 1 });
  });

  it('the first layer takes long: the runtime is requested anyway, and mounts the banner when it comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { win } = page();
      let arrive = () => {};
      const run = parts(win, { bannerAt: new Promise<void>((resolve) => (arrive = resolve)) });
      boot(win, run.lazy);
      await vi.advanceTimersByTimeAsync(1000);
      expect(run.log).toEqual([]);
      await vi.advanceTimersByTimeAsync(600);
      expect(run.log).toEqual(['runtime requested']);
      vi.useRealTimers();
      await run.arrive();
      arrive();
      await vi.waitFor(() => expect(onScreen(win)).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(win.document.querySelectorAll('samtykke-ui')).toHaveLength(1);
      expect(root(win)?.querySelectorAll('.banner')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the first layer fails: the runtime is still requested at once', async () => {
    const { win } = page();
    const run = parts(win, { bannerFails: true });
    boot(win, run.lazy);
    await vi.waitFor(() => expect(run.log).toEqual(['runtime requested']));
  });
});
