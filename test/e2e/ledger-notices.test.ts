import { createHash } from 'node:crypto';
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scanLedger } from '../../src/server/storage.js';
import type { Receipt } from '../../src/types.js';
import { demoForThisFile } from './demo-site.js';

const demo = demoForThisFile();

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** The bodies of the receipt POSTs a page sends. */
function postsOf(page: import('playwright-core').Page) {
  const bodies: Array<{ receipts: Receipt[]; notices?: Record<string, unknown> }> = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/ledger/receipts')) {
      bodies.push(JSON.parse(request.postData() ?? '{}'));
    }
  });
  return bodies;
}

async function storedReceipts(): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  for await (const row of scanLedger(demo.storage)) if (row.receipt) receipts.push(row.receipt);
  return receipts;
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
    await expect.poll(async () => (await storedReceipts()).length, { timeout: 15_000 }).toBe(1);
    const [receipt] = await storedReceipts();
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
    await expect.poll(async () => (await storedReceipts()).length, { timeout: 15_000 }).toBe(2);
    const [, later] = await storedReceipts();
    expect(later?.notice).toMatchObject({ configHash, textHash });
    await next.waitForLoadState('networkidle');
    expect(nextBodies).toHaveLength(1);
    expect(nextBodies[0]).not.toHaveProperty('notices');
    await second.close();
  });
});
