import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
// @ts-expect-error the demo server is plain JavaScript without type declarations
import { startDemo } from '../../demo/serve.js';
import type { LedgerStorage } from '../../src/server/storage.js';
import type { Receipt } from '../../src/types.js';
import { launchChromium } from './harness.js';

/** The running demo as a test file sees it; valid inside its tests (after `beforeAll`). */
export interface DemoSite {
  /** http://localhost:<port> — the demo's own origin, which its ledger endpoint allows. */
  readonly url: string;
  /** The demo ledger's SQLite storage, to look at what the server stored. */
  readonly storage: LedgerStorage;
  /** The demo's data folder: its ledger database and signing key (`ledger-key.pem`). */
  readonly dataDir: string;
  readonly browser: Browser;
}

/**
 * `npm run demo` for one test file (or one describe block): the real loader, UI and ledger file in front of the real
 * ledger server on SQLite, in a throwaway data folder, and one Chromium. Started before the tests and closed after
 * them. `erasureRetention` is the ledger server's option of the same name.
 */
export function demoForThisFile(options: { erasureRetention?: string } = {}): DemoSite {
  let demo: { url: string; storage: LedgerStorage; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samtykke-demo-'));
    demo = await startDemo({ port: 0, dataDir, quiet: true, ...options });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo is used before beforeAll started it');
    return value;
  };
  return {
    get url() {
      return started(demo).url;
    },
    get storage() {
      return started(demo).storage;
    },
    get dataDir() {
      started(demo);
      return dataDir;
    },
    get browser() {
      return started(browser);
    },
  };
}

/**
 * The visitor's "Delete my choice and consent records", as they reach it: the floating "Cookie settings" button,
 * the delete button, then its confirmation. Resolves once the reload a withdrawal causes has loaded, since code
 * that already ran cannot be unloaded (and closing a context while that reload commits can hang Chromium).
 */
export async function deleteMyData(page: Page, settings = 'Cookie settings'): Promise<void> {
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: settings }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Delete my/ }).click();
  await dialog
    .getByRole('group')
    .getByRole('button', { name: /^Delete my/ })
    .click();
  await reloaded;
}

/**
 * The receipts of one visitor as the demo's ledger server stored them, oldest first: the page's own, followed by
 * their record id through each stage (recorded, delivered, stored), so that other visitors of the same server count
 * for nothing and a failure says which stage did not happen.
 */
export async function storedReceiptsOf(demo: DemoSite, page: Page, count = 1): Promise<Receipt[]> {
  const statuses = () =>
    page.evaluate(() => window.Samtykke?.ledger.list().then((list) => list.map((entry) => entry.status)));
  await expect.poll(statuses, { timeout: 30_000 }).toEqual(Array(count).fill('delivered'));
  const local = ((await page.evaluate(() => window.Samtykke?.ledger.list())) ?? []).map((entry) => entry.receipt);
  const recordId = local[0]?.recordId as string;
  await expect.poll(async () => (await demo.storage.byRecord(recordId)).length, { timeout: 15_000 }).toBe(count);
  const stored = (await demo.storage.byRecord(recordId)).map((row) => row.receipt as Receipt);
  expect(stored.map((receipt) => receipt.receiptId)).toEqual(local.map((receipt) => receipt.receiptId));
  return stored;
}
