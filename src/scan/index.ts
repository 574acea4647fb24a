/** samtykke/scan: crawl a site in Chromium and report what it stores and sends, before and after consent. */
import type { Browser } from 'playwright-core';
import { type NormalizedConfig, normalizeConfig } from '../core/index.js';
import { analyzeVisit, leaksOf, staleOf, undeclaredOf, vendorsOf } from './analyze.js';
import { diffScans } from './baseline.js';
import { findChromium, launchChromium } from './chromium.js';
import { createClassifier } from './classify.js';
import { parseRobots } from './robots.js';
import type { PageReport, ScanReport } from './types.js';
import { visitPage } from './visit.js';

export { asScanReport, diffScans } from './baseline.js';
export { CHROMIUM_ARGS, ChromiumNotFoundError, findChromium } from './chromium.js';
export type { Classification, FindingStatus } from './classify.js';
export { emitConfig } from './emit-config.js';
export { renderHtmlReport } from './html.js';
export type * from './types.js';

export interface ScanOptions {
  /** Where to start; links are followed only to these URLs' origins. */
  urls: readonly string[];
  /** @default 20 */
  maxPages?: number;
  /** Link depth from a start URL. @default 2 */
  depth?: number;
  /** Honour robots.txt. @default true */
  robots?: boolean;
  /** Chromium executable; found on the PATH or in the usual places when absent. */
  chromium?: string;
  /** Extra Chromium flags (e.g. `--host-resolver-rules=…` to point hosts at a staging server). */
  chromiumArgs?: readonly string[];
  /** For staging servers with self-signed certificates. @default false */
  ignoreHttpsErrors?: boolean;
  /** Quiet time that counts as settled, per page and phase. @default 1000 */
  settleMs?: number;
  /** A previous report to compare with, and the name to show for it. */
  baseline?: { report: ScanReport; name: string };
  /** Called after each page. */
  onProgress?: (progress: { done: number; queued: number; url: string; error?: string }) => void;
}

const FILE_LINK = /\.(pdf|zip|gz|png|jpe?g|gif|webp|svg|ico|mp4|mp3|webm|woff2?|css|js|json|xml|txt)$/i;

/** Scan a site: each page in a fresh context before consent, then after Accept all on the page's banner. */
export async function scanSite(options: ScanOptions): Promise<ScanReport> {
  const startedAt = new Date().toISOString();
  if (options.urls.length === 0) throw new Error('urls: expected at least one start URL');
  const starts = options.urls.map((url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`urls: expected an http(s) URL, got ${JSON.stringify(url)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error(`urls: expected an http(s) URL, got ${JSON.stringify(url)}`);
    parsed.hash = '';
    return parsed;
  });
  const maxPages = options.maxPages ?? 20;
  const maxDepth = options.depth ?? 2;
  const origins = new Set(starts.map((url) => url.origin));
  const siteHost = (starts[0] as URL).hostname;
  const browser = await launchChromium(findChromium(options.chromium), options.chromiumArgs ?? []);
  const pages: PageReport[] = [];
  const skipped: ScanReport['skipped'] = [];
  let config: NormalizedConfig | undefined;
  let configError: string | undefined;
  let configFound = false;
  const classifiers = new Map<string, ReturnType<typeof createClassifier>>();

  try {
    const robots = new Map<string, (path: string) => boolean>();
    const allowed = async (url: URL) => {
      if (options.robots === false) return true;
      let check = robots.get(url.origin);
      if (!check) {
        check = await fetchRobots(browser, url.origin, options.ignoreHttpsErrors ?? false);
        robots.set(url.origin, check);
      }
      return check(url.pathname + url.search);
    };
    const queue = starts.map((url) => ({ url: url.href, depth: 0 }));
    const seen = new Set(queue.map((item) => item.url));
    while (queue.length > 0) {
      const item = queue.shift() as { url: string; depth: number };
      if (pages.length >= maxPages) {
        skipped.push({ url: item.url, reason: `over --max-pages ${maxPages}` });
        continue;
      }
      if (!(await allowed(new URL(item.url)))) {
        skipped.push({ url: item.url, reason: 'disallowed by robots.txt' });
        continue;
      }
      try {
        const visit = await visitPage(browser, item.url, {
          ignoreHttpsErrors: options.ignoreHttpsErrors ?? false,
          ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
        });
        let pageConfig: NormalizedConfig | undefined;
        if (visit.config !== undefined) {
          configFound = true;
          try {
            pageConfig = normalizeConfig(visit.config);
            config ??= pageConfig;
          } catch (error) {
            configError ??= (error as Error).message;
            visit.notes.push(`the samtykke config is invalid: ${(error as Error).message}`);
          }
        }
        const key = JSON.stringify(visit.config ?? null);
        let classifier = classifiers.get(key);
        if (!classifier) {
          classifier = createClassifier(pageConfig, siteHost);
          classifiers.set(key, classifier);
        }
        pages.push(analyzeVisit(visit, item.depth, classifier, siteHost));
        if (item.depth < maxDepth) {
          for (const link of visit.links) {
            const next = sameOriginLink(link, origins);
            if (next && !seen.has(next)) {
              seen.add(next);
              queue.push({ url: next, depth: item.depth + 1 });
            }
          }
        }
        options.onProgress?.({ done: pages.length, queued: queue.length, url: item.url });
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0] ?? String(error);
        skipped.push({ url: item.url, reason });
        options.onProgress?.({ done: pages.length, queued: queue.length, url: item.url, error: reason });
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }

  const declared = createClassifier(config, siteHost).declared;
  const leaks = leaksOf(pages);
  const undeclared = undeclaredOf(pages);
  const stale = pages.length > 0 ? staleOf(pages, declared) : [];
  const report: ScanReport = {
    tool: 'samtykke-scan',
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    startUrls: starts.map((url) => url.href),
    config: {
      found: configFound,
      ...(config ? { revision: config.revision } : {}),
      services: Object.fromEntries(declared),
      ...(configError ? { error: configError } : {}),
    },
    summary: {
      pages: pages.length,
      leaks: leaks.length,
      undeclared: undeclared.length,
      stale: stale.length,
      skipped: skipped.length,
    },
    leaks,
    undeclared,
    stale,
    vendors: vendorsOf(pages, config),
    pages,
    skipped,
  };
  if (options.baseline) report.baseline = diffScans(options.baseline.report, report, options.baseline.name);
  return report;
}

function sameOriginLink(link: string, origins: ReadonlySet<string>): string | undefined {
  try {
    const url = new URL(link);
    if (!origins.has(url.origin) || FILE_LINK.test(url.pathname)) return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** The origin's robots.txt, fetched through the browser so it reaches the host the pages come from. */
async function fetchRobots(browser: Browser, origin: string, ignoreHTTPSErrors: boolean) {
  const context = await browser.newContext({ ignoreHTTPSErrors });
  try {
    const page = await context.newPage();
    const response = await page.goto(`${origin}/robots.txt`, { timeout: 15_000 }).catch(() => null);
    if (response?.status() !== 200) return () => true;
    return parseRobots(await response.text());
  } finally {
    await context.close().catch(() => {});
  }
}
