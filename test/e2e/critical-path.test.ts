import { readFile } from 'node:fs/promises';
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

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page('/dist/samtykke.js'));
  // The same loader served from a folder whose runtime file is missing.
  const loader = await readFile('dist/samtykke.js');
  harness.route('GET', '/lost/samtykke.js', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(loader);
  });
  harness.route('GET', '/lost/samtykke-runtime.js', (_request, response) => void response.writeHead(404).end());
  harness.page('/lost/', page('/lost/samtykke.js'));
});
afterAll(() => harness.close());
beforeEach(async () => {
  await context?.close();
  context = await harness.newContext();
  harness.clearLog();
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
    // The first layer was asked for at once too (the visitor has not decided); it never shows without the runtime.
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
  it('a first visit: the loader, then the runtime and the first layer it asks for at once with high priority', async () => {
    const p = await harness.open(context, '/');
    await p.getByRole('button', { name: 'Accept all' }).waitFor();
    await settle(p);
    // The runtime's own request for the first layer found the loader's in flight: each file once. The two are
    // requested together, so either may reach the server first. The visitor must decide, so the runtime asks for
    // the part that decides at once, at the ordinary priority.
    expect(samtykkeFiles()[0]).toBe('/dist/samtykke.js');
    expect(samtykkeFiles().sort()).toEqual([
      '/dist/samtykke-banner.en.js',
      '/dist/samtykke-decide.js',
      '/dist/samtykke-runtime.js',
      '/dist/samtykke.js',
    ]);
    const requested = await p.evaluate(() =>
      Array.from(document.querySelectorAll('script[src*="/dist/samtykke-"]'), (script) => [
        new URL((script as HTMLScriptElement).src).pathname,
        script.getAttribute('fetchpriority'),
      ]),
    );
    expect(requested).toEqual([
      ['/dist/samtykke-runtime.js', 'high'],
      ['/dist/samtykke-banner.en.js', 'high'],
      ['/dist/samtykke-decide.js', null],
    ]);
    // Both were asked for by the loader, before the page's own trackers further down <head> were parsed.
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
