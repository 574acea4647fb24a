import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { createLedger, type LedgerDeps } from '../../../src/ledger/index.js';
import { createConsentInstance, type Runtime, type SamtykkeInternal } from '../../../src/runtime/create-consent.js';
import type { SamtykkeConfig, SamtykkeEvents, StoredReceipt } from '../../../src/types.js';
import { mountUi } from '../../../src/ui/index.js';
import { pageWindow } from './page-window.js';

const CONFIG: SamtykkeConfig = {
  controller: { name: 'Fjordkaffe AS' },
  categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['youtube', 'meta-pixel'] } },
  consentMode: { enabled: true },
};

let databases = 0;
const instances: SamtykkeInternal[] = [];
afterEach(() => {
  for (const instance of instances.splice(0)) instance.destroy();
  vi.restoreAllMocks();
  // Decisions written ahead wait in localStorage for a later page: not a later test.
  localStorage.clear();
});

/** A real instance with the real UI and the real ledger (in fake-indexeddb, one database per instance). */
function start(config: SamtykkeConfig = CONFIG, runtime: Runtime = {}) {
  const { win, reload } = pageWindow();
  const databaseName = `samtykke-test-${databases++}`;
  const instance = createConsentInstance(config, {
    document,
    window: win,
    loadBanner: () => Promise.resolve(mountBanner),
    loadUi: () => Promise.resolve(mountUi),
    loadLedger: () => Promise.resolve((deps: LedgerDeps) => createLedger({ ...deps, databaseName })),
    ...runtime,
  });
  instances.push(instance);
  const changes: Array<SamtykkeEvents['change']> = [];
  instance.on('change', (change) => changes.push(change));
  const receipts = async (count: number): Promise<StoredReceipt[]> => {
    await vi.waitFor(async () => expect(await instance.ledger.list()).toHaveLength(count));
    return instance.ledger.list();
  };
  return { instance, reload, changes, receipts, win };
}

/** What the instance told Google last. */
const lastConsent = () => {
  const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer;
  const commands = layer.filter((entry) => (entry as ArrayLike<unknown>)[0] === 'consent');
  return (commands.at(-1) as ArrayLike<unknown>)[2] as Record<string, string>;
};

// biome-ignore lint/suspicious/noDocumentCookie: the site's earlier Google Analytics set this cookie.
const setCookie = (cookie: string) => (document.cookie = `${cookie}; path=/`);
const cookieNames = () => document.cookie.split(';').map((pair) => pair.split('=')[0]?.trim());
/** A click the browser would dispatch for a real input (happy-dom lets the flag be set; Chromium tests click). */
const trusted = (event: Event) => Object.defineProperty(event, 'isTrusted', { value: true });
const shadow = () => document.querySelector('samtykke-ui')?.shadowRoot;
const uiButton = async (text: string) => {
  await vi.waitFor(() =>
    expect([...(shadow()?.querySelectorAll('button') ?? [])].some((b) => b.textContent === text)).toBe(true),
  );
  return [...(shadow()?.querySelectorAll('button') ?? [])].find((b) => b.textContent === text) as HTMLButtonElement;
};
const click = (target: Element, real: boolean) => {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  target.dispatchEvent(real ? trusted(event) : event);
};

describe('refusal cleans whatever the history', () => {
  it('a first "Reject all" deletes the _ga cookies an earlier Google Analytics set, without a reload', async () => {
    setCookie('_ga=GA1.1.1.2');
    setCookie('_ga_TEST=GS1');
    setCookie('unrelated=1');
    const { instance, reload, receipts } = start();
    instance.rejectAll();
    expect(cookieNames()).not.toContain('_ga');
    expect(cookieNames()).not.toContain('_ga_TEST');
    expect(cookieNames()).toContain('unrelated');
    expect((await receipts(1))[0]?.receipt.event.state).toBe('refused');
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('erasure is a withdrawal first', () => {
  it('denies Consent Mode, cleans up, forgets the decision and reloads', async () => {
    const { instance, reload, receipts } = start();
    instance.acceptAll();
    await receipts(1);
    expect(lastConsent().analytics_storage).toBe('granted');
    setCookie('_ga=GA1.1.1.2');
    await instance.ledger.erase();
    expect(lastConsent().analytics_storage).toBe('denied');
    expect(cookieNames()).not.toContain('_ga');
    expect(cookieNames()).not.toContain('samtykke');
    expect(instance.getDecision()).toBeNull();
    expect(instance.isGranted('statistics')).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
    // Erased means erased: no receipt of the withdrawal is left behind.
    expect(await instance.ledger.list()).toEqual([]);
  });

  it('without reloadOnWithdraw, the declaration shows no decision and the banner asks again', async () => {
    const target = document.body.appendChild(document.createElement('div'));
    target.setAttribute('data-samtykke-declaration', '');
    const { instance, reload } = start({ ...CONFIG, blocking: { reloadOnWithdraw: false } });
    instance.acceptAll();
    await vi.waitFor(() => expect(target.textContent).toContain(instance.getDecision()?.consentId ?? '-'));
    const id = instance.getDecision()?.consentId ?? '';
    await instance.ledger.erase();
    await vi.waitFor(() => expect(target.textContent).not.toContain(id));
    await uiButton('Accept all');
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('embed placeholders allow that service only', () => {
  const vimeoPage = () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-category', 'marketing');
    frame.setAttribute('data-src', 'https://player.vimeo.com/video/1');
    document.body.append(frame);
  };

  it('"Load" on an undeclared built-in vendor allows Vimeo alone, names its provider and records an embed', async () => {
    vimeoPage();
    const { instance, receipts } = start();
    const placeholder = document.querySelector('[data-samtykke-embed="vimeo"]');
    const text = placeholder?.shadowRoot?.querySelector('p')?.textContent ?? '';
    expect(text).toContain('Vimeo.com');
    click(placeholder?.shadowRoot?.querySelector('button') as Element, true);
    expect(instance.getDecision()?.services).toEqual(['vimeo']);
    expect(instance.isGranted('marketing')).toBe(false);
    expect(instance.isServiceAllowed('meta-pixel')).toBe(false);
    expect(document.querySelector('iframe')?.getAttribute('src')).toBe('https://player.vimeo.com/video/1');
    const event = (await receipts(1))[0]?.receipt.event;
    expect([event?.action, event?.layer]).toEqual(['embed', 0]);
  });

  it('a scripted click on the placeholder is page code: recorded as api', async () => {
    vimeoPage();
    const { receipts } = start();
    const placeholder = document.querySelector('[data-samtykke-embed="vimeo"]');
    click(placeholder?.shadowRoot?.querySelector('button') as Element, false);
    expect((await receipts(1))[0]?.receipt.event.action).toBe('api');
  });
});

describe('Save in the preferences keeps services allowed on their own', () => {
  it('keeps YouTube and does not reload', async () => {
    const { instance, reload, receipts } = start();
    instance.allowService('youtube');
    instance.showPreferences();
    const youtube = await vi.waitFor(() => {
      const input = shadow()?.getElementById('samtykke-svc-marketing-youtube') as HTMLInputElement | null;
      if (!input) throw new Error('no switch yet');
      return input;
    });
    expect(youtube.checked).toBe(true);
    click(await uiButton('Save choices'), true);
    expect(instance.getDecision()?.services).toEqual(['youtube']);
    const states = (await receipts(2)).map((entry) => entry.receipt.event.state);
    expect(states).toEqual(['given', 'updated']);
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('who decided', () => {
  it('page code calling acceptAll is recorded as api, layer 0; a real click in the banner as accept-all, layer 1', async () => {
    const page = start();
    page.instance.acceptAll({ layer: 1 });
    expect((await page.receipts(1))[0]?.receipt.event).toMatchObject({ action: 'api', layer: 0 });
    page.instance.destroy();
    setCookie('samtykke=; max-age=0');

    const visitor = start();
    click(await uiButton('Accept all'), true);
    expect((await visitor.receipts(1))[0]?.receipt.event).toMatchObject({ action: 'accept-all', layer: 1 });
  });

  it('a scripted click on the banner button is not the visitor either', async () => {
    const { receipts } = start();
    click(await uiButton('Reject all'), false);
    expect((await receipts(1))[0]?.receipt.event).toMatchObject({ action: 'api', layer: 0 });
  });

  it('revoking what was granted is recorded as withdrawn, with what was withdrawn', async () => {
    const { instance, changes, receipts } = start();
    instance.acceptAll();
    instance.accept(['statistics']);
    expect(changes.at(-1)?.withdrawn).toEqual({ categories: ['marketing'], services: [] });
    const [given, withdrawn] = await receipts(2);
    expect([given?.receipt.event.state, withdrawn?.receipt.event.state]).toEqual(['given', 'withdrawn']);
    // The receipt itself names what the visitor took back; the one that granted names nothing.
    expect(withdrawn?.receipt.event.withdrawn).toEqual({ categories: ['marketing'], services: [] });
    expect(given?.receipt.event).not.toHaveProperty('withdrawn');
  });

  it('withdrawService takes one service out of a granted category and reloads', async () => {
    const { instance, changes, reload, receipts } = start();
    instance.acceptAll();
    instance.withdrawService('meta-pixel');
    expect(instance.isServiceAllowed('meta-pixel')).toBe(false);
    expect(instance.isServiceAllowed('youtube')).toBe(true);
    expect(changes.at(-1)?.withdrawn).toEqual({ categories: [], services: ['meta-pixel'] });
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    const last = (await receipts(2)).at(-1)?.receipt.event;
    expect(last).toMatchObject({ state: 'withdrawn', withdrawn: { categories: [], services: ['meta-pixel'] } });
  });
});

describe('only declared services run', () => {
  it('Microsoft Clarity, undeclared, stays held after Accept all and is reported once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { instance } = start();
    const blocked: Array<SamtykkeEvents['blocked']> = [];
    instance.on('blocked', (event) => blocked.push(event));
    instance.acceptAll();
    for (let i = 0; i < 2; i++) {
      const script = document.createElement('script');
      script.src = 'https://www.clarity.ms/tag/abc';
      document.head.append(script);
      expect(script.getAttribute('src')).toBeNull();
    }
    expect(blocked.map((b) => [b.service, b.reason])).toEqual([
      ['microsoft-clarity', 'undeclared'],
      ['microsoft-clarity', 'undeclared'],
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/Microsoft Clarity.*config\.categories\.statistics\.services/);
    // Its declared neighbour runs.
    const ga = document.createElement('script');
    ga.src = 'https://www.googletagmanager.com/gtag/js?id=G-1';
    document.head.append(ga);
    expect(ga.getAttribute('src')).toContain('googletagmanager');
  });
});

describe('races', () => {
  it('a banner queued while its file loads is not shown when the visitor decided meanwhile', async () => {
    const banner = () => shadow()?.querySelector('[role=region]') ?? null;
    const slowUi = () => {
      let arrive: (mount: typeof mountBanner) => void = () => {};
      const loadBanner = () => new Promise<typeof mountBanner>((resolve) => (arrive = resolve));
      const file = {
        mounted: 0,
        loadBanner,
        arrive: () =>
          arrive((host) => {
            file.mounted++;
            return mountBanner(host);
          }),
      };
      return file;
    };
    // Control: undecided, the queued banner appears once the file arrives.
    const control = slowUi();
    const undecided = start(CONFIG, { loadBanner: control.loadBanner });
    control.arrive();
    await vi.waitFor(() => expect(banner()).not.toBeNull());
    undecided.instance.destroy();
    document.querySelector('samtykke-ui')?.remove();

    const ui = slowUi();
    const { instance } = start(CONFIG, { loadBanner: ui.loadBanner });
    instance.rejectAll();
    ui.arrive();
    // The first layer did arrive and mount: only the stale banner stays away.
    await vi.waitFor(() => expect(ui.mounted).toBe(1));
    expect(banner()).toBeNull();
    instance.showPreferences();
    await vi.waitFor(() => expect(shadow()?.querySelector('[role=dialog]')).toBeTruthy());
    expect(banner()).toBeNull();
  });

  it("the expiry receipt is stored before the new decision's", async () => {
    const first = start(CONFIG, { now: () => Date.UTC(2026, 0, 1) });
    first.instance.acceptAll();
    await first.receipts(1);
    first.instance.destroy();
    // A year later the decision has expired; the visitor decides at once.
    const later = start(CONFIG, { now: () => Date.UTC(2027, 0, 1) });
    later.instance.rejectAll();
    const states = (await later.receipts(2)).map((entry) => entry.receipt.event.state);
    expect(states).toEqual(['expired', 'refused']);
  });
});

describe('one decision across tabs', () => {
  it('a withdrawal in another tab runs the withdrawal path here: nothing granted, Consent Mode denied, reload', async () => {
    const here = start();
    here.instance.acceptAll();
    const there = start(CONFIG, { autoShow: false });
    expect(there.instance.isGranted('statistics')).toBe(true);
    there.instance.withdraw();
    await vi.waitFor(() => expect(here.instance.isGranted('statistics')).toBe(false));
    expect(lastConsent().analytics_storage).toBe('denied');
    await vi.waitFor(() => expect(here.reload).toHaveBeenCalledTimes(1));
    expect(here.changes.at(-1)).toMatchObject({
      action: 'sync',
      withdrawn: { categories: ['statistics', 'marketing'] },
    });
  });

  it('a page restored from the back/forward cache reads the cookie again', () => {
    const { instance, win } = start();
    instance.acceptAll();
    // A tab the channel did not reach (or a server response) wrote a refusal meanwhile.
    const value =
      document.cookie
        .split('; ')
        .find((pair) => pair.startsWith('samtykke='))
        ?.slice(9) ?? '';
    const refused = decodeURIComponent(value).replace(/\|necessary~statistics~marketing\|/, '|necessary|');
    setCookie(`samtykke=${encodeURIComponent(refused)}`);
    expect(instance.isGranted('statistics')).toBe(true);
    win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(instance.isGranted('statistics')).toBe(false);
  });
});

describe('the cookie declaration', () => {
  const declaration = () => {
    const target = document.body.appendChild(document.createElement('div'));
    target.setAttribute('data-samtykke-declaration', '');
    return target;
  };
  const withdrawButton = async (target: Element, service: string) =>
    vi.waitFor(() => {
      const button = target.querySelector<HTMLButtonElement>(`tr[data-service="${service}"] button`);
      if (!button) throw new Error(`no withdraw button for ${service} yet`);
      return button;
    });

  it("withdraws one service: its cookies go, the rest stays allowed, recorded as the visitor's withdrawal", async () => {
    const target = declaration();
    const { instance, reload, receipts } = start();
    instance.acceptAll();
    setCookie('_ga=GA1.1.1.2');
    setCookie('_fbp=fb.1.2');
    click(await withdrawButton(target, 'google-analytics'), true);
    expect(instance.isServiceAllowed('google-analytics')).toBe(false);
    expect(instance.isServiceAllowed('meta-pixel')).toBe(true);
    expect(instance.isGranted('marketing')).toBe(true);
    expect(cookieNames()).not.toContain('_ga');
    expect(cookieNames()).toContain('_fbp');
    expect(lastConsent().analytics_storage).toBe('denied');
    expect(target.querySelector('tr[data-service="google-analytics"] .samtykke-standing')?.textContent).toBe('Refused');
    const event = (await receipts(2))[1]?.receipt.event;
    expect(event).toMatchObject({ state: 'withdrawn', action: 'withdraw', layer: 2 });
    // Code that already ran cannot be unloaded.
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    setCookie('_fbp=; max-age=0');
  });

  it('a scripted click on the withdraw button is page code: recorded as api', async () => {
    const target = declaration();
    const { instance, receipts } = start();
    instance.acceptAll();
    click(await withdrawButton(target, 'meta-pixel'), false);
    expect((await receipts(2))[1]?.receipt.event).toMatchObject({ action: 'api', layer: 0 });
  });

  it('an erasure in another tab leaves no consent id or choice in this tab', async () => {
    const target = declaration();
    const { instance } = start({ ...CONFIG, blocking: { reloadOnWithdraw: false } });
    instance.rejectAll();
    const id = instance.getDecision()?.consentId ?? '-';
    await vi.waitFor(() => expect(target.textContent).toContain(id));
    // The other tab deleted the cookie; this one notices when it is looked at again.
    setCookie('samtykke=; max-age=0');
    // Asked of the Cookie Store, which answers without blocking the page.
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(instance.getDecision()).toBeNull());
    await vi.waitFor(() => expect(target.textContent).not.toContain(id));
    expect(target.querySelector('.samtykke-choice')?.textContent).toBe('You have not made a choice yet.');
  });
});
