import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type StoredReceipt, scanLedger } from '../../src/server/storage.js';
import { deleteMyData, demoForThisFile } from './demo-site.js';

const demo = demoForThisFile();

async function rowsOf(recordId: string): Promise<StoredReceipt[]> {
  const rows: StoredReceipt[] = [];
  for await (const row of scanLedger(demo.storage)) if (row.recordId === recordId) rows.push(row);
  return rows;
}

/** The consent id as anyone who can read the cookie (every page script) sees it. */
async function consentId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((item) => item.name === 'samtykke');
  const match = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(
    decodeURIComponent(cookie?.value ?? ''),
  );
  return match?.[0] ?? '';
}

/** What the ledger keeps in IndexedDB under the erasure key of a consent id. */
function storedSecret(page: Page, recordId: string): Promise<string | undefined> {
  return page.evaluate(
    (id) =>
      new Promise<string | undefined>((resolve, reject) => {
        const open = indexedDB.open('samtykke');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('receipts').objectStore('receipts').get(`k:${id}`);
          read.onsuccess = () => resolve((read.result as { secret?: string } | undefined)?.secret);
          read.onerror = () => reject(read.error);
        };
      }),
    recordId,
  );
}

describe('erasure against the real ledger server in Chromium', () => {
  it('refuses a forged-Origin DELETE that knows only the consent id, and "Delete my data" erases', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.url}/en/cookies`);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => consentId(context)).toMatch(/-/);
    const recordId = await consentId(context);
    await expect.poll(async () => (await rowsOf(recordId)).length, { timeout: 15_000 }).toBe(1);

    // The secret exists in this browser, but nowhere a page or a screen shows the consent id.
    const secret = (await storedSecret(page, recordId)) as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => page.locator('[data-samtykke-declaration]').textContent()).toContain(recordId);
    expect(await page.content()).not.toContain(secret);
    expect(JSON.stringify(await context.cookies())).not.toContain(secret);

    // Any non-browser client can send the allowed Origin with the consent id: the server refuses and keeps all.
    const url = `${demo.url}/ledger/receipts/${recordId}`;
    const origin = new URL(demo.url).origin;
    const forged = await fetch(url, { method: 'DELETE', headers: { origin } });
    expect(forged.status).toBe(403);
    const guessed = await fetch(url, { method: 'DELETE', headers: { origin, 'samtykke-erasure-key': 'A'.repeat(43) } });
    expect(guessed.status).toBe(403);
    expect((await rowsOf(recordId)).map((row) => row.receipt?.event.state)).toEqual(['given']);

    // The visitor's own "Delete my data" carries the secret, and the server erases.
    const erasure = page.waitForResponse((response) => response.request().method() === 'DELETE');
    await deleteMyData(page);
    expect((await erasure).status()).toBe(200);
    // The page started afresh, with no decision: the banner asks again.
    await page.getByRole('button', { name: 'Accept all' }).waitFor();
    expect(await rowsOf(recordId)).toEqual([]);
    const tombstones: StoredReceipt[] = [];
    for await (const row of scanLedger(demo.storage)) if (row.receipt === null) tombstones.push(row);
    expect(tombstones.length).toBeGreaterThanOrEqual(1);
    await context.close();
  });
});
