import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, SITE, startHarness } from './harness.js';

/**
 * The examples/vite-react app, built by Vite exactly as an owner would after `npm install` (which links the
 * `file:../..` dependency into node_modules), then served and opened in Chromium.
 */
const ROOT = process.cwd();
const EXAMPLE = join(ROOT, 'examples/vite-react');
const OUT = join(ROOT, 'test-results/vite-react');

async function linkPackage(appDir: string): Promise<void> {
  await mkdir(join(appDir, 'node_modules'), { recursive: true });
  await rm(join(appDir, 'node_modules/samtykke'), { force: true, recursive: true });
  await symlink(ROOT, join(appDir, 'node_modules/samtykke'), 'dir');
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

let harness: Harness;
let context: BrowserContext;
let built: string[];

beforeAll(async () => {
  await linkPackage(EXAMPLE);
  await build({
    root: EXAMPLE,
    configFile: join(EXAMPLE, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: OUT, emptyOutDir: true },
  });
  built = await filesIn(OUT);
  harness = await startHarness();
  for (const file of built) {
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript';
    const body = await readFile(join(OUT, file));
    harness.route('GET', file === 'index.html' ? '/' : `/${file}`, (_request, response) => {
      response.writeHead(200, { 'content-type': type }).end(body);
    });
  }
}, 120_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  await context?.close();
  context = await harness.newContext();
  harness.clearLog();
});

describe('a Vite + React app with samtykke/vite', () => {
  it('emits the loader and every file it loads lazily, byte for byte, and puts the loader first in <head>', async () => {
    for (const file of [
      'samtykke.js',
      'samtykke-banner.nb.js',
      'samtykke-banner.js',
      'samtykke-ui.nb.js',
      'samtykke-ui.js',
      'samtykke-ledger.js',
    ]) {
      expect(built).toContain(`samtykke/${file}`);
      expect(await readFile(join(OUT, 'samtykke', file))).toEqual(await readFile(join(ROOT, 'dist', file)));
    }
    const html = await readFile(join(OUT, 'index.html'), 'utf8');
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    const scripts = [...head.matchAll(/<script[^>]*>/g)].map((match) => match[0]);
    expect(scripts[0]).toContain('id="samtykke-config"');
    expect(scripts[1]).toMatch(
      /^<script src="\/samtykke\/samtykke\.js" integrity="sha384-[^"]+" crossorigin="anonymous">/,
    );
    // The app's own module comes after the loader, and the marked tag stays inert.
    expect(scripts.findIndex((tag) => tag.includes('type="module"'))).toBeGreaterThan(1);
    expect(head).toContain('type="text/plain" data-category="statistics"');
  });

  it('blocks the marked tag, loads the Norwegian first layer from /samtykke/ with its SRI hash, and releases on consent', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    expect(await executed(page)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    const paths = harness.requests.map((request) => request.path);
    expect(paths).toContain('/samtykke/samtykke-banner.nb.js');
    expect(
      await page.evaluate(
        () => document.querySelector<HTMLScriptElement>('script[src$="samtykke-banner.nb.js"]')?.integrity,
      ),
    ).toMatch(/^sha384-/);
    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => executed(page)).toEqual(['gtag']);
    // The React app's own button reaches the instance the loader put on window.
    await page.getByRole('button', { name: 'Cookie settings' }).click();
    await page.getByRole('dialog').waitFor();
  });

  it('samtykke/react follows the loader: the gate shows its placeholder, then the video once allowed', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('statistics: no');
    expect(await page.locator('iframe[title="How we roast"]').count()).toBe(0);
    // The placeholder's own button allows the one service: the video renders, the category stays refused.
    await page.getByRole('button', { name: 'Load the YouTube video' }).click();
    await page.locator('iframe[title="How we roast"]').waitFor();
    await expect.poll(() => harness.thirdPartyRequests().map((request) => request.host)).toContain('www.youtube.com');
    expect(await page.getByTestId('status').textContent()).toBe('statistics: no');
    expect(await executed(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cookie settings' }).click();
    await page.getByRole('dialog').waitFor();
  });

  it('samtykke/react re-renders on a decision: accepting in the banner grants statistics in the app', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('statistics: yes');
    await page.locator('iframe[title="How we roast"]').waitFor();
    // A returning visitor: the state is there after hydration, with no banner.
    const again = await harness.open(context, '/');
    await expect.poll(() => again.getByTestId('status').textContent()).toBe('statistics: yes');
    expect(await again.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);
  });

  it('refuses a lazily loaded file whose bytes differ from the pinned hash: no banner, nothing released', async () => {
    const original = await readFile(join(OUT, 'samtykke/samtykke-banner.nb.js'), 'utf8');
    harness.route('GET', '/samtykke/samtykke-banner.nb.js', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(`${original}\n;window.__tampered = true;`);
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      await page.goto(`${SITE}/`, { waitUntil: 'networkidle' });
      await expect.poll(() => errors.join('\n')).toContain('integrity');
      expect(await page.evaluate(() => (window as { __tampered?: boolean }).__tampered)).toBeUndefined();
      expect(await page.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);
      expect(await executed(page)).toEqual([]);
      expect(harness.thirdPartyRequests()).toEqual([]);
    } finally {
      const body = await readFile(join(OUT, 'samtykke/samtykke-banner.nb.js'));
      harness.route('GET', '/samtykke/samtykke-banner.nb.js', (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      });
    }
  });
});

describe('importing samtykke/loader from a bundle', () => {
  it('keeps the loader: the package marks its script-tag files as side-effecting', async () => {
    const app = join(ROOT, 'test-results/vite-import');
    await rm(app, { recursive: true, force: true });
    await mkdir(app, { recursive: true });
    await linkPackage(app);
    await writeFile(join(app, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    await writeFile(join(app, 'main.js'), "import 'samtykke/loader';\n");
    await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: join(app, 'out') } });
    const assets = await readdir(join(app, 'out/assets'));
    const chunk = await readFile(join(app, 'out/assets', assets.find((name) => name.endsWith('.js')) ?? ''), 'utf8');
    const loader = await readFile(join(ROOT, 'dist/samtykke.js'), 'utf8');
    expect(chunk.length).toBeGreaterThan(loader.length * 0.9);
    expect(chunk).toContain('samtykke: cannot tell where the samtykke files are');
  });
});

describe('lazily loaded files from another release', () => {
  it('are refused with an error naming both versions; the page stays blocked', async () => {
    const loader = await readFile(join(ROOT, 'dist/samtykke.js'));
    const banner = (await readFile(join(ROOT, 'dist/samtykke-banner.nb.js'), 'utf8')).replace(
      /version="[^"]+"/,
      'version="0.0.1"',
    );
    expect(banner).toContain('version="0.0.1"');
    const js = (body: string | Buffer) => (_request: unknown, response: import('node:http').ServerResponse) =>
      void response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    harness.route('GET', '/old/samtykke.js', js(loader));
    harness.route('GET', '/old/samtykke-runtime.js', js(await readFile(join(ROOT, 'dist/samtykke-runtime.js'))));
    harness.route('GET', '/old/samtykke-banner.nb.js', js(banner));
    harness.page(
      '/old/',
      `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<script>window.samtykkeConfig = { categories: { statistics: { services: ['google-analytics'] } } };</script>
<script src="/old/samtykke.js"></script>
<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
</head><body><h1>Fjordkaffe</h1></body></html>`,
    );
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as { __errors?: string[] }).__errors = seen;
      document.addEventListener('samtykke:error', (event) => seen.push(String(event.detail.error)));
    });
    await page.goto(`${SITE}/old/`, { waitUntil: 'networkidle' });
    const errors = () => page.evaluate(() => ((window as { __errors?: string[] }).__errors ?? []).join('\n'));
    await expect.poll(errors).toMatch(/samtykke-banner\.nb\.js is version 0\.0\.1, the loader \d+\.\d+\.\d+/);
    expect(await page.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);
    expect(await executed(page)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });
});
