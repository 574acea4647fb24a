import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import type { DecisionAction } from '../../src/types.js';
import { completeReceipt, makeReceipt } from '../server/fixtures.js';
import { demoForThisFile } from './demo-site.js';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const demo = demoForThisFile();

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

/** Stores `count` decisions received on `day`, as the ledger endpoint would. */
async function decide(count: number, day: string, action: DecisionAction, language: string, statistics: boolean) {
  const key = signingKeyFrom(generateKeyPair().privateKey);
  const seal = createSealer(key, () => new Date(`${day}T10:00:00Z`));
  for (let index = 0; index < count; index++) {
    const base = completeReceipt();
    const receipt = await makeReceipt({
      notice: { ...base.notice, language },
      purposes: [
        base.purposes[0] as (typeof base.purposes)[number],
        { ...(base.purposes[1] as (typeof base.purposes)[number]), status: statistics ? 'granted' : 'denied' },
      ],
      event: { ...base.event, action, layer: action === 'save-selection' ? 2 : 1 },
    });
    await demo.storage.append([{ receipt, site: demo.url, client: null }], seal);
  }
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(process.cwd(), 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string }> }> } }).axe;
    return (await run.run()).violations.map((violation) => violation.id);
  });
}

const cells = (page: Page, caption: string) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => cell.textContent ?? '')));

describe('the statistics page of the demo owner view', () => {
  it('says everything is suppressed while there are fewer than five decisions', async () => {
    await decide(2, '2026-05-04', 'accept-all', 'nb', true);
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.url}/owner/stats`);
    expect(await page.getByText('Fewer than 5 decisions so far').count()).toBe(1);
    expect(await cells(page, 'Decisions per day: the figures')).toEqual([
      ['2026-05-04', 'suppressed', 'suppressed', 'suppressed', 'suppressed', 'suppressed', 'suppressed'],
    ]);
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });

  it('draws the receipts as SVG charts with a table of the same figures, axe clean at 1280 and 320 px', async () => {
    await decide(5, '2026-05-04', 'accept-all', 'nb', true);
    await decide(6, '2026-05-05', 'reject-all', 'en', false);
    await decide(1, '2026-05-05', 'save-selection', 'en', true);
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${demo.url}/owner/stats`);
    // 2 + 5 accept-all (nb, 4 May), 6 reject-all and 1 own selection (en, 5 May): 14 decisions.
    await expect.poll(() => page.getByText('14 decisions: 50.0 % accepted all').count()).toBe(1);
    expect(await cells(page, 'Decisions per day: the figures')).toEqual([
      ['2026-05-04', '7', '100.0 %', '0.0 %', '0.0 %', '0.0 %', '0.0 %'],
      ['2026-05-05', '7', '0.0 %', '85.7 %', '14.3 %', '0.0 %', '0.0 %'],
    ]);
    expect(await cells(page, 'How visitors chose, per language: the figures')).toEqual([
      ['All languages', '14', '50.0 %', '42.9 %', '7.1 %', '0.0 %'],
      ['en', '7', '0.0 %', '85.7 %', '14.3 %', '0.0 %'],
      ['nb', '7', '100.0 %', '0.0 %', '0.0 %', '0.0 %'],
    ]);
    expect(await cells(page, 'Share granted, per category: the figures')).toEqual([['statistics', '14', '57.1 %']]);
    expect(await cells(page, 'Where and how visitors decided: the figures')).toEqual([
      ['Banner: accept-all', '7', '50.0 %'],
      ['Banner: reject-all', '6', '42.9 %'],
      ['Preferences: save-selection', 'suppressed', 'suppressed'],
    ]);
    // Real charts: one SVG per figure, named, with a bar per unsuppressed group.
    const charts = page.locator('figure.chart svg[role="img"]');
    expect(await charts.count()).toBe(4);
    expect(await page.locator('#per-day-title + svg rect').count()).toBe(2);
    expect(await page.locator('#per-day-svg').textContent()).toBe(
      'Decisions per day; the figures are in the table below',
    );
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'demo-stats.png'), fullPage: true });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'demo-stats-320.png'), fullPage: true });
    await context.close();
  });
});
