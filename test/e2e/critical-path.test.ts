import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, loaderHead, roundTrips, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';

let harness: Harness;
let context: BrowserContext;

/** The GA4 snippet with its `<script src>` marked, Hotjar and Meta as published: nothing reaches a vendor early. */
const TRACKERS = `${GA4_SNIPPET.replace('<script async src=', '<script type="text/plain" data-category="statistics" async src=')}${HOTJAR_SNIPPET}${META_SNIPPET}`;
const page = (loader: string) =>
  `<!doctype html><html lang="en"><head>${loaderHead(CONFIG, loader)}${TRACKERS}</head><body><h1>Fjordkaffe</h1></body></html>`;

/** The built files a first visit can ask for, served from another folder. */
const FILES = [
  'samtykke.js',
  'samtykke-runtime.js',
  'samtykke-decide.js',
  'samtykke-banner.en.js',
  'samtykke-ui.en.js',
  'samtykke-ledger.js',
];

/**
 * Serves `files` of dist/ under `folder` (and a page there), brotli-compressed when asked, as a CDN would send
 * them; `runtime` overrides how the runtime's request is answered.
 */
async function serveFolder(
  folder: string,
  options: { files?: string[]; brotli?: boolean; runtime?: (send: () => void, response: ServerResponse) => void } = {},
) {
  for (const file of options.files ?? FILES) {
    const body = await readFile(`dist/${file}`);
    const encoded = options.brotli
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      : body;
    harness.route('GET', `${folder}${file}`, (_request, response) => {
      const send = () =>
        response
          .writeHead(200, {
            'content-type': 'text/javascript',
            ...(options.brotli ? { 'content-encoding': 'br' } : {}),
          })
          .end(encoded);
      if (file === 'samtykke-runtime.js' && options.runtime) options.runtime(send, response);
      else send();
    });
  }
  harness.page(folder, page(`${folder}samtykke.js`));
}

/** The runtime's response, held by the server until the test lets it go. */
const held = { sent: false, release: () => {} };
/** The brotli folder's runtime, held until the banner has painted. */
const painted = { seen: false, release: () => {} };

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page('/dist/samtykke.js'));
  // The same loader served from a folder whose runtime file (and first layer) is missing.
  await serveFolder('/lost/', {
    files: ['samtykke.js', 'samtykke-runtime.js'],
    runtime: (_send, response) => void response.writeHead(404).end(),
  });
  // A folder whose runtime is missing, with the first layer there.
  await serveFolder('/no-runtime/', { runtime: (_send, response) => void response.writeHead(404).end() });
  // A folder whose runtime the server holds back until the test releases it.
  await serveFolder('/held/', {
    runtime: (send) => {
      held.release = () => {
        held.sent = true;
        send();
      };
    },
  });
  // A folder served as a CDN does, brotli-compressed: what the browser really transfers. Its runtime waits until the
  // test has seen the banner paint: a loaded machine that paints after the loader's wait (1.5 s) would otherwise
  // have the runtime arrive first.
  await serveFolder('/br/', {
    brotli: true,
    runtime: (send) => {
      if (painted.seen) send();
      else painted.release = send;
    },
  });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const settle = async (p: Page) => {
  await p.waitForLoadState('networkidle');
  await roundTrips(p);
};
/** The samtykke files the browser really requested, in order. */
const samtykkeFiles = () =>
  harness.requests
    .filter((r) => r.host === 'www.fjordkaffe.test' && /samtykke[^/]*\.js$/.test(r.path))
    .map((r) => r.path);

describe('the runtime file fails to load', () => {
  it('control: with the runtime there, consent releases the trackers on the same page', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(() => executed(p)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
  });

  it('leaves the page safe: trackers held, API calls answer without throwing, one clear console error', async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    p.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await p.goto('https://www.fjordkaffe.test/lost/', { waitUntil: 'load' });
    await settle(p);
    // The first layer was asked for at once too (the visitor has not decided); it is missing here too.
    expect(samtykkeFiles().sort()).toEqual([
      '/lost/samtykke-banner.en.js',
      '/lost/samtykke-runtime.js',
      '/lost/samtykke.js',
    ]);
    await expect.poll(() => errors.join('\n')).toContain('samtykke-runtime.js');
    expect(errors.filter((text) => text.startsWith('uncaught'))).toEqual([]);
    // One error from samtykke, before any call (the browser logs the 404 itself too).
    expect(errors.filter((text) => text.startsWith('samtykke'))).toHaveLength(1);
    const answers = await p.evaluate(async () => {
      const samtykke = window.Samtykke;
      const decided = samtykke?.acceptAll();
      samtykke?.show();
      const list = await samtykke?.ledger.list().then(
        () => 'resolved',
        () => 'rejected',
      );
      return { decided, list, granted: samtykke?.isGranted('statistics'), decision: samtykke?.getDecision() };
    });
    expect(answers).toEqual({ decided: null, list: 'rejected', granted: false, decision: null });
    // Still held after the attempt to decide, also what page code injects now.
    await p.evaluate(() => {
      const script = document.createElement('script');
      script.src = 'https://connect.facebook.net/en_US/fbevents.js?again';
      document.head.append(script);
    });
    await settle(p);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });
});

describe('what the browser downloads', () => {
  it('a first visit: the loader, the first layer it asks for at once with high priority, the runtime once the banner painted', async () => {
    const p = await harness.open(context, '/');
    await p.getByRole('button', { name: 'Accept all' }).waitFor();
    await settle(p);
    // The runtime's own request for the first layer found the loader's: each file once. The visitor must decide,
    // so the runtime asks for the part that decides at once, at the ordinary priority.
    expect(samtykkeFiles()).toEqual([
      '/dist/samtykke.js',
      '/dist/samtykke-banner.en.js',
      '/dist/samtykke-runtime.js',
      '/dist/samtykke-decide.js',
    ]);
    const requested = await p.evaluate(() =>
      Array.from(document.querySelectorAll('script[src*="/dist/samtykke-"]'), (script) => [
        new URL((script as HTMLScriptElement).src).pathname,
        script.getAttribute('fetchpriority'),
      ]),
    );
    expect(requested).toEqual([
      ['/dist/samtykke-banner.en.js', 'high'],
      ['/dist/samtykke-runtime.js', 'high'],
      ['/dist/samtykke-decide.js', null],
    ]);
    // The first layer was asked for by the loader, before the page's own trackers further down <head> were parsed.
    expect(
      await p.evaluate(() => {
        const banner = document.querySelector('script[src$="samtykke-banner.en.js"]');
        const tracker = document.querySelector('script[data-category="statistics"]');
        return Boolean(banner && tracker && banner.compareDocumentPosition(tracker) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
    ).toBe(true);
  });

  it('a returning visitor: only the critical loader and the runtime, and the consented trackers run', async () => {
    const first = await harness.open(context, '/');
    await first.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(first)).toContain('gtag');
    // Its receipt stored, so no decision waits for the ledger on the next page.
    await expect.poll(() => first.evaluate(() => localStorage.getItem('samtykke:journal'))).toBeNull();
    await first.close();
    harness.clearLog();
    const again = await harness.open(context, '/');
    await settle(again);
    await expect.poll(() => executed(again)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
    // What Chromium really requested: no UI file, no ledger (its receipt was stored), nothing twice.
    expect(samtykkeFiles()).toEqual(['/dist/samtykke.js', '/dist/samtykke-runtime.js']);
  });
});

/** The banner's accessible region, as a visitor's assistive technology finds it. */
const bannerRegion = (p: Page) => p.getByRole('region', { name: /cookie/i });
const receipts = (p: Page) =>
  p.evaluate(async () => (await window.Samtykke?.ledger.list())?.map((entry) => entry.receipt.event) ?? []);

describe('the first layer before the runtime', () => {
  beforeEach(() => {
    held.sent = false;
    held.release = () => {};
  });
  /** Lets the held runtime go, once the page has asked for it (after the banner has painted). */
  const release = async () => {
    await expect.poll(() => samtykkeFiles()).toContain('/held/samtykke-runtime.js');
    held.release();
  };

  it('paints while the server still holds the runtime back; Accept all clicked then is carried out once it arrives', async () => {
    const p = await harness.open(context, '/held/');
    await bannerRegion(p).waitFor();
    expect(held.sent).toBe(false);
    await expect
      .poll(() => samtykkeFiles())
      .toEqual(['/held/samtykke.js', '/held/samtykke-banner.en.js', '/held/samtykke-runtime.js']);
    // A real click, while the runtime is still on its way: nothing may run yet.
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => bannerRegion(p).count()).toBe(0);
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    await release();
    await expect.poll(() => executed(p)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
    // One receipt, the visitor's click on the first layer; each tracker ran once.
    await expect.poll(() => receipts(p)).toHaveLength(1);
    expect((await receipts(p))[0]).toMatchObject({
      state: 'given',
      action: 'accept-all',
      layer: 1,
      expressedBy: 'data-subject',
    });
    const runs = await executed(p);
    expect(runs.filter((name) => name === 'meta')).toHaveLength(1);
    expect(await p.locator('samtykke-ui').count()).toBe(1);
    await expect.poll(() => bannerRegion(p).count()).toBe(0);
  });

  it('control: without a click nothing is decided when the runtime arrives, and the banner stays, taken over', async () => {
    const p = await harness.open(context, '/held/');
    await bannerRegion(p).waitFor();
    await p.getByRole('button', { name: 'Reject all' }).focus();
    await release();
    await expect
      .poll(() => p.evaluate(() => typeof (window as { SamtykkeRuntime?: unknown }).SamtykkeRuntime))
      .toBe('object');
    await settle(p);
    expect(await p.evaluate(() => window.Samtykke?.getDecision())).toBeNull();
    expect(await bannerRegion(p).count()).toBe(1);
    // Focus stayed on the button it was on: the runtime did not render the banner again.
    expect(await p.evaluate(() => document.querySelector('samtykke-ui')?.shadowRoot?.activeElement?.textContent)).toBe(
      'Reject all',
    );
    expect(await executed(p)).toEqual([]);
  });

  it('Customise clicked before the runtime is busy, then opens the preferences once runtime and UI are there', async () => {
    const p = await harness.open(context, '/held/');
    await bannerRegion(p).waitFor();
    const customise = p.getByRole('button', { name: 'Customise' });
    await customise.click();
    expect(await customise.getAttribute('aria-busy')).toBe('true');
    expect(await p.getByRole('dialog').count()).toBe(0);
    await release();
    await p.getByRole('dialog').waitFor();
    expect(await p.getByRole('dialog').count()).toBe(1);
    expect(await p.evaluate(() => window.Samtykke?.getDecision())).toBeNull();
  });

  it('the runtime missing: the banner that cannot record a choice goes, nothing is released, one clear error', async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    await p.goto('https://www.fjordkaffe.test/no-runtime/', { waitUntil: 'load' });
    await expect.poll(() => errors.join('\n')).toContain('samtykke-runtime.js');
    await settle(p);
    expect(await p.locator('samtykke-ui').count()).toBe(0);
    expect(errors.filter((text) => text.startsWith('samtykke'))).toHaveLength(1);
    expect(await p.evaluate(() => window.Samtykke?.getDecision())).toBeNull();
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });

  it('the bytes that arrive before the banner paints are the loader’s and the first layer’s, within the budget', async () => {
    // When the banner was first painted: the frame after the one that put it on screen.
    const watch = await harness.newContext({
      initScript: `(() => {
        const look = () => {
          if (document.querySelector('samtykke-ui')?.shadowRoot?.querySelector('.banner'))
            requestAnimationFrame(() => { window.__painted = performance.now(); });
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      })();`,
    });
    const p = await harness.open(watch, '/br/');
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { __painted?: number }).__painted))
      .toBeGreaterThan(0);
    painted.seen = true;
    painted.release();
    await expect.poll(() => samtykkeFiles()).toContain('/br/samtykke-runtime.js');
    await settle(p);
    const files = await p.evaluate(() => {
      const painted = (window as unknown as { __painted: number }).__painted;
      return performance
        .getEntriesByType('resource')
        .filter((entry: PerformanceEntry) => /samtykke[^/]*\.js$/.test(entry.name))
        .map((entry: PerformanceEntry) => {
          const timing = entry as PerformanceResourceTiming;
          return {
            path: new URL(timing.name).pathname,
            before: timing.responseEnd <= painted,
            bytes: timing.encodedBodySize,
          };
        });
    });
    await watch.close();
    const before = files.filter((file) => file.before);
    expect(before.map((file) => file.path)).toEqual(['/br/samtykke.js', '/br/samtykke-banner.en.js']);
    // The runtime came, after the paint.
    expect(files.map((file) => file.path)).toContain('/br/samtykke-runtime.js');
    const bytes = before.reduce((sum, file) => sum + file.bytes, 0);
    const { default: budgets } = (await import(pathToFileURL(resolve('.size-limit.js')).href)) as {
      default: Array<{ name: string; limit: string }>;
    };
    const budget = budgets.find((entry) => entry.name.startsWith('first visit before the banner, en'));
    // As transferred: brotli bodies, as size-limit counts them (each file compressed on its own).
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThanOrEqual(Number.parseInt(budget?.limit ?? '0', 10));
  });
});

describe('the built files', () => {
  it('share no code: what the loader carries is not in the runtime, and the runtime’s parts are not in the loader', async () => {
    const loader = await readFile('dist/samtykke.js', 'utf8');
    const runtime = await readFile('dist/samtykke-runtime.js', 'utf8');
    // One distinctive piece of each module that must live in exactly one of the two files.
    const inLoaderOnly = [
      '*.google-analytics.com', // vendor catalogue
      'ads_data_redaction', // Consent Mode defaults
      'javascript/blocked', // the observer's neutralising
      'could not load', // script loading
      'samtykke.started', // the second-tag guard
    ];
    const inRuntimeOnly = [
      '"Cookie-Einstellungen"', // the floating button's label in eight languages
      'refused to release marked', // release checks
      'data-samtykke-open', // the preferences' openers
      'samtykke:journal', // whether receipts wait
    ];
    // What makes or changes a decision comes on demand, in samtykke-decide.js.
    const decide = await readFile('dist/samtykke-decide.js', 'utf8');
    const inDecideOnly = [
      'samtykke-embed', // placeholders
      'embedText', // their texts in eight languages
      'unknown category', // the decision rules
      'Max-Age=', // the cookie write
      '"Google Analytics"', // the vendor catalogue's names and cookies (the loader has its hosts only)
      '"_fbp"',
    ];
    for (const text of inLoaderOnly) {
      expect(loader, text).toContain(text);
      expect(runtime, text).not.toContain(text);
      expect(decide, text).not.toContain(text);
    }
    for (const text of inRuntimeOnly) {
      expect(runtime, text).toContain(text);
      expect(loader, text).not.toContain(text);
      expect(decide, text).not.toContain(text);
    }
    for (const text of inDecideOnly) {
      expect(decide, text).toContain(text);
      expect(loader, text).not.toContain(text);
      expect(runtime, text).not.toContain(text);
    }
  });

  it('the first layer reads what the loader carries from window.SamtykkeLoader instead of a copy', async () => {
    const loader = await readFile('dist/samtykke.js', 'utf8');
    const banner = await readFile('dist/samtykke-banner.en.js', 'utf8');
    // The language choice (the shipped languages) and the localized-text lookup live in the loader only.
    for (const text of ['"nb","nn","da"', 'toLowerCase().split']) {
      expect(loader, text).toContain(text);
      expect(banner, text).not.toContain(text);
    }
    expect(banner).toContain('SamtykkeLoader');
  });
});
