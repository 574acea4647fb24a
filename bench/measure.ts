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
  /** Library files (server paths) that had arrived when the banner was painted. */
  bannerFiles: string[];
  /** Library files loaded over the whole first visit, the choice included. */
  firstVisitFiles: string[];
  /** Library files a returning visitor's page loaded (from cache or network). */
  returnFiles: string[];
}

interface Resource {
  path: string;
  responseEnd: number;
  transferSize: number;
  decodedBodySize: number;
}

type Notice = 'painted' | 'gated';

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
        decodedBodySize: e.decodedBodySize,
      }))
      .filter((e) => e.path.startsWith('/lib/'));
    return { ...bench, fcp, visibleNow: bench.visible(), resources: resources as Resource[] };
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

/** Runs one library once in a fresh browser context. Throws if the banner or the gated script never shows up. */
export async function measure(browser: Browser, library: Library, url: string, throttle: number): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
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
    await first.page
      .getByRole('button', { name: /^accept all$/i })
      .first()
      .click({ timeout: limit });
    await first.notice('gated', limit, 'the gated script never ran after Accept all');
    await sleep(500);
    const decided = await record(first.page);
    await first.page.close();

    // Returning visitor: same profile (cookies, HTTP cache), a new page view.
    const back = await openPage(context, library, throttle, false);
    const returnBefore = await counters(back.cdp);
    await back.page.goto(url, { waitUntil: 'load', timeout: limit });
    await back.notice('gated', limit, 'the gated script never ran for a returning visitor who accepted');
    await sleep(500);
    const returnAfter = await counters(back.cdp);
    const again = await record(back.page);
    if (again.visibleNow) throw new Error(`${library.id}: the banner showed again for a visitor who had decided`);
    const sample: Sample = {
      library: library.id,
      throttle,
      fcpMs: seen.fcp ?? Number.NaN,
      bannerMs: seen.paintedAt ?? Number.NaN,
      tbtMs,
      cls: seen.cls,
      firstScriptMs: growth(firstBefore.script, firstAfter.script),
      firstCpuMs: growth(firstBefore.cpu, firstAfter.cpu),
      firstTransfer: sum(seen.resources, 'transferSize'),
      returnGatedMs: again.gatedAt ?? Number.NaN,
      returnScriptMs: growth(returnBefore.script, returnAfter.script),
      returnCpuMs: growth(returnBefore.cpu, returnAfter.cpu),
      returnTransfer: sum(again.resources, 'transferSize'),
      returnDecoded: sum(again.resources, 'decodedBodySize'),
      bannerFiles: paths(seen.resources.filter((r) => r.responseEnd <= (seen.paintedAt ?? 0))),
      firstVisitFiles: paths(decided.resources),
      returnFiles: paths(again.resources),
    };
    const broken = Object.entries(sample).filter(([, value]) => typeof value === 'number' && !Number.isFinite(value));
    if (broken.length) throw new Error(`${library.id}: no value for ${broken.map(([key]) => key).join(', ')}`);
    return sample;
  } finally {
    await context.close();
  }
}
