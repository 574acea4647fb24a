import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';

const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['meta-pixel'] } },
};
const page = (lang: string, bundle?: string) =>
  `<!doctype html><html lang="${lang}"><head>${loaderHead(CONFIG, bundle)}</head><body><h1>Fjordkaffe</h1><p>Kaffe fra fjorden.</p></body></html>`;

let harness: Harness;
let context: BrowserContext;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page('en'));
  harness.page('/nb', page('nb'));
  harness.page('/one-file', page('en', '/dist/samtykke.all.js'));
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/**
 * The samtykke files the browser really fetched from the site, sorted: the runtime and the first layer are
 * requested together, so either may reach the server first.
 */
const fetched = () =>
  harness.requests
    .filter((r) => r.path.startsWith('/dist/'))
    .map((r) => r.path)
    .sort();
const banner = (p: Page) => p.getByRole('region', { name: /cookie|informasjonskapsler/i });
const deepFocus = (p: Page) =>
  p.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('aria-label') || active?.textContent?.trim() || null;
  });

describe('a first visit asks with the loader, the runtime, the first layer and the part that decides only', () => {
  it('the banner appears from samtykke.js, samtykke-runtime.js and samtykke-banner.en.js; the preferences come on Customise', async () => {
    const p = await harness.open(context, '/');
    await expect.poll(() => banner(p).isVisible()).toBe(true);
    // The runtime is asked for once the banner has painted.
    await expect
      .poll(() => fetched())
      .toEqual([
        '/dist/samtykke-banner.en.js',
        '/dist/samtykke-decide.js',
        '/dist/samtykke-runtime.js',
        '/dist/samtykke.js',
      ]);
    await roundTrips(p);
    // Customise loads the preferences (once), focus goes into them and back to the button on close.
    const customise = p.getByRole('button', { name: 'Customise' });
    await customise.focus();
    await p.keyboard.press('Enter');
    await p.getByRole('dialog').waitFor();
    expect(fetched()).toEqual([
      '/dist/samtykke-banner.en.js',
      '/dist/samtykke-decide.js',
      '/dist/samtykke-runtime.js',
      '/dist/samtykke-ui.en.js',
      '/dist/samtykke.js',
    ]);
    await expect.poll(() => deepFocus(p)).toBe('Close');
    await p.keyboard.press('Escape');
    expect(await p.getByRole('dialog').count()).toBe(0);
    expect(await deepFocus(p)).toBe('Customise');
    // A second look at the preferences fetches nothing new.
    await p.keyboard.press('Enter');
    await p.getByRole('dialog').waitFor();
    expect(fetched().filter((path) => path.startsWith('/dist/samtykke-ui'))).toHaveLength(1);
  });

  it('a choice on the first layer is the visitor’s: a real click closes it without fetching the preferences', async () => {
    const p = await harness.open(context, '/');
    await p.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => banner(p).count()).toBe(0);
    // Recorded once the runtime's part that decides has come (a first visit requests it after the paint).
    await expect.poll(() => p.evaluate(() => window.Samtykke?.getDecision()?.granted)).toEqual(['necessary']);
    await roundTrips(p);
    expect(fetched().some((path) => path.startsWith('/dist/samtykke-ui'))).toBe(false);
  });

  it('each language gets its own small file: a Norwegian page fetches samtykke-banner.nb.js', async () => {
    const p = await harness.open(context, '/nb');
    await expect.poll(() => banner(p).isVisible()).toBe(true);
    expect(await p.getByRole('heading', { level: 2 }).textContent()).toBe('Vi bruker informasjonskapsler');
    // The runtime is requested once the banner has painted, so network idle can come before it: poll.
    await expect
      .poll(() => fetched())
      .toEqual([
        '/dist/samtykke-banner.nb.js',
        '/dist/samtykke-decide.js',
        '/dist/samtykke-runtime.js',
        '/dist/samtykke.js',
      ]);
  });

  it('a returning visitor fetches neither the first layer nor the preferences, only the loader and the runtime', async () => {
    const p = await harness.open(context, '/');
    await p.getByRole('button', { name: 'Accept all' }).click();
    // Saved (a click before the runtime arrived is carried out when it comes).
    await expect.poll(() => p.evaluate(() => document.cookie)).toContain('samtykke=');
    // Its receipt stored, so no decision waits for the ledger (and the part that records it) on the next page.
    await expect.poll(() => p.evaluate(() => localStorage.getItem('samtykke:journal'))).toBeNull();
    harness.clearLog();
    await p.reload({ waitUntil: 'load' });
    await runtimeStarted(p);
    expect(fetched().filter((path) => !path.startsWith('/dist/samtykke-ledger'))).toEqual([
      '/dist/samtykke-runtime.js',
      '/dist/samtykke.js',
    ]);
    expect(await banner(p).count()).toBe(0);
  });

  it('the one-file build shows the same first layer with no other file', async () => {
    const p = await harness.open(context, '/one-file');
    await expect.poll(() => banner(p).isVisible()).toBe(true);
    await p.getByRole('button', { name: 'Customise' }).click();
    await p.getByRole('dialog').waitFor();
    await roundTrips(p);
    expect(fetched()).toEqual(['/dist/samtykke.all.js']);
  });
});
