import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type StoredReceipt, scanLedger } from '../../src/server/storage.js';
import { type DemoSite, deleteMyData, demoForThisFile } from './demo-site.js';

async function rowsOf(demo: DemoSite, recordId: string): Promise<StoredReceipt[]> {
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

/** The preferences, where "Delete my data" was pressed, and the message in them after the reload it causes. */
function erasureMessage(page: Page) {
  return page.getByRole('dialog', { name: 'Cookie settings' }).getByRole('status');
}

/** axe-core's violations on the page as it is (the demo sets no CSP, so axe can be added inline). */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(process.cwd(), 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string }> }> } }).axe;
    return (await run.run()).violations.map((violation) => violation.id);
  });
}

/** "Accept all" on the cookie page; resolves with the consent id once the ledger server stored the receipt. */
async function acceptAndDeliver(demo: DemoSite, context: BrowserContext, page: Page): Promise<string> {
  await page.goto(`${demo.url}/en/cookies`);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => consentId(context)).toMatch(/-/);
  const recordId = await consentId(context);
  await expect.poll(async () => (await rowsOf(demo, recordId)).length, { timeout: 15_000 }).toBe(1);
  return recordId;
}

const day = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }).format(Date.parse(iso));

describe('erasure against the real ledger server in Chromium', () => {
  const demo = demoForThisFile();
  const held = (recordId: string) => rowsOf(demo, recordId);

  it('refuses a forged-Origin DELETE that knows only the consent id, and "Delete my data" erases', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const recordId = await acceptAndDeliver(demo, context, page);

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
    expect((await held(recordId)).map((row) => row.receipt?.event.state)).toEqual(['given']);

    // The visitor's own "Delete my data" carries the secret, and the server erases.
    const erasure = page.waitForResponse((response) => response.request().method() === 'DELETE');
    await deleteMyData(page);
    expect((await erasure).status()).toBe(200);
    // The page started afresh, with no decision; the preferences, where the visitor asked, say nothing is kept.
    await expect
      .poll(() => erasureMessage(page).textContent(), { timeout: 15_000 })
      .toBe(
        'Your choice and consent records in this browser were deleted.' +
          'The site’s ledger deleted its copy too: nothing is kept.',
      );
    expect(await held(recordId)).toEqual([]);
    const tombstones: StoredReceipt[] = [];
    for await (const row of scanLedger(demo.storage)) if (row.receipt === null) tombstones.push(row);
    expect(tombstones.length).toBeGreaterThanOrEqual(1);
    await context.close();
  });
});

describe('erasure a controller keeps for its retention period, told to the visitor', () => {
  const demo = demoForThisFile({ erasureRetention: 'P3Y' });

  it('"Delete my data" shows what the site keeps, from and until when, without the IP address, and on which ground', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const recordId = await acceptAndDeliver(demo, context, page);
    const [row] = await rowsOf(demo, recordId);
    const since = row?.receipt?.event.time as string;

    await deleteMyData(page);
    const message = erasureMessage(page);
    await expect.poll(() => message.textContent(), { timeout: 15_000 }).toContain('The site keeps');
    // The server kept the receipt without the client address, until the date it told the browser.
    const kept = await rowsOf(demo, recordId);
    expect(kept.map((stored) => [stored.client, stored.receipt?.receiptId])).toEqual([[null, row?.receipt?.receiptId]]);
    // Asking again does not move the deadline: this reads the one the visitor's DELETE set.
    const { until } = await demo.storage.retainErasure(
      recordId,
      new URL(demo.url).origin,
      new Date().toISOString(),
      new Date(Date.now() + 1_000).toISOString(),
    );
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(2.9 * 365 * 86_400_000);
    expect(await message.locator('p').allTextContents()).toEqual([
      'Your choice and consent records in this browser were deleted.',
      `The site keeps the record of your choices from ${day(since)}, without your IP address, until ${day(until)}, to prove your consent and its withdrawal.`,
      'Legal ground: GDPR Art. 17(3)(b) and (e).',
    ]);
    // The visitor can read it where they are: focus on the message, no axe-core violations.
    expect(await message.evaluate((node) => (node.getRootNode() as ShadowRoot).activeElement === node)).toBe(true);
    expect(await axe(page)).toEqual([]);
    // Closed, the first layer asks again.
    await page.getByRole('dialog', { name: 'Cookie settings' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Accept all' }).waitFor();
    await context.close();
  });
});
