/**
 * A returning visitor's page in Chromium: it downloads the loader and the runtime and nothing else, and the part
 * that makes and changes decisions (`samtykke-decide.js`) arrives only when the page needs it — the floating
 * button, page code deciding, a withdrawal from another tab — with what waited for it carried out in order. When
 * that part cannot load, nothing is released and the console says why.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, grantedOn, type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';

let harness: Harness;
let context: BrowserContext;
/** While set, the decide part's file is answered only once it resolves: the page is still waiting for it. */
let decideHeld: Promise<void> | undefined;

const TRACKERS = `${GA4_SNIPPET.replace('<script async src=', '<script type="text/plain" data-category="statistics" async src=')}${HOTJAR_SNIPPET}${META_SNIPPET}`;
const page = (loader = '/dist/samtykke.js') =>
  `<!doctype html><html lang="en"><head>${loaderHead(CONFIG, loader)}${TRACKERS}<title>Fjordkaffe</title></head><body><main><h1>Fjordkaffe</h1></main></body></html>`;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page());
  harness.page('/other', page());
  // A folder whose decide part is missing: the loader and the runtime are there.
  for (const file of ['samtykke.js', 'samtykke-runtime.js', 'samtykke-ledger.js']) {
    harness.route('GET', `/broken/${file}`, (_request, response) => {
      response.writeHead(302, { location: `/dist/${file}` }).end();
    });
  }
  harness.route('GET', '/broken/samtykke-decide.js', (_request, response) => void response.writeHead(404).end());
  harness.page('/broken/', page('/broken/samtykke.js'));
  harness.route('GET', '/dist/samtykke-decide.js', async (_request, response) => {
    await decideHeld;
    const body = await readFile(join(process.cwd(), 'dist/samtykke-decide.js'));
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/** The samtykke files the browser requested, in order (any folder). */
const files = () => harness.requests.filter((r) => /samtykke[^/]*\.js$/.test(r.path)).map((r) => r.path);
const requestsTo = (host: string) => harness.thirdPartyRequests().filter((r) => r.host === host);
const inject = (p: Page, src: string) =>
  p.evaluate((url) => {
    const script = document.createElement('script');
    script.src = url;
    document.head.append(script);
  }, src);
const decisionCookie = async () => (await context.cookies()).find((c) => c.name === 'samtykke')?.value;
const receipts = (p: Page) =>
  p.evaluate(async () => (await window.Samtykke?.ledger.list())?.map((entry) => entry.receipt.event) ?? []);
const floatingButton = (p: Page) => p.locator('samtykke-button').getByRole('button', { name: 'Cookie settings' });
const deepFocus = (p: Page) =>
  p.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('aria-label') || active?.textContent?.trim() || null;
  });

/** A visitor who chose on an earlier page, whose receipt is stored: the page after is a returning visit. */
async function returning(path = '/', choice: 'Accept all' | 'Reject all' = 'Accept all'): Promise<Page> {
  const first = await harness.open(context, '/');
  await first.getByRole('button', { name: choice }).click();
  await expect.poll(() => first.evaluate(() => window.Samtykke?.getDecision()?.granted)).toBeDefined();
  await expect.poll(() => first.evaluate(() => localStorage.getItem('samtykke:journal'))).toBeNull();
  await first.close();
  harness.clearLog();
  const again = await harness.open(context, path);
  await runtimeStarted(again);
  return again;
}

describe('a returning visit', () => {
  it('downloads the loader and the runtime only, and the consented trackers run', async () => {
    const p = await returning();
    await expect.poll(() => executed(p)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
    expect(files()).toEqual(['/dist/samtykke.js', '/dist/samtykke-runtime.js']);
    expect(await p.evaluate(() => typeof window.SamtykkeDecide)).toBe('undefined');
  });

  it('the floating button fetches the decide part and the preferences together: one dialog, focus in and back', async () => {
    const p = await returning();
    // Both presses land while the part is on its way (on a fast machine it is; held here so a slow one does not
    // open the dialog between them, where the second press would close it again).
    let release = () => {};
    decideHeld = new Promise<void>((resolve) => (release = resolve));
    await floatingButton(p).focus();
    await p.keyboard.press('Enter');
    await p.keyboard.press('Enter');
    await expect.poll(() => files()).toContain('/dist/samtykke-decide.js');
    release();
    decideHeld = undefined;
    await p.getByRole('dialog').waitFor();
    await roundTrips(p);
    expect(await p.getByRole('dialog').count()).toBe(1);
    expect(files().slice(2).sort()).toEqual(['/dist/samtykke-decide.js', '/dist/samtykke-ui.en.js']);
    await expect.poll(() => deepFocus(p)).toBe('Close');
    await p.keyboard.press('Escape');
    expect(await p.getByRole('dialog').count()).toBe(0);
    expect(await deepFocus(p)).toBe('Cookie settings');
  });

  it('page code deciding before the part is here: it waits, then runs in order, recorded as page code', async () => {
    const p = await returning('/', 'Reject all');
    const answers = await p.evaluate(() => {
      const seen: string[] = [];
      document.addEventListener('samtykke:change', (event) => {
        const { action, decision } = (event as CustomEvent).detail;
        seen.push(`${action}:${decision.granted.join('+')}`);
      });
      (window as unknown as { __seen: string[] }).__seen = seen;
      return [window.Samtykke?.accept(['statistics']), window.Samtykke?.acceptAll()];
    });
    expect(answers).toEqual([null, null]);
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { __seen: string[] }).__seen))
      .toEqual(['api:necessary+statistics', 'api:necessary+statistics+marketing']);
    await expect.poll(() => executed(p)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
    await expect
      .poll(async () => (await receipts(p)).map((e) => [e.state, e.action]))
      .toEqual([
        ['refused', 'reject-all'],
        ['updated', 'api'],
        ['updated', 'api'],
      ]);
    expect(files().filter((f) => f.includes('decide'))).toEqual(['/dist/samtykke-decide.js']);
  });

  it('a withdrawal in another tab reaches a page whose decide part never loaded: trackers held, cleaned up, reloaded', async () => {
    const a = await returning('/other');
    await expect.poll(() => executed(a)).toContain('gtag');
    expect(files()).not.toContain('/dist/samtykke-decide.js');
    await a.evaluate(() => Object.assign(window, { __sameDocument: true }));
    // The tracker's cookie, on this page's path only: the other tab's clean-up cannot reach it.
    await a.evaluate(() => {
      // biome-ignore lint/suspicious/noDocumentCookie: what Google Analytics leaves behind.
      document.cookie = '_ga=GA1.1.1.2; path=/other';
    });
    const b = await harness.open(context, '/');
    await b.evaluate(() => window.Samtykke?.withdraw());
    // A fetched the part that cleans up, deleted the cookie and started afresh into a blocked page.
    await expect
      .poll(() =>
        a.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument).catch(() => true),
      )
      .toBeUndefined();
    await a.waitForLoadState('load');
    expect((await context.cookies('https://www.fjordkaffe.test/other')).map((c) => c.name)).not.toContain('_ga');
    expect(await a.evaluate(() => window.Samtykke?.isGranted('statistics'))).toBe(false);
    harness.clearLog();
    await inject(a, 'https://static.hotjar.com/c/hotjar-1.js?sv=after');
    await roundTrips(a);
    expect(requestsTo('static.hotjar.com')).toEqual([]);
  });
});

describe('the decide part fails to load', () => {
  it('control: from the folder with every file, page code grants on a returning visit and the trackers run', async () => {
    const p = await returning('/', 'Reject all');
    expect(await p.evaluate(() => window.Samtykke?.acceptAll())).toBeNull();
    await expect.poll(() => executed(p)).toEqual(expect.arrayContaining(['gtag', 'hotjar', 'meta']));
  });

  it('nothing is decided or released, the decision stays as it was, and the console names the file', async () => {
    const first = await harness.open(context, '/');
    await first.getByRole('button', { name: 'Reject all' }).click();
    // Carried out once the part that decides has come (a first visit asks for it after the banner's paint); until
    // then the journal is empty too, and the page after would be a first visit.
    await expect.poll(() => grantedOn(first)).toEqual(['necessary']);
    await expect.poll(() => first.evaluate(() => localStorage.getItem('samtykke:journal'))).toBeNull();
    await first.close();
    const before = await decisionCookie();
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    p.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await p.goto('https://www.fjordkaffe.test/broken/', { waitUntil: 'load' });
    await runtimeStarted(p);
    harness.clearLog();
    expect(await p.evaluate(() => window.Samtykke?.acceptAll())).toBeNull();
    await expect.poll(() => errors.join('\n')).toContain('samtykke-decide.js');
    await roundTrips(p);
    expect(errors.filter((text) => text.startsWith('uncaught'))).toEqual([]);
    expect(await decisionCookie()).toBe(before);
    expect(await p.evaluate(() => window.Samtykke?.isGranted('statistics'))).toBe(false);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests()).toEqual([]);
  });
});
