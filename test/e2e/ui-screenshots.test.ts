import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './fixtures/ui-page.js';
import { startUiFixture, type UiFixture } from './fixtures/ui-server.js';

const OUT = join(import.meta.dirname, '../../test-results/screenshots');

let fixture: UiFixture;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  fixture = await startUiFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const HEADINGS: Record<string, [string, string]> = {
  en: ['We use cookies', 'Cookie settings'],
  nb: ['Vi bruker informasjonskapsler', 'Innstillinger for informasjonskapsler'],
  da: ['Vi bruger cookies', 'Cookieindstillinger'],
};

// Screenshots for people to look at; the test checks the layer rendered in the page's language
// and fits the viewport (nothing cut off sideways).
describe('screenshots', () => {
  for (const lang of ['en', 'nb', 'da']) {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 375, height: 740 },
    ]) {
      for (const view of ['banner', 'preferences'] as const) {
        it(`${view} in ${lang} at ${viewport.width}×${viewport.height}`, async () => {
          const { page, close } = await openPage(fixture, { query: { lang, view, gpc: '' }, viewport });
          const panel = page.locator(view === 'banner' ? 'samtykke-ui .banner' : 'samtykke-ui [role=dialog]');
          await panel.waitFor();
          expect(await panel.locator('h2').textContent()).toBe(HEADINGS[lang]?.[view === 'banner' ? 0 : 1]);
          const box = await panel.boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
          await page.screenshot({ path: join(OUT, `${view}-${lang}-${viewport.width}x${viewport.height}.png`) });
          await close();
        });
      }
    }
  }

  for (const view of ['banner', 'preferences'] as const) {
    it(`${view} fits a 320 px wide screen in German, the longest words`, async () => {
      const { page, close } = await openPage(fixture, {
        query: { lang: 'de', view, gpc: '' },
        viewport: { width: 320, height: 640 },
      });
      const panel = page.locator(view === 'banner' ? 'samtykke-ui .banner' : 'samtykke-ui [role=dialog]');
      await panel.waitFor();
      const fits = await page.evaluate(() => {
        const root = document.querySelector('samtykke-ui')?.shadowRoot;
        return [...(root?.querySelectorAll('button, a, h2, p, label, input') ?? [])].every((el) => {
          const r = el.getBoundingClientRect();
          return r.left >= 0 && r.right <= 320;
        });
      });
      expect(fits).toBe(true);
      await page.screenshot({ path: join(OUT, `${view}-de-320x640.png`) });
      await close();
    });
  }

  for (const [name, query] of [
    ['box', { layout: 'box' }],
    ['modal', { layout: 'modal', must: '' }],
  ] as const) {
    it(`${name} layout`, async () => {
      const { page, close } = await openPage(fixture, { query });
      await page.locator('samtykke-ui .banner').waitFor();
      await page.screenshot({ path: join(OUT, `banner-${name}-en-1280x800.png`) });
      expect(await page.locator(`samtykke-ui .wrap.${name}`).count()).toBe(1);
      await close();
    });
  }

  it('dark preferences with a service list open', async () => {
    const { page, close } = await openPage(fixture, { query: { view: 'preferences' }, colorScheme: 'dark' });
    await page.locator('samtykke-ui summary').first().click();
    await page.screenshot({ path: join(OUT, 'preferences-en-dark-1280x800.png') });
    expect(await page.locator('samtykke-ui details[open]').count()).toBe(1);
    await close();
  });

  it('cookie declaration', async () => {
    const { page, close } = await openPage(fixture, {
      query: { view: 'none', declaration: '', decided: 'statistics' },
    });
    await page.locator('.samtykke-declaration').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'declaration-en-1280x800.png'), fullPage: true });
    expect(await page.locator('.samtykke-declaration table').count()).toBe(3);
    await close();
  });
});
