import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SITE_TEMPLATE } from '../../src/assets/files.js';
import { executed, type Harness, roundTrips, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';
import { serveSiteLoader } from './site-loaders.js';

/**
 * A site that serves the loader `samtykke build-loader` made from its config: the page carries no config, only the
 * loader's tag, under a strict Content-Security-Policy whose nonce is on that tag and the page's own scripts.
 */
const NONCE = 'cGVyLXNpdGUtbG9hZGVy';
const STRICT = `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`;
/** Only scripts with the nonce run, also those a script inserts: the loader's parts need the nonce themselves. */
const NONCE_ONLY = `script-src 'nonce-${NONCE}'; object-src 'none'; base-uri 'none'`;
const nonced = (html: string) => html.replaceAll('<script>', `<script nonce="${NONCE}">`);
/** GA4's tag marked for the blocker (the policy alone would refuse it for a returning visitor too), Hotjar and Meta as published. */
const GA4_MARKED = GA4_SNIPPET.replace(
  '<script async src=',
  `<script nonce="${NONCE}" type="text/plain" data-category="statistics" async src=`,
);
const TRACKERS = `${nonced(GA4_MARKED)}${nonced(HOTJAR_SNIPPET)}${nonced(META_SNIPPET)}`;
const page = (head: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}${TRACKERS}</head><body><h1>Fjordkaffe</h1></body></html>`;

let harness: Harness;
let context: BrowserContext;
/** The per-site loader's file name, `samtykke.<hash>.js`. */
let loader = '';

beforeAll(async () => {
  harness = await startHarness();
  const served = await serveSiteLoader(harness, 'samtykke', CONFIG);
  loader = served.path.replace(/^.*\//, '');
  const template = await readFile(join('dist', SITE_TEMPLATE));
  harness.route('GET', `/template/${SITE_TEMPLATE}`, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(template);
  });
  const tag = `<script nonce="${NONCE}" src="/samtykke/${loader}"></script>`;
  harness.page('/', page(tag), { 'content-security-policy': STRICT });
  harness.page('/nonce-only', page(tag), { 'content-security-policy': NONCE_ONLY });
  // Control: the generic loader on the same page, its config naming no nonce.
  harness.page(
    '/generic-nonce-only',
    page(
      `<script nonce="${NONCE}">window.samtykkeConfig = ${JSON.stringify(CONFIG)};</script><script nonce="${NONCE}" src="/dist/samtykke.js"></script>`,
    ),
    { 'content-security-policy': NONCE_ONLY },
  );
  // Control: the same page without samtykke.
  harness.page('/without', page(''), { 'content-security-policy': STRICT });
  harness.page('/unbuilt', page(`<script nonce="${NONCE}" src="/template/${SITE_TEMPLATE}"></script>`), {
    'content-security-policy': STRICT,
  });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const thirdParty = () => harness.thirdPartyRequests().map((r) => r.host + r.path);
/** The samtykke files the browser requested, in order. */
const samtykkeFiles = () =>
  harness.requests.filter((r) => /\/samtykke[^/]*\.js$/.test(r.path)).map((r) => r.path.replace(/^.*\//, ''));
const consoleErrors = (p: Page) => {
  const errors: string[] = [];
  p.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  p.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
};

describe('a page with the per-site loader, no config of its own, under a strict CSP', () => {
  it('control: without samtykke the same snippets run and reach their vendors', async () => {
    const p = await harness.open(context, '/without');
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['hotjar', 'meta']);
    await roundTrips(p);
    expect(thirdParty()).toEqual(
      expect.arrayContaining(['static.hotjar.com/c/hotjar-1234.js?sv=6', 'connect.facebook.net/en_US/fbevents.js']),
    );
  });

  it('holds every tracker before consent, shows the banner in the page language, and releases them on "Accept all"', async () => {
    const p = await context.newPage();
    const errors = consoleErrors(p);
    await p.goto(`https://www.fjordkaffe.test/`, { waitUntil: 'load' });
    await p.getByRole('button', { name: 'Accept all' }).waitFor();
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
    expect(thirdParty()).toEqual([]);
    // The config is the one compiled in: the catalogue's names, the jurisdiction, the nonce of the loader's tag.
    const config = await p.evaluate(() => {
      const c = (window.Samtykke as unknown as { config: { jurisdiction: string; ui: { nonce?: string } } }).config;
      return { jurisdiction: c.jurisdiction, nonce: c.ui.nonce };
    });
    expect(config).toEqual({ jurisdiction: 'EU', nonce: NONCE });
    expect(samtykkeFiles().slice(0, 2)).toEqual([loader, 'samtykke-banner.en.js']);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    expect(thirdParty().some((url) => url.startsWith('www.googletagmanager.com/gtag/js'))).toBe(true);
    // The browser's own 404s (the favicon, the sync requests) aside, nothing went wrong.
    expect(errors.filter((text) => /samtykke|Content Security Policy|uncaught/.test(text))).toEqual([]);
  });

  it('a returning visitor: the consented trackers run at once, with only the loader and the runtime fetched', async () => {
    const first = await harness.open(context, '/');
    await first.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(first)).toContain('gtag');
    await expect.poll(() => first.evaluate(() => localStorage.getItem('samtykke:journal'))).toBeNull();
    await first.close();
    harness.clearLog();
    const again = await harness.open(context, '/');
    await expect.poll(() => executed(again).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    await roundTrips(again);
    expect(samtykkeFiles()).toEqual([loader, 'samtykke-runtime.js']);
  });

  it('a policy that trusts only the nonce: the parts load with the nonce read from the loader’s own tag', async () => {
    const p = await context.newPage();
    const errors = consoleErrors(p);
    await p.goto('https://www.fjordkaffe.test/nonce-only', { waitUntil: 'load' });
    await p.getByRole('button', { name: 'Accept all' }).waitFor();
    const parts = await p.evaluate(() =>
      Array.from(
        document.querySelectorAll('script[src*="/samtykke/samtykke-"]'),
        (s) => (s as HTMLScriptElement).nonce,
      ),
    );
    expect(parts.length).toBeGreaterThan(0);
    expect(new Set(parts)).toEqual(new Set([NONCE]));
    expect(errors.filter((text) => /Content Security Policy|uncaught/.test(text))).toEqual([]);
  });

  it('control: under that policy a loader that takes no nonce from its tag cannot load its parts', async () => {
    const p = await context.newPage();
    const errors = consoleErrors(p);
    await p.goto('https://www.fjordkaffe.test/generic-nonce-only', { waitUntil: 'load' });
    await expect.poll(() => errors.join('\n')).toContain('samtykke-runtime.js did not start');
    expect(errors.join('\n')).toContain('Content Security Policy');
    expect(await p.getByRole('button', { name: 'Accept all' }).count()).toBe(0);
    expect(await executed(p)).toEqual([]);
  });

  it('the template served as it is, without a config built in, fails closed: nothing runs, one error says what to do', async () => {
    const p = await context.newPage();
    const errors = consoleErrors(p);
    await p.goto('https://www.fjordkaffe.test/unbuilt', { waitUntil: 'load' });
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
    expect(thirdParty()).toEqual([]);
    expect(errors.filter((text) => text.includes('samtykke'))).toEqual([
      expect.stringContaining('npx samtykke build-loader'),
    ]);
    expect(await p.evaluate(() => window.Samtykke?.acceptAll())).toBeNull();
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
  });
});
