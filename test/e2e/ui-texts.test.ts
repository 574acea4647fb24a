import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { openPage } from './fixtures/ui-page.js';
import { startUiFixture, type UiFixture } from './fixtures/ui-server.js';

const OUT = join(import.meta.dirname, '../../test-results/screenshots/texts');
const DOCS = join(import.meta.dirname, '../../docs/screenshots');

let fixture: UiFixture;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  fixture = await startUiFixture();
});
afterAll(async () => {
  await fixture?.close();
});

/** Open the fixture with the built-in vendors in `lang`. */
const open = (lang: string, view: string, width: number, extra: Record<string, string> = {}) =>
  openPage(fixture, { query: { lang, view, vendors: '', ...extra }, viewport: { width, height: 740 } });

type TestWindow = { samtykkeTest: { handle: { showPreferences(): void; hide(): void } } };
const showPreferences = (page: Page) =>
  page.evaluate(() => (window as unknown as TestWindow).samtykkeTest.handle.showPreferences());

/**
 * Words of a button's label that the layout split over two lines. A word broken by the browser has
 * more than one line box: its range gives one client rect per line.
 */
function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const roots: ParentNode[] = [document, document.querySelector('samtykke-ui')?.shadowRoot ?? document];
    const broken: string[] = [];
    for (const root of roots) {
      for (const el of root.querySelectorAll(sel)) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index ?? 0);
            range.setEnd(node, (match.index ?? 0) + match[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) broken.push(match[0]);
          }
        }
      }
    }
    return broken;
  }, selector);
}

const BUTTONS = '.btn, .link, summary, .samtykke-declaration button';

describe('buttons never break inside a word', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}, 320 to 414 px and 1280 px`, async () => {
      const { page, close } = await open(lang, 'banner', 320, { declaration: '', decided: 'statistics,marketing' });
      await page.locator('samtykke-ui .banner').waitFor();
      for (const width of [320, 340, 360, 375, 390, 414, 1280]) {
        await page.setViewportSize({ width, height: 740 });
        expect(await brokenWords(page, BUTTONS), `banner at ${width} px`).toEqual([]);
      }
      await showPreferences(page);
      await page.locator('samtykke-ui [role=dialog]').waitFor();
      for (const width of [320, 360, 375, 414, 1280]) {
        await page.setViewportSize({ width, height: 740 });
        expect(await brokenWords(page, BUTTONS), `preferences at ${width} px`).toEqual([]);
      }
      await close();
    });
  }
});

describe('texts in every shipped language', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: banner, preferences and declaration log no warning`, async () => {
      const { page, errors, logged, close } = await open(lang, 'banner', 1280, { declaration: '', decided: '' });
      await page.locator('samtykke-ui .banner').waitFor();
      await showPreferences(page);
      await page.locator('samtykke-ui [role=dialog]').waitFor();
      await page.locator('.samtykke-declaration').waitFor();
      expect([...logged, ...errors]).toEqual([]);
      await close();
    });
  }
});

const SIZES = [
  { width: 320, height: 640 },
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];

describe('screenshots at 320, 375 and 1280 px', () => {
  for (const lang of ['nb', 'da', 'sv', 'fi', 'en']) {
    for (const viewport of SIZES) {
      it(`${lang} at ${viewport.width}×${viewport.height}: nothing sideways, the first layer on one screen`, async () => {
        const { page, close } = await openPage(fixture, {
          query: { lang, view: 'banner', vendors: '' },
          viewport,
        });
        const banner = page.locator('samtykke-ui .banner');
        await banner.waitFor();
        const name = `${lang}-${viewport.width}x${viewport.height}`;
        await page.screenshot({ path: join(OUT, `banner-${name}.png`) });
        const fit = await banner.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return {
            top: r.top,
            bottom: r.bottom,
            left: r.left,
            right: r.right,
            scrolls: el.scrollHeight > el.clientHeight + 1,
          };
        });
        expect(fit.left).toBeGreaterThanOrEqual(0);
        expect(fit.right).toBeLessThanOrEqual(viewport.width);
        if (viewport.width >= 375) {
          // One screen: the whole first layer, text and buttons, visible without scrolling inside it.
          expect(fit.scrolls, 'the first layer scrolls').toBe(false);
          expect(fit.top).toBeGreaterThanOrEqual(0);
          expect(fit.bottom).toBeLessThanOrEqual(viewport.height);
        }
        if (viewport.width === 375 && lang !== 'en') {
          copyFileSync(join(OUT, `banner-${name}.png`), join(DOCS, `first-layer-${lang}-375.png`));
        }
        await showPreferences(page);
        await page.locator('samtykke-ui [role=dialog]').waitFor();
        await page.screenshot({ path: join(OUT, `preferences-${name}.png`) });
        await close();
      });
    }
  }
});
