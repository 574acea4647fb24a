import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Library } from './libraries.js';
import { initScript, type PageRecord } from './page.js';

/** Everything one run of one library yields: a first visit, Accept all, then a returning visit. */
export interface Sample {
  library: string;
  throttle: number;
  /** Navigation start → the page's first contentful paint (a render-blocking script delays it). */
  fcpMs: number;
  /** Navigation start → the frame that painted the banner. */
  bannerMs: number;
  /** Sum of (long task − 50 ms) from navigation start until the banner has been painted for 1 s. */
  tbtMs: number;
  /** Layout shifts without recent input over the same window. */
  cls: number;
  /** Main-thread script time (CDP ScriptDuration, wall clock) over the same window. */
  firstScriptMs: number;
  /** Main-thread CPU time (CDP ThreadTime) over the same window: parsing, script, style, layout, paint. */
  firstCpuMs: number;
  /** Bytes the library's files took on the wire on the first visit (Resource Timing transferSize). */
  firstTransfer: number;
  /** Returning visit: navigation start → the gated script runs. */
  returnGatedMs: number;
  /** Returning visit: main-thread script time until the gated script ran + 500 ms. */
  returnScriptMs: number;
  /** Returning visit: main-thread CPU time over the same window. */
  returnCpuMs: number;
  /** Returning visit: library bytes over the network (0 when the HTTP cache serves everything). */
  returnTransfer: number;
  /** Returning visit: library bytes the browser had to load (from cache or network), decoded. */
  returnDecoded: number;
  /** Returning visit with the code cache: the same, in a persistent profile that loaded the page twice before. */
  warmGatedMs: number;
  warmScriptMs: number;
  warmCpuMs: number;
  /**
   * Returning visit in a Chromium with no DevTools attached (`trace-startup.ts`), 1× CPU only: script time from
   * Chromium's own trace, cold (fresh profile) and warm (code cache).
   */
  bareColdMs?: number;
  bareWarmMs?: number;
  /** The same visits' main-thread CPU time in those script events (less disturbed by a busy machine). */
  bareColdCpuMs?: number;
  bareWarmCpuMs?: number;
  /** The first visit's HTML as transferred (brotli body; each library's inline config included). */
  pageBytes: number;
  /** Library files (server paths) that had arrived when the banner was painted. */
  bannerFiles: string[];
  /** Their bodies as transferred (brotli), by path. */
  bannerBodies: Record<string, number>;
  /** Library files loaded over the whole first visit, the choice included. */
  firstVisitFiles: string[];
  /** Library files a returning visitor's page loaded (from cache or network). */
  returnFiles: string[];
}

interface Resource {
  path: string;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

type Notice = 'painted' | 'gated';

/** Every page view, in every library and profile. */
export const VIEWPORT = { width: 1280, height: 720 };

/** A page with CDP metrics, CPU throttling and a channel for the page to tell us what happened. */
async function openPage(context: BrowserContext, library: Library, throttle: number, watch: boolean) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  // Kept for the error message: a banner that never shows is usually explained by what the page logged.
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') logged.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => logged.push(`uncaught: ${error.message}`));
  const seen = new Map<Notice, () => void>();
  const arrived = new Set<Notice>();
  await page.exposeFunction('__benchNotify', (what: Notice) => {
    arrived.add(what);
    seen.get(what)?.();
  });
  await page.addInitScript({ content: initScript(library, watch) });
  const notice = (what: Notice, timeoutMs: number, problem: string) =>
    new Promise<void>((resolve, reject) => {
      if (arrived.has(what)) return resolve();
      const timer = setTimeout(() => {
        const log = logged.length ? `; the page logged:\n  ${logged.join('\n  ')}` : '; the page logged no errors';
        reject(new Error(`${library.id}: ${problem} within ${timeoutMs} ms${log}`));
      }, timeoutMs);
      seen.set(what, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  return { page, cdp, notice, arrived };
}

/** Main-thread counters in ms: script time (wall clock) and the thread's CPU time. */
const counters = async (cdp: CDPSession) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { script: value('ScriptDuration'), cpu: value('ThreadTime') };
};

/** What the counters grew by; a document-scoped counter restarts at navigation, then the new value is the growth. */
const growth = (before: number, after: number) => (after >= before ? after - before : after);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const record = (page: Page) =>
  page.evaluate(() => {
    const bench = (window as unknown as { __bench: PageRecord & { visible: () => boolean } }).__bench;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const resources = performance
      .getEntriesByType('resource')
      .map((e) => e as PerformanceResourceTiming)
      .map((e) => ({
        path: new URL(e.name).pathname,
        responseEnd: e.responseEnd,
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize,
      }))
      .filter((e) => e.path.startsWith('/lib/'));
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const pageBytes = navigation?.encodedBodySize ?? Number.NaN;
    return { ...bench, fcp, pageBytes, visibleNow: bench.visible(), resources: resources as Resource[] };
  });

/** Where the probe's candidates are, to tell "never rendered" from "rendered off-screen or hidden". */
const describeCandidates = (page: Page) =>
  page
    .evaluate(() => {
      const bench = (window as unknown as { __bench: { probe: () => Element[] } }).__bench;
      const found = bench.probe().map((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return `<${el.localName}> at ${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)} in a ${innerWidth}×${innerHeight} viewport, display ${style.display}, visibility ${style.visibility}, opacity ${style.opacity}`;
      });
      return found.length ? found.join('; ') : 'none found';
    })
    .catch((error: Error) => `could not inspect the page (${error.message})`);

/** Server paths in the order the page requested them. */
const paths = (resources: Resource[]) => [...new Set(resources.map((r) => r.path))];

const sum = (resources: Resource[], key: 'transferSize' | 'decodedBodySize') =>
  resources.reduce((total, r) => total + r[key], 0);

/**
 * A returning visitor's page view in `context` (which holds the decision): time until the gated script runs, and
 * main-thread script and CPU time until then + 500 ms. Throws if the banner shows again.
 */
async function returningVisit(context: BrowserContext, library: Library, url: string, throttle: number) {
  const limit = 15_000 * throttle;
  const back = await openPage(context, library, throttle, false);
  try {
    const before = await counters(back.cdp);
    await back.page.goto(url, { waitUntil: 'load', timeout: limit });
    await back.notice('gated', limit, 'the gated script never ran for a returning visitor who accepted');
    await sleep(500);
    const after = await counters(back.cdp);
    const seen = await record(back.page);
    if (seen.visibleNow) throw new Error(`${library.id}: the banner showed again for a visitor who had decided`);
    return {
      gatedMs: seen.gatedAt ?? Number.NaN,
      scriptMs: growth(before.script, after.script),
      cpuMs: growth(before.cpu, after.cpu),
      resources: seen.resources,
    };
  } finally {
    await back.page.close();
  }
}

/** Clicks "Accept all", as a visitor would; the gated script must run. */
async function acceptAll(opened: Awaited<ReturnType<typeof openPage>>, limit: number): Promise<void> {
  await opened.page
    .getByRole('button', { name: /^accept all$/i })
    .first()
    .click({ timeout: limit });
  await opened.notice('gated', limit, 'the gated script never ran after Accept all');
}

/** Makes `profile` a returning visitor's: a first visit that clicks "Accept all" and sees the gated script run. */
export async function decide(profile: BrowserContext, library: Library, url: string): Promise<void> {
  const first = await openPage(profile, library, 1, true);
  try {
    await first.page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    await first.notice('painted', 15_000, 'the first-layer banner never became visible');
    await acceptAll(first, 15_000);
    await sleep(500);
  } finally {
    await first.page.close();
  }
}

/**
 * A returning visitor with V8's code cache: Chromium compiles a script afresh on its first two loads and caches
 * the code on the second, so the profile (persistent, on disk, like a visitor's) loads the page twice unmeasured
 * before the measured view.
 */
export async function measureWarm(profile: BrowserContext, library: Library, url: string, throttle: number) {
  await sleep(150);
  for (let i = 0; i < 2; i++) await returningVisit(profile, library, url, 1);
  await sleep(150);
  return returningVisit(profile, library, url, throttle);
}

/**
 * Only the first visit's banner paint, in a fresh browser context: what `npm run bench -- --paint` repeats, a few
 * times faster than the whole run, while working on the critical path. Returns navigation start → the frame that
 * painted the banner, and the library's bytes (as transferred) that had arrived by then.
 */
export async function measurePaint(browser: Browser, library: Library, url: string, throttle: number) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const limit = 15_000 * throttle;
  await sleep(150);
  try {
    const first = await openPage(context, library, throttle, true);
    await first.page.goto(url, { waitUntil: 'load', timeout: limit });
    await first.notice('painted', limit, 'the first-layer banner never became visible');
    const seen = await record(first.page);
    const painted = seen.paintedAt ?? Number.NaN;
    const before = seen.resources.filter((r) => r.responseEnd <= painted);
    return { bannerMs: painted, bytes: before.reduce((total, r) => total + r.encodedBodySize, 0) };
  } finally {
    await context.close();
  }
}

/**
 * Runs one library once in a fresh browser context: a first visit, Accept all, then a returning visit (compiled
 * afresh: the context is new, so no code cache). Throws if the banner or the gated script never shows up. Returns
 * the sample without its warm figures.
 */
export async function measure(
  browser: Browser,
  library: Library,
  url: string,
  throttle: number,
): Promise<Omit<Sample, 'warmGatedMs' | 'warmScriptMs' | 'warmCpuMs'>> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const limit = 15_000 * throttle;
  // Let the previous run's renderer finish shutting down before this one starts the clock.
  await sleep(150);
  try {
    // First visit: no decision yet, so the banner must appear and the gated script must not run.
    const first = await openPage(context, library, throttle, true);
    const firstBefore = await counters(first.cdp);
    await first.page.goto(url, { waitUntil: 'load', timeout: limit });
    await first.notice('painted', limit, 'the first-layer banner never became visible').catch(async (error: Error) => {
      throw new Error(`${error.message}\n  banner candidates: ${await describeCandidates(first.page)}`);
    });
    const { paintedAt } = await first.page.evaluate(() => (window as unknown as { __bench: PageRecord }).__bench);
    const now = await first.page.evaluate(() => performance.now());
    await sleep((paintedAt ?? 0) + 1000 - now + 50);
    const firstAfter = await counters(first.cdp);
    const seen = await record(first.page);
    if (seen.gatedAt !== undefined || first.arrived.has('gated')) {
      throw new Error(`${library.id}: the gated script ran before any consent was given`);
    }
    const end = (seen.paintedAt ?? 0) + 1000;
    const tbtMs = seen.longTasks
      .filter(([start]) => start < end)
      .reduce((total, [start, duration]) => total + Math.max(0, Math.min(duration, end - start) - 50), 0);

    // Accept all, as a visitor would, and the gated script must run.
    await acceptAll(first, limit);
    await sleep(500);
    const decided = await record(first.page);
    await first.page.close();

    // Returning visitor: same profile (cookies, HTTP cache), a new page view.
    const back = await returningVisit(context, library, url, throttle);
    const beforeBanner = seen.resources.filter((r) => r.responseEnd <= (seen.paintedAt ?? 0));
    const sample = {
      library: library.id,
      throttle,
      fcpMs: seen.fcp ?? Number.NaN,
      bannerMs: seen.paintedAt ?? Number.NaN,
      tbtMs,
      cls: seen.cls,
      firstScriptMs: growth(firstBefore.script, firstAfter.script),
      firstCpuMs: growth(firstBefore.cpu, firstAfter.cpu),
      firstTransfer: sum(seen.resources, 'transferSize'),
      returnGatedMs: back.gatedMs,
      returnScriptMs: back.scriptMs,
      returnCpuMs: back.cpuMs,
      returnTransfer: sum(back.resources, 'transferSize'),
      returnDecoded: sum(back.resources, 'decodedBodySize'),
      pageBytes: seen.pageBytes,
      bannerFiles: paths(beforeBanner),
      bannerBodies: Object.fromEntries(beforeBanner.map((r) => [r.path, r.encodedBodySize])),
      firstVisitFiles: paths(decided.resources),
      returnFiles: paths(back.resources),
    };
    assertFinite(library, sample);
    return sample;
  } finally {
    await context.close();
  }
}

/** A missing measurement is a bug in the bench, never a zero. */
export function assertFinite(library: Library, values: object): void {
  const broken = Object.entries(values).filter(([, value]) => typeof value === 'number' && !Number.isFinite(value));
  if (broken.length) throw new Error(`${library.id}: no value for ${broken.map(([key]) => key).join(', ')}`);
}
