import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, roundTrips, SITE, startHarness } from './harness.js';

/**
 * `<SamtykkeProvider config={…}>` with no loader tag: the npm path, where the provider creates the instance after
 * mounting and destroys it on unmount. The app is bundled the way a bundler with code splitting would (the
 * first layer and the preferences are chunks loaded on demand) and driven in Chromium, in React's StrictMode
 * too, which mounts, unmounts and mounts every effect once more.
 */
const CLIENT = `
import { createElement as h, StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsentGate, SamtykkeProvider, useConsent } from './src/react/index.ts';

const errors = (window.__errors = []);
window.addEventListener('error', (e) => errors.push(e.message));
window.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
// /bad-config: a mistake in the config (services must be a list), which the provider reports and survives.
const bad = location.pathname === '/bad-config';
const config = () => ({ categories: { statistics: { services: bad ? 'google-analytics' : ['google-analytics'] } } });

function Status() {
  const consent = useConsent();
  // Counts effect mounts: StrictMode in a development build mounts every effect twice.
  useEffect(() => {
    window.__mounts = (window.__mounts || 0) + 1;
  }, []);
  return h('p', { 'data-testid': 'status' }, 'statistics: ' + (consent.isGranted('statistics') ? 'yes' : 'no'));
}
function App({ config }) {
  return h(SamtykkeProvider, { config },
    h(Status),
    h(ConsentGate, { category: 'statistics', fallback: h('p', null, 'The chart needs statistics cookies.') },
      h('p', { 'data-testid': 'chart' }, 'Visitors per day')),
  );
}
const root = createRoot(document.getElementById('root'));
const strict = location.pathname === '/strict';
// Each call renders with a new config object, as an inline literal does on every render of a parent.
const app = () => h(App, { config: config() });
window.mount = () => root.render(strict ? h(StrictMode, null, app()) : app());
window.unmount = () => root.render(null);
window.mount();
`;

const PAGE = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Fjordkaffe</title></head><body>
<main><h1>Fjordkaffe</h1><div id="root"></div></main>
<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>
<script type="module" src="/app/main.js"></script>
</body></html>`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  // React's StrictMode double-mounts effects only in a development build: the strict page gets one.
  for (const [dir, mode] of [
    ['app', 'production'],
    ['dev', 'development'],
  ] as const) {
    const bundle = await build({
      stdin: { contents: CLIENT, resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: `/${dir}`,
      entryNames: 'main',
      write: false,
      minify: mode === 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
      logLevel: 'silent',
    });
    // The entry and the chunks it imports on demand.
    expect(bundle.outputFiles.length).toBeGreaterThan(2);
    for (const file of bundle.outputFiles) {
      harness.route('GET', file.path, (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(file.contents);
      });
    }
  }
  harness.page('/', PAGE);
  harness.page('/strict', PAGE.replace('/app/main.js', '/dev/main.js'));
  harness.page('/bad-config', PAGE);
}, 60_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/** The UI's hosts in the page and the first layers asking in them (one instance shows one). */
const hosts = async (page: Page) => ({
  ui: await page.locator('samtykke-ui').count(),
  asking: await page.getByRole('button', { name: 'Godta alle' }).count(),
});
const errors = (page: Page) => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
const mounts = (page: Page) => page.evaluate(() => (window as unknown as { __mounts?: number }).__mounts);
const call = (page: Page, name: 'mount' | 'unmount') =>
  page.evaluate((n) => (window as unknown as Record<string, () => void>)[n]?.(), name);

describe('<SamtykkeProvider config> creating its own instance (no loader tag)', () => {
  it('before a decision: the first layer asks, the gate shows its placeholder, the marked tag is held', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    await roundTrips(page);
    expect(await page.getByTestId('status').textContent()).toBe('statistics: no');
    expect(await page.getByTestId('chart').count()).toBe(0);
    expect(await executed(page)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    // The npm path puts nothing on window: the instance is the provider's.
    expect(await page.evaluate(() => 'Samtykke' in window)).toBe(false);
    expect(await mounts(page)).toBe(1);
    expect(await errors(page)).toEqual([]);
  });

  it('on "Godta alle" the app re-renders with the grant and the tag runs; a returning visitor is not asked', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('statistics: yes');
    await page.getByTestId('chart').waitFor();
    await expect.poll(() => executed(page)).toEqual(['gtag']);

    const again = await harness.open(context, '/');
    await expect.poll(() => again.getByTestId('status').textContent()).toBe('statistics: yes');
    await roundTrips(again);
    expect(await again.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);
    expect(await executed(again)).toEqual(['gtag']);
    expect(await errors(again)).toEqual([]);
  });

  it('in StrictMode (mount, unmount, mount) there is one banner and one instance; consent releases the tag once', async () => {
    const page = await harness.open(context, '/strict');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    await roundTrips(page);
    // The control: React really did mount, unmount and mount the effects (once each on the other pages).
    expect(await mounts(page)).toBe(2);
    expect(await hosts(page)).toEqual({ ui: 1, asking: 1 });
    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('statistics: yes');
    await expect.poll(() => executed(page)).toEqual(['gtag']);
    await roundTrips(page);
    expect(await executed(page)).toEqual(['gtag']);
    expect(await errors(page)).toEqual([]);
  });

  it('a config it refuses is reported with its key; the app renders on, nothing granted, nothing released', async () => {
    const page = await context.newPage();
    const logged: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && logged.push(message.text())));
    await page.goto(`${SITE}/bad-config`, { waitUntil: 'load' });
    await expect
      .poll(() => logged.join('\n'))
      .toMatch(/samtykke\/react: no consent instance:.*categories\.statistics\.services/s);
    await roundTrips(page);
    expect(await page.getByTestId('status').textContent()).toBe('statistics: no');
    expect(await page.getByText('The chart needs statistics cookies.').count()).toBe(1);
    expect(await hosts(page)).toEqual({ ui: 0, asking: 0 });
    expect(await executed(page)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await errors(page)).toEqual([]);
  });

  it('a re-render with a new config object keeps the instance; unmount removes its UI; mounting again asks again', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    await call(page, 'mount');
    await roundTrips(page);
    expect(await hosts(page)).toEqual({ ui: 1, asking: 1 });

    await call(page, 'unmount');
    await expect.poll(() => hosts(page)).toEqual({ ui: 0, asking: 0 });
    expect(await page.getByTestId('status').count()).toBe(0);

    await call(page, 'mount');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    expect(await hosts(page)).toEqual({ ui: 1, asking: 1 });
    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('statistics: yes');
    await expect.poll(() => executed(page)).toEqual(['gtag']);
    expect(await errors(page)).toEqual([]);
  });
});
