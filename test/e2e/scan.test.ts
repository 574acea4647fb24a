import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/index.js';
import { diffScans, emitConfig, renderHtmlReport, type ScanReport, scanSite } from '../../src/scan/index.js';
import { type Harness, loaderHead, SITE, startHarness } from './harness.js';
import { GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';

// A site with known findings, served at www.fjordkaffe.test with every vendor host mapped to the same server:
// - declared and held until consent: Google Analytics (gtag.js + a beacon), Meta Pixel, Hotjar;
// - before consent on purpose: a LinkedIn pixel <img> in the HTML (a catalogue vendor the config does not
//   declare), a pixel from an unknown host, Meta's _fbc cookie written by an inline script, and a session
//   cookie from the server's response that nobody declared;
// - declared but never used: Vimeo (stale);
// - /private is disallowed by robots.txt; /plain runs no samtykke at all (the control).
const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: {
    statistics: { services: ['google-analytics', 'hotjar'] },
    marketing: { services: ['meta-pixel', 'vimeo'] },
  },
  ledger: { endpoint: '/ledger/receipts' },
};

// gtag.js marked for samtykke: a src written in the HTML is fetched by the preload scanner before any script runs
// (the control page below shows the scanner catching exactly that).
const GA4_MARKED = GA4_SNIPPET.replace(
  '<script async src=',
  '<script type="text/plain" data-category="statistics" async src=',
);
const nav =
  '<nav><a href="/shop">Shop</a> <a href="/private">Private</a> <a href="https://elsewhere.test/">Out</a></nav>';

function sitePages(harness: Harness) {
  harness.page(
    '/',
    `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}<title>Home</title></head><body>
${nav}<h1>Home</h1>
${GA4_MARKED}
${META_SNIPPET}
<img src="https://px.ads.linkedin.com/collect?pid=42&fmt=gif" alt="">
<script>document.cookie = '_fbc=fb.1.1.IwAR; path=/; max-age=7776000';</script>
</body></html>`,
  );
  harness.page(
    '/shop',
    `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}<title>Shop</title></head><body>
${nav}<h1>Shop</h1>
${HOTJAR_SNIPPET}
<img src="https://pixel.fjordtrack.test/p.gif?u=1" alt="">
</body></html>`,
    { 'set-cookie': 'shop_session=abc123; Path=/; HttpOnly; Secure' },
  );
  harness.page('/private', '<!doctype html><html lang="en"><title>Private</title><h1>Never scanned</h1></html>');
  harness.page(
    '/plain',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No samtykke</title></head><body>
<h1>No consent manager</h1>${GA4_SNIPPET}</body></html>`,
  );
  harness.route('GET', '/robots.txt', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
  });
}

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
let harness: Harness;
let report: ScanReport;
let ledgerPosts = 0;
const progress: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  sitePages(harness);
  harness.route('*', '/ledger/receipts', (_request, response) => {
    ledgerPosts++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"acknowledgements":[]}');
  });
  report = await scanSite({
    urls: [`${SITE}/`],
    maxPages: 10,
    chromiumArgs: [`--host-resolver-rules=MAP * 127.0.0.1:${harness.port}`],
    ignoreHttpsErrors: true,
    onProgress: ({ done, queued, url }) => progress.push(`${done}/${queued} ${url}`),
  });
}, 180_000);
afterAll(() => harness?.close());

const page = (path: string) => report.pages.find((entry) => entry.url === `${SITE}${path}`);

describe('samtykke-scan on a fixture site with known trackers', () => {
  it('crawls same-origin links, honours robots.txt and reports progress', () => {
    expect(report.pages.map((entry) => [entry.url, entry.depth, entry.status, entry.samtykke, entry.accepted])).toEqual(
      [
        [`${SITE}/`, 0, 200, true, true],
        [`${SITE}/shop`, 1, 200, true, true],
      ],
    );
    expect(report.skipped).toEqual([{ url: `${SITE}/private`, reason: 'disallowed by robots.txt' }]);
    expect(progress).toEqual([`1/2 ${SITE}/`, `2/1 ${SITE}/shop`]);
    expect(report.config).toEqual({
      found: true,
      revision: 0,
      services: {
        'google-analytics': 'statistics',
        hotjar: 'statistics',
        'meta-pixel': 'marketing',
        vimeo: 'marketing',
      },
    });
  });

  it('finds exactly the leaks set before consent on purpose', () => {
    expect(report.leaks).toEqual([
      {
        page: `${SITE}/`,
        kind: 'request',
        name: 'px.ads.linkedin.com',
        status: 'undeclared',
        service: 'linkedin-insight',
        category: 'marketing',
      },
      {
        page: `${SITE}/`,
        kind: 'cookie',
        name: '_fbc',
        status: 'declared',
        service: 'meta-pixel',
        category: 'marketing',
      },
      { page: `${SITE}/shop`, kind: 'request', name: 'pixel.fjordtrack.test', status: 'unknown' },
      { page: `${SITE}/shop`, kind: 'cookie', name: 'shop_session', status: 'unknown' },
    ]);
    expect(report.summary).toEqual({ pages: 2, leaks: 4, undeclared: 3, stale: 1, skipped: 1 });
  });

  it('names the undeclared trackers and the stale declaration', () => {
    expect(report.undeclared.map((entry) => [entry.kind, entry.id, entry.category ?? null, entry.evidence])).toEqual([
      ['cookie', 'shop_session', null, ['cookie shop_session']],
      ['host', 'pixel.fjordtrack.test', null, ['request pixel.fjordtrack.test']],
      ['vendor', 'linkedin-insight', 'marketing', ['request px.ads.linkedin.com']],
    ]);
    expect(report.stale).toEqual([{ service: 'vimeo', category: 'marketing' }]);
  });

  it('records cookies with domain, party, phase and who set them', () => {
    const cookies = (path: string) =>
      page(path)?.cookies.map((cookie) => [cookie.name, cookie.domain, cookie.party, cookie.phase, cookie.status]);
    expect(cookies('/')).toEqual([
      ['_fbc', 'www.fjordkaffe.test', 'first', 'before', 'declared'],
      ['_fbp', '.fjordkaffe.test', 'first', 'after', 'declared'],
      ['_ga', '.fjordkaffe.test', 'first', 'after', 'declared'],
      ['_ga_TEST123', '.fjordkaffe.test', 'first', 'after', 'declared'],
      ['_gid', '.fjordkaffe.test', 'first', 'after', 'declared'],
      ['samtykke', 'www.fjordkaffe.test', 'first', 'after', 'own'],
      // The marker of waiting receipts, written with the first receipt.
      ['samtykke_w', 'www.fjordkaffe.test', 'first', 'after', 'own'],
    ]);
    const home = page('/');
    expect(home?.cookies.find((cookie) => cookie.name === '_fbc')?.setBy).toEqual([`script inline script on ${SITE}/`]);
    expect(home?.cookies.find((cookie) => cookie.name === '_ga')?.setBy).toEqual([
      'script https://www.googletagmanager.com/gtag/js?id=G-TEST123',
    ]);
    expect(home?.cookies.find((cookie) => cookie.name === '_ga')?.expires).toMatch(/^\d{4}-\d\d-\d\dT/);
    const shop = page('/shop');
    expect(shop?.cookies.find((cookie) => cookie.name === 'shop_session')).toMatchObject({
      phase: 'before',
      expires: 'session',
      setBy: [`response ${SITE}/shop`],
      leak: true,
    });
    expect(cookies('/shop')).toEqual([
      ['shop_session', 'www.fjordkaffe.test', 'first', 'before', 'unknown'],
      ['_hjSession_1234', 'www.fjordkaffe.test', 'first', 'after', 'declared'],
      ['_hjSessionUser_1234', 'www.fjordkaffe.test', 'first', 'after', 'declared'],
      ['samtykke', 'www.fjordkaffe.test', 'first', 'after', 'own'],
      ['samtykke_w', 'www.fjordkaffe.test', 'first', 'after', 'own'],
    ]);
  });

  it('records local and session storage and IndexedDB keys after consent, and nothing before', () => {
    const storage = (path: string) =>
      page(path)?.storage.map((entry) => [entry.area, entry.key, entry.phase, entry.status, entry.service ?? null]);
    expect(storage('/shop')).toEqual([
      ['indexedDB', 'samtykke/receipts', 'after', 'own', null],
      ['localStorage', '_hjLocalStorageTest', 'after', 'declared', 'hotjar'],
      ['localStorage', 'samtykke:outbox', 'after', 'own', null],
      ['sessionStorage', '_hjSessionStorageTest', 'after', 'declared', 'hotjar'],
    ]);
  });

  it('records requests to other sites with type and initiator, and classifies them', () => {
    const requests = page('/')?.requests.map((request) => [
      request.host,
      request.type,
      request.phase,
      request.status,
      request.service ?? null,
    ]);
    expect(requests).toEqual([
      ['px.ads.linkedin.com', 'image', 'before', 'undeclared', 'linkedin-insight'],
      ['connect.facebook.net', 'script', 'after', 'declared', 'meta-pixel'],
      // After consent the page is loaded once more, so the pixel in the HTML comes again.
      ['px.ads.linkedin.com', 'image', 'after', 'undeclared', 'linkedin-insight'],
      ['region1.google-analytics.com', 'ping', 'after', 'declared', 'google-analytics'],
      ['www.facebook.com', 'image', 'after', 'declared', 'meta-pixel'],
      ['www.googletagmanager.com', 'script', 'after', 'declared', 'google-analytics'],
    ]);
    const home = page('/');
    expect(home?.requests.find((request) => request.host === 'px.ads.linkedin.com')?.initiator).toBe(`${SITE}/`);
    expect(home?.requests.find((request) => request.host === 'region1.google-analytics.com')?.initiator).toBe(
      'https://www.googletagmanager.com/gtag/js?id=G-TEST123',
    );
    // The query string can carry identifiers; the report keeps origin and path only.
    expect(home?.requests.find((request) => request.host === 'px.ads.linkedin.com')?.url).toBe(
      'https://px.ads.linkedin.com/collect',
    );
  });

  it("keeps the scan's own Accept all out of the site's ledger", () => {
    expect(ledgerPosts).toBe(0);
    expect(page('/')?.notes).toEqual([
      `receipts to ${SITE}/ledger/receipts were not delivered: a scan is not a visitor`,
    ]);
  });

  it('summarises per vendor, and emits a config skeleton samtykke accepts', () => {
    expect(report.vendors.map((vendor) => [vendor.id, vendor.status, vendor.beforeConsent, vendor.pages])).toEqual([
      ['google-analytics', 'declared', false, 1],
      ['hotjar', 'declared', false, 1],
      ['meta-pixel', 'declared', true, 1],
      ['linkedin-insight', 'undeclared', true, 1],
      ['pixel.fjordtrack.test', 'unknown', true, 1],
    ]);
    const skeleton = emitConfig(report);
    expect(skeleton).toEqual({
      categories: {
        statistics: { services: ['google-analytics', 'hotjar'] },
        marketing: {
          services: [
            'meta-pixel',
            'linkedin-insight',
            { id: 'pixel-fjordtrack-test', name: 'pixel.fjordtrack.test', hosts: ['pixel.fjordtrack.test'] },
            {
              id: 'site-cookies',
              name: 'Cookies of the site itself (check each one)',
              cookies: [{ name: 'shop_session', expiry: 'session' }],
            },
          ],
        },
      },
    });
    expect(() => normalizeConfig({ controller: { name: 'Fjordkaffe AS' }, ...skeleton })).not.toThrow();
  });

  it('diffs against a baseline: nothing for the same scan, the new and the gone otherwise', () => {
    expect(diffScans(report, report, 'same.json')).toEqual({ baseline: 'same.json', added: [], removed: [] });
    const older: ScanReport = structuredClone(report);
    older.vendors = older.vendors.filter((vendor) => vendor.id !== 'linkedin-insight');
    older.leaks = older.leaks.filter((leak) => leak.name !== 'px.ads.linkedin.com');
    older.stale = [];
    expect(diffScans(older, report, 'older.json')).toEqual({
      baseline: 'older.json',
      added: [
        `leak: request px.ads.linkedin.com on /`,
        'stale declaration: vimeo',
        'vendor linkedin-insight: undeclared',
      ],
      removed: [],
    });
  });

  it('writes an HTML report with the summary first and a table per page and per vendor, axe clean', async () => {
    const html = renderHtmlReport(report);
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('id="leaks"'));
    expect(html.indexOf('id="leaks"')).toBeLessThan(html.indexOf('id="vendors"'));
    expect(html.indexOf('id="vendors"')).toBeLessThan(html.indexOf('id="pages"'));
    expect(html).toContain('4 leak(s) before consent and 3 undeclared tracker(s).');
    expect(html.match(/<details/g)).toHaveLength(2);
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const view = await context.newPage();
      await view.setContent(html);
      await view.addScriptTag({ path: join(process.cwd(), 'node_modules/axe-core/axe.min.js') });
      const violations = await view.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string }> }> } }).axe;
        return (await axe.run()).violations.map((violation) => violation.id);
      });
      expect(violations).toEqual([]);
      mkdirSync(SHOTS, { recursive: true });
      await view.screenshot({ path: join(SHOTS, 'scan-report.png') });
      await view.screenshot({ path: join(SHOTS, 'scan-report-full.png'), fullPage: true });
      await view.setViewportSize({ width: 320, height: 800 });
      await view.screenshot({ path: join(SHOTS, 'scan-report-320.png') });
    } finally {
      await context.close();
    }
  });
});

describe('samtykke-scan on a page without samtykke (the control)', () => {
  it('records it once, and everything the snippet does is a leak of an undeclared vendor', async () => {
    const plain = await scanSite({
      urls: [`${SITE}/plain`],
      depth: 0,
      chromiumArgs: [`--host-resolver-rules=MAP * 127.0.0.1:${harness.port}`],
      ignoreHttpsErrors: true,
    });
    expect(plain.config).toEqual({ found: false, services: {} });
    expect(plain.pages[0]?.notes).toEqual([
      'samtykke is not running on this page: recorded once, without a consent step',
    ]);
    expect(plain.leaks.map((leak) => [leak.kind, leak.name, leak.status, leak.service ?? null])).toEqual([
      ['request', 'region1.google-analytics.com', 'undeclared', 'google-analytics'],
      ['request', 'www.googletagmanager.com', 'undeclared', 'google-analytics'],
      ['cookie', '_ga', 'undeclared', 'google-analytics'],
      ['cookie', '_ga_TEST123', 'undeclared', 'google-analytics'],
      ['cookie', '_gid', 'undeclared', 'google-analytics'],
    ]);
    expect(plain.undeclared.map((entry) => entry.id)).toEqual(['google-analytics']);
    expect(plain.stale).toEqual([]);
  });
});
