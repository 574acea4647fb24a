import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, roundTrips, startHarness } from './harness.js';
import { CONFIG, META_SNIPPET, YOUTUBE_IFRAME, YOUTUBE_MARKED } from './pages.js';

let harness: Harness;
let context: BrowserContext;

const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-src https:; img-src 'self'";
/** A page that sets its config as JSON (no inline script) so it runs under a CSP without 'unsafe-inline'. */
const page = (lang: string, body: string, head = '') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<script type="application/json" id="samtykke-config">${JSON.stringify(CONFIG)}</script>
<script src="/dist/samtykke.js"></script>${head}<title>Fjordkaffe</title></head><body><main><h1>Fjordkaffe</h1>${body}</main></body></html>`;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page('en', `${YOUTUBE_MARKED}<p>Kaffe.</p>`, META_SNIPPET));
  harness.page('/nb', page('nb', YOUTUBE_IFRAME));
  harness.page('/csp', page('en', YOUTUBE_MARKED), { 'content-security-policy': STRICT_CSP });
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const placeholder = (p: Page) => p.locator('.samtykke-embed');
const youtubeRequests = () => harness.thirdPartyRequests().filter((r) => r.host === 'www.youtube.com');

describe('embed placeholder', () => {
  it('takes the frame’s box, names the service and the provider, and passes axe', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.rejectAll());
    await expect.poll(() => placeholder(p).count()).toBe(1);
    const box = await placeholder(p).boundingBox();
    expect([box?.width, box?.height]).toEqual([560, 315]);
    expect(await placeholder(p).textContent()).toBe('');
    const text = await p.locator('.samtykke-embed p').textContent();
    expect(text).toBe('This content from Google Ireland Ltd. (YouTube) sets cookies for “Marketing”. Load it?');
    await expect.poll(() => p.getByRole('button', { name: 'Load YouTube' }).isVisible()).toBe(true);
    await p.evaluate(await readFile('node_modules/axe-core/axe.min.js', 'utf8'));
    const violations = await p.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string }> }> };
        }
      ).axe;
      const result = await axe.run(
        { include: [['.samtykke-embed']] },
        { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
      );
      return result.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
  });

  it('its button allows that one service, recorded as a decision, and loads the frame without granting marketing', async () => {
    const p = await harness.open(context, '/');
    await p.evaluate(() => window.Samtykke?.rejectAll());
    await p.getByRole('button', { name: 'Load YouTube' }).click();
    await expect.poll(() => youtubeRequests().length).toBe(1);
    expect(await placeholder(p).count()).toBe(0);
    expect(await p.locator('iframe').getAttribute('src')).toBe('https://www.youtube.com/embed/abc123');
    expect(
      await p.evaluate(() => [window.Samtykke?.getDecision()?.services, window.Samtykke?.isGranted('marketing')]),
    ).toEqual([['youtube'], false]);
    // Not networkidle: the frame's own page may keep the network busy; two round trips after the click suffice.
    await roundTrips(p);
    expect(await executed(p)).toEqual([]);
    expect(harness.thirdPartyRequests().filter((r) => r.host.includes('facebook'))).toEqual([]);
    // The choice holds on the next page.
    harness.clearLog();
    await p.reload({ waitUntil: 'load' });
    await expect.poll(() => youtubeRequests().length).toBe(1);
  });

  it('speaks the page’s language', async () => {
    const p = await harness.open(context, '/nb');
    await expect.poll(() => p.getByRole('button', { name: 'Last inn YouTube' }).isVisible()).toBe(true);
    expect(await p.locator('.samtykke-embed p').textContent()).toBe(
      'Dette innholdet fra Google Ireland Ltd. (YouTube) bruker informasjonskapsler til «Markedsføring». Vil du laste det inn?',
    );
  });

  it('works under a strict CSP: no inline styles needed, no violation reported', async () => {
    const cspContext = await harness.newContext({
      initScript: `window.__violations = []; document.addEventListener('securitypolicyviolation', function (e) { window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });`,
    });
    const p = await harness.open(cspContext, '/csp');
    await p.evaluate(() => window.Samtykke?.rejectAll());
    await p.reload({ waitUntil: 'load' });
    await expect.poll(() => placeholder(p).count()).toBe(1);
    const button = p.getByRole('button', { name: 'Load YouTube' });
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(29, 79, 124)');
    expect(await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await cspContext.close();
  });
});
