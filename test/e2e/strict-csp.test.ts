import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decidePartArrived, executed, type Harness, startHarness } from './harness.js';
import { CONFIG, GA4_SNIPPET, HOTJAR_SNIPPET, META_SNIPPET } from './pages.js';

/**
 * Tags written straight into the HTML are fetched by Chromium's preload scanner before any script can act
 * (docs/blocking.md, limits). A Content-Security-Policy with a nonce and 'strict-dynamic' closes that gap
 * without touching the tags: the browser itself refuses every parser-inserted script without the nonce — the
 * preload scanner included — while scripts that samtykke (nonce'd) inserts on consent are trusted.
 */
const NONCE = 'c2FtdHlra2UtdGVzdA';
const CSP = `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`;
const nonced = (html: string) => html.replaceAll('<script>', `<script nonce="${NONCE}">`);

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script nonce="${NONCE}">window.samtykkeConfig = ${JSON.stringify({ ...CONFIG, ui: { nonce: NONCE } })};</script>
<script nonce="${NONCE}" src="/dist/samtykke.js"></script>
${GA4_SNIPPET.replace('<script>', `<script nonce="${NONCE}">`)}
${nonced(HOTJAR_SNIPPET)}
${nonced(META_SNIPPET)}
</head><body><main><h1>Fjordkaffe</h1><p>Kaffe fra fjorden.</p></main></body></html>`;

let harness: Harness;
let context: BrowserContext;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', PAGE, { 'content-security-policy': CSP });
  harness.page('/without-csp', PAGE);
});
afterAll(() => harness.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const thirdParty = () => harness.thirdPartyRequests().map((r) => r.host + r.path);

describe('with a nonce + strict-dynamic Content-Security-Policy', () => {
  it('the canonical GA4 snippet, Hotjar and Meta unchanged in the HTML: zero requests to any vendor before consent', async () => {
    for (let load = 0; load < 5; load++) {
      const page = await harness.open(context, '/');
      await decidePartArrived(page);
      expect(await executed(page)).toEqual([]);
      await page.close();
    }
    expect(thirdParty()).toEqual([]);
  });

  it('without the policy, the same page leaks the gtag.js request to the preload scanner (the gap it closes)', async () => {
    const page = await harness.open(context, '/without-csp');
    await decidePartArrived(page);
    expect(await executed(page)).toEqual([]);
    expect(thirdParty()).toEqual(['www.googletagmanager.com/gtag/js?id=G-TEST123']);
  });

  it('accept all: samtykke releases them and they run', async () => {
    const page = await harness.open(context, '/');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(page).then((names) => [...names].sort())).toEqual(['gtag', 'hotjar', 'meta']);
    expect(thirdParty().some((url) => url.startsWith('www.googletagmanager.com/gtag/js'))).toBe(true);
  });
});
