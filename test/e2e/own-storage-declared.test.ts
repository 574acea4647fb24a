import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deleteMyData, demoForThisFile } from './demo-site.js';

const demo = demoForThisFile();

/**
 * Every name written to the browser's storage on any page of the context: cookies through `document.cookie`, keys of
 * localStorage and sessionStorage, IndexedDB databases opened. Reported to this process as each write happens, so a
 * key that lives for a moment (written before a reload, removed by the next page) is seen as surely as one that stays.
 */
async function logStorageWrites(context: BrowserContext): Promise<Set<string>> {
  const written = new Set<string>();
  await context.exposeBinding('__storageWrite', (_source, area: string, name: string) => {
    written.add(`${area} ${name}`);
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { __storageWrite(area: string, name: string): void }).__storageWrite;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      report(this === window.sessionStorage ? 'sessionStorage' : 'localStorage', key);
      return setItem.call(this, key, value);
    };
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie') as PropertyDescriptor;
    Object.defineProperty(Document.prototype, 'cookie', {
      ...cookie,
      set(this: Document, value: string) {
        report('cookie', String(value).split('=')[0]?.trim() ?? '');
        cookie.set?.call(this, value);
      },
    });
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      report('indexedDB', name);
      return version === undefined ? open.call(this, name) : open.call(this, name, version);
    };
  });
  return written;
}

/** The names the cookie declaration lists, as the visitor reads them on the cookie page. */
async function declaredNames(page: import('playwright-core').Page): Promise<Set<string>> {
  const names = await page.locator('[data-samtykke-declaration] .samtykke-items code').allTextContents();
  return new Set(names.map((name) => name.trim()));
}

const nameOf = (entry: string) => entry.slice(entry.indexOf(' ') + 1);

describe("samtykke declares everything it keeps in the visitor's browser", () => {
  it('every name written after Reject all is declared; so is every name of its own after Accept all and "Delete my data"', async () => {
    const context = await demo.browser.newContext();
    const written = await logStorageWrites(context);
    const page = await context.newPage();
    await page.goto(`${demo.url}/en/cookies`);
    // Rejecting everything lets nothing but samtykke and the site's necessary code write, so each name seen must be
    // in the declaration.
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => [...written].some((entry) => entry.startsWith('cookie samtykke'))).toBe(true);
    await expect.poll(() => [...written], { timeout: 15_000 }).toContain('localStorage samtykke:journal');
    const declared = await declaredNames(page);
    // The control that the comparison can fail: the declaration is not every name there is.
    expect(declared.size).toBeGreaterThan(5);
    expect(declared.has('samtykke:never-written')).toBe(false);
    expect([...written].filter((entry) => !declared.has(nameOf(entry)))).toEqual([]);

    // Consent given and then erased: the withdrawal reloads, and the next page tells what the erasure did.
    await page.getByRole('button', { name: 'Cookie settings' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Accept all' }).click();
    await deleteMyData(page);
    const status = page.getByRole('dialog', { name: 'Cookie settings' }).getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('were deleted');
    expect(written).toContain('sessionStorage samtykke:erased');
    // The vendors' own names now written too are declared under them (their patterns are another test's matter);
    // samtykke's own must each be listed by name.
    const own = [...written].filter((entry) => nameOf(entry).startsWith('samtykke'));
    expect(own.filter((entry) => !declared.has(nameOf(entry)))).toEqual([]);
    await context.close();
  });
});
