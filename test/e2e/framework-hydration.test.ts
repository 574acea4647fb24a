import type { BrowserContext, Page } from 'playwright-core';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FilmSection } from './fixtures/film-app.js';
import { type Harness, loaderHead, startHarness } from './harness.js';
import { CONFIG } from './pages.js';
import { COLLECT_ERRORS, reactErrors as errors, renderApp as render, serveReactClient } from './react-harness.js';

/**
 * A server-rendered YouTube frame that React hydrates. Hydration walks the server's DOM and claims each node it
 * expects: an element it does not expect where it looks (a placeholder put beside the frame) is a hydration
 * mismatch, and React throws the server DOM away and renders the root again on the client. samtykke hides the
 * frame in place and keeps its placeholder out of the tree walks hydration makes.
 */
const CLIENT = `
import { createElement as h } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { FilmSection } from './test/e2e/fixtures/film-app.ts';
${COLLECT_ERRORS}
const container = document.getElementById('root');
window.__serverFrame = container.querySelector('iframe');
const commit = () => { window.__commits = (window.__commits || 0) + 1; };
const root = hydrateRoot(container, h(FilmSection, { show: true, onCommit: commit }), rootOptions);
window.render = (show) => root.render(h(FilmSection, { show, onCommit: commit }));
`;

/** What an inline script before the app does on the control page: a plain element beside the frame. */
const FOREIGN_SIBLING = `<script>document.querySelector('#root iframe').before(document.createElement('div'));</script>`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  await serveReactClient(harness, '/hydrate.js', CLIENT);
  const server = renderToString(h(FilmSection, { show: true }));
  const body = (extra = '') =>
    `<body><main><h1>Fjordkaffe</h1><div id="root">${server}</div>${extra}<script src="/hydrate.js"></script></main></body>`;
  const head = '<meta charset="utf-8">';
  harness.page('/ssr', `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head>${body()}</html>`);
  harness.page('/ssr-control', `<!doctype html><html lang="en"><head>${head}</head>${body()}</html>`);
  harness.page(
    '/ssr-foreign-sibling',
    `<!doctype html><html lang="en"><head>${head}</head>${body(FOREIGN_SIBLING)}</html>`,
  );
}, 60_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const hydrated = async (path: string) => {
  const page = await harness.open(context, path);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __commits?: number }).__commits ?? 0)).toBe(1);
  return page;
};
/** Whether the frame on the page is still the one the server sent (React kept it rather than rendering anew). */
const sameFrame = (page: Page) =>
  page.evaluate(
    () => document.querySelector('iframe') === (window as unknown as { __serverFrame: Element }).__serverFrame,
  );
const youtube = () => harness.thirdPartyRequests().filter((r) => r.path.includes('t=ssr')).length;

describe('a server-rendered React frame, hydrated', () => {
  it('control: without samtykke it hydrates cleanly, keeps the server’s frame and loads it', async () => {
    const page = await hydrated('/ssr-control');
    expect(await errors(page)).toEqual([]);
    expect(await sameFrame(page)).toBe(true);
    await expect.poll(youtube).toBeGreaterThan(0);
  });

  it('control: an element put beside the frame before hydration makes React’s hydration fail', async () => {
    const page = await hydrated('/ssr-foreign-sibling');
    // React error #418: "Hydration failed because the server rendered HTML didn't match the client".
    expect((await errors(page)).some((e) => /^recoverable .*(hydrat|#418)/i.test(e))).toBe(true);
    expect(await sameFrame(page)).toBe(false);
  });

  it('with samtykke: hydration meets no mismatch; the frame is React’s, hidden in place, its placeholder beside it', async () => {
    const page = await hydrated('/ssr');
    expect(await errors(page)).toEqual([]);
    expect(await sameFrame(page)).toBe(true);
    await expect.poll(() => page.locator('section > .samtykke-embed + iframe.film').count()).toBe(1);
    expect(await page.locator('iframe.film').evaluate((f) => getComputedStyle(f).display)).toBe('none');
    // React's own unmount of the frame raises nothing and leaves no box behind; mounting again holds it again.
    await render(page, false);
    expect(await page.locator('iframe, .samtykke-embed').count()).toBe(0);
    await render(page, true);
    expect(await page.locator('section > .samtykke-embed + iframe.film').count()).toBe(1);
    expect(await errors(page)).toEqual([]);
  });

  it('after consent the hydrated frame loads where it is; unmount raises nothing', async () => {
    const page = await hydrated('/ssr');
    harness.clearLog();
    await page.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(youtube).toBe(1);
    expect(await sameFrame(page)).toBe(true);
    expect(await page.locator('.samtykke-embed').count()).toBe(0);
    expect(await page.locator('section > iframe.film + #after').count()).toBe(1);
    await render(page, false);
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await errors(page)).toEqual([]);
  });
});
