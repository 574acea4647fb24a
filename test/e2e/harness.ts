import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.js';
import { selfSignedCertificate } from './tls.js';

export { CHROMIUM_ARGS, launchChromium } from '../../scripts/chromium.js';

import { embedPage, vendorScript } from './vendors.js';

/** The test site's own host; every other host is a third party. */
export const SITE_HOST = 'www.fjordkaffe.test';
export const SITE = `https://${SITE_HOST}`;
const ROOT = process.cwd();
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
};

/**
 * Hosts Chromium itself talks to (component updates, sign-in), even with background networking off. They are
 * not the page's doing, so they are left out of the third-party count; everything else is counted.
 */
const BROWSER_OWN_HOSTS = new Set([
  'update.googleapis.com',
  'accounts.google.com',
  'clients2.google.com',
  'clientservices.googleapis.com',
  'optimizationguide-pa.googleapis.com',
  'content-autofill.googleapis.com',
  'safebrowsingohttpgateway.googleapis.com',
  'android.clients.google.com',
]);

export interface LoggedRequest {
  host: string;
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type RouteHandler = (request: LoggedRequest, response: ServerResponse) => void | Promise<void>;

/** How a test's browser profile starts: a script run before every page's own, a window size. */
export interface ContextOptions {
  initScript?: string;
  viewport?: { width: number; height: number };
}

export interface Harness {
  /** Every request the browser made, to any host, in order. */
  requests: LoggedRequest[];
  /** Requests to hosts other than the site. */
  thirdPartyRequests(): LoggedRequest[];
  /** Serve `html` at `path` on the site. */
  page(path: string, html: string, headers?: Record<string, string>): void;
  /** Handle `method path` on the site yourself (an endpoint, a slow response). */
  route(method: string, path: string, handler: RouteHandler): void;
  /** Handle every site request no page or route matches (an app server the site is proxied to). */
  fallback(handler: RouteHandler): void;
  /** A fresh browser profile (cookies, storage) with optional init script. */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /**
   * The set-up of one test: closes the context the previous call handed out, opens a fresh one (no cookies or
   * storage carried over from the test before) and empties the request log, so each test counts only its own.
   */
  nextTest(options?: ContextOptions): Promise<BrowserContext>;
  /** Opens `path` of the site in a context and waits for load. */
  open(context: BrowserContext, path: string): Promise<Page>;
  clearLog(): void;
  close(): Promise<void>;
  browser: Browser;
  port: number;
}

/**
 * Starts one https server that answers for the site and for every vendor host, and a Chromium that resolves
 * every hostname to it. Whatever the page tries to fetch from a tracker lands in `requests`, so "nothing left
 * the browser" is a count, not a claim.
 */
export async function startHarness(): Promise<Harness> {
  const requests: LoggedRequest[] = [];
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const routes = new Map<string, RouteHandler>();
  let fallback: RouteHandler | undefined;

  const server = createServer(selfSignedCertificate(), (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const url = new URL(req.url ?? '/', `https://${host}`);
      const logged: LoggedRequest = {
        host,
        path: url.pathname + url.search,
        method: req.method ?? 'GET',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(logged);
      Promise.resolve(respond(logged, url.pathname, res)).catch((error) => {
        res.writeHead(500).end(String(error));
      });
    });
  });

  // WebSocket handshakes arrive as upgrades, not requests: counted like any request, then refused.
  server.on('upgrade', (req: IncomingMessage, socket: { destroy(): void }) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    requests.push({ host, path: url.pathname + url.search, method: 'UPGRADE', headers: req.headers, body: '' });
    socket.destroy();
  });

  const respond = async (req: LoggedRequest, pathname: string, res: ServerResponse) => {
    if (req.host !== SITE_HOST) {
      const body = vendorScript(req.host, req.path);
      if (body) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      if (req.method === 'GET' && /embed|maps|video/.test(req.path)) {
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(embedPage(req.host));
      }
      return void res.writeHead(204).end();
    }
    const route = routes.get(`${req.method} ${pathname}`) ?? routes.get(`* ${pathname}`);
    if (route) return route(req, res);
    const page = pages.get(pathname);
    if (page) return void res.writeHead(200, { 'content-type': TYPES['.html'], ...page.headers }).end(page.html);
    if (pathname.startsWith('/dist/') || pathname.startsWith('/demo/')) {
      const file = normalize(join(ROOT, pathname));
      if (!file.startsWith(ROOT)) return void res.writeHead(403).end();
      try {
        const body = await readFile(file);
        return void res
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body);
      } catch {
        return void res.writeHead(404).end();
      }
    }
    if (fallback) return fallback(req, res);
    res.writeHead(404).end();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = await launchChromium([
    `--host-resolver-rules=MAP * 127.0.0.1:${port}`,
    '--ignore-certificate-errors',
  ]);

  let current: BrowserContext | undefined;
  const clearLog = () => void requests.splice(0);
  const newContext: Harness['newContext'] = async (options = {}) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: options.viewport });
    if (options.initScript) await context.addInitScript(options.initScript);
    return context;
  };

  return {
    requests,
    browser,
    port,
    thirdPartyRequests: () => requests.filter((r) => r.host !== SITE_HOST && !BROWSER_OWN_HOSTS.has(r.host)),
    page: (path, html, headers = {}) => void pages.set(path, { html, headers }),
    route: (method, path, handler) => void routes.set(`${method} ${path}`, handler),
    fallback: (handler) => {
      fallback = handler;
    },
    newContext,
    async nextTest(options) {
      await current?.close();
      current = await newContext(options);
      clearLog();
      return current;
    },
    async open(context, path) {
      const page = await context.newPage();
      await page.goto(SITE + path, { waitUntil: 'load' });
      return page;
    },
    clearLog,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The `<head>` start every test page uses: config, then the loader as the first script. */
export function loaderHead(config: unknown, bundle = '/dist/samtykke.js'): string {
  return `<meta charset="utf-8"><script>window.samtykkeConfig = ${JSON.stringify(config)};</script><script src="${bundle}"></script>`;
}

/** Names of fake vendors that ran on the page. */
export function executed(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __executed?: string[] }).__executed ?? []);
}

/**
 * What `answer` resolves to, or `fallback` when it rejects or has not answered within `ms`. A page the back/forward
 * cache swaps in or out can leave an evaluation unanswered for ever, and expect.poll waits for each attempt before
 * it checks its own timeout: polls across such navigations go through this so the next attempt can run.
 */
export function answerWithin<T>(answer: Promise<T>, fallback: T, ms = 2_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([answer.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

/**
 * A sync point after a page action: networkidle resolves at once once reached, so wait for two round trips to the
 * site issued after the action. The blocker drops synchronously, so a request that was going to leave the browser
 * was started before these.
 */
export async function roundTrips(page: Page): Promise<void> {
  for (const n of [1, 2]) await page.evaluate((i) => fetch(`/__sync?${i}`).then((r) => r.status), n);
}

/**
 * What the page's decision grants, `null` while there is none. On a first visit a click or an API call is carried
 * out once the part that decides has come (it is asked for after the banner's paint): poll this before a reload or
 * a navigation that must find the decision saved.
 */
export function grantedOn(page: Page): Promise<readonly string[] | null> {
  return answerWithin(
    page.evaluate(() => window.Samtykke?.getDecision()?.granted ?? null),
    null,
  );
}

/**
 * A first visit's sync point: the part that decides has come (asked for once the banner has painted, it brings the
 * placeholders and reads the config again with the whole vendor catalogue) and two round trips have passed. Not
 * networkidle: that can come before the part is even asked for.
 */
export async function decidePartArrived(page: Page): Promise<void> {
  await page.waitForFunction(() => 'SamtykkeDecide' in window);
  await roundTrips(page);
}

/**
 * A returning visit's sync point: the runtime has started (it shows the floating button once it has read the
 * decision and whether receipts wait) and two round trips have passed, so whatever samtykke asks for when it starts
 * (the decide part, when an earlier page left receipts waiting) is in the log. Not networkidle: that can come while
 * the runtime is still on its way.
 */
export async function runtimeStarted(page: Page): Promise<void> {
  await page.locator('samtykke-button button').waitFor();
  await roundTrips(page);
}
