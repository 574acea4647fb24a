import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, focused, openPage, tabTo } from './fixtures/ui-page.js';
import { startUiFixture, type UiFixture } from './fixtures/ui-server.js';

let fixture: UiFixture;
beforeAll(async () => {
  fixture = await startUiFixture();
});
afterAll(async () => {
  await fixture?.close();
});

describe('keyboard only', () => {
  it('reaches Reject all with Tab and rejects with Enter', async () => {
    const { page, close } = await openPage(fixture);
    await page.locator('samtykke-ui .banner').waitFor();
    // The banner comes first in the keyboard order: the list of third parties, two policy links, Accept all,
    // Reject all. The list opens with the keyboard.
    expect(await tabTo(page, 'List of third parties', 10)).toBe(1);
    await page.keyboard.press('Enter');
    expect(await page.locator('samtykke-ui .banner details[open] li').count()).toBe(2);
    expect(await tabTo(page, 'Reject all', 10)).toBe(4);
    await page.keyboard.press('Enter');
    expect(await calls(page)).toEqual([{ method: 'decide', args: [{ kind: 'reject-all' }, { layer: 1 }] }]);
    expect(await page.locator('samtykke-ui .banner').count()).toBe(0);
    expect(await page.locator('samtykke-ui [role=status]').textContent()).toBe('Your choices were saved.');
    await close();
  });

  it('opens the preferences, toggles, saves and returns focus to the opener', async () => {
    const { page, close } = await openPage(fixture, { query: { view: 'none', decided: '' } });
    expect(await tabTo(page, 'opener')).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await page.locator('samtykke-ui [role=dialog]').waitFor();
    expect(await focused(page)).toBe('Close');
    expect(await tabTo(page, 'samtykke-cat-statistics', 10)).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    expect(await page.locator('#samtykke-cat-statistics').isChecked()).toBe(true);
    expect(await calls(page)).toEqual([]);
    expect(await tabTo(page, 'Save choices', 15)).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    expect(await calls(page)).toEqual([
      { method: 'decide', args: [{ kind: 'accept', categories: ['statistics'], services: [] }, { layer: 2 }] },
    ]);
    expect(await page.locator('samtykke-ui [role=dialog]').count()).toBe(0);
    expect(await focused(page)).toBe('opener');
    await close();
  });

  it('closes the preferences with Escape without deciding, focus back on the opener', async () => {
    const { page, close } = await openPage(fixture, { query: { view: 'none', decided: '' } });
    await page.locator('#opener').focus();
    await page.keyboard.press('Enter');
    await page.locator('samtykke-ui [role=dialog]').waitFor();
    await page.keyboard.press('Space');
    await page.keyboard.press('Escape');
    expect(await page.locator('samtykke-ui [role=dialog]').count()).toBe(0);
    expect(await focused(page)).toBe('opener');
    expect(await calls(page)).toEqual([]);
    await close();
  });

  it('keeps focus inside the preferences while Tab and Shift+Tab go round', async () => {
    const { page, close } = await openPage(fixture, { query: { view: 'preferences' } });
    await page.locator('samtykke-ui [role=dialog]').waitFor();
    const seen = new Set<string | null>();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press(i < 15 ? 'Tab' : 'Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SAMTYKKE-UI');
      seen.add(await focused(page));
    }
    expect(seen.has('Close')).toBe(true);
    expect(seen.has('Save choices')).toBe(true);
    await close();
  });

  it('traps focus in the forced modal banner, which Escape does not dismiss', async () => {
    const { page, close } = await openPage(fixture, { query: { layout: 'modal', must: '' } });
    await page.locator('samtykke-ui [role=dialog]').waitFor();
    expect(await focused(page)).toBe('List of third parties');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SAMTYKKE-UI');
    }
    await page.keyboard.press('Escape');
    expect(await page.locator('samtykke-ui [role=dialog]').count()).toBe(1);
    expect(await tabTo(page, 'Accept all', 6)).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    expect(await calls(page)).toEqual([{ method: 'decide', args: [{ kind: 'accept-all' }, { layer: 1 }] }]);
    await close();
  });

  it('opens the preferences from the floating button and returns focus to it', async () => {
    const { page, close } = await openPage(fixture);
    await page.locator('samtykke-ui .banner button', { hasText: 'Accept all' }).click();
    await page.locator('samtykke-button button').focus();
    await page.keyboard.press('Enter');
    await page.locator('samtykke-ui [role=dialog]').waitFor();
    // Consent given before is shown as given: nothing pre-ticked that was not chosen.
    expect(await page.locator('#samtykke-cat-marketing').isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await focused(page)).toBe('Cookie settings');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SAMTYKKE-BUTTON');
    await close();
  });
});

describe('focus not obscured (WCAG 2.2 SC 2.4.11)', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 375, height: 740 },
  ]) {
    it(`no page element that receives focus is hidden under the bar, ${viewport.width}×${viewport.height}`, async () => {
      const { page, close } = await openPage(fixture, { viewport });
      await page.locator('samtykke-ui .banner').waitFor();
      let pageFocus = 0;
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        // The banner gets out of the way in the next animation frame.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const overlap = await page.evaluate(() => {
          const active = document.activeElement;
          if (!active || active === document.body || active.tagName.startsWith('SAMTYKKE')) return null;
          const a = active.getBoundingClientRect();
          const panel = document.querySelector('samtykke-ui')?.shadowRoot?.querySelector('.banner');
          if (!panel) return null;
          const b = panel.getBoundingClientRect();
          const hidden = a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
          const inView = a.top >= 0 && a.bottom <= innerHeight;
          return { id: active.id || active.textContent, hidden, inView };
        });
        if (!overlap) continue;
        pageFocus++;
        expect(overlap, JSON.stringify(overlap)).toMatchObject({ hidden: false, inView: true });
      }
      expect(pageFocus).toBeGreaterThan(20);
      // The last link cannot scroll above the bar: the bar slides away, and comes back with focus.
      const frame = () =>
        page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.locator('#last-link').focus();
      await frame();
      expect(await page.locator('samtykke-ui .wrap.away').count()).toBe(1);
      await page.locator('samtykke-ui .banner button').first().focus();
      await frame();
      expect(await page.locator('samtykke-ui .wrap.away').count()).toBe(0);
      await close();
    });
  }
});
