import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, loaderHead, roundTrips, startHarness } from './harness.js';
import { CONFIG } from './pages.js';
import { COLLECT_ERRORS, reactErrors as errors, renderApp as render, serveReactClient } from './react-harness.js';

/**
 * A React component that renders a YouTube frame, mounted, re-rendered and unmounted before and after consent.
 * React keeps a reference to the frame and removes it with an unguarded `removeChild`; a blocker that replaces
 * the frame with its placeholder makes that throw and takes the root down. samtykke hides the frame in place.
 */
const APP = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
${COLLECT_ERRORS}
const root = createRoot(document.getElementById('root'), rootOptions);
function App({ show, n }) {
  return h('section', null,
    h('p', null, 'Render ' + n),
    show ? h('iframe', { src: 'https://www.youtube.com/embed/abc123?t=react', width: 560, height: 315, title: 'Film', className: 'film' }) : null,
    h('p', { id: 'after' }, 'After the film'));
}
let n = 0;
window.render = (show) => root.render(h(App, { show, n: ++n }));
`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  await serveReactClient(harness, '/app.js', APP);
  const body = '<body><main><h1>Fjordkaffe</h1><div id="root"></div><script src="/app.js"></script></main></body>';
  harness.page('/react', `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head>${body}</html>`);
  harness.page('/react-control', `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>${body}</html>`);
}, 60_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const youtube = () => harness.thirdPartyRequests().filter((r) => r.path.includes('t=react')).length;

describe('a React-owned YouTube frame', () => {
  it('control: without samtykke the component loads the frame and mounts and unmounts cleanly', async () => {
    const page = await harness.open(context, '/react-control');
    await render(page, true);
    await expect.poll(youtube).toBe(1);
    await render(page, false);
    expect(await errors(page)).toEqual([]);
  });

  it('before consent: mount, re-render, unmount and mount again raise nothing, load nothing, leave no orphan box', async () => {
    const page = await harness.open(context, '/react');
    await render(page, true);
    await expect.poll(() => page.locator('.samtykke-embed').count()).toBe(1);
    // The frame is React's node, still in place and hidden.
    expect(
      await page.locator('iframe.film').evaluate((f) => [f.hasAttribute('src'), getComputedStyle(f).display]),
    ).toEqual([false, 'none']);
    await render(page, true);
    await render(page, false);
    expect(await page.locator('.samtykke-embed').count()).toBe(0);
    expect(await page.locator('iframe').count()).toBe(0);
    await render(page, true);
    expect(await page.locator('.samtykke-embed').count()).toBe(1);
    await roundTrips(page);
    expect(youtube()).toBe(0);
    expect(await errors(page)).toEqual([]);
  });

  it('after consent: the same frame loads in place; re-render and unmount raise nothing', async () => {
    const page = await harness.open(context, '/react');
    await render(page, true);
    await page.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(youtube).toBe(1);
    expect(await page.locator('.samtykke-embed').count()).toBe(0);
    expect(await page.locator('section > iframe.film + #after').count()).toBe(1);
    expect(await page.locator('iframe.film').evaluate((f) => getComputedStyle(f).display)).toBe('inline');
    await render(page, true);
    await render(page, false);
    await render(page, true);
    await expect.poll(youtube).toBe(2);
    expect(await errors(page)).toEqual([]);
  });
});
