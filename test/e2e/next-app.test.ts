import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/server/keys.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { scanLedger } from '../../src/server/storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import { freePort } from './free-port.js';
import { executed, type Harness, type LoggedRequest, roundTrips, SITE, startHarness } from './harness.js';
import { installInto, unpackedPackage } from './packed.js';

/**
 * The examples/next app, built from its own folder with `next build` and served by `next start` exactly as an
 * owner would run it after `npm install` (here: the package as `npm pack` publishes it) and `npm run build`
 * (whose prebuild step is `samtykke copy-assets public/samtykke`). Chromium reaches it through the harness, which answers for the site
 * and every tracker host and forwards the site's requests to Next.js as the host's proxy would.
 */
const ROOT = process.cwd();
const APP = join(ROOT, 'examples/next');
const NEXT = join(ROOT, 'node_modules/next/dist/bin/next');
const VISITOR_IP = '203.0.113.7';
const LOADER_TAG = '<script src="/samtykke/samtykke.js"></script>';

/** Runs the Next.js CLI in the example; resolves with its output once it exits, rejects unless it exits 0. */
function runNext(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [NEXT, ...args], { cwd: APP, env: { ...process.env, ...env } });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`next ${args[0]}: ${output}`)))),
  );
}

/** Forwards a site request to `next start`, optionally rewriting the HTML it answers (for the controls). */
function forward(port: number, req: LoggedRequest, rewrite: (html: string) => string) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    const headers = { ...req.headers, 'x-forwarded-for': VISITOR_IP, 'x-forwarded-proto': 'https' };
    delete headers['accept-encoding'];
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const out: Record<string, string> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && name !== 'transfer-encoding' && name !== 'content-length')
            out[name] = String(value);
        }
        let body = Buffer.concat(chunks);
        if (out['content-type']?.startsWith('text/html')) body = Buffer.from(rewrite(body.toString('utf8')));
        resolve({ status: answer.statusCode ?? 502, headers: out, body });
      });
    });
    upstream.once('error', reject);
    upstream.end(req.body);
  });
}

/** The controls: the same page without the loader tag, or with an element React does not expect. */
function controlOf(path: string): (html: string) => string {
  const control = new URL(path, SITE).searchParams.get('control');
  if (control === 'no-samtykke') return (html) => html.replace(LOADER_TAG, '');
  if (control === 'mismatch')
    return (html) => html.replace('<h1>Fjordkaffe</h1>', '<h1>Fjordkaffe</h1><div>foreign</div>');
  return (html) => html;
}

let harness: Harness;
let context: BrowserContext;
let server: ChildProcess | undefined;
let data: string;
let publicKey: string;
let html: string;

beforeAll(async () => {
  // What `npm install` puts in node_modules (the package as `npm pack` publishes it), and the prebuild step.
  await installInto(APP, await unpackedPackage());
  await rm(join(APP, 'public/samtykke'), { force: true, recursive: true });
  // The prebuild script, `samtykke copy-assets public/samtykke`, through the installed package's bin.
  const { bin } = JSON.parse(await readFile(join(APP, 'node_modules/samtykke/package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  execFileSync(
    process.execPath,
    [join(APP, 'node_modules/samtykke', bin.samtykke ?? ''), 'copy-assets', 'public/samtykke'],
    {
      cwd: APP,
      stdio: 'ignore',
    },
  );
  const env = { NEXT_TELEMETRY_DISABLED: '1' };
  await runNext(['build'], env);
  html = await readFile(join(APP, '.next/server/app/index.html'), 'utf8');

  data = await mkdtemp(join(tmpdir(), 'samtykke-next-'));
  const pair = generateKeyPair();
  publicKey = pair.publicKey;
  await writeFile(join(data, 'ledger-key.pem'), pair.privateKey);
  const port = await freePort();
  server = spawn(process.execPath, [NEXT, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: APP,
    stdio: 'ignore',
    env: {
      ...process.env,
      ...env,
      LEDGER_DB: join(data, 'ledger.db'),
      LEDGER_KEY: join(data, 'ledger-key.pem'),
      LEDGER_ORIGINS: SITE,
    },
  });
  // Ready once it answers the page.
  for (let tries = 0; ; tries++) {
    const status = await new Promise<number>((resolve) =>
      request({ host: '127.0.0.1', port, path: '/' }, (answer) => resolve(answer.resume().statusCode ?? 0))
        .once('error', () => resolve(0))
        .end(),
    );
    if (status === 200) break;
    if (tries > 300 || server.exitCode !== null) throw new Error(`next start did not answer (${status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  harness = await startHarness();
  // roundTrips()' sync requests, answered here rather than by Next.js's 404 page.
  harness.route('GET', '/__sync', (_request, response) => void response.writeHead(204).end());
  harness.fallback(async (req, res) => {
    const answer = await forward(port, req, controlOf(req.path));
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
}, 300_000);
afterAll(async () => {
  server?.kill();
  await harness?.close();
  if (data) await rm(data, { recursive: true, force: true });
});
beforeEach(async () => {
  context = await harness.nextTest();
});

/** Opens a page and records what would reveal a failed hydration: errors on the console and uncaught ones. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => void errors.push(error.message));
  await page.addInitScript(() => {
    const blocked: string[] = [];
    (window as { __blocked?: string[] }).__blocked = blocked;
    document.addEventListener('samtykke:blocked', (event) => blocked.push(event.detail.url));
  });
  await page.goto(SITE + path, { waitUntil: 'load' });
  return { page, errors };
}

const blocked = (page: Page) => page.evaluate(() => (window as { __blocked?: string[] }).__blocked ?? []);
const META = 'https://connect.facebook.net/en_US/fbevents.js';

describe('a Next.js App Router app (examples/next) after next build', () => {
  it("imports samtykke/react straight into its server components: dist/react.js starts with 'use client'", async () => {
    expect((await readFile(join(ROOT, 'dist/react.js'), 'utf8')).startsWith("'use client';\n")).toBe(true);
    // The layout and the page are server components (no directive of their own) that render the provider and
    // a gate from samtykke/react; the build above would fail if Next.js took the package for server code.
    for (const file of ['app/layout.tsx', 'app/page.tsx']) {
      const source = await readFile(join(APP, file), 'utf8');
      expect(source).not.toMatch(/^\s*['"]use client['"]/);
      expect(source).toMatch(/from 'samtykke\/react'/);
    }
    expect(html).toContain('Visit statistics are off.');
  });

  it('prerenders the page with the config and the loader in <head>, and no tracker URL before it', () => {
    const head = html.slice(0, html.indexOf('</head>'));
    const loader = head.indexOf(LOADER_TAG);
    expect(loader).toBeGreaterThan(head.indexOf('id="samtykke-config"'));
    expect(head.indexOf('id="samtykke-config"')).toBeGreaterThan(0);
    // Next.js puts its own async chunks first; nothing from another host may be fetched before the loader runs.
    expect(head.slice(0, loader)).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https:\/\/connect\.facebook\.net/);
  });

  it('control: without the loader tag, the Script Next.js adds runs the Meta pixel with no consent', async () => {
    const { page } = await open('/?control=no-samtykke');
    await expect.poll(() => executed(page)).toEqual(['meta']);
    expect(harness.thirdPartyRequests().map((r) => r.host)).toContain('connect.facebook.net');
  });

  it('control: an element React does not expect in the server HTML is reported as a hydration error', async () => {
    const { errors } = await open('/?control=mismatch');
    await expect.poll(() => errors.join('\n')).toMatch(/hydrat|#418/i);
  });

  it('before consent: the banner asks, the marked tag and the Script Next.js adds are held, hydration is clean', async () => {
    const { page, errors } = await open('/');
    await page.getByRole('button', { name: 'Godta alle' }).waitFor();
    // Next.js inserts the Script once the page has loaded: the loader holds it as the Meta pixel it is.
    await expect.poll(() => blocked(page)).toContain(META);
    await roundTrips(page);
    expect(await executed(page)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
    // Hydrated: the provider reached the loader's instance, and the placeholder's button is React's.
    expect(await page.getByTestId('status').textContent()).toBe('statistics: no');
    expect(await page.getByTestId('statistics-note').textContent()).toBe('Visit statistics are off.');
    expect(await page.locator('iframe').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('after "Godta alle": both trackers run, the app re-renders, and the route handler signs and stores the receipt', async () => {
    const { page, errors } = await open('/');
    await page.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(async () => (await executed(page)).sort()).toEqual(['gtag', 'meta']);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('statistics: yes');
    // The gate the server page rendered re-renders in the browser too.
    await expect
      .poll(() => page.getByTestId('statistics-note').textContent())
      .toBe('Thank you for letting us count visits.');
    await page.locator('iframe[title="How we roast"]').waitFor();
    await expect.poll(() => harness.thirdPartyRequests().map((r) => r.host)).toContain('www.youtube.com');

    // The receipt went to /api/ledger/receipts, the route handler in the same Next.js app, and came back signed.
    const delivered = () =>
      page.evaluate(async () =>
        (await window.Samtykke?.ledger.list())?.map((item) => ({
          status: item.status,
          signed: Boolean(item.acknowledgement?.signature),
          id: item.receipt.receiptId,
        })),
      );
    await expect.poll(delivered).toEqual([{ status: 'delivered', signed: true, id: expect.any(String) }]);
    const [local] = (await delivered()) ?? [];
    expect(harness.requests.some((r) => r.method === 'POST' && r.path === '/api/ledger/receipts')).toBe(true);

    const storage = await openSqliteStorage({ path: join(data, 'ledger.db'), readOnly: true });
    try {
      const stored = [];
      for await (const row of scanLedger(storage)) stored.push(row);
      expect(stored.map((row) => row.receiptId)).toContain(local?.id);
      // The visitor's address came through the proxy's X-Forwarded-For (203.0.113.7), and only its network was kept.
      const row = stored.find((item) => item.receiptId === local?.id);
      expect(row?.client).toBe('203.0.113.0/24');
      expect((await verifyLedger(storage, publicKey)).ok).toBe(true);
    } finally {
      await storage.close();
    }
    expect(errors).toEqual([]);
  });
});
