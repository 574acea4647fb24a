import { createHash } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consentCsp } from '../../src/server/csp.js';
import { grantedOn, type Harness, roundTrips, startHarness } from './harness.js';
import { CONFIG } from './pages.js';

/**
 * The server-side backstop: a page rendered with `consentCsp()` from the request's decision cookie. Each route
 * below is one the loader cannot see or stop in time, tagged `t=<route>`: code that runs before the loader, a
 * `<script src>` the preload scanner fetches, dynamic `import()`, a CSS `url()`, and a `srcdoc` frame in the
 * HTML. The control is the same page with the loader and without the policy: every route sends its request.
 * The page's inline scripts are allowed by hash, not nonce: a nonced script passes its nonce on to every
 * `import()` it makes, whatever the URL (docs/blocking.md).
 */
const ROUTES = ['before-loader-fetch', 'before-loader-image', 'preload-scanner', 'import', 'css-url', 'srcdoc-html'];
const INLINE = [
  `fetch('https://analytics.tiktok.com/api/v2/pixel?t=before-loader-fetch', { mode: 'no-cors' }).catch(function () {});
new Image().src = 'https://px.ads.linkedin.com/collect?t=before-loader-image';`,
  `window.samtykkeConfig = ${JSON.stringify(CONFIG)};`,
  `import('https://connect.facebook.net/en_US/fbevents.js?t=import').catch(function () {});`,
];
const HASHES = INLINE.map((code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script>${INLINE[0]}</script>
<script>${INLINE[1]}</script>
<script src="/dist/samtykke.js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST123&t=preload-scanner"></script>
<script>${INLINE[2]}</script>
</head><body><main><h1>Fjordkaffe</h1>
<div style="width:10px;height:10px;background-image:url(https://www.facebook.com/tr?t=css-url)"></div>
<iframe title="Promo" srcdoc="<img alt='' src='https://px.ads.linkedin.com/collect?t=srcdoc-html'>"></iframe>
</main></body></html>`;

let harness: Harness;
let context: BrowserContext;
const policies: string[] = [];
beforeAll(async () => {
  harness = await startHarness();
  harness.route('GET', '/', (request, response) => {
    const policy = consentCsp({
      config: CONFIG,
      cookie: request.headers.cookie,
      sources: { 'script-src': HASHES },
    });
    policies.push(policy);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
    response.end(PAGE);
  });
  harness.page('/control', PAGE);
}, 60_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
  policies.splice(0);
});

const counts = () =>
  Object.fromEntries(
    ROUTES.map((name) => [name, harness.thirdPartyRequests().filter((r) => r.path.includes(`t=${name}`)).length]),
  );

describe('a page served with the consent CSP', () => {
  it('control: with the loader but without the policy, every route reaches its tracker', async () => {
    const page = await harness.open(context, '/control');
    await roundTrips(page);
    await expect.poll(() => ROUTES.filter((name) => counts()[name] === 0)).toEqual([]);
  });

  it('nothing granted: zero requests to any third party, over three loads', async () => {
    for (let i = 0; i < 3; i++) {
      const page = await harness.open(context, '/');
      await roundTrips(page);
      await page.close();
    }
    expect(harness.thirdPartyRequests().map((r) => r.host + r.path)).toEqual([]);
    expect(policies[0]).not.toMatch(/facebook|tiktok|googletagmanager|licdn|linkedin/);
  });

  it('after accept all and the reload a new policy needs, every route loads', async () => {
    const page = await harness.open(context, '/');
    await roundTrips(page);
    await page.evaluate(() => window.Samtykke?.acceptAll());
    // Saved in the cookie the server reads for the next policy once the part that decides has come.
    await expect.poll(() => grantedOn(page)).toEqual(['necessary', 'statistics', 'marketing']);
    await page.reload({ waitUntil: 'load' });
    await roundTrips(page);
    expect(policies.at(-1)).toMatch(/connect\.facebook\.net/);
    await expect.poll(() => ROUTES.filter((name) => counts()[name] === 0)).toEqual([]);
  });
});
