import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, roundTrips, startHarness } from './harness.js';

/** The config as JSON, so a page with a strict Content-Security-Policy needs no inline script at all. */
const CONFIG = JSON.stringify({
  controller: { name: 'Fjordkaffe AS' },
  categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['youtube'] } },
});
const STRICT_CSP =
  "default-src 'self'; script-src 'self' https://www.googletagmanager.com; style-src 'self'; frame-src https://www.youtube.com; connect-src 'self' https://region1.google-analytics.com";

const page = (config: string) => `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<script type="application/json" id="samtykke-config">${config}</script>
<script src="/dist/samtykke.js"></script>
<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>
</head><body><h1>Fjordkaffe</h1>
<iframe title="Video" width="400" height="225" data-category="marketing" data-src="https://www.youtube.com/embed/abc"></iframe>
</body></html>`;

let harness: Harness;
let context: BrowserContext;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', page(CONFIG), { 'content-security-policy': STRICT_CSP });
  harness.page('/broken', page('{ "categories": '), { 'content-security-policy': STRICT_CSP });
});
afterAll(() => harness.close());
beforeEach(async () => {
  await context?.close();
  context = await harness.newContext({
    initScript: `window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`,
  });
  harness.clearLog();
});

const violations = (p: import('playwright-core').Page) =>
  p.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

describe('the loader under a strict Content-Security-Policy, configured by JSON', () => {
  it('reads the JSON config, shows the banner, embed placeholder and floating button, and releases on consent with no CSP violation', async () => {
    const p = await harness.open(context, '/');
    await p.getByRole('button', { name: 'Godta alle' }).waitFor();
    // The placeholder comes with the part that draws it, after the banner's paint.
    await p.getByRole('button', { name: 'Last inn YouTube' }).waitFor();
    await p.getByRole('button', { name: 'Godta alle' }).click();
    await expect.poll(() => executed(p)).toEqual(['gtag']);
    await p.getByRole('button', { name: 'Innstillinger for informasjonskapsler' }).click();
    await p.getByRole('dialog').waitFor();
    await p.keyboard.press('Escape');
    await roundTrips(p);
    expect(await violations(p)).toEqual([]);
  });

  it('fails closed on JSON that does not parse: the error names the config script, nothing is released', async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await p.goto('https://www.fjordkaffe.test/broken', { waitUntil: 'load' });
    await expect.poll(() => errors.join('\n')).toContain('samtykke: config in #samtykke-config: expected JSON');
    await roundTrips(p);
    expect(harness.thirdPartyRequests()).toEqual([]);
    // Page code calling samtykke keeps working: an inert stand-in that grants nothing.
    expect(await p.evaluate(() => window.Samtykke?.isGranted('statistics'))).toBe(false);
  });
});
