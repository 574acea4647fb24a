import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DENIED } from '../fixtures/consent-mode-states.js';
import { executed, type Harness, roundTrips, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';
import { serveSiteLoader } from './site-loaders.js';

/**
 * The per-site loader comes from one of two templates: a config with Consent Mode off gets the one without its code
 * (`samtykke.site.no-consent-mode.js`), any other the full one. Each site here is built by `build-loader` as an owner
 * builds it, and served with the page's own scripts after the loader's tag.
 */
type Entry = unknown[];
/** What page code sees in dataLayer right after the loader, as arrays (gtag pushes `arguments` objects). */
const SNAPSHOT = `<script>window.__seenByPage = JSON.parse(JSON.stringify(Array.from(window.dataLayer || [], function (e) { return Array.from(e && e.length !== undefined && typeof e !== 'string' ? e : [e]); })));</script>`;
const MARKED_GA4 = GA4_SNIPPET.replace(
  '<script async src=',
  '<script type="text/plain" data-category="statistics" async src=',
);
const page = (loader: string) =>
  `<!doctype html><html lang="en"><head><script src="${loader}"></script>${SNAPSHOT}${MARKED_GA4}${HOTJAR_SNIPPET}${META_SNIPPET}</head><body><h1>Fjordkaffe</h1></body></html>`;

let harness: Harness;
let context: BrowserContext;
/** Each site's loader source, by the site's name. */
const sources = new Map<string, string>();

/** Builds a site's loader from `config` and serves it, with its page at `/<site>`. */
async function buildSite(site: string, config: unknown): Promise<void> {
  const loader = await serveSiteLoader(harness, site, config);
  sources.set(site, loader.source);
  harness.page(`/${site}`, page(loader.path));
}

beforeAll(async () => {
  harness = await startHarness();
  await buildSite('with', CONFIG);
  await buildSite('without', { ...CONFIG, consentMode: { enabled: false } });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const seenByPage = (p: Page) => p.evaluate(() => (window as unknown as { __seenByPage: Entry[] }).__seenByPage);
const consentCommands = (p: Page) =>
  p.evaluate(() =>
    Array.from((window as unknown as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? [], (e) =>
      Array.from(e && e.length !== undefined ? e : []),
    ).filter((e) => e[0] === 'consent'),
  );
const loaderOf = (site: string) => sources.get(site) ?? '';

describe('the per-site loader keeps Consent Mode exactly where the config has it', () => {
  it('Consent Mode on (the default): the full template, the defaults queued before any page script, the update on "Accept all"', async () => {
    expect(loaderOf('with')).toContain('ads_data_redaction');
    const p = await harness.open(context, '/with');
    expect(await seenByPage(p)).toEqual([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
    ]);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    const update = (await consentCommands(p)).find((e) => e[1] === 'update');
    expect(update?.[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'granted' });
  });

  it('Consent Mode off: the template without its code; nothing queued, every tracker held, then released on "Accept all"', async () => {
    const source = loaderOf('without');
    expect(source).not.toContain('ads_data_redaction');
    expect(source).not.toContain('wait_for_update');
    const p = await harness.open(context, '/without');
    expect(await seenByPage(p)).toEqual([]);
    await p.getByRole('button', { name: 'Accept all' }).waitFor();
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    // gtag.js's own snippet fills dataLayer; samtykke added no consent command to it.
    expect(await consentCommands(p)).toEqual([]);
  });
});
