import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DENIED } from '../fixtures/consent-mode-states.js';
import { executed, type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';

let harness: Harness;
let context: BrowserContext;

type Entry = unknown[];
const MARKED_GA4 = GA4_SNIPPET.replace(
  '<script async src=',
  '<script type="text/plain" data-category="statistics" async src=',
);
/** What page code sees in dataLayer right after the loader, in the same shape the fake gtag.js records. */
const SNAPSHOT = `<script>window.__seenByPage = JSON.parse(JSON.stringify(Array.from(window.dataLayer || [], function (e) { return Array.from(e && e.length !== undefined && typeof e !== 'string' ? e : [e]); })));</script>`;
/** Google Tag Manager's container snippet as Google publishes it. */
const GTM_SNIPPET = `<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-TEST');</script>`;
const OPT_OUT = `<script type="text/plain" data-category="!marketing">sessionStorage.setItem('optedOut', 'yes');</script>`;
const page = (config: unknown, head: string) =>
  `<!doctype html><html lang="en"><head>${loaderHead(config)}${SNAPSHOT}${head}</head><body><main><h1>Fjordkaffe</h1></main></body></html>`;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page(CONFIG, `${MARKED_GA4}${HOTJAR_SNIPPET}${META_SNIPPET}${OPT_OUT}`));
  harness.page(
    '/advanced',
    page({ ...CONFIG, consentMode: { mode: 'advanced' } }, `${GA4_SNIPPET}${HOTJAR_SNIPPET}${META_SNIPPET}`),
  );
  harness.page(
    '/regions',
    page(
      {
        ...CONFIG,
        consentMode: { regions: [{ region: ['US-CA', 'US'], granted: ['analytics_storage'] }], urlPassthrough: true },
      },
      '',
    ),
  );
  harness.page(
    '/gtm',
    page(
      {
        ...CONFIG,
        categories: {
          necessary: { services: ['google-tag-manager'] },
          statistics: { services: ['google-analytics', 'hotjar'] },
          marketing: { services: ['meta-pixel'] },
        },
      },
      GTM_SNIPPET,
    ),
  );
  harness.page('/no-reload', page({ ...CONFIG, blocking: { reloadOnWithdraw: false } }, `${MARKED_GA4}${OPT_OUT}`));
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const dataLayerAtGtag = (p: Page) =>
  p.evaluate(() => (window as unknown as { __dataLayerAtRun?: Record<string, Entry[]> }).__dataLayerAtRun?.gtag ?? []);
const seenByPage = (p: Page) => p.evaluate(() => (window as unknown as { __seenByPage: Entry[] }).__seenByPage);
const liveDataLayer = (p: Page) =>
  p.evaluate(() =>
    JSON.parse(
      JSON.stringify(
        Array.from((window as unknown as { dataLayer: unknown[] }).dataLayer, (e) =>
          Array.from(e && (e as ArrayLike<unknown>).length !== undefined ? (e as ArrayLike<unknown>) : [e]),
        ),
      ),
    ),
  ) as Promise<Entry[]>;
const consent = (entries: Entry[], kind: 'default' | 'update') =>
  entries.filter((e) => e[0] === 'consent' && e[1] === kind);

describe('defaults', () => {
  it('queues the default for all seven types before any page script, with wait_for_update and ads_data_redaction', async () => {
    const p = await harness.open(context, '/');
    const seen = await seenByPage(p);
    expect(seen).toEqual([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
    ]);
  });

  it('puts region-specific defaults first and sets url_passthrough when configured', async () => {
    const p = await harness.open(context, '/regions');
    expect(await seenByPage(p)).toEqual([
      [
        'consent',
        'default',
        { ...DENIED, analytics_storage: 'granted', wait_for_update: 500, region: ['US-CA', 'US'] },
      ],
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
      ['set', 'url_passthrough', true],
    ]);
  });
});

describe('updates (basic mode)', () => {
  it('accept all: gtag.js runs after the default and after the update granting ads and analytics', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(() => executed(p)).toContain('gtag');
    const atRun = await dataLayerAtGtag(p);
    expect(atRun[0]).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }]);
    // The update is already in dataLayer when the released gtag.js runs.
    expect(consent(atRun, 'update')).toEqual([
      [
        'consent',
        'update',
        {
          ...DENIED,
          ad_storage: 'granted',
          ad_user_data: 'granted',
          ad_personalization: 'granted',
          analytics_storage: 'granted',
        },
      ],
    ]);
    expect(atRun).toContainEqual([
      {
        event: 'samtykke_consent_update',
        samtykke: { granted: ['necessary', 'statistics', 'marketing'], services: [] },
      },
    ]);
  });

  it('statistics only: analytics granted, the ad types denied', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.accept(['statistics']));
    await expect.poll(() => executed(p)).toContain('gtag');
    expect(consent(await dataLayerAtGtag(p), 'update')).toEqual([
      ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }],
    ]);
  });

  it('reject all: everything denied; on the next page the stored decision is sent before any page script', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.rejectAll());
    // A first visit's runtime comes after the banner has painted, so the call may wait for it.
    await expect.poll(async () => consent(await liveDataLayer(p), 'update')).toEqual([['consent', 'update', DENIED]]);
    await p.reload({ waitUntil: 'load' });
    const seen = await seenByPage(p);
    expect(seen.slice(0, 3)).toEqual([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
      ['consent', 'update', DENIED],
    ]);
    await runtimeStarted(p);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });
});

describe('advanced mode', () => {
  it('loads Google’s tag at once with consent denied; other vendors stay blocked', async () => {
    const p = await harness.open(context, '/advanced');
    await expect.poll(() => executed(p)).toEqual(['gtag']);
    await expect
      .poll(() => harness.thirdPartyRequests().filter((r) => r.host === 'region1.google-analytics.com').length)
      .toBe(1);
    const atRun = await dataLayerAtGtag(p);
    expect(consent(atRun, 'default')).toEqual([['consent', 'default', { ...DENIED, wait_for_update: 500 }]]);
    expect(consent(atRun, 'update')).toEqual([]);
    await roundTrips(p);
    expect(harness.thirdPartyRequests().filter((r) => /hotjar|facebook/.test(r.host))).toEqual([]);
  });
});

describe('Google Tag Manager as necessary', () => {
  it('loads before consent and reads the default; what the container injects stays held until its category is granted', async () => {
    const p = await harness.open(context, '/gtm');
    await expect.poll(() => executed(p)).toEqual(['gtm']);
    const atRun = await p.evaluate(
      () => (window as unknown as { __dataLayerAtRun: Record<string, Entry[]> }).__dataLayerAtRun.gtm ?? [],
    );
    expect(atRun[0]).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }]);
    await roundTrips(p);
    const vendorHosts = () =>
      harness
        .thirdPartyRequests()
        .map((r) => r.host)
        .filter((h) => h !== 'www.googletagmanager.com');
    expect(vendorHosts()).toEqual([]);
    await p.evaluate(() => window.Samtykke?.accept(['statistics']));
    await expect.poll(() => executed(p)).toEqual(['gtm', 'hotjar']);
    expect(harness.thirdPartyRequests().map((r) => r.host + r.path)).toContain(
      'static.hotjar.com/c/hotjar-9.js?sv=gtm',
    );
    // The pixel GTM fired before consent was dropped, not kept for later.
    expect(vendorHosts().filter((h) => h.includes('facebook'))).toEqual([]);
  });
});

describe('withdrawal', () => {
  it('denies Consent Mode, deletes every vendor cookie and storage key on all variants, runs opt-out scripts, reloads into a blocked page', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(() => executed(p)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
    // Extra variants a site may end up with: a host-only GA cookie and one on the current path.
    await p.evaluate(() => {
      for (const cookie of ['_ga_HOSTONLY=1', '_gid=path']) {
        // biome-ignore lint/suspicious/noDocumentCookie: a host-only variant, written the way page scripts write it.
        document.cookie = `${cookie}; path=/; max-age=3600; secure`;
      }
      localStorage.setItem('_hjTLDTest', '1');
    });
    const names = async () => (await context.cookies()).map((c) => `${c.name}@${c.domain}`).sort();
    // The page's cookie writes reach the browser's cookie store on their own time.
    await expect
      .poll(names)
      .toEqual(
        expect.arrayContaining([
          '_fbp@.fjordkaffe.test',
          '_ga@.fjordkaffe.test',
          '_ga_TEST123@.fjordkaffe.test',
          '_gid@.fjordkaffe.test',
          '_gid@www.fjordkaffe.test',
          '_ga_HOSTONLY@www.fjordkaffe.test',
          '_hjSessionUser_1234@www.fjordkaffe.test',
          '_hjSession_1234@www.fjordkaffe.test',
        ]),
      );
    harness.clearLog();
    const reloaded = p.waitForEvent('load');
    await p.evaluate(() => setTimeout(() => window.Samtykke?.withdraw(), 0));
    await reloaded;
    await runtimeStarted(p);
    // samtykke's own cookies stay: the decision and the marker of receipts that may wait (core/own-storage.ts).
    await expect.poll(names).toEqual(['samtykke@www.fjordkaffe.test', 'samtykke_w@www.fjordkaffe.test']);
    const storage = await p.evaluate(() => [Object.keys(localStorage), Object.keys(sessionStorage)]);
    expect(storage).toEqual([[], ['optedOut']]);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await p.evaluate(() => window.Samtykke?.getDecision()?.granted)).toEqual(['necessary']);
    expect(consent(await seenByPage(p), 'update')).toEqual([['consent', 'update', DENIED]]);
    // The withdrawal receipt is kept across the reload and records what Google was told.
    const receipts = await p.evaluate(async () =>
      (await window.Samtykke?.ledger.list())?.map((e) => [e.receipt.event.state, e.receipt.consentMode?.ad_storage]),
    );
    expect(receipts).toEqual([
      ['given', 'granted'],
      ['withdrawn', 'denied'],
    ]);
  });

  it('with reloadOnWithdraw off, cleans up and tells Google without reloading', async () => {
    const p = await harness.open(context, '/no-reload');
    await p.evaluate(() => window.Samtykke?.accept(['statistics', 'marketing']));
    await expect.poll(() => executed(p)).toContain('gtag');
    await p.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
      window.Samtykke?.withdraw();
    });
    await expect.poll(() => p.evaluate(() => sessionStorage.getItem('optedOut'))).toBe('yes');
    expect(await p.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect
      .poll(async () => (await context.cookies()).map((c) => c.name).sort())
      .toEqual(['samtykke', 'samtykke_w']);
    expect(consent(await liveDataLayer(p), 'update').at(-1)).toEqual(['consent', 'update', DENIED]);
  });
});
