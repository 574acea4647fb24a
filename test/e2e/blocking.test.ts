import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, grantedOn, type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';
import {
  CONFIG,
  GA4_SNIPPET,
  HOTJAR_SNIPPET,
  injectionPage,
  META_SNIPPET,
  snippetsPage,
  YOUTUBE_MARKED,
} from './pages.js';

let harness: Harness;
let context: BrowserContext;
/**
 * The runtime's responses on /late-runtime/: held until the test calls `release`, sent at once after it. The
 * runtime may be requested only after the release (an undecided visit asks for it once the banner has painted),
 * so the release is kept, not just the responses waiting at that moment.
 */
const lateRuntime = {
  released: false,
  waiting: [] as Array<() => void>,
  release() {
    lateRuntime.released = true;
    for (const send of lateRuntime.waiting.splice(0)) send();
  },
};

/** The GA4 snippet with its one `<script src>` marked for the blocker, as docs/blocking.md recommends. */
const MARKED_GA4 = GA4_SNIPPET.replace(
  '<script async src=',
  '<script type="text/plain" data-category="statistics" async src=',
);

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', snippetsPage());
  harness.page('/inject', injectionPage());
  // The same page with its samtykke files served from a folder whose runtime comes only when the test says.
  harness.page('/late-runtime/inject', injectionPage(CONFIG, '/late-runtime/samtykke.js'));
  for (const file of readdirSync(join(process.cwd(), 'dist')).filter((name) => /^samtykke[\w.-]*\.js$/.test(name))) {
    harness.route('GET', `/late-runtime/${file}`, async (_request, response) => {
      const body = await readFile(join(process.cwd(), 'dist', file));
      const send = () => response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      if (file === 'samtykke-runtime.js' && !lateRuntime.released) lateRuntime.waiting.push(send);
      else send();
    });
  }
  harness.page(
    '/marked',
    `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}${MARKED_GA4}${HOTJAR_SNIPPET}${META_SNIPPET}</head>
<body><main><h1>Fjordkaffe</h1>${YOUTUBE_MARKED}</main></body></html>`,
  );
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const thirdParty = () => harness.thirdPartyRequests().map((r) => r.host + r.path);
const requested = (fragment: string) => thirdParty().filter((url) => url.includes(fragment)).length;
const results = (page: Page) =>
  page.evaluate(() => (window as unknown as { __results: Record<string, unknown> }).__results);
const GTAG = 'www.googletagmanager.com/gtag/js?id=G-TEST123';
const YOUTUBE = 'www.youtube.com/embed/abc123';

describe('first visit, no interaction', () => {
  it('the vendors’ own snippets and a YouTube frame in the HTML: nothing runs or shows; only what Chromium fetches before any script can act leaves', async () => {
    const page = await harness.open(context, '/');
    // The placeholder comes with the part that draws it, after the banner's paint: poll for it, then let what the
    // page may still ask for arrive.
    await expect.poll(() => page.locator('.samtykke-embed').count()).toBe(1);
    await roundTrips(page);
    expect(await executed(page)).toEqual([]);
    // Two requests are beyond any script's reach (docs/blocking.md, limits): Chromium's preload scanner fetches
    // a `<script src>` in the HTML before the loader runs (the file is never executed), and a frame in the HTML
    // starts navigating when the parser inserts it, before an observer can detach it (a race the observer
    // sometimes wins). Nothing else is requested: not Hotjar or Meta injected by their loaders, not the noscript
    // pixel.
    expect(thirdParty().filter((url) => url !== GTAG && url !== YOUTUBE)).toEqual([]);
    // The frame stays in place for whoever owns it, hidden, its navigation cancelled.
    expect(await page.locator('iframe').evaluate((f) => [f.getAttribute('src'), getComputedStyle(f).display])).toEqual([
      null,
      'none',
    ]);
  });

  it('with the one `<script src>` marked type="text/plain", zero requests to any vendor host', async () => {
    const page = await harness.open(context, '/marked');
    await expect.poll(() => page.locator('.samtykke-embed').count()).toBe(1);
    await roundTrips(page);
    expect(thirdParty()).toEqual([]);
    expect(await executed(page)).toEqual([]);
  });

  it('trackers injected by page code — every technique — request nothing; network calls fail like a network error', async () => {
    const page = await harness.open(context, '/inject');
    await page.evaluate(() => {
      const w = window as unknown as { injectElements(): void; injectNetwork(): void };
      w.injectElements();
      w.injectNetwork();
    });
    await expect.poll(() => results(page)).toMatchObject({ beacon: false, fetch: 'TypeError', xhr: 'error 4 0' });
    await roundTrips(page);
    expect(thirdParty()).toEqual([]);
    expect(await executed(page)).toEqual([]);
    // Four held frames (createElement, innerHTML, insertAdjacentHTML, document.write) stand behind placeholders.
    // The placeholders come with the runtime, which a first visit requests once the banner has painted.
    await expect.poll(() => page.locator('.samtykke-embed').count()).toBe(4);
    // Page code still reads back the URL it set.
    // Page code still reads back the URL it set, while the element has no src attribute for the browser to load.
    const heldScript = await page.evaluate(() =>
      Array.from(document.scripts).some(
        (s) => s.src === 'https://www.clarity.ms/tag/abc?t=create' && !s.hasAttribute('src'),
      ),
    );
    expect(heldScript).toBe(true);
  });
});

describe('accept all', () => {
  it('runs every snippet and loads the frame, without a reload', async () => {
    const page = await harness.open(context, '/marked');
    await page.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(() => executed(page)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
    await expect.poll(() => requested(YOUTUBE)).toBe(1);
    await roundTrips(page);
    expect(requested(GTAG)).toBe(1);
    expect(requested(YOUTUBE)).toBe(1);
    expect(requested('static.hotjar.com/c/hotjar-1234.js?sv=6')).toBe(1);
    expect(requested('connect.facebook.net/en_US/fbevents.js')).toBe(1);
    expect(await page.locator('.samtykke-embed').count()).toBe(0);
    expect(await page.locator('iframe[src*="youtube"]').count()).toBe(1);
  });

  it('releases every held injected script and frame in order; dropped requests are not replayed, new ones go out', async () => {
    // The runtime is held back by the server: page code injects while only the loader is on the page, as on a
    // slow connection, and the frame document.write put in the HTML must still come out first.
    const page = await harness.open(context, '/late-runtime/inject');
    expect(await page.evaluate(() => 'SamtykkeRuntime' in window)).toBe(false);
    const released: string[] = [];
    await page.exposeFunction('__onReleased', (url: string) => released.push(url));
    await page.evaluate(() => {
      document.addEventListener('samtykke:released', (e) => {
        (window as unknown as { __onReleased(u: string): void }).__onReleased((e as CustomEvent).detail.url);
      });
      const w = window as unknown as { injectElements(): void; injectNetwork(): void };
      w.injectElements();
      w.injectNetwork();
    });
    // Not networkidle: the runtime's request stays open until it is released.
    await roundTrips(page);
    expect(await page.evaluate(() => 'SamtykkeRuntime' in window)).toBe(false);
    lateRuntime.release();
    await page.waitForFunction(() => 'SamtykkeRuntime' in window);
    await page.evaluate(() => window.Samtykke?.acceptAll());
    await expect
      .poll(() => executed(page))
      .toEqual(expect.arrayContaining(['meta-config', 'clarity', 'tiktok', 'linkedin', 'uet', 'matomo', 'gtm']));
    await expect
      .poll(
        () => requested('t=inner') + requested('t=createframe') + requested('t=writeframe') + requested('t=adjacent'),
      )
      .toBe(4);
    await roundTrips(page);
    for (const tag of [
      'create',
      'setattr',
      'append',
      'before',
      'after',
      'prepend',
      'replace',
      'createframe',
      'inner',
      'adjacent',
      'write',
      'writeframe',
    ]) {
      expect(
        thirdParty().filter((url) => url.endsWith(`t=${tag}`)),
        tag,
      ).toHaveLength(1);
    }
    // The document.write script comes first (it was in the HTML), then the page code's, in insertion order.
    expect(released.slice(0, 1)).toEqual(['https://www.google.com/maps/embed?pb=1&t=writeframe']);
    expect(released.indexOf('https://www.clarity.ms/tag/abc?t=create')).toBeLessThan(
      released.indexOf('https://bat.bing.com/bat.js?t=before'),
    );
    // The page's own onload handler on the held script fired once it was released.
    expect(await results(page)).toMatchObject({ gtmOnload: true });
    for (const tag of ['innerimg', 'image', 'beacon', 'fetch', 'xhr']) expect(requested(`t=${tag}`), tag).toBe(0);
    await page.evaluate(() => (window as unknown as { injectNetwork(): void }).injectNetwork());
    await expect.poll(() => results(page)).toMatchObject({ beacon: true, fetch: 'ok' });
    for (const tag of ['image', 'beacon', 'fetch', 'xhr'])
      await expect.poll(() => requested(`t=${tag}`), { message: tag }).toBe(1);
  });
});

describe('statistics only', () => {
  it('runs GA and Hotjar; marketing is never requested', async () => {
    const page = await harness.open(context, '/marked');
    await page.evaluate(() => window.Samtykke?.accept(['statistics']));
    await expect.poll(() => executed(page)).toEqual(expect.arrayContaining(['gtag', 'hotjar']));
    await roundTrips(page);
    expect(await executed(page)).not.toContain('meta');
    expect(thirdParty().filter((url) => /facebook|youtube/.test(url))).toEqual([]);
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => executed(page)).toEqual(expect.arrayContaining(['gtag', 'hotjar']));
    await roundTrips(page);
    expect(thirdParty().filter((url) => /facebook|youtube/.test(url))).toEqual([]);
  });
});

describe('reject all', () => {
  it('requests nothing, also after a reload', async () => {
    const page = await harness.open(context, '/marked');
    await page.evaluate(() => window.Samtykke?.rejectAll());
    await expect.poll(() => grantedOn(page)).toEqual(['necessary']);
    await roundTrips(page);
    await page.reload({ waitUntil: 'load' });
    await runtimeStarted(page);
    expect(thirdParty()).toEqual([]);
    expect(await executed(page)).toEqual([]);
  });
});

describe('Global Privacy Control', () => {
  let gpcContext: BrowserContext;
  beforeEach(async () => {
    await gpcContext?.close();
    gpcContext = await harness.newContext({
      initScript: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })",
    });
  });
  afterAll(() => gpcContext?.close());

  it('grants nothing by itself: the banner still asks, accept-all keeps marketing refused, an explicit choice wins', async () => {
    const page = await harness.open(gpcContext, '/marked');
    await expect.poll(() => page.getByRole('button', { name: 'Accept all' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => [window.Samtykke?.gpc, window.Samtykke?.getDecision()])).toEqual([true, null]);
    await roundTrips(page);
    expect(thirdParty()).toEqual([]);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(page)).toEqual(expect.arrayContaining(['gtag', 'hotjar']));
    expect(await page.evaluate(() => window.Samtykke?.getDecision()?.granted)).toEqual(['necessary', 'statistics']);
    await roundTrips(page);
    expect(thirdParty().filter((url) => /facebook|youtube/.test(url))).toEqual([]);
    await page.evaluate(() => window.Samtykke?.accept(['statistics', 'marketing']));
    await expect.poll(() => executed(page)).toContain('meta');
    expect(await page.evaluate(() => window.Samtykke?.getDecision()?.gpc)).toBe(true);
  });
});
