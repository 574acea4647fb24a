import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decidePartArrived, executed, type Harness, loaderHead, roundTrips, startHarness } from './harness.js';

/** Two mistakes: a misspelt top-level key and a misspelt language. */
const TYPO = {
  controller: { name: 'Fjordkaffe AS' },
  categoies: { statistics: { services: ['google-analytics'] } },
  language: 'nbb',
};
/** Valid, but a tracking vendor runs without consent. */
const TRACKER_NECESSARY = {
  controller: { name: 'Fjordkaffe AS' },
  categories: { necessary: { services: ['google-analytics'] }, marketing: { services: ['meta-pixel'] } },
};

const TYPO_ERROR = 'samtykke: config.categoies: unknown option. Did you mean "categories"?';
const LANGUAGE_ERROR = 'samtykke: config.language: expected an object, got "nbb"';
const NECESSARY_WARNING =
  'samtykke: config.categories.necessary.services: "google-analytics" tracks visitors and runs without consent in "necessary"';

const page = (config: unknown, bundle: string) => `<!doctype html><html lang="en"><head>${loaderHead(config, bundle)}
<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>
<script>const s = document.createElement('script'); s.src = 'https://connect.facebook.net/en_US/fbevents.js'; document.head.append(s);</script>
</head><body><h1>Fjordkaffe</h1></body></html>`;

let harness: Harness;
let context: BrowserContext;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/dev-typo', page(TYPO, '/dist/samtykke.dev.js'));
  harness.page('/prod-typo', page(TYPO, '/dist/samtykke.js'));
  harness.page('/dev-necessary', page(TRACKER_NECESSARY, '/dist/samtykke.dev.js'));
  harness.page('/prod-necessary', page(TRACKER_NECESSARY, '/dist/samtykke.js'));
  harness.page('/no-loader', page(TYPO, '/dist/not-there.js'));
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/** Opens `path`, listening to the console from the start; wait for what the test expects before reading it. */
async function visit(path: string): Promise<{ page: Page; errors: string[]; warnings: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(`https://www.fjordkaffe.test${path}`, { waitUntil: 'load' });
  return { page, errors, warnings };
}

describe('the development loader', () => {
  it('control: without a loader the injected pixel is requested', async () => {
    const { page } = await visit('/no-loader');
    await expect
      .poll(() => harness.thirdPartyRequests().map((request) => request.host))
      .toContain('connect.facebook.net');
    await expect.poll(() => executed(page)).toContain('meta');
  });

  it('prints every config error with its path and hint, then fails closed like production', async () => {
    const { page, errors } = await visit('/dev-typo');
    await expect.poll(() => errors).toContain('samtykke.dev.js: nothing runs until the config errors above are fixed.');
    await roundTrips(page);
    expect(errors).toContain(`samtykke.dev.js: ${TYPO_ERROR}`);
    expect(errors).toContain(`samtykke.dev.js: ${LANGUAGE_ERROR}`);
    // Then the boot itself refuses the config, as production does, without printing the first error again.
    expect(errors.filter((text) => text.includes(TYPO_ERROR))).toHaveLength(1);
    expect(errors).toContain('samtykke.dev.js: nothing runs until the config errors above are fixed.');
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await executed(page)).toEqual([]);
  });

  it('prints the owner warning for a tracking vendor in necessary', async () => {
    const { warnings } = await visit('/dev-necessary');
    await expect
      .poll(() => warnings.some((text) => text.startsWith(`samtykke.dev.js: ${NECESSARY_WARNING}`)))
      .toBe(true);
  });

  it('control: the production loader reports only the first error and no owner warning', async () => {
    const { page, errors } = await visit('/prod-typo');
    await expect.poll(() => errors.some((text) => text.startsWith(TYPO_ERROR))).toBe(true);
    await roundTrips(page);
    expect(errors.join('\n')).not.toContain(LANGUAGE_ERROR);
    expect(errors.join('\n')).not.toContain('samtykke.dev.js:');
    expect(harness.thirdPartyRequests()).toEqual([]);
    expect(await executed(page)).toEqual([]);
    const { page: valid, warnings } = await visit('/prod-necessary');
    // Everything that reads the config has run: the loader, the runtime and the part that decides.
    await decidePartArrived(valid);
    expect(warnings.join('\n')).not.toContain(NECESSARY_WARNING);
  });
});
