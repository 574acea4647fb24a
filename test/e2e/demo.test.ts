import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoForThisFile } from './demo-site.js';
import { decidePartArrived } from './harness.js';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const demo = demoForThisFile();
const standInRequests: string[] = [];

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

async function open(path: string): Promise<Page> {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url().includes('/stand-in/') || request.url().includes('/video/')) standInRequests.push(request.url());
  });
  await page.goto(demo.url + path, { waitUntil: 'load' });
  return page;
}

const vendorState = (page: Page, name: string) => page.locator(`[data-vendor="${name}"] strong`).textContent();

describe('the demo (npm run demo)', () => {
  it('holds every tracker back on a first visit, releases them on "Godta alle", and the owner sees a verified receipt', async () => {
    const page = await open('/');
    await expect.poll(() => page.getByRole('button', { name: 'Godta alle' }).isVisible()).toBe(true);
    await decidePartArrived(page);
    expect(standInRequests).toEqual([]);
    expect(await vendorState(page, 'Google Analytics')).toBe('ikke kjørt');
    await page.screenshot({ path: join(SHOTS, 'demo-first-visit-nb.png') });

    await page.getByRole('button', { name: 'Godta alle' }).click();
    for (const name of ['Google Analytics', 'Hotjar', 'Meta Pixel']) {
      await expect.poll(() => vendorState(page, name)).toBe('Kjørte');
    }
    await expect
      .poll(() => page.getByRole('button', { name: 'Innstillinger for informasjonskapsler' }).isVisible())
      .toBe(true);
    await page.screenshot({ path: join(SHOTS, 'demo-accepted-nb.png'), fullPage: true });

    const owner = await page.context().newPage();
    await expect
      .poll(async () => {
        await owner.goto(`${demo.url}/owner`);
        return owner.locator('tbody tr').first().textContent();
      })
      .toContain('given');
    expect(await owner.locator('.ok').textContent()).toContain('verifies');
    await owner.screenshot({ path: join(SHOTS, 'demo-owner.png'), fullPage: true });
  });

  it('shows the cookie declaration in Danish with a way back to the choice', async () => {
    const page = await open('/da/cookies');
    await page.getByRole('button', { name: 'Afvis alle' }).click();
    await expect.poll(() => page.locator('[data-samtykke-declaration] table').count()).toBeGreaterThan(0);
    const declaration = await page.locator('[data-samtykke-declaration]').textContent();
    expect(declaration).toContain('_ga');
    expect(declaration).toContain('Måler, hvordan besøgende bruger hjemmesiden.');
    await page.getByRole('button', { name: 'Ændr samtykke' }).first().click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'demo-cookies-da.png'), fullPage: true });
  });

  it("links the banner to a privacy policy and a cookie policy in the visitor's language, and both pages exist", async () => {
    for (const [path, privacy, cookies, heading] of [
      ['/', 'Personvernerklæring', 'Erklæring om informasjonskapsler', 'Personvernerklæring'],
      ['/da/', 'Privatlivspolitik', 'Cookiepolitik', 'Privatlivspolitik'],
      ['/en/', 'Privacy policy', 'Cookie policy', 'Privacy policy'],
    ] as const) {
      const page = await open(path);
      const banner = page.getByRole('region');
      await expect.poll(() => banner.getByRole('link').count()).toBe(2);
      const hrefs = await banner
        .getByRole('link')
        .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      expect(await banner.getByRole('link').allTextContents()).toEqual([privacy, cookies]);
      for (const href of hrefs) expect((await fetch(href)).status, href).toBe(200);
      const left = page.url();
      await banner.getByRole('link').first().click();
      // The page it leaves has a heading too: wait for the page it goes to.
      await page.waitForURL((url) => url.href !== left);
      expect(await page.locator('h1').textContent()).toBe(heading);
      expect(await page.locator('main').textContent()).toContain('personvern@fjordkaffe.no');
      await page.context().close();
    }
  });
});
