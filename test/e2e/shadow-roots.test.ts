import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, loaderHead, roundTrips, startHarness } from './harness.js';
import { CONFIG } from './pages.js';

/**
 * Frames and scripts put in shadow roots, which a document observer does not see into: an open and a closed
 * root from `attachShadow`, `ShadowRoot.innerHTML`, and a declarative shadow root in the page's HTML. Each
 * request is tagged `t=…`.
 */
const DECLARATIVE = `<div id="dsd"><template shadowrootmode="open"><p>Widget</p>
<script src="https://analytics.tiktok.com/i18n/pixel/events.js?t=dsd-script"></script>
<iframe width="400" height="225" title="Declarative film" src="https://www.youtube.com/embed/abc123?t=dsd-frame"></iframe>
</template></div>`;
const CODE = `<script>
(function () {
function frame(tag) {
  var f = document.createElement('iframe');
  f.title = 'Film ' + tag; f.src = 'https://www.youtube.com/embed/abc123?t=' + tag;
  return f;
}
var opened = document.getElementById('open').attachShadow({ mode: 'open' });
opened.append(frame('shadow-open'));
var s = document.createElement('script'); s.src = 'https://www.clarity.ms/tag/abc?t=shadow-script'; opened.append(s);
var closed = document.getElementById('closed').attachShadow({ mode: 'closed' });
closed.append(frame('shadow-closed'));
var inner = document.getElementById('inner').attachShadow({ mode: 'open' });
inner.innerHTML = '<iframe title="Inner film" src="https://www.youtube.com/embed/abc123?t=shadow-inner"></iframe>';
window.__closed = closed;
})();
</script>`;
const body = `<body><h1>Fjordkaffe</h1>${DECLARATIVE}<div id="open"></div><div id="closed"></div><div id="inner"></div>${CODE}</body></html>`;
const CODE_TAGS = ['shadow-open', 'shadow-script', 'shadow-closed', 'shadow-inner'];
const FRAME_TAGS = ['shadow-open', 'shadow-closed', 'shadow-inner', 'dsd-frame'];

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  harness.page('/shadow', `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head>${body}`);
  harness.page('/shadow-control', `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>${body}`);
});
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const tagged = (tag: string) => harness.thirdPartyRequests().filter((r) => r.path.includes(`t=${tag}`)).length;
/** Placeholders in each shadow root (the closed one through the page's own reference). */
const placeholders = (page: Page) =>
  page.evaluate(() => {
    const roots: Record<string, ShadowRoot | null> = {
      dsd: document.getElementById('dsd')?.shadowRoot ?? null,
      open: document.getElementById('open')?.shadowRoot ?? null,
      closed: (window as unknown as { __closed: ShadowRoot }).__closed,
      inner: document.getElementById('inner')?.shadowRoot ?? null,
    };
    return Object.fromEntries(
      Object.entries(roots).map(([name, root]) => [
        name,
        [
          root?.querySelectorAll('.samtykke-embed + iframe[data-samtykke-held]').length ?? -1,
          root?.querySelector('iframe') ? getComputedStyle(root.querySelector('iframe') as Element).display : '',
        ],
      ]),
    );
  });

describe('frames and scripts in shadow roots', () => {
  it('control: without samtykke every one of them loads or runs', async () => {
    const page = await harness.open(context, '/shadow-control');
    for (const tag of [...CODE_TAGS, 'dsd-frame', 'dsd-script']) {
      await expect.poll(() => tagged(tag), { message: tag }).toBeGreaterThan(0);
    }
    await expect.poll(async () => (await executed(page)).sort()).toEqual(['clarity', 'tiktok']);
  });

  it('with samtykke: held in every kind of root, each frame hidden with its placeholder beside it', async () => {
    const page = await harness.open(context, '/shadow');
    await roundTrips(page);
    for (const tag of CODE_TAGS) expect(tagged(tag), tag).toBe(0);
    // The declarative root's tags are in the HTML: what the parser requests before any script can act is the
    // documented limit of markup; what counts is that nothing of it runs or shows.
    expect(await executed(page)).toEqual([]);
    // The placeholders come with the runtime, which a first visit requests once the banner has painted.
    await expect
      .poll(() => placeholders(page))
      .toEqual({
        dsd: [1, 'none'],
        open: [1, 'none'],
        closed: [1, 'none'],
        inner: [1, 'none'],
      });
  });

  it('after "Accept all" they load and run where they are', async () => {
    const page = await harness.open(context, '/shadow');
    harness.clearLog();
    await page.evaluate(() => window.Samtykke?.acceptAll());
    for (const tag of FRAME_TAGS) await expect.poll(() => tagged(tag), { message: tag }).toBe(1);
    await expect.poll(async () => (await executed(page)).sort()).toEqual(['clarity', 'tiktok']);
    const shown = await placeholders(page);
    for (const name of ['dsd', 'open', 'closed', 'inner']) expect(shown[name], name).toEqual([0, 'inline']);
  });
});
