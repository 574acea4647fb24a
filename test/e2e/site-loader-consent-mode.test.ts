import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PART_FILES, SITE_TEMPLATE, SITE_TEMPLATE_WITHOUT_CONSENT_MODE } from '../../src/assets/files.js';
import { runBuildLoader } from '../../src/cli/build-loader.js';
import { DENIED } from '../fixtures/consent-mode-states.js';
import { executed, type Harness, roundTrips, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';

/**
 * The per-site loader comes from one of two templates: a config with Consent Mode off gets the one without its code
 * (`samtykke.site.no-consent-mode.js`), any other the full one. Each site here is built by `build-loader` as an owner
 * builds it, and served with the page's own scripts after the loader's tag.
 */
type Entry = unknown[];
/** What page code sees in dataLayer right after the loader, as arrays (gtag pushes `arguments` objects). */
const SNAPSHOT = `<script>window.__seenByPage = JSON.parse(JSON.stringify(Array.from(window.dataLayer || [], function (e) { return Array.from(e && e.length !== undefined && typeof e !== 'string' ? e : [e]); })));</script>`;
const MARKED_GA4 = GA4_SNIPPET.replace(
  '<script async src=',
  '<script type="text/plain" data-category="statistics" async src=',
);
const page = (loader: string) =>
  `<!doctype html><html lang="en"><head><script src="/${loader}"></script>${SNAPSHOT}${MARKED_GA4}${HOTJAR_SNIPPET}${META_SNIPPET}</head><body><h1>Fjordkaffe</h1></body></html>`;

let harness: Harness;
let context: BrowserContext;
/** Each site's loader source, by its path. */
const sources = new Map<string, string>();

/** Builds a site's loader from `config` into its own folder and serves the folder under `/<site>/`. */
async function buildSite(site: string, config: unknown): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), `samtykke-${site}-`));
  const file = join(out, 'site-config.json');
  await writeFile(file, JSON.stringify(config));
  const folder = join(out, 'public');
  const io = { out: () => {}, err: (text: string) => console.error(text), stdin: async () => '' };
  const built = { dir: 'dist', template: SITE_TEMPLATE, withoutConsentMode: SITE_TEMPLATE_WITHOUT_CONSENT_MODE };
  expect(await runBuildLoader([file, '--out', folder], io, { ...built, parts: PART_FILES })).toBe(0);
  let loader = '';
  for (const name of await readdir(folder)) {
    const body = await readFile(join(folder, name));
    if (/^samtykke\.[0-9a-f]+\.js$/.test(name)) {
      loader = `${site}/${name}`;
      sources.set(loader, body.toString('utf8'));
    }
    harness.route('GET', `/${site}/${name}`, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    });
  }
  harness.page(`/${site}`, page(loader));
}

beforeAll(async () => {
  harness = await startHarness();
  await buildSite('with', CONFIG);
  await buildSite('without', { ...CONFIG, consentMode: { enabled: false } });
});
afterAll(() => harness.close());
beforeEach(async () => {
  await context?.close();
  context = await harness.newContext();
  harness.clearLog();
});

const seenByPage = (p: Page) => p.evaluate(() => (window as unknown as { __seenByPage: Entry[] }).__seenByPage);
const consentCommands = (p: Page) =>
  p.evaluate(() =>
    Array.from((window as unknown as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? [], (e) =>
      Array.from(e && e.length !== undefined ? e : []),
    ).filter((e) => e[0] === 'consent'),
  );
const loaderOf = (site: string) => [...sources].find(([path]) => path.startsWith(`${site}/`)) ?? ['', ''];

describe('the per-site loader keeps Consent Mode exactly where the config has it', () => {
  it('Consent Mode on (the default): the full template, the defaults queued before any page script, the update on "Accept all"', async () => {
    expect(loaderOf('with')[1]).toContain('ads_data_redaction');
    const p = await harness.open(context, '/with');
    expect(await seenByPage(p)).toEqual([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
    ]);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    const update = (await consentCommands(p)).find((e) => e[1] === 'update');
    expect(update?.[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'granted' });
  });

  it('Consent Mode off: the template without its code; nothing queued, every tracker held, then released on "Accept all"', async () => {
    const [, source] = loaderOf('without');
    expect(source).not.toContain('ads_data_redaction');
    expect(source).not.toContain('wait_for_update');
    const p = await harness.open(context, '/without');
    expect(await seenByPage(p)).toEqual([]);
    await p.getByRole('button', { name: 'Accept all' }).waitFor();
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(p).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    // gtag.js's own snippet fills dataLayer; samtykke added no consent command to it.
    expect(await consentCommands(p)).toEqual([]);
  });
});
