import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReceipt } from '../../src/ledger/validate.js';
import { loadSigningKeyFile } from '../../src/server/keys.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { demoForThisFile, storedReceiptsOf } from './demo-site.js';

const demo = demoForThisFile();

/** What a receipt says about each service: the ISO/IEC TS 27560 facts version 2 added. */
const factsOf = (receipt: Receipt) =>
  Object.fromEntries(
    receipt.purposes.flatMap((purpose) =>
      purpose.services.map(({ id, role, transfer, thirdCountries, dataCategories }) => [
        id,
        { role, transfer, thirdCountries, dataCategories },
      ]),
    ),
  );

describe('the ISO/IEC TS 27560 fields of a real decision, kept by the real ledger server', () => {
  it('"Accept all" in the banner makes a samtykke-receipt/2 the server stores and verifies, with the catalogue’s facts', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.url}/en/`);
    await page.getByLabel('Cookie consent').getByRole('button', { name: 'Accept all' }).click();
    const [receipt] = (await storedReceiptsOf(demo, page)) as [Receipt];

    expect(validateReceipt(receipt)).toEqual({ ok: true, receipt });
    expect(receipt.schemaVersion).toBe('samtykke-receipt/2');
    expect(receipt.event).toMatchObject({
      action: 'accept-all',
      layer: 1,
      expressedBy: 'data-subject',
      consentType: 'explicitly-expressed',
    });
    // The library that built it, by the version package.json gave the build.
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(receipt.notice.library).toBe(`samtykke@${version}`);
    // The demo's config states the postal address; the receipt carries it.
    expect(receipt.controller).toMatchObject({ name: 'Fjordkaffe AS', address: 'Bryggen 1, 5003 Bergen, Norway' });
    const tracked = ['online-identifier', 'device', 'usage'];
    expect(factsOf(receipt)).toEqual({
      'google-analytics': { role: 'processor', transfer: 'adequacy', thirdCountries: ['US'], dataCategories: tracked },
      hotjar: { role: 'processor', transfer: undefined, thirdCountries: [], dataCategories: tracked },
      'meta-pixel': { role: 'joint-controller', transfer: 'adequacy', thirdCountries: ['US'], dataCategories: tracked },
      youtube: { role: 'controller', transfer: 'adequacy', thirdCountries: ['US'], dataCategories: tracked },
    });

    // The notice view the browser sent holds the same facts, so the published notice says what the receipt says.
    const { configHash } = receipt.notice;
    await expect.poll(async () => Boolean(await demo.storage.notice(configHash)), { timeout: 15_000 }).toBe(true);
    const view = JSON.parse((await demo.storage.notice(configHash))?.content as string) as {
      controller: { address?: string };
      categories: Array<{ services: Array<{ id: string; role?: string; transfer?: string }> }>;
    };
    expect(view.controller.address).toBe('Bryggen 1, 5003 Bergen, Norway');
    const services = view.categories.flatMap((category) => category.services);
    expect(services.find((service) => service.id === 'meta-pixel')).toMatchObject({
      role: 'joint-controller',
      transfer: 'adequacy',
    });

    // Control: the same visitor's choice made through page code is recorded as expressed, not explicitly.
    await page.evaluate(() => window.Samtykke?.rejectAll());
    const [, later] = (await storedReceiptsOf(demo, page, 2)) as [Receipt, Receipt];
    expect(later.event).toMatchObject({ action: 'api', consentType: 'expressed' });
    expect(later.integrity.previousHash).toBe(receipt.integrity.receiptHash);
    await context.close();

    // The server's ledger verifies, the browser's chain across both receipts included.
    const key = await loadSigningKeyFile(join(demo.dataDir, 'ledger-key.pem'));
    const verified = await verifyLedger(demo.storage, key.publicKey);
    expect(verified.problems).toEqual([]);
    expect(verified.clientChains).toEqual({ links: 1, gaps: 0, forks: 0 });
    expect(verified.ok).toBe(true);
  });
});
