import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, type Harness, loaderHead, roundTrips, startHarness } from './harness.js';
import { CONFIG } from './pages.js';

/**
 * Declarative shadow roots that page code parses (`setHTMLUnsafe` on an element or a shadow root,
 * `Document.parseHTMLUnsafe` and adoption, `document.write`), with the host nested inside the markup, so the node
 * the document sees added is not the host; and owner-marked scripts (`type="text/plain" data-category`) inside
 * shadow roots of every kind. Each frame's request is tagged `t=…`.
 */
const frame = (tag: string) =>
  `<iframe width="400" height="225" title="Film ${tag}" src="https://www.youtube.com/embed/abc123?t=${tag}"></iframe>`;
/** A host two levels down in the markup, its declarative root holding a frame. */
const nested = (tag: string) =>
  `<section><div class="host" id="host-${tag}"><template shadowrootmode="open"><p>Widget</p>${frame(tag)}</template></div></section>`;
const marked = (category: string, url: string) =>
  `<script type="text/plain" data-category="${category}" data-src="${url}"></script>`;

const FRAME_TAGS = [
  'set-html-unsafe',
  'set-html-unsafe-detached',
  'shadow-set-html-unsafe',
  'parse-html-unsafe',
  'write',
  'custom-element',
  'clone',
];
/** Markup entry points that leave `<template shadowrootmode>` an inert template: no root, nothing to hold. */
const INERT_TAGS = ['innerHTML', 'insertAdjacentHTML', 'DOMParser'];

/** A value as script source inside an inline `<script>` (no `</` to end it early). */
const js = (value: unknown) => JSON.stringify(value).replace(/<\//g, '<\\/');
const NESTED = Object.fromEntries([...FRAME_TAGS, ...INERT_TAGS].map((tag) => [tag, nested(tag)]));

const CODE = `<script>
(function () {
function $(id) { return document.getElementById(id); }
var markup = ${js(NESTED)};
function nested(tag) { return markup[tag]; }
$('a').setHTMLUnsafe(nested('set-html-unsafe'));
var detached = document.createElement('div'); detached.setHTMLUnsafe(nested('set-html-unsafe-detached')); $('b').append(detached);
$('c').attachShadow({ mode: 'open' }).setHTMLUnsafe(nested('shadow-set-html-unsafe'));
$('d').append(Document.parseHTMLUnsafe(nested('parse-html-unsafe')).body.firstElementChild);
document.write(nested('write'));
// A custom element that builds its root in its constructor, while it is still detached, inside a detached wrapper.
customElements.define('fk-widget', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = ${js(frame('custom-element'))}; } });
var wrapper = document.createElement('div'); var widget = document.createElement('fk-widget'); widget.id = 'host-custom-element';
wrapper.append(widget); $('f').append(wrapper);
// A clone copies a clonable root: the source never enters the document, its copy does.
var source = document.createElement('div'); source.setHTMLUnsafe(markup.clone.replace('shadowrootmode="open"', 'shadowrootmode="open" shadowrootclonable'));
$('g').append(source.cloneNode(true));
$('e').innerHTML = nested('innerHTML');
$('e').insertAdjacentHTML('beforeend', nested('insertAdjacentHTML'));
$('e').append(document.adoptNode(new DOMParser().parseFromString(nested('DOMParser'), 'text/html').body.firstElementChild));
// Owner-marked scripts in roots: from attachShadow (open and closed) and a parsed declarative root.
$('m1').attachShadow({ mode: 'open' }).innerHTML = ${js(marked('statistics', 'https://www.clarity.ms/tag/abc?t=marked-open'))};
var closed = $('m2').attachShadow({ mode: 'closed' });
closed.innerHTML = ${js(`${marked('marketing', 'https://analytics.tiktok.com/i18n/pixel/events.js?t=marked-closed')}<script type="text/plain" data-category="statistics">window.__inlineShadow = "ran";</script>`)};
$('m3').setHTMLUnsafe('<div><template shadowrootmode="open">' + ${js(marked('marketing', 'https://snap.licdn.com/li.lms-analytics/insight.min.js?t=marked-parsed'))}
  + '<iframe data-category="necessary" data-src="javascript:top.__xss=document.domain"></iframe></template></div>');
window.__closed = closed;
})();
</script>`;
// A marked script in a declarative root of the page's own HTML.
const PAGE_DSD = `<div id="m0"><template shadowrootmode="open">${marked('statistics', 'https://static.hotjar.com/c/hotjar-5.js?t=marked-html')}</template></div>`;
const MARKED_TAGS = ['marked-html', 'marked-open', 'marked-closed', 'marked-parsed'];
const body = `<body><h1>Fjordkaffe</h1>${PAGE_DSD}<div id="a"></div><div id="b"></div><div id="c"></div><div id="d"></div><div id="e"></div><div id="f"></div><div id="g"></div>
<div id="m1"></div><div id="m2"></div><div id="m3"></div>${CODE}</body></html>`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  harness.page('/markup', `<!doctype html><html lang="en"><head>${loaderHead(CONFIG)}</head>${body}`);
  harness.page('/markup-control', `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>${body}`);
});
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/** Requests tagged exactly `t=<tag>` (one tag is a prefix of another). */
const tagged = (tag: string) => harness.thirdPartyRequests().filter((r) => r.path.endsWith(`t=${tag}`)).length;
/** For each parsed root: [placeholders beside a hidden frame, the frame's display]; -1 when there is no root. */
const roots = (page: Page) =>
  page.evaluate((tags) => {
    const rootOf = (tag: string): ShadowRoot | null | undefined => {
      if (tag === 'shadow-set-html-unsafe')
        return document.getElementById('c')?.shadowRoot?.querySelector('.host')?.shadowRoot;
      return document.getElementById(`host-${tag}`)?.shadowRoot;
    };
    return Object.fromEntries(
      tags.map((tag) => {
        const root = rootOf(tag);
        const frame = root?.querySelector('iframe');
        return [
          tag,
          [
            root ? root.querySelectorAll('.samtykke-embed + iframe[data-samtykke-held]').length : -1,
            frame ? getComputedStyle(frame).display : '',
          ],
        ];
      }),
    );
  }, FRAME_TAGS);
const inlineRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __inlineShadow?: string }).__inlineShadow);
const xss = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null);

describe('declarative shadow roots in markup that code parses', () => {
  it('control: without samtykke each parsed root’s frame loads; innerHTML, insertAdjacentHTML and DOMParser make no root', async () => {
    const page = await harness.open(context, '/markup-control');
    for (const tag of FRAME_TAGS) await expect.poll(() => tagged(tag), { message: tag }).toBe(1);
    await roundTrips(page);
    // Those parsers leave the template inert, so they are not a route: nothing of it loads even without samtykke.
    for (const tag of INERT_TAGS) expect(tagged(tag), tag).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('#e template[shadowrootmode]').length)).toBe(3);
    // Marked scripts never run on their own.
    for (const tag of MARKED_TAGS) expect(tagged(tag), tag).toBe(0);
  });

  it('with samtykke: no request; each frame hidden in its root with its placeholder beside it; nothing marked runs', async () => {
    const page = await harness.open(context, '/markup');
    await roundTrips(page);
    for (const tag of [...FRAME_TAGS, ...INERT_TAGS, ...MARKED_TAGS]) expect(tagged(tag), tag).toBe(0);
    // The placeholders come with the runtime, which a first visit requests once the banner has painted.
    await expect.poll(() => roots(page)).toEqual(Object.fromEntries(FRAME_TAGS.map((tag) => [tag, [1, 'none']])));
    expect(await executed(page)).toEqual([]);
    expect(await inlineRan(page)).toBeUndefined();
  });

  it('after "Accept all" the frames load in their roots; the gadget beside them never runs', async () => {
    const page = await harness.open(context, '/markup');
    await roundTrips(page);
    await page.evaluate(() => window.Samtykke?.acceptAll());
    for (const tag of FRAME_TAGS) await expect.poll(() => tagged(tag), { message: tag }).toBe(1);
    expect(await roots(page)).toEqual(Object.fromEntries(FRAME_TAGS.map((tag) => [tag, [0, 'inline']])));
    await roundTrips(page);
    for (const tag of INERT_TAGS) expect(tagged(tag), tag).toBe(0);
    expect(await xss(page)).toBeNull();
  });

  it('after "Accept all" the owner-marked scripts in every kind of root run there, in their root', async () => {
    const page = await harness.open(context, '/markup');
    await roundTrips(page);
    await page.evaluate(() => window.Samtykke?.acceptAll());
    for (const tag of MARKED_TAGS) await expect.poll(() => tagged(tag), { message: tag }).toBe(1);
    await expect.poll(async () => (await executed(page)).sort()).toEqual(['clarity', 'hotjar', 'linkedin', 'tiktok']);
    expect(await inlineRan(page)).toBe('ran');
    // The released copies are in the roots the marked ones were in (the closed one through the page's reference).
    expect(
      await page.evaluate(() =>
        [
          document.getElementById('m0')?.shadowRoot,
          document.getElementById('m1')?.shadowRoot,
          (window as unknown as { __closed: ShadowRoot }).__closed,
          document.querySelector('#m3 div')?.shadowRoot,
        ].map((root) => root?.querySelectorAll('script[src]:not([type])').length ?? -1),
      ),
    ).toEqual([1, 1, 1, 1]);
    expect(await xss(page)).toBeNull();
  });
});
