import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findVendor } from '../../src/core/index.js';
import { executed, type Harness, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';
import { serveSiteLoader } from './site-loaders.js';

/**
 * The per-site loader leaves the built-in vendors' cookies and storage keys to the catalogue the decide part carries
 * (core/compiled-config.ts): what it clears on a withdrawal and what `Samtykke.config` declares once that part is here
 * must still be every one of them. The owner's own cookie for a built-in vendor stays in the file.
 */
const OWN_COOKIE = { name: '_fk_ab', expiry: 'P30D' };
const SITE = {
  ...CONFIG,
  categories: {
    ...CONFIG.categories,
    marketing: {
      services: [
        ...CONFIG.categories.marketing.services.filter((id) => id !== 'meta-pixel'),
        {
          id: 'meta-pixel',
          cookies: [...(findVendor('meta-pixel')?.cookies ?? []), OWN_COOKIE],
        },
      ],
    },
  },
  blocking: { reloadOnWithdraw: false },
};
const MARKED_GA4 = GA4_SNIPPET.replace(
  '<script async src=',
  '<script type="text/plain" data-category="statistics" async src=',
);

let harness: Harness;
let context: BrowserContext;
let source = '';

beforeAll(async () => {
  harness = await startHarness();
  const loader = await serveSiteLoader(harness, 'samtykke', SITE);
  source = loader.source;
  harness.page(
    '/',
    `<!doctype html><html lang="en"><head><script src="${loader.path}"></script>${MARKED_GA4}${HOTJAR_SNIPPET}${META_SNIPPET}</head><body><h1>Fjordkaffe</h1></body></html>`,
  );
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

describe('a per-site loader without the catalogue’s cookies and storage keys', () => {
  it('holds none of the built-in vendors’ cookie names, only the owner’s own', () => {
    expect(source).not.toContain('_hjSessionUser_');
    expect(source).not.toContain('hjViewportId');
    expect(source).not.toContain('"_ga_*"');
    expect(source).toContain(OWN_COOKIE.name);
  });

  it('a withdrawal clears every cookie and storage key of the catalogue, and the config declares them once the decide part is here', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    await p.evaluate(() => {
      localStorage.setItem('_hjTLDTest', '1');
      localStorage.setItem('hjViewportId', '1');
      // biome-ignore lint/suspicious/noDocumentCookie: the owner's own cookie for the vendor, as its script writes it.
      document.cookie = '_fk_ab=1; path=/; max-age=3600; secure';
    });
    const names = async () => (await context.cookies()).map((c) => c.name).sort();
    await expect
      .poll(names)
      .toEqual(
        expect.arrayContaining(['_fbp', '_fk_ab', '_ga', '_ga_TEST123', '_hjSessionUser_1234', '_hjSession_1234']),
      );
    const declared = await p.evaluate(() => {
      type Service = { id: string; cookies: Array<{ name: string }>; storageKeys: string[] };
      const config = (window.Samtykke as unknown as { config: { categories: Array<{ services: Service[] }> } }).config;
      const services = config.categories.flatMap((c) => c.services);
      const hotjar = services.find((s) => s.id === 'hotjar');
      return {
        hotjar: [hotjar?.cookies.map((c) => c.name), hotjar?.storageKeys],
        meta: services.find((s) => s.id === 'meta-pixel')?.cookies.map((c) => c.name),
        frozen: Object.isFrozen(hotjar?.cookies),
      };
    });
    expect(declared).toEqual({
      hotjar: [findVendor('hotjar')?.cookies.map((c) => c.name), findVendor('hotjar')?.storageKeys],
      meta: [...(findVendor('meta-pixel')?.cookies.map((c) => c.name) ?? []), OWN_COOKIE.name],
      frozen: true,
    });
    await p.evaluate(() => window.Samtykke?.withdraw());
    // What stays is samtykke's own: the decision and the marker of receipts that may wait.
    await expect.poll(names).toEqual(['samtykke', 'samtykke_w']);
    expect(await p.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('hj')))).toEqual([]);
  });
});
