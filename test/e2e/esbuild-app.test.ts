import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloaded, languageSplit, languagesIn, ONE_LANGUAGE_PER_CHUNK, serveBuild } from './built-app.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The npm path bundled by esbuild as its docs say to split code (`--bundle --splitting --format=esm`), from the
 * package as an app installs it: each language's texts are a chunk of their own, and a page downloads one.
 */
const ROOT = process.cwd();
const APP = join(ROOT, 'test-results/esbuild-npm');
const OUT = join(APP, 'out');

let harness: Harness;
let context: BrowserContext;
let served: Map<string, string>;
let warnings: string[];

beforeAll(async () => {
  await rm(APP, { recursive: true, force: true });
  await mkdir(join(APP, 'node_modules'), { recursive: true });
  await symlink(ROOT, join(APP, 'node_modules/samtykke'), 'dir');
  await writeFile(
    join(APP, 'main.js'),
    `import { createSamtykke } from 'samtykke';
const force = new URLSearchParams(location.search).get('language');
window.samtykke = createSamtykke({
  categories: { statistics: { services: ['google-analytics'] } },
  ...(force ? { language: { force } } : {}),
});
`,
  );
  const result = await build({
    entryPoints: [join(APP, 'main.js')],
    absWorkingDir: APP,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    outdir: OUT,
    logLevel: 'silent',
  });
  warnings = result.warnings.map((warning) => warning.text);
  await writeFile(
    join(OUT, 'index.html'),
    '<!doctype html><html lang="nb"><head><meta charset="utf-8"><script type="module" src="/main.js"></script></head><body><h1>Fjordkaffe</h1></body></html>',
  );
  harness = await startHarness();
  served = await serveBuild(harness, OUT);
  context = await harness.newContext();
}, 120_000);
afterAll(() => harness?.close());

describe('an app bundled by esbuild --bundle --splitting on the npm path', () => {
  it('bundles without a warning', () => {
    expect(warnings).toEqual([]);
  });

  it('splits each language’s texts and purposes into chunks of their own, none in the entry', () => {
    expect(served.get('/main.js')).toMatch(/^import/);
    expect(languageSplit(served, '/main.js')).toEqual(ONE_LANGUAGE_PER_CHUNK);
  });

  it('downloads the page’s language alone, and another one when the config forces it', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    expect(languagesIn(downloaded(harness, served))).toEqual(['nb']);
    harness.clearLog();
    const other = await context.newPage();
    await other.goto('https://www.fjordkaffe.test/?language=sv', { waitUntil: 'load' });
    await other.getByRole('button', { name: 'Godkänn alla' }).waitFor();
    expect(languagesIn(downloaded(harness, served))).toEqual(['sv']);
  });
});
