import { createHash } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OUTBOX_KEY } from '../../src/core/own-storage.js';
import type { Receipt } from '../../src/types.js';
import { demoForThisFile, storedReceiptsOf } from './demo-site.js';
import { decidePartArrived, roundTrips } from './harness.js';

const demo = demoForThisFile();

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** The bodies of the receipt POSTs a page sends. */
function postsOf(page: Page) {
  const bodies: Array<{ receipts: Receipt[]; notices?: Record<string, unknown> }> = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/ledger/receipts')) {
      bodies.push(JSON.parse(request.postData() ?? '{}'));
    }
  });
  return bodies;
}

describe('what was shown, kept by the real ledger server', () => {
  it('the first visitor’s browser sends the notice it rendered once; the stored documents reproduce both hashes', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const bodies = postsOf(page);
    await page.goto(`${demo.url}/en/`);
    // What the first layer shows, read off the screen before the visitor decides.
    const banner = page.getByLabel('Cookie consent');
    const title = (await banner.getByRole('heading').textContent())?.trim() ?? '';
    const buttons = (await banner.getByRole('button').allTextContents()).map((text) => text.trim());
    await page.getByRole('button', { name: 'Accept all' }).click();
    const [receipt] = await storedReceiptsOf(demo, page);
    const { configHash, textHash } = (receipt as Receipt).notice;
    await expect.poll(async () => Boolean(await demo.storage.notice(textHash)), { timeout: 15_000 }).toBe(true);

    // Two POSTs: the receipt, then (asked with noticesWanted) the same receipt with the two documents. (The
    // browser's request events reach this process after the server has answered, so wait for them.)
    await expect.poll(() => bodies.length).toBe(2);
    expect(bodies.map((body) => Object.keys(body.notices ?? {}).sort())).toEqual([[], [configHash, textHash].sort()]);
    const view = await demo.storage.notice(configHash);
    const texts = await demo.storage.notice(textHash);
    expect(sha256(view?.content as string)).toBe(configHash);
    expect(sha256(texts?.content as string)).toBe(textHash);
    // The texts are the ones on screen, and no per-page-view value is in the notice view.
    const shown = JSON.parse(texts?.content as string) as Record<string, string>;
    expect(title.length).toBeGreaterThan(0);
    expect(Object.values(shown)).toContain(title);
    expect(buttons.length).toBeGreaterThan(1);
    for (const label of buttons) expect(Object.values(shown)).toContain(label);
    expect(view?.content).not.toContain('/ledger/receipts');
    expect(view?.content).not.toContain('samtykke-ui');
    // The browser keeps no document once nothing pending names it.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open('samtykke');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const keys = open.result.transaction('receipts').objectStore('receipts').getAllKeys();
                keys.onsuccess = () => resolve(keys.result.filter((key) => String(key).startsWith('n:')).length);
              };
            }),
        ),
      )
      .toBe(0);
    await context.close();

    // A second visitor shown the same notice: one POST, no documents; the server holds them already.
    const second = await demo.browser.newContext();
    const next = await second.newPage();
    const nextBodies = postsOf(next);
    await next.goto(`${demo.url}/en/`);
    await next.getByRole('button', { name: 'Accept all' }).click();
    const [later] = await storedReceiptsOf(demo, next);
    expect(later?.recordId).not.toBe(receipt?.recordId);
    expect(later?.notice).toMatchObject({ configHash, textHash });
    // The delivery pass is over once the outbox's mark is lifted: a document the server asked for would have kept it.
    await expect.poll(() => next.evaluate((key) => localStorage.getItem(key), OUTBOX_KEY)).toBeNull();
    await expect.poll(() => nextBodies.length).toBeGreaterThan(0);
    await roundTrips(next);
    expect(nextBodies).toHaveLength(1);
    expect(nextBodies[0]).not.toHaveProperty('notices');
    await second.close();
  });
});

/** One visit to the English page: the placeholder and the preferences read off the screen, then "Accept all". */
async function visitAndAccept(placeholderText?: string) {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  if (placeholderText) {
    // The owner words the placeholder differently (config.texts.en.embedText); nothing else changes.
    await page.route(`${demo.url}/en/`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "ledger: { endpoint: '/ledger/receipts' },",
        `texts: { en: { embedText: ${JSON.stringify(placeholderText)} } }, ledger: { endpoint: '/ledger/receipts' },`,
      );
      await route.fulfill({ response, body: html });
    });
  }
  await page.goto(`${demo.url}/en/`);
  const placeholder = (await page.locator('.samtykke-embed p').textContent())?.trim() ?? '';
  await page.getByRole('button', { name: 'Customise' }).click();
  const dialog = page.getByRole('dialog');
  await expect.poll(() => dialog.locator('.svc li').count()).toBeGreaterThan(0);
  // "_ga – 2 years": the lifetimes as the preferences word them.
  const lifetimes = (await dialog.locator('.svc li').allTextContents()).map((line) => line.split(' – ')[1]?.trim());
  await dialog.getByRole('button', { name: 'Accept all' }).click();
  const [receipt] = (await storedReceiptsOf(demo, page)) as [Receipt];
  await expect
    .poll(async () => Boolean(await demo.storage.notice(receipt.notice.textHash)), { timeout: 15_000 })
    .toBe(true);
  await context.close();
  const stored = await demo.storage.notice(receipt.notice.textHash);
  return { receipt, placeholder, lifetimes, content: stored?.content as string };
}

describe('the stored notice holds what was on screen, in the language shown', () => {
  it('the placeholder text and the lifetimes as worded are in the stored texts, which reproduce the hash', async () => {
    const visit = await visitAndAccept();
    expect(visit.placeholder).toMatch(/YouTube/);
    expect(sha256(visit.content)).toBe(visit.receipt.notice.textHash);
    const texts = JSON.parse(visit.content) as Record<string, string>;
    expect(visit.receipt.notice.language).toBe('en');
    expect(Object.values(texts)).toContain(visit.placeholder);
    expect(visit.lifetimes.length).toBeGreaterThan(2);
    for (const lifetime of visit.lifetimes) expect(Object.values(texts)).toContain(lifetime);
    // In the language shown only: no Norwegian text of the demo's default language.
    expect(visit.content).not.toContain('Godta alle');
    // The notice view is the language-free facts: the owner's texts are not in it.
    const view = await demo.storage.notice(visit.receipt.notice.configHash);
    expect(sha256(view?.content as string)).toBe(visit.receipt.notice.configHash);
    expect(view?.content).not.toContain(visit.placeholder);
    expect(view?.content).toContain('"expiry":"P2Y"');

    // The control: the same visit with the placeholder worded otherwise records another text hash, whose document
    // differs from the first in that one text alone; the notice view, which holds no words, stays the same.
    const other = await visitAndAccept('Video from {provider}. It sets cookies for “{category}”. Load it?');
    expect(other.placeholder).toBe('Video from Google Ireland Ltd.. It sets cookies for “Marketing”. Load it?');
    expect(other.receipt.notice.textHash).not.toBe(visit.receipt.notice.textHash);
    expect(other.receipt.notice.configHash).toBe(visit.receipt.notice.configHash);
    const otherTexts = JSON.parse(other.content) as Record<string, string>;
    const differing = Object.keys({ ...texts, ...otherTexts }).filter((key) => texts[key] !== otherTexts[key]);
    expect(differing).toEqual(['embeds.youtube.text']);
    expect(otherTexts['embeds.youtube.text']).toBe(other.placeholder);
  });

  it('a choice made in a placeholder records the placeholder as the notice shown', async () => {
    // In the default 1280 × 720 window the first layer, fixed at the bottom, covers the lower edge of the placeholder's
    // button (banner from y 497, button to y 505), and while the first layer settles a click there lands on it and
    // decides nothing. A visitor sees the button clear of the banner: so does this test.
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${demo.url}/en/`);
    const placeholder = page.locator('.samtykke-embed');
    const text = (await placeholder.locator('p').textContent())?.trim() ?? '';
    const button = (await placeholder.getByRole('button').textContent())?.trim() ?? '';
    // The part that drew the placeholder goes on working after it (the first layer's take-over, its texts): click
    // once it is done, as a visitor reading the placeholder would.
    await decidePartArrived(page);
    await placeholder.getByRole('button').click();
    // First the decision itself, so that a click that made none is told apart from a receipt that was not stored.
    await expect
      .poll(async () => (await context.cookies()).some((cookie) => cookie.name === 'samtykke'), {
        timeout: 15_000,
        message: 'the click on the placeholder button made a decision (the samtykke cookie)',
      })
      .toBe(true);
    const [receipt] = (await storedReceiptsOf(demo, page)) as [Receipt];
    expect(receipt.event.action).toBe('embed');
    await expect
      .poll(async () => Boolean(await demo.storage.notice(receipt.notice.textHash)), { timeout: 15_000 })
      .toBe(true);
    const stored = (await demo.storage.notice(receipt.notice.textHash))?.content as string;
    expect(sha256(stored)).toBe(receipt.notice.textHash);
    const texts = JSON.parse(stored) as Record<string, string>;
    expect(texts['embeds.youtube.text']).toBe(text);
    expect(texts['embeds.youtube.button']).toBe(button);
    await context.close();
  });
});
