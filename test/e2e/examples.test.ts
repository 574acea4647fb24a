import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { scanLedger } from '../../src/server/storage.js';
import { makeReceipts } from '../server/fixtures.js';
import { filesIn } from './built-app.js';
import { freePort } from './free-port.js';
import { executed, launchChromium } from './harness.js';
import { installInto, unpackedPackage } from './packed.js';
import { embedPage, vendorScript } from './vendors.js';

/**
 * The examples that need no build, run as their READMEs and files say, from the package as `npm pack` publishes
 * it: examples/plain-html (its page byte for byte, `npx samtykke copy-assets samtykke`, `npx samtykke-ledger
 * serve --origin http://localhost:8080`) and examples/express-ledger (`node server.mjs`). examples/vite-react
 * and examples/next are built from their own folders by test/e2e/vite-app.test.ts and next-app.test.ts.
 */
const ROOT = process.cwd();
const processes: ChildProcess[] = [];
let pkg: string;
let work: string;

/** Where the package's `bin` entry `name` points: what `npx name` runs. */
async function bin(name: string): Promise<string> {
  const { bin } = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(pkg, bin[name] ?? '');
}

/** Starts a Node process and waits until `url` answers 200; its output is in the error if it never does. */
async function start(args: string[], options: { cwd: string; env?: Record<string, string> }, url: string) {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
  processes.push(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  for (let tries = 0; ; tries++) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return child;
    if (tries > 200 || child.exitCode !== null) throw new Error(`${args.join(' ')} did not answer ${url}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  pkg = await unpackedPackage();
  work = await mkdtemp(join(ROOT, 'test-results/examples-'));
}, 60_000);
afterAll(() => {
  for (const child of processes) child.kill();
});

describe('examples/plain-html as its README says', () => {
  const site = 'http://localhost:8080';
  let browser: Browser;
  let context: BrowserContext;
  const thirdParty: string[] = [];
  const posted: string[] = [];

  beforeAll(async () => {
    const dir = join(work, 'plain-html');
    await mkdir(dir, { recursive: true });
    await copyFile(join(ROOT, 'examples/plain-html/index.html'), join(dir, 'index.html'));
    await installInto(dir, pkg);
    // npx samtykke copy-assets samtykke
    execFileSync(process.execPath, [await bin('samtykke'), 'copy-assets', 'samtykke'], { cwd: dir, stdio: 'ignore' });
    const files = new Set(await filesIn(dir));
    // npx samtykke-ledger serve --origin http://localhost:8080, on a free port the browser reaches as :8787
    const ledgerPort = await freePort();
    const ledgerDir = join(work, 'ledger');
    await mkdir(ledgerDir, { recursive: true });
    const ledger = await bin('samtykke-ledger');
    await start(
      [ledger, 'serve', '--origin', site, '--port', String(ledgerPort)],
      { cwd: ledgerDir },
      `http://127.0.0.1:${ledgerPort}/health`,
    );

    browser = await launchChromium();
    context = await browser.newContext();
    // Any static server on :8080 for the folder; the ledger on :8787; every other host is a third party.
    await context.route('**/*', async (route: Route) => {
      const url = new URL(route.request().url());
      if (url.origin === site) {
        const file = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
        if (!files.has(file)) return route.fulfill({ status: 404 });
        const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript';
        return route.fulfill({ status: 200, contentType: type, body: await readFile(join(dir, file)) });
      }
      if (url.origin === 'http://localhost:8787') {
        if (route.request().method() === 'POST') posted.push(url.pathname);
        const response = await route.fetch({ url: `http://127.0.0.1:${ledgerPort}${url.pathname}${url.search}` });
        return route.fulfill({ response });
      }
      thirdParty.push(url.host + url.pathname);
      const script = vendorScript(url.host, url.pathname + url.search);
      if (script) return route.fulfill({ status: 200, contentType: 'text/javascript', body: script });
      return route.fulfill({ status: 200, contentType: 'text/html', body: embedPage(url.host) });
    });
  }, 60_000);
  afterAll(async () => {
    // A later post (the notice documents the ledger asks for) may still be on its way when the tests end.
    await context?.unrouteAll({ behavior: 'ignoreErrors' });
    await browser?.close();
  });

  it('copy-assets put every file the loader asks for next to it, and the page needs nothing else', async () => {
    const files = await filesIn(join(work, 'plain-html'));
    for (const file of ['samtykke.js', 'samtykke-runtime.js', 'samtykke-banner.nb.js', 'samtykke-ui.nb.js']) {
      expect(files).toContain(`samtykke/${file}`);
    }
  });

  it('asks in Norwegian and holds Google and YouTube; "Godta alle" releases both and the ledger signs the receipt', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => void errors.push(error.message));
    await page.goto(`${site}/`, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    expect(thirdParty).toEqual([]);
    await expect.poll(() => page.locator('.samtykke-embed').count()).toBe(1);

    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => executed(page)).toEqual(['gtag']);
    await expect.poll(() => thirdParty.some((request) => request.startsWith('www.youtube.com/embed/'))).toBe(true);
    const delivered = () =>
      page.evaluate(async () =>
        (await window.Samtykke?.ledger.list())?.map((item) => [item.status, Boolean(item.acknowledgement?.signature)]),
      );
    await expect.poll(delivered).toEqual([['delivered', true]]);
    expect(posted).toContain('/receipts');
    expect(errors).toEqual([]);
  });
});

describe('examples/express-ledger as it is written (node server.mjs)', () => {
  let base: string;
  let db: string;

  beforeAll(async () => {
    const example = join(ROOT, 'examples/express-ledger');
    await installInto(example, pkg);
    const data = join(work, 'express');
    await mkdir(data, { recursive: true });
    db = join(data, 'ledger.db');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await start(
      [join(example, 'server.mjs')],
      { cwd: data, env: { PORT: String(port), LEDGER_DB: db, LEDGER_KEY: join(data, 'ledger-key.pem') } },
      `${base}/ledger/health`,
    );
  }, 60_000);

  it('serves the shop and the ledger under /ledger, after the app-wide express.json(), with the client from trust proxy', async () => {
    expect(await (await fetch(`${base}/`)).text()).toContain('The shop');
    const headers = { origin: 'http://localhost:8080', 'x-forwarded-for': '198.51.100.7' };
    const post = (body: string, type: string) =>
      fetch(`${base}/ledger/receipts`, { method: 'POST', headers: { ...headers, 'content-type': type }, body });
    const json = await post(JSON.stringify({ receipts: await makeReceipts(2) }), 'application/json');
    expect(json.status).toBe(200);
    // A beacon's text/plain body, which the app's express.json() leaves alone.
    const beacon = await post(JSON.stringify({ receipts: await makeReceipts(1) }), 'text/plain;charset=UTF-8');
    expect(beacon.status).toBe(200);
    expect(((await beacon.json()) as { acknowledgements: unknown[] }).acknowledgements).toHaveLength(1);

    const storage = await openSqliteStorage({ path: db, readOnly: true });
    try {
      const stored = [];
      for await (const row of scanLedger(storage)) stored.push(row);
      expect(stored).toHaveLength(3);
      expect(new Set(stored.map((row) => row.client))).toEqual(new Set(['198.51.100.0/24']));
    } finally {
      await storage.close();
    }
  });

  it('refuses another site: the example allows http://localhost:8080 only', async () => {
    const response = await fetch(`${base}/ledger/receipts`, {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example', 'content-type': 'application/json' },
      body: JSON.stringify({ receipts: await makeReceipts(1) }),
    });
    expect(response.status).toBe(403);
  });
});
