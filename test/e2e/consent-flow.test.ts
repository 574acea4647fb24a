import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, grantedOn, type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';

const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: { statistics: { services: ['google-analytics', 'hotjar'] }, marketing: { services: ['meta-pixel'] } },
};

/** Owner-marked tags: a library, an inline snippet that needs it, a marketing pixel, one more at the end of body. */
const PAGE = `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}
<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>
<script type="text/plain" data-category="statistics">window.__inlineSawGtag = (window.__executed || []).includes('gtag');</script>
<script type="text/plain" data-category="marketing" src="https://connect.facebook.net/en_US/fbevents.js"></script>
</head><body><h1>Fjordkaffe</h1><p>Kaffe fra fjorden.</p>
<script type="text/plain" data-category="statistics" data-src="https://static.hotjar.com/c/hotjar-1234.js?sv=6"></script>
</body></html>`;

let harness: Harness;
let context: BrowserContext;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', PAGE);
  harness.page('/bad-config', PAGE.replace('"categories"', '"categoreis"'));
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const banner = (page: Page) => page.getByRole('region', { name: /cookie/i });

describe('first visit', () => {
  it('shows the banner and requests or runs no gated script', async () => {
    const page = await harness.open(context, '/');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await roundTrips(page);
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await executed(page)).toEqual([]);
  });
});

describe('accept all', () => {
  it('runs every gated script in document order, the inline one after the library it needs', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(page)).toEqual(['gtag', 'meta', 'hotjar']);
    expect(await page.evaluate(() => (window as unknown as { __inlineSawGtag: boolean }).__inlineSawGtag)).toBe(true);
    await expect.poll(() => banner(page).isVisible()).toBe(false);
  });

  it('remembers the choice: after a reload no banner, and the scripts run at once', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(page)).toHaveLength(3);
    harness.clearLog();
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => executed(page)).toEqual(['gtag', 'meta', 'hotjar']);
    await roundTrips(page);
    expect(await banner(page).count()).toBe(0);
    expect(harness.requests.filter((r) => r.path.startsWith('/dist/samtykke-ui')).length).toBe(0);
  });
});

describe('reject all', () => {
  it('requests nothing, also after a reload', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => grantedOn(page)).toEqual(['necessary']);
    await page.reload({ waitUntil: 'load' });
    await runtimeStarted(page);
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await executed(page)).toEqual([]);
    const cookie = (await context.cookies()).find((c) => c.name === 'samtykke');
    expect(cookie?.value).toMatch(/^1%7C[0-9a-f-]{36}%7C0%7C/);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBe(true);
  });
});

describe('keyboard only', () => {
  const tabTo = async (page: Page, name: string) => {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        return element?.textContent?.trim();
      });
      if (focused === name) return;
    }
    throw new Error(`could not reach "${name}" with Tab`);
  };

  it('rejects with Tab and Enter', async () => {
    const page = await harness.open(context, '/');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await tabTo(page, 'Reject all');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.Samtykke?.getDecision()?.granted)).toEqual(['necessary']);
    await roundTrips(page);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });

  it('accepts with Tab and Enter', async () => {
    const page = await harness.open(context, '/');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await tabTo(page, 'Accept all');
    await page.keyboard.press('Enter');
    await expect.poll(() => executed(page)).toEqual(['gtag', 'meta', 'hotjar']);
  });
});

describe('a bad config', () => {
  it('logs the ConfigError with its path and keeps everything blocked, even with a stored consent', async () => {
    const granted = await harness.open(context, '/');
    await granted.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(granted)).toHaveLength(3);
    harness.clearLog();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`https://www.fjordkaffe.test/bad-config`, { waitUntil: 'load' });
    await expect
      .poll(() => errors.join('\n'))
      .toContain('samtykke: config.categoreis: unknown option. Did you mean "categories"?');
    await roundTrips(page);
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await executed(page)).toEqual([]);
    // Page code calling samtykke keeps working: an inert stand-in that grants nothing.
    expect(await page.evaluate(() => window.Samtykke?.isGranted('statistics'))).toBe(false);
  });
});
