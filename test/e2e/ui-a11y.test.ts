import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage } from './fixtures/ui-page.js';
import { startUiFixture, type UiFixture } from './fixtures/ui-server.js';

let fixture: UiFixture;
beforeAll(async () => {
  fixture = await startUiFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const schemes = ['light', 'dark'] as const;

describe('axe-core finds no violations', () => {
  for (const colorScheme of schemes) {
    for (const [name, query] of [
      ['bar banner', { layout: 'bar' }],
      ['box banner with GPC notice', { layout: 'box', gpc: '' }],
      ['forced modal banner', { layout: 'modal', must: '' }],
    ] as const) {
      it(`${name}, ${colorScheme}`, async () => {
        const { page, errors, close } = await openPage(fixture, { query, colorScheme });
        await page.locator('samtykke-ui .banner').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
        await close();
      });
    }

    it(`preferences with every service list open, ${colorScheme}`, async () => {
      const { page, close } = await openPage(fixture, { query: { view: 'preferences', lang: 'nb' }, colorScheme });
      await page.locator('samtykke-ui [role=dialog]').waitFor();
      await page.evaluate(() => {
        for (const d of document.querySelector('samtykke-ui')?.shadowRoot?.querySelectorAll('details') ?? [])
          d.open = true;
      });
      expect(await axeViolations(page)).toEqual([]);
      await close();
    });

    it(`cookie declaration, ${colorScheme}`, async () => {
      const { page, close } = await openPage(fixture, {
        query: { view: 'none', declaration: '', decided: 'statistics' },
        colorScheme,
      });
      await page.locator('table.samtykke-table').first().waitFor();
      expect(await page.locator('table.samtykke-table').count()).toBe(3);
      expect(await axeViolations(page)).toEqual([]);
      await close();
    });
  }
});

describe('first-layer buttons', () => {
  for (const colorScheme of schemes) {
    it(`have text contrast of at least 4.5:1 and equal sizes, ${colorScheme}`, async () => {
      const { page, close } = await openPage(fixture, { colorScheme });
      await page.locator('samtykke-ui .banner').waitFor();
      const measured = await page.evaluate(() => {
        const channels = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const luminance = (c: string) => {
          const [r = 0, g = 0, b = 0] = channels(c).map((v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const buttons = [
          ...(document.querySelector('samtykke-ui')?.shadowRoot?.querySelectorAll('.banner button') ?? []),
        ];
        return buttons.map((b) => {
          const style = getComputedStyle(b);
          const [l1, l2] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
          const rect = b.getBoundingClientRect();
          return {
            text: b.textContent,
            background: style.backgroundColor,
            opaque: (channels(style.backgroundColor)[3] ?? 1) === 1,
            ratio: ((l1 ?? 0) + 0.05) / ((l2 ?? 0) + 0.05),
            width: rect.width,
            height: rect.height,
            font: `${style.fontSize} ${style.fontWeight}`,
          };
        });
      });
      expect(measured.map((m) => m.text)).toEqual(['Accept all', 'Reject all', 'Customise']);
      for (const m of measured) {
        expect(m.opaque).toBe(true);
        expect(m.ratio, `${m.text}: ${m.ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
        expect(m.width).toBeCloseTo(measured[0]?.width ?? 0, 1);
        expect(m.height).toBeCloseTo(measured[0]?.height ?? 0, 1);
        expect(m.background).toBe(measured[0]?.background);
        expect(m.font).toBe(measured[0]?.font);
      }
      await close();
    });
  }
});

describe('strict Content-Security-Policy', () => {
  it('raises no securitypolicyviolation for the banner, preferences, declaration and floating button', async () => {
    const { page, errors, close } = await openPage(fixture, { query: { declaration: '' } });
    await page.locator('samtykke-ui .banner').waitFor();
    await page.locator('#opener').click();
    await page.locator('samtykke-ui [role=dialog]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('samtykke-ui .banner button', { hasText: 'Reject all' }).click();
    await page.locator('samtykke-button button').waitFor();
    // The styles really applied: the page's hotpink buttons did not leak in, ours did.
    const background = await page.evaluate(() => {
      const button = document.querySelector('samtykke-button')?.shadowRoot?.querySelector('button');
      return button ? getComputedStyle(button).backgroundColor : '';
    });
    expect(background).toBe('rgb(31, 58, 96)');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('motion', () => {
  for (const [reducedMotion, expected] of [
    ['no-preference', 'samtykke-in'],
    ['reduce', 'none'],
  ] as const) {
    it(`animates the banner in only without a reduced-motion preference (${reducedMotion})`, async () => {
      const { page, close } = await openPage(fixture, { reducedMotion });
      await page.locator('samtykke-ui .banner').waitFor();
      const animation = await page.evaluate(() => {
        const panel = document.querySelector('samtykke-ui')?.shadowRoot?.querySelector('.banner');
        return panel ? getComputedStyle(panel).animationName : '';
      });
      expect(animation).toBe(expected);
      await close();
    });
  }
});
