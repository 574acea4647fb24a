import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/types.js';
import { demoForThisFile } from './demo-site.js';

const demo = demoForThisFile();

/** Each service's rows in the open preferences, by service name: "Recipient: …", "Countries outside the EEA: …". */
async function serviceRows(page: Page): Promise<Record<string, string[]>> {
  const dialog = page.getByRole('dialog', { name: 'Cookie settings' });
  // The preferences' part may still be on its way when the dialog opens: wait for its three categories' lists.
  const summaries = dialog.locator('details > summary');
  await expect.poll(() => summaries.count(), { timeout: 15_000 }).toBe(3);
  for (const summary of await summaries.all()) await summary.click();
  expect(
    await dialog.locator('details').evaluateAll((lists) => lists.map((list) => (list as HTMLDetailsElement).open)),
  ).toEqual([true, true, true]);
  return dialog
    .locator('.svc')
    .evaluateAll((services) =>
      Object.fromEntries(
        services.map((service) => [
          service.querySelector('h4')?.textContent?.trim() ?? '',
          [...service.querySelectorAll('dt')].map(
            (term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`,
          ),
        ]),
      ),
    );
}

describe('who receives the data, what it is to the site, and on which ground it leaves the EEA', () => {
  it('the preferences show each recipient with its role and each transfer with its ground; the stored notice holds the same words', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.url}/en/`);
    await page.getByRole('button', { name: 'Customise' }).click();
    const rows = await serviceRows(page);
    expect(rows['Google Analytics']).toEqual(
      expect.arrayContaining([
        'Recipient: Google LLC (processor for the site)',
        'Countries outside the EEA: United States (adequacy decision, GDPR Art. 45)',
      ]),
    );
    // Read on screen, not only in the markup.
    expect(await page.getByText('Meta Platforms, Inc. (joint controller with the site)').isVisible()).toBe(true);
    expect(rows['Meta Pixel']).toContain('Recipient: Meta Platforms, Inc. (joint controller with the site)');
    expect(rows.YouTube).toContain('Recipient: Google LLC (controller in its own right)');
    // Hotjar keeps the data in the EEA: no transfer row at all.
    expect(rows.Hotjar?.some((row) => row.startsWith('Countries outside the EEA'))).toBe(false);

    // What the visitor read is what the ledger keeps as shown (the texts document of the receipt's notice).
    await page.getByRole('dialog', { name: 'Cookie settings' }).getByRole('button', { name: 'Reject all' }).click();
    const statuses = () =>
      page.evaluate(() => window.Samtykke?.ledger.list().then((list) => list.map((entry) => entry.status)));
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(['delivered']);
    const [local] = (await page.evaluate(() => window.Samtykke?.ledger.list())) ?? [];
    const receipt = local?.receipt as Receipt;
    await expect
      .poll(async () => Boolean(await demo.storage.notice(receipt.notice.textHash)), { timeout: 15_000 })
      .toBe(true);
    const texts = JSON.parse((await demo.storage.notice(receipt.notice.textHash))?.content as string);
    expect(texts).toMatchObject({
      'services.google-analytics.recipient': 'Google LLC (processor for the site)',
      'services.google-analytics.thirdCountries': 'United States (adequacy decision, GDPR Art. 45)',
      'services.meta-pixel.recipient': 'Meta Platforms, Inc. (joint controller with the site)',
    });
    await context.close();
  });

  it('at 320 px each row keeps room for its value: the label column wraps instead of squeezing the value to a letter a line', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${demo.url}/en/`);
    await page.getByRole('button', { name: 'Customise' }).click();
    await serviceRows(page);
    const widths = await page
      .getByRole('dialog', { name: 'Cookie settings' })
      .locator('.svc dd')
      .evaluateAll((values) => values.map((value) => Math.round(value.getBoundingClientRect().width)));
    expect(widths.length).toBeGreaterThan(10);
    // The dialog is ~280 px inside; a value column of under 120 px reads as a ragged strip (it was 12 px).
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(120);
    await context.close();
  });
});
