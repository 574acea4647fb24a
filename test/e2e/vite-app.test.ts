import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloaded, filesIn, languageSplit, languagesIn, ONE_LANGUAGE_PER_CHUNK, serveBuild } from './built-app.js';
import { executed, type Harness, roundTrips, SITE, startHarness } from './harness.js';
import { installInto, unpackedPackage } from './packed.js';

/**
 * The examples/vite-react app, built by Vite from its own folder exactly as an owner would after `npm install`,
 * with the package as `npm pack` publishes it in node_modules, then served and opened in Chromium.
 */
const ROOT = process.cwd();
const EXAMPLE = join(ROOT, 'examples/vite-react');
const OUT = join(ROOT, 'test-results/vite-react');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

let harness: Harness;
let context: BrowserContext;
let built: string[];
let exampleFiles: Map<string, string>;
/** The unpacked tarball: what `npm install` puts in node_modules/samtykke. */
let pkg: string;
const linkPackage = (appDir: string) => installInto(appDir, pkg);

beforeAll(async () => {
  pkg = await unpackedPackage();
  await linkPackage(EXAMPLE);
  // `npm run build` in the folder, i.e. `vite build`, in a process of its own: vitest's NODE_ENV=test would
  // otherwise give the app React's development build, which no owner ships.
  const env = { ...process.env };
  delete env.NODE_ENV;
  execFileSync(process.execPath, [VITE, 'build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: EXAMPLE,
    env,
    stdio: 'ignore',
  });
  built = await filesIn(OUT);
  harness = await startHarness();
  exampleFiles = await serveBuild(harness, OUT);
}, 120_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
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
    // A production build, as `npm run build` makes: no development React in the app's code.
    const app = built.filter((file) => file.startsWith('assets/') && file.endsWith('.js'));
    for (const file of app) expect(await readFile(join(OUT, file), 'utf8')).not.toContain('jsxDEV');
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
    // The provider uses the loader's instance: the npm runtime, built as a chunk of its own, is never fetched.
    const runtime = (body: string) => body.includes('createSamtykke() needs a browser document');
    expect([...exampleFiles.values()].some(runtime)).toBe(true);
    expect(downloaded(harness, exampleFiles).some(runtime)).toBe(false);
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
      await page.goto(`${SITE}/`, { waitUntil: 'load' });
      await expect.poll(() => errors.join('\n')).toContain('integrity');
      await roundTrips(page);
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
    harness.route('GET', '/old/samtykke-decide.js', js(await readFile(join(ROOT, 'dist/samtykke-decide.js'))));
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
    await page.goto(`${SITE}/old/`, { waitUntil: 'load' });
    const errors = () => page.evaluate(() => ((window as { __errors?: string[] }).__errors ?? []).join('\n'));
    await expect.poll(errors).toMatch(/samtykke-banner\.nb\.js is version 0\.0\.1, the loader \d+\.\d+\.\d+/);
    await roundTrips(page);
    expect(await page.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);
    expect(await executed(page)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });
});

/**
 * The npm path, `import { createSamtykke } from 'samtykke'`, in an app Vite builds: the first layer's and the
 * preferences' texts come in one chunk per language, and the page downloads its visitor's language only.
 */
describe('a Vite app on the npm path (createSamtykke)', () => {
  const app = join(ROOT, 'test-results/vite-npm');
  let served: Map<string, string>;

  beforeAll(async () => {
    await rm(app, { recursive: true, force: true });
    await mkdir(app, { recursive: true });
    await linkPackage(app);
    await writeFile(
      join(app, 'index.html'),
      '<!doctype html><html lang="nb"><head><meta charset="utf-8"><script type="module" src="./main.js"></script></head><body><h1>Fjordkaffe</h1></body></html>',
    );
    // The config says which language: the page's (nb), one it forces, or one only its own texts cover.
    await writeFile(
      join(app, 'main.js'),
      `import { createSamtykke } from 'samtykke';
const force = new URLSearchParams(location.search).get('language');
window.samtykke = createSamtykke({
  categories: { statistics: { services: ['google-analytics'] } },
  ...(force ? { language: { force, default: 'da' } } : {}),
  texts: { fr: { bannerTitle: 'Nous utilisons des cookies' } },
});
window.__errors = [];
window.samtykke.on('error', ({ context }) => window.__errors.push(context));
`,
    );
    const out = join(app, 'out');
    await build({ root: app, base: '/npm/', configFile: false, logLevel: 'warn', build: { outDir: out } });
    served = await serveBuild(harness, out, '/npm/');
  }, 120_000);

  it('emits each language’s texts and purposes in chunks of their own, none of them in the entry', () => {
    const entry = /<script type="module"[^>]* src="([^"]+)"/.exec(served.get('/npm/') ?? '')?.[1] ?? '';
    expect(served.get(entry)).toContain('samtykke');
    expect(languageSplit(served, entry)).toEqual(ONE_LANGUAGE_PER_CHUNK);
  });

  it('downloads the Norwegian texts alone for a Norwegian page, and the Norwegian purposes with the preferences', async () => {
    const page = await harness.open(context, '/npm/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    expect(languagesIn(downloaded(harness, served))).toEqual(['nb']);
    expect(languagesIn(downloaded(harness, served), 'purposes')).toEqual([]);
    await page.getByRole('button', { name: 'Tilpass' }).click();
    await page.getByRole('dialog').waitFor();
    await expect.poll(() => languagesIn(downloaded(harness, served), 'purposes')).toEqual(['nb']);
    expect(languagesIn(downloaded(harness, served))).toEqual(['nb']);
  });

  it('shows and downloads Danish alone when the config forces it', async () => {
    const page = await harness.open(context, '/npm/?language=da');
    await page.getByRole('button', { name: 'Accepter alle' }).waitFor();
    expect(languagesIn(downloaded(harness, served))).toEqual(['da']);
    await page.getByRole('button', { name: 'Accepter alle' }).click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as { samtykke?: { isGranted(c: string): boolean } }).samtykke?.isGranted('statistics'),
        ),
      )
      .toBe(true);
  });

  it('a texts chunk that fails to load is reported; nothing shows half-translated, nothing is granted', async () => {
    const [path, body] =
      [...served].find(([file, text]) => /texts/.test(file) && languagesIn([text])[0] === 'nb') ?? [];
    expect(path).toBeDefined();
    harness.route('GET', path ?? '', (_request, response) => void response.writeHead(503).end());
    try {
      const page = await harness.open(context, '/npm/');
      const errors = () => page.evaluate(() => (window as { __errors?: string[] }).__errors ?? []);
      await expect.poll(errors).toContain('loading the UI');
      // No first layer with message keys for texts: a part mounts only once its language's texts are there.
      const shown = () => page.evaluate(() => document.querySelector('samtykke-ui')?.shadowRoot?.textContent ?? '');
      expect(await shown()).not.toMatch(/bannerTitle|acceptAll|Godta/);
      expect(await page.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);
      expect(
        await page.evaluate(() =>
          (window as { samtykke?: { isGranted(c: string): boolean } }).samtykke?.isGranted('statistics'),
        ),
      ).toBe(false);
    } finally {
      harness.route(
        'GET',
        path ?? '',
        (_request, response) => void response.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      );
    }
  });

  it('falls back as the script tag does: a language only the owner’s texts cover gets every language, the rest in the default', async () => {
    const page = await harness.open(context, '/npm/?language=fr');
    await page.getByText('Nous utilisons des cookies').waitFor();
    // The buttons have no French text: the default language (da) fills them in, as samtykke-ui.js would.
    await page.getByRole('button', { name: 'Accepter alle' }).waitFor();
    expect(languagesIn(downloaded(harness, served))).toHaveLength(8);
  });
});
