import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import type { Phase, RawCookie, RawRequest, RawStorage, RawVisit } from './types.js';

/** Options of one page visit. */
export interface VisitOptions {
  /** Quiet time without a new request after which a page counts as settled. @default 1000 */
  settleMs?: number;
  /** Longest wait for a page to settle. @default 10000 */
  maxWaitMs?: number;
  ignoreHttpsErrors?: boolean;
  /** Accept all through the page's samtykke banner and record again. @default true */
  acceptAll?: boolean;
}

/**
 * Runs before any page script, in every frame: wraps the `document.cookie` setter to note which script set
 * which cookie (the first URL on the call stack; the page's own URL means an inline script).
 */
const COOKIE_WRITERS = `(() => {
  const log = [];
  Object.defineProperty(window, '__samtykkeScanCookieWriters', { value: log });
  const own = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (!own || !own.set || !own.get) return;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    enumerable: own.enumerable,
    get() { return own.get.call(this); },
    set(value) {
      try {
        const name = String(value).split('=')[0].trim();
        const urls = (new Error().stack || '').match(/(https?|file):\\/\\/[^\\s)]+/g) || [];
        const script = urls.length ? urls[0].replace(/:\\d+:\\d+$/, '') : '';
        log.push({ name, script: script === location.href ? 'inline script on ' + location.href : script || 'unknown script' });
      } catch (error) {}
      own.set.call(this, value);
    },
  });
})();`;

/**
 * Stops delivery to the URL in `window.__samtykkeScanHold` (set once the page's ledger endpoint is known). In the
 * page, because a beacon sent while the page unloads leaves through the browser, past DevTools' URL blocking.
 */
const HOLD_RECEIPTS = `(() => {
  const held = (url) => {
    try { return window.__samtykkeScanHold && new URL(String(url instanceof Request ? url.url : url), location.href).href === window.__samtykkeScanHold; }
    catch (error) { return false; }
  };
  const beacon = navigator.sendBeacon && navigator.sendBeacon.bind(navigator);
  if (beacon) navigator.sendBeacon = function (url, data) { return held(url) ? true : beacon(url, data); };
  const send = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return held(input) ? Promise.reject(new TypeError('not delivered by samtykke-scan')) : send(input, init);
  };
})();`;

// What the samtykke UI renders: an open shadow root on <samtykke-ui> with the choice buttons, Accept all first.
const ACCEPT_ALL = 'samtykke-ui .actions button >> nth=0';

/** Visits one page in a fresh context: before consent, then (when it runs samtykke) after Accept all. */
export async function visitPage(browser: Browser, url: string, options: VisitOptions = {}): Promise<RawVisit> {
  const context = await browser.newContext({ ignoreHTTPSErrors: options.ignoreHttpsErrors ?? false });
  try {
    await context.addInitScript(COOKIE_WRITERS);
    await context.addInitScript(HOLD_RECEIPTS);
    return await record(context, url, options);
  } finally {
    await context.close().catch(() => {});
  }
}

async function record(context: BrowserContext, url: string, options: VisitOptions): Promise<RawVisit> {
  const settleMs = options.settleMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const page = await context.newPage();
  let phase: Phase = 'before';
  let lastActivity = Date.now();
  const requests: Array<Omit<RawRequest, 'initiator'>> = [];
  const responseSetters: Array<{ name: string; by: string; phase: Phase }> = [];
  const initiators = new Map<string, string>();
  const notes: string[] = [];

  // The DevTools protocol knows who started a request (the parser, a script and its URL); Playwright does not.
  const cdp = await context.newCDPSession(page).catch(() => undefined);
  if (cdp) {
    cdp.on('Network.requestWillBeSent', (event) => {
      const initiator = event.initiator;
      const from = initiator.url ?? initiator.stack?.callFrames.find((frame) => frame.url)?.url;
      if (!initiators.has(event.request.url)) initiators.set(event.request.url, from ?? initiator.type);
    });
    await cdp.send('Network.enable').catch(() => {});
  }
  page.on('request', (request) => {
    lastActivity = Date.now();
    let frame = '';
    try {
      frame = request.frame().url();
    } catch {
      // A service worker's request has no frame.
    }
    requests.push({ url: request.url(), type: request.resourceType(), frame, phase });
  });
  page.on('response', (response) => {
    lastActivity = Date.now();
    const at = phase;
    void response
      .headersArray()
      .then((headers) => {
        for (const header of headers) {
          if (header.name.toLowerCase() !== 'set-cookie') continue;
          for (const line of header.value.split('\n')) {
            const name = line.split('=')[0]?.trim();
            if (name) responseSetters.push({ name, by: `response ${response.url()}`, phase: at });
          }
        }
      })
      .catch(() => {});
  });

  const settle = async () => {
    const started = Date.now();
    lastActivity = Date.now();
    while (Date.now() - lastActivity < settleMs && Date.now() - started < maxWaitMs) {
      await page.waitForTimeout(100);
    }
  };

  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await settle();
  const status = response?.status() ?? 0;
  const finalUrl = page.url();
  const config = await page
    .evaluate(() => {
      const win = window as unknown as { samtykkeConfig?: unknown; Samtykke?: unknown };
      const element = document.getElementById('samtykke-config');
      const inline = element ? JSON.parse(element.textContent ?? 'null') : undefined;
      return { config: win.samtykkeConfig ?? inline, running: win.Samtykke !== undefined };
    })
    .catch((error: unknown) => {
      notes.push(`could not read the samtykke config: ${(error as Error).message}`);
      return { config: undefined, running: false };
    });
  const links = await page
    .$$eval('a[href]', (anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))
    .catch(() => [] as string[]);
  const before = await snapshot(page, context);
  const writers = await cookieWriters(page, 'before');

  let after: Snapshot | undefined;
  let accepted = false;
  if (config.running && options.acceptAll !== false) {
    const button = page.locator(ACCEPT_ALL);
    try {
      // A scan's Accept all is nobody's decision: keep its receipt out of the site's ledger and statistics.
      const endpoint = ledgerEndpoint(config.config, finalUrl);
      if (endpoint) {
        const hold = `window.__samtykkeScanHold = ${JSON.stringify(endpoint)};`;
        await context.addInitScript(hold);
        await page.evaluate(hold);
        notes.push(`receipts to ${endpoint} were not delivered: a scan is not a visitor`);
      }
      await button.waitFor({ state: 'visible', timeout: 5000 });
      phase = 'after';
      await button.click();
      accepted = true;
      await settle();
      writers.push(...(await cookieWriters(page, 'after')));
      // Trackers that load only when consent is already stored at page load come on the next page view.
      await page.reload({ waitUntil: 'load', timeout: 30_000 });
      await settle();
      after = await snapshot(page, context);
      writers.push(...(await cookieWriters(page, 'after')));
    } catch (error) {
      notes.push(`could not accept all through the samtykke banner: ${(error as Error).message.split('\n')[0]}`);
    }
  } else if (!config.running) {
    notes.push('samtykke is not running on this page: recorded once, without a consent step');
  }
  await cdp?.detach().catch(() => {});

  const setBy = (name: string, at: Phase) => [
    ...new Set([
      ...responseSetters.filter((entry) => entry.name === name && entry.phase === at).map((entry) => entry.by),
      ...writers.filter((entry) => entry.name === name && entry.phase === at).map((entry) => `script ${entry.script}`),
    ]),
  ];
  const cookies: RawCookie[] = before.cookies.map((cookie) =>
    toRawCookie(cookie, 'before', setBy(cookie.name, 'before')),
  );
  if (after) {
    const seen = new Set(before.cookies.map(cookieKey));
    for (const cookie of after.cookies)
      if (!seen.has(cookieKey(cookie))) cookies.push(toRawCookie(cookie, 'after', setBy(cookie.name, 'after')));
  }
  const storage: RawStorage[] = before.storage.map((entry) => ({ ...entry, phase: 'before' as Phase }));
  if (after) {
    const seen = new Set(before.storage.map((entry) => `${entry.area} ${entry.key}`));
    for (const entry of after.storage)
      if (!seen.has(`${entry.area} ${entry.key}`)) storage.push({ ...entry, phase: 'after' });
  }
  return {
    url,
    finalUrl,
    status,
    config: config.config,
    samtykke: config.running,
    accepted,
    links,
    cookies,
    storage,
    requests: requests.map((request) => ({ ...request, initiator: initiators.get(request.url) ?? '' })),
    notes,
  };
}

function ledgerEndpoint(config: unknown, pageUrl: string): string | undefined {
  const endpoint = (config as { ledger?: { endpoint?: unknown } } | undefined)?.ledger?.endpoint;
  if (typeof endpoint !== 'string') return undefined;
  try {
    return new URL(endpoint, pageUrl).href;
  } catch {
    return undefined;
  }
}

interface Snapshot {
  cookies: Cookie[];
  storage: Array<{ area: RawStorage['area']; key: string; origin: string }>;
}

const cookieKey = (cookie: Cookie) => `${cookie.name} ${cookie.domain} ${cookie.path}`;

function toRawCookie(cookie: Cookie, phase: Phase, setBy: string[]): RawCookie {
  return {
    name: cookie.name,
    domain: cookie.domain,
    path: cookie.path,
    expires: cookie.expires > 0 ? new Date(cookie.expires * 1000).toISOString() : 'session',
    phase,
    setBy,
  };
}

/** Which script wrote which cookie so far, from every frame that lets us look (cross-site frames may not). */
async function cookieWriters(page: Page, phase: Phase): Promise<Array<{ name: string; script: string; phase: Phase }>> {
  const found: Array<{ name: string; script: string; phase: Phase }> = [];
  for (const frame of page.frames()) {
    const entries = await frame
      .evaluate(() => {
        const log = (window as unknown as { __samtykkeScanCookieWriters?: Array<{ name: string; script: string }> })
          .__samtykkeScanCookieWriters;
        return log ? log.splice(0) : [];
      })
      .catch(() => []);
    // Read and emptied each time, so an entry belongs to the phase it is read in.
    found.push(...entries.map((entry) => ({ ...entry, phase })));
  }
  return found;
}

/** Cookies of the whole context, and storage keys of every frame's origin. */
async function snapshot(page: Page, context: BrowserContext): Promise<Snapshot> {
  const cookies = await context.cookies();
  const storage: Snapshot['storage'] = [];
  const seen = new Set<string>();
  for (const frame of page.frames()) {
    const found = await frame
      .evaluate(async () => {
        const keys = (area: Storage) => Array.from({ length: area.length }, (_, index) => area.key(index) ?? '');
        const databases = indexedDB.databases ? await indexedDB.databases() : [];
        const stores: string[] = [];
        for (const database of databases) {
          if (!database.name) continue;
          const names = await new Promise<string[]>((resolve) => {
            const request = indexedDB.open(database.name as string);
            request.onsuccess = () => {
              const db = request.result;
              const list = Array.from(db.objectStoreNames);
              db.close();
              resolve(list);
            };
            request.onerror = () => resolve([]);
          });
          stores.push(...(names.length ? names.map((store) => `${database.name}/${store}`) : [database.name]));
        }
        return {
          origin: location.origin,
          local: keys(localStorage),
          session: keys(sessionStorage),
          indexedDB: stores,
        };
      })
      .catch(() => undefined);
    if (!found || seen.has(found.origin)) continue;
    seen.add(found.origin);
    for (const key of found.local) storage.push({ area: 'localStorage', key, origin: found.origin });
    for (const key of found.session) storage.push({ area: 'sessionStorage', key, origin: found.origin });
    for (const key of found.indexedDB) storage.push({ area: 'indexedDB', key, origin: found.origin });
  }
  return { cookies, storage };
}
