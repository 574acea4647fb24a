import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, loaderHead, roundTrips, startHarness } from './harness.js';
import { CONFIG } from './pages.js';

/**
 * A site that requires Trusted Types: every HTML and script-URL sink refuses a string. The site's own policy
 * (`site`) makes its markup and script URLs trusted; samtykke's policy (`samtykke`) is allowed next to it.
 */
const HEADER = { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types samtykke site" };
const WITHOUT_SAMTYKKE = { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types site" };

/** Each technique tags its request with `t=tt-…`. */
const SITE_CODE = `<script>
window.__siteErrors = [];
var site = trustedTypes.createPolicy('site', { createHTML: function (s) { return s; }, createScriptURL: function (s) { return s; } });
function run(name, fn) { try { fn(); } catch (e) { __siteErrors.push(name + ': ' + e.message); } }
function $(id) { return document.getElementById(id); }
run('innerHTML', function () { $('a').innerHTML = site.createHTML('<p id="a2">Trusted markup</p>'); });
run('innerHTML frame', function () { $('b').innerHTML = site.createHTML('<iframe width="560" height="315" title="Film" src="https://www.youtube.com/embed/abc123?t=tt-frame"></iframe>'); });
run('insertAdjacentHTML', function () { $('c').insertAdjacentHTML('beforeend', site.createHTML('<img alt="" src="https://www.facebook.com/tr?id=1&t=tt-adjacent"><i id="c2">adjacent</i>')); });
run('outerHTML', function () { $('d').outerHTML = site.createHTML('<p id="d2">Replaced</p>'); });
run('setHTMLUnsafe', function () { $('e').setHTMLUnsafe(site.createHTML('<b id="e2">Unsafe</b>')); });
run('script.src', function () { var s = document.createElement('script'); s.src = site.createScriptURL('https://connect.facebook.net/en_US/fbevents.js?t=tt-src'); document.head.append(s); });
run('document.write', function () { document.write(site.createHTML('<p id="w">Written</p><script src="https://www.clarity.ms/tag/abc?t=tt-write"></scr' + 'ipt>')); });
</script>`;

const body = `<body><h1>Fjordkaffe</h1><div id="a"></div><div id="b"></div><div id="c"></div><p id="d"></p><div id="e"></div>
${SITE_CODE}
<script src="https://bat.bing.com/bat.js?t=tt-parser"></script>
</body></html>`;
const MARKED = `<script type="text/plain" data-category="statistics" data-src="https://static.hotjar.com/c/hotjar-1234.js?sv=6"></script>
<script type="text/plain" data-category="statistics">window.__inline = 'ran';</script>`;
const PAGE = `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}${MARKED}</head>${body}`;
const CONTROL = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>${body}`;
/** The preferences and the cookie declaration: the Preact UI file, its styles and its texts, all under the policy. */
const UI_PAGE = `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}${MARKED}<title>Cookies</title></head>
<body><main><h1>Cookies</h1><div data-samtykke-declaration></div></main></body></html>`;

/** Violations the page reported, collected from the first byte on. */
const COLLECT = `window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) { window.__violations.push(e.violatedDirective + ' ' + e.sample); });`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  harness.page('/tt', PAGE, HEADER);
  harness.page('/tt-control', CONTROL, HEADER);
  harness.page('/tt-without-policy', PAGE, WITHOUT_SAMTYKKE);
  harness.page('/tt-ui', UI_PAGE, HEADER);
});
afterAll(() => harness?.close());
beforeEach(async () => {
  await context?.close();
  context = await harness.newContext({ initScript: COLLECT });
  harness.clearLog();
});

const tagged = (tag: string) => harness.thirdPartyRequests().filter((r) => r.path.includes(`t=${tag}`)).length;
const siteErrors = (page: Page) => page.evaluate(() => (window as unknown as { __siteErrors: string[] }).__siteErrors);
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
const banner = (page: Page) => page.getByRole('region', { name: /cookie/i });
/** Console lines about Trusted Types (the browser's refusals, samtykke's advice). */
const watchConsole = (page: Page) => {
  const lines: string[] = [];
  page.on('console', (message) => {
    if (/trusted/i.test(message.text())) lines.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
  return lines;
};
const openWatched = async (path: string) => {
  const page = await context.newPage();
  const lines = watchConsole(page);
  await page.goto(`https://www.fjordkaffe.test${path}`, { waitUntil: 'load' });
  return { page, lines };
};

describe('a page that requires Trusted Types', () => {
  it('control: without samtykke the site code works, every technique sends its request, and a string is refused', async () => {
    const { page } = await openWatched('/tt-control');
    expect(await siteErrors(page)).toEqual([]);
    for (const tag of ['tt-frame', 'tt-adjacent', 'tt-src', 'tt-write', 'tt-parser']) {
      await expect.poll(() => tagged(tag), { message: tag }).toBeGreaterThan(0);
    }
    const refused = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>string</b>';
        return 'accepted';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(refused).toBe('TypeError');
  });

  it('with samtykke: the banner loads, trusted site code works, trackers stay held, no violation', async () => {
    const { page, lines } = await openWatched('/tt');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    expect(await siteErrors(page)).toEqual([]);
    for (const id of ['#a2', '#c2', '#d2', '#e2', '#w']) expect(await page.locator(id).count(), id).toBe(1);
    // The trusted frame markup was rewritten through samtykke's policy: the frame is held, with its placeholder
    // (which comes with the runtime, asked for once the banner has painted).
    await expect.poll(() => page.locator('.samtykke-embed').count()).toBe(1);
    await roundTrips(page);
    // The parser-inserted <script src> is requested by the preload scanner (docs/blocking.md, limits) but not run.
    for (const tag of ['tt-frame', 'tt-adjacent', 'tt-src', 'tt-write']) expect(tagged(tag), tag).toBe(0);
    expect(await executed(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __inline?: string }).__inline)).toBeUndefined();
    expect(await violations(page)).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('after "Accept all" every held and marked script runs and the frame loads, still without a violation', async () => {
    const { page, lines } = await openWatched('/tt');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(async () => (await executed(page)).sort()).toEqual(['clarity', 'hotjar', 'meta', 'uet'].sort());
    expect(await page.evaluate(() => (window as unknown as { __inline?: string }).__inline)).toBe('ran');
    await expect.poll(() => tagged('tt-frame')).toBe(1);
    expect(await page.locator('.samtykke-embed').count()).toBe(0);
    // A pixel is dropped, never sent later.
    expect(tagged('tt-adjacent')).toBe(0);
    expect(await violations(page)).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('control: without `trusted-types samtykke` the browser refuses samtykke’s script insertion and says why', async () => {
    const { page, lines } = await openWatched('/tt-without-policy');
    await expect.poll(() => lines.some((line) => /add "trusted-types samtykke"/.test(line))).toBe(true);
    await expect.poll(() => lines.some((line) => /requires 'TrustedScriptURL' assignment/.test(line))).toBe(true);
    await roundTrips(page);
    expect(await banner(page).count()).toBe(0);
    // Still fail-safe: nothing held is released, nothing sent.
    for (const tag of ['tt-frame', 'tt-adjacent', 'tt-src', 'tt-write']) expect(tagged(tag), tag).toBe(0);
  });

  it('the preferences open, save a choice that releases its category, and the declaration renders, with no violation', async () => {
    const { page, lines } = await openWatched('/tt-ui');
    // The declaration is rendered by the Preact UI file, loaded through samtykke's policy.
    await expect.poll(() => page.locator('tr[data-service="hotjar"]').count()).toBe(1);
    // Before a decision it has no choice column.
    expect(await page.locator('tr[data-service="hotjar"] .samtykke-standing').count()).toBe(0);
    await page.getByRole('button', { name: 'Customise' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.locator('#samtykke-cat-statistics').check();
    await dialog.getByRole('button', { name: 'Save choices' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // The marked statistics scripts run (one from a URL, one inline), marketing stays held.
    await expect.poll(() => executed(page)).toEqual(['hotjar']);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __inline?: string }).__inline)).toBe('ran');
    await expect.poll(() => page.locator('tr[data-service="hotjar"] .samtykke-standing').textContent()).toBe('Allowed');
    // The floating button opens the preferences again.
    await page
      .getByRole('button', { name: /cookie/i })
      .last()
      .click();
    await page.getByRole('dialog').waitFor();
    expect(await violations(page)).toEqual([]);
    expect(lines).toEqual([]);
  });
});
