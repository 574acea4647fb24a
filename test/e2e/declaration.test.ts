/**
 * The cookie declaration in real Chromium: withdrawing one service from it by keyboard on a real page (its tracker's
 * cookies go, the rest stays), axe-core on the declaration, its layout at 320 and 1280 px in the Nordic languages
 * and English, and the preferences' "Always on" label at 320 px in every language.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { axeViolations, focused, openPage, tabTo } from './fixtures/ui-page.js';
import { startUiFixture, type UiFixture } from './fixtures/ui-server.js';
import { executed, type Harness, loaderHead, startHarness } from './harness.js';

const OUT = join(import.meta.dirname, '../../test-results/screenshots');

const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: {
    statistics: { services: ['google-analytics', 'hotjar'] },
    marketing: { services: ['meta-pixel'] },
  },
};
const GTAG =
  '<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>';
const META =
  '<script type="text/plain" data-category="marketing" src="https://connect.facebook.net/en_US/fbevents.js"></script>';
const page = (config: unknown) =>
  `<!doctype html><html lang="en"><head>${loaderHead(config)}${GTAG}${META}<title>Cookies</title></head><body><main><h1>Cookies</h1><h2>Cookies on this site</h2><div data-samtykke-declaration></div></main></body></html>`;

const WITHDRAW_GA = 'Withdraw consent for Google Analytics';
const standing = (p: Page, service: string) =>
  p.locator(`tr[data-service="${service}"] .samtykke-standing`).textContent();
const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name);
const events = (p: Page) =>
  p.evaluate(async () => (await window.Samtykke?.ledger.list())?.map((entry) => entry.receipt.event) ?? []);

describe('withdrawing one service from the declaration, in a real page', () => {
  let harness: Harness;
  let context: BrowserContext;

  beforeAll(async () => {
    harness = await startHarness();
    harness.page('/cookies', page(CONFIG));
    harness.page('/cookies-in-place', page({ ...CONFIG, blocking: { reloadOnWithdraw: false } }));
  });
  afterAll(() => harness?.close());
  beforeEach(async () => {
    context = await harness.nextTest();
  });

  /** Accept all, and the control: the trackers really ran and set their cookies. */
  const acceptAll = async (path: string) => {
    const p = await harness.open(context, path);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(p)).toEqual(['gtag', 'meta']);
    await expect.poll(() => cookieNames(context)).toEqual(expect.arrayContaining(['_ga', '_ga_TEST123', '_fbp']));
    // The declaration is drawn again once the decision is carried out.
    await expect.poll(() => standing(p, 'google-analytics')).toBe('Allowed');
    return p;
  };

  it('by keyboard: Google Analytics and its cookies go, Meta Pixel stays, the receipt says the visitor withdrew', async () => {
    const p = await acceptAll('/cookies');
    await p.locator('h1').click();
    expect(await tabTo(p, WITHDRAW_GA)).toBeGreaterThan(0);
    const reloaded = p.waitForEvent('load');
    await p.keyboard.press('Enter');
    // Code that already ran cannot be unloaded: the page starts afresh once its cookies are gone.
    await reloaded;
    await expect.poll(() => standing(p, 'google-analytics')).toBe('Refused');
    // Deleted by the page before it reloaded; the browser's cookie store hears of it on its own time.
    await expect
      .poll(async () => (await cookieNames(context)).filter((name) => ['_ga', '_ga_TEST123', '_gid'].includes(name)))
      .toEqual([]);
    expect(await cookieNames(context)).toContain('_fbp');
    // Released again on the fresh page, on its own time.
    await expect.poll(() => executed(p)).toEqual(['meta']);
    expect(await standing(p, 'meta-pixel')).toBe('Allowed');
    expect(await p.locator('[data-category="statistics"] .samtykke-badge').textContent()).toBe('Partly allowed');
    await expect
      .poll(async () => (await events(p)).at(-1))
      .toMatchObject({
        state: 'withdrawn',
        action: 'withdraw',
        layer: 2,
        // What was taken back: one service, its category still partly allowed.
        withdrawn: { categories: [], services: ['google-analytics'] },
      });
  });

  it('without a reload: updated at once, announced, focus stays on the row', async () => {
    const p = await acceptAll('/cookies-in-place');
    await p.locator('h1').click();
    expect(await tabTo(p, WITHDRAW_GA)).toBeGreaterThan(0);
    await p.keyboard.press('Space');
    expect(await standing(p, 'google-analytics')).toBe('Refused');
    expect(await p.locator('.samtykke-declaration [role="status"]').textContent()).toBe(
      'Consent for Google Analytics was withdrawn.',
    );
    expect(await focused(p)).toBe('Refused');
    await expect.poll(() => cookieNames(context)).not.toContain('_ga');
    expect(await cookieNames(context)).toContain('_fbp');
    // Tab goes on from where the button was: into the next service's row.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-service'))).toBe('hotjar');
  });
});

describe('the declaration page', () => {
  let fixture: UiFixture;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    fixture = await startUiFixture();
  });
  afterAll(() => fixture?.close());

  const declared = { view: 'none', declaration: '', vendors: '', decided: 'statistics' };

  for (const width of [320, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no axe-core violations at ${width} px, ${colorScheme}`, async () => {
        const { page: p, close } = await openPage(fixture, {
          query: declared,
          colorScheme,
          viewport: { width, height: 800 },
        });
        await p.locator('.samtykke-declaration').waitFor();
        expect(await axeViolations(p)).toEqual([]);
        await close();
      });
    }
  }

  for (const lang of ['nb', 'da', 'fi', 'en']) {
    for (const width of [320, 1280]) {
      it(`${lang} at ${width} px: a table on a wide screen, stacked cards on a phone, nothing wider than the page`, async () => {
        const {
          page: p,
          errors,
          close,
        } = await openPage(fixture, {
          query: { ...declared, lang },
          viewport: { width, height: 900 },
        });
        const table = p.locator('.samtykke-declaration table').first();
        await table.waitFor();
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // The table fits its column: nothing hides behind its scrollbar.
        const clipped = await p.evaluate(
          () =>
            [...document.querySelectorAll('.samtykke-scroll')].filter((el) => el.scrollWidth > el.clientWidth).length,
        );
        expect(clipped).toBe(0);
        const display = await table.evaluate((el) => getComputedStyle(el).display);
        expect(display).toBe(width === 320 ? 'block' : 'table');
        // Every button and link lies inside the page, and no button breaks inside a word.
        const outside = await p.evaluate((w) => {
          const bad: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('.samtykke-declaration :is(button, a, code)')) {
            const r = el.getBoundingClientRect();
            if (r.left < 0 || r.right > w) bad.push(el.textContent ?? '');
          }
          return bad;
        }, width);
        expect(outside).toEqual([]);
        // One screen from the statistics table on: a table row with its cookies nested and its withdraw control.
        await p.locator('[data-category="statistics"]').evaluate((el) => el.scrollIntoView());
        await p.screenshot({ path: join(OUT, `declaration-${lang}-${width}.png`) });
        expect(errors).toEqual([]);
        await close();
      });
    }
  }

  it.each(LANGUAGES)('%s preferences at 320 px: "Always on" and every switch stay inside the dialog', async (lang) => {
    const { page: p, close } = await openPage(fixture, {
      query: { view: 'preferences', vendors: '', lang },
      viewport: { width: 320, height: 640 },
    });
    const dialog = p.locator('samtykke-ui [role=dialog]');
    await dialog.waitFor();
    const overflowing = await p.evaluate(() => {
      const root = document.querySelector('samtykke-ui')?.shadowRoot;
      const body = root?.querySelector('.dialog .body');
      if (!root || !body) return ['no dialog'];
      // The content box: the switch must not sit in the dialog's padding either.
      const box = body.getBoundingClientRect();
      const style = getComputedStyle(body);
      const left = box.left + Number.parseFloat(style.paddingLeft);
      const right = box.right - Number.parseFloat(style.paddingRight);
      const bad = [...root.querySelectorAll('.on, .switch, .row label')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < left - 0.5 || r.right > right + 0.5;
        })
        .map((el) => `outside: ${el.textContent || el.id}`);
      // "Always on" is read as one phrase: on one line.
      for (const label of root.querySelectorAll('.on > span')) {
        const range = document.createRange();
        range.selectNodeContents(label);
        if (range.getClientRects().length > 1) bad.push(`wraps: ${label.textContent}`);
      }
      return bad;
    });
    expect(overflowing).toEqual([]);
    if (lang === 'fi') await p.screenshot({ path: join(OUT, 'preferences-fi-320.png') });
    await close();
  });
});
