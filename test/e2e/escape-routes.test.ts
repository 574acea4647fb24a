import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executed, grantedOn, type Harness, loaderHead, roundTrips, runtimeStarted, startHarness } from './harness.js';
import { CONFIG } from './pages.js';

/**
 * Every route a tracker can take past a naive blocker, each tagged `t=<route>` so its requests are counted on
 * their own. The same page without samtykke is the control: each route really sends its request there.
 */
const ROUTES: Record<string, string> = {
  'trailing-dot': `var s = document.createElement('script'); s.src = 'https://connect.facebook.net./en_US/fbevents.js?t=trailing-dot'; document.head.append(s);`,
  'upper-case': `new Image().src = 'https://WWW.FACEBOOK.COM./tr?t=upper-case';`,
  'svg-script-href': `var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg'); var s = document.createElementNS('http://www.w3.org/2000/svg', 'script'); s.setAttribute('href', 'https://snap.licdn.com/li.lms-analytics/insight.min.js?t=svg-script-href'); svg.append(s); document.body.append(svg);`,
  'svg-script-baseval': `var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg'); var s = document.createElementNS('http://www.w3.org/2000/svg', 'script'); s.href.baseVal = 'https://snap.licdn.com/li.lms-analytics/insight.min.js?t=svg-script-baseval'; svg.append(s); document.body.append(svg);`,
  setAttributeNS: `var s = document.createElement('script'); s.setAttributeNS(null, 'src', 'https://bat.bing.com/bat.js?t=setAttributeNS'); document.head.append(s);`,
  'attr-value': `var i = document.createElement('img'); i.setAttribute('src', '/logo.png'); i.attributes.src.value = 'https://px.ads.linkedin.com/collect?t=attr-value'; document.body.append(i);`,
  setAttributeNode: `var f = document.createElement('iframe'); var a = document.createAttribute('src'); a.value = 'https://www.youtube.com/embed/node?t=setAttributeNode'; f.setAttributeNode(a); document.body.append(f);`,
  srcset: `var i = document.createElement('img'); i.srcset = 'https://www.facebook.com/tr?t=srcset 1x'; document.body.append(i);`,
  'link-preload': `var l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = 'https://static.hotjar.com/c/hotjar-1.js?t=link-preload'; document.head.append(l);`,
  poster: `var v = document.createElement('video'); v.poster = 'https://www.facebook.com/tr?t=poster'; document.body.append(v);`,
  'object-data': `var o = document.createElement('object'); o.data = 'https://www.youtube.com/embed/obj?t=object-data'; o.width = 10; o.height = 10; document.body.append(o);`,
  'shadow-innerHTML': `var h = document.createElement('div'); document.body.append(h); h.attachShadow({ mode: 'open' }).innerHTML = '<img src="https://www.facebook.com/tr?t=shadow-innerHTML">';`,
  setHTMLUnsafe: `var d = document.createElement('div'); document.body.append(d); d.setHTMLUnsafe('<img src="https://www.facebook.com/tr?t=setHTMLUnsafe">');`,
  parseHTMLUnsafe: `var doc = Document.parseHTMLUnsafe('<img src="https://www.facebook.com/tr?t=parseHTMLUnsafe">'); document.body.append(document.adoptNode(doc.body.firstChild));`,
  DOMParser: `var doc = new DOMParser().parseFromString('<iframe src="https://player.vimeo.com/video/1?t=DOMParser"></iframe>', 'text/html'); document.body.append(document.adoptNode(doc.body.firstChild));`,
  createContextualFragment: `document.body.append(document.createRange().createContextualFragment('<script src="https://analytics.tiktok.com/i18n/pixel/events.js?t=createContextualFragment"><\\/script>'));`,
  'template-clone': `document.body.append(document.getElementById('tpl').content.cloneNode(true));`,
  srcdoc: `var f = document.createElement('iframe'); f.srcdoc = '<script src="https://www.clarity.ms/tag/x?t=srcdoc"><\\/script>'; document.body.append(f);`,
  'quoted-gt': `var d = document.createElement('div'); d.innerHTML = '<img alt="a>b" src="https://www.facebook.com/tr?t=quoted-gt">'; document.body.append(d);`,
  'char-reference': `var d = document.createElement('div'); d.innerHTML = '<img src="https://www&#46;facebook&period;com/tr?t=char-reference">'; document.body.append(d);`,
  websocket: `try { new WebSocket('wss://ws.hotjar.com/api/v2/client/ws?t=websocket'); } catch (e) { window.__refusedSocket = e.name; }`,
  eventsource: `new EventSource('https://analytics.tiktok.com/stream?t=eventsource');`,
  // A hidden same-origin frame's realm has its own, unpatched-looking APIs: each taken in the same task.
  'realm-fetch': `var f = hidden(); f.contentWindow.fetch('https://analytics.tiktok.com/api/v2/pixel?t=realm-fetch', { mode: 'no-cors' }).catch(function () {});`,
  'realm-beacon': `hidden(); window[window.length - 1].navigator.sendBeacon('https://region1.google-analytics.com/g/collect?t=realm-beacon', 'x');`,
  'realm-image': `var f = hidden(); new f.contentWindow.Image().src = 'https://px.ads.linkedin.com/collect?t=realm-image';`,
  'realm-xhr': `var f = hidden(); var x = new f.contentWindow.XMLHttpRequest(); x.open('POST', 'https://bat.bing.com/action/0?t=realm-xhr'); x.send('x');`,
  'realm-element': `var f = hidden(); var s = f.contentDocument.createElement('script'); s.src = 'https://static.hotjar.com/c/hotjar-2.js?t=realm-element'; document.head.append(s);`,
  'realm-write': `var f = hidden(); f.contentDocument.open(); f.contentDocument.write('<script src="https://www.clarity.ms/tag/y?t=realm-write"><\\/script>'); f.contentDocument.close();`,
  'realm-websocket': `var f = hidden(); try { new f.contentWindow.WebSocket('wss://ws.hotjar.com/api?t=realm-websocket'); } catch (e) {}`,
  outerHTML: `var o = document.createElement('span'); document.body.append(o); o.outerHTML = '<img src="https://www.facebook.com/tr?t=outerHTML">';`,
  // An internationalised host, written as the visitor's keyboard would; the rule names it in Unicode too.
  idn: `new Image().src = 'https://BLØGG.no./p?t=idn';`,
  // A form submitted and a link followed in a hidden same-origin frame, so the page itself stays.
  'form-action': `var d = hidden().contentDocument; var fm = d.createElement('form'); fm.method = 'post'; fm.action = 'https://www.facebook.com/tr?t=form-action'; d.body.append(fm); fm.submit();`,
  'a-ping': `var d = hidden().contentDocument; var a = d.createElement('a'); a.href = '/__sync?ping'; a.ping = 'https://px.ads.linkedin.com/collect?t=a-ping'; d.body.append(a); a.click();`,
  'realm-nested': `var f = hidden(); var g = f.contentDocument.createElement('iframe'); f.contentDocument.body.append(g); g.contentWindow.fetch('https://analytics.tiktok.com/api/v2/pixel?t=realm-nested', { mode: 'no-cors' }).catch(function () {});`,
};

/** Routes that only exist while the HTML is parsed. */
const PARSE_TIME = `<template id="tpl"><img src="https://www.facebook.com/tr?t=template-clone"></template>
<script>document.write('<scr'); document.write('ipt src="https://bat.bing.com/bat.js?t=split-write"></scr'); document.write('ipt>');</script>`;
const ALL = [...Object.keys(ROUTES), 'split-write'];

const page = (head: string) => `<!doctype html><html lang="en"><head>${head}</head><body><main><h1>Fjordkaffe</h1>
${PARSE_TIME}
<script>window.__errors = {}; window.hidden = function () { var f = document.createElement('iframe'); f.hidden = true; document.body.appendChild(f); return f; };
window.runRoutes = function () {
${Object.entries(ROUTES)
  .map(([name, code]) => `try { ${code} } catch (e) { window.__errors[${JSON.stringify(name)}] = String(e); }`)
  .join('\n')}
};</script></main></body></html>`;

// A visitor's comment that a sanitizer let through: iframes allowed (for embeds) and data-* kept, as DOMPurify
// does with ADD_TAGS: ['iframe'].
const GADGET = `<p>Nice coffee!</p><iframe data-category="necessary" data-src="javascript:top.__xss=document.domain"></iframe>
<iframe data-category="marketing" data-src="javascript:top.__xss2=document.domain"></iframe>`;
// The same for scripts (a sanitizer that keeps `<script type="text/plain">` as data, or a template that renders a
// stored snippet): a claim of `necessary`, a data: URL, a host no rule covers, a host another category's.
const SCRIPT_GADGET = `<script type="text/plain" data-category="necessary">top.__xss3 = document.domain</script>
<script type="text/plain" data-category="statistics" data-src="data:text/javascript,top.__xss4=document.domain"></script>
<script type="text/plain" data-category="statistics" data-src="https://evil.example/x.js?t=gadget-unmatched"></script>
<script type="text/plain" data-category="statistics" data-src="https://connect.facebook.net/en_US/fbevents.js?t=gadget-category"></script>`;
const LIVE_SCRIPTS = SCRIPT_GADGET.replace(/ type="text\/plain"/g, '').replace(/data-src=/g, 'src=');
const gadgetPage = (head: string, comment: string, viaScript: boolean) =>
  `<!doctype html><html lang="en"><head>${head}</head><body><main><div id="comments">${viaScript ? '' : comment}</div></main>
${viaScript ? `<script>document.getElementById('comments').innerHTML = ${JSON.stringify(comment)};</script>` : ''}</body></html>`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  harness.page(
    '/routes',
    page(loaderHead({ ...CONFIG, blocking: { rules: [{ pattern: 'bløgg.no', category: 'marketing' }] } })),
  );
  harness.page('/routes-control', page('<meta charset="utf-8">'));
  harness.page('/ugc', gadgetPage(loaderHead(CONFIG), GADGET, false));
  harness.page('/ugc-js', gadgetPage(loaderHead(CONFIG), GADGET, true));
  // The control: the same payload as a live src runs in this browser, so "never ran" below is a real result.
  harness.page('/ugc-control', gadgetPage('<meta charset="utf-8">', GADGET.replace(/data-src=/g, 'src='), false));
  harness.page('/ugc-scripts', gadgetPage(loaderHead(CONFIG), SCRIPT_GADGET, false));
  harness.page('/ugc-scripts-control', gadgetPage('<meta charset="utf-8">', LIVE_SCRIPTS, false));
}, 60_000);
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

const counts = () => {
  const result: Record<string, number> = {};
  for (const name of ALL) {
    result[name] = harness.thirdPartyRequests().filter((r) => r.path.includes(`t=${name}`)).length;
  }
  return result;
};
const run = async (path: string) => {
  const p = await harness.open(context, path);
  await p.evaluate(() => (window as unknown as { runRoutes(): void }).runRoutes());
  await roundTrips(p);
  return p;
};

describe('escape routes, nothing granted', () => {
  it('control: without samtykke every route sends its request', async () => {
    const p = await run('/routes-control');
    await expect.poll(() => Object.entries(counts()).filter(([, n]) => n === 0)).toEqual([]);
    expect(await p.evaluate(() => (window as unknown as { __errors: object }).__errors)).toEqual({});
  });

  it('with samtykke every route makes zero requests', async () => {
    const p = await run('/routes');
    expect(counts()).toEqual(Object.fromEntries(ALL.map((name) => [name, 0])));
    expect(await p.evaluate(() => (window as unknown as { __errors: object }).__errors)).toEqual({});
  });
});

describe('escape routes, then accept all', () => {
  it('held scripts and frames load on consent, in place; dropped pixels are not replayed', async () => {
    const p = await run('/routes');
    await p.evaluate(() => window.Samtykke?.acceptAll());
    const held = ['trailing-dot', 'svg-script-href', 'svg-script-baseval', 'setAttributeNS', 'setAttributeNode'];
    held.push('createContextualFragment', 'split-write', 'DOMParser', 'realm-element');
    await expect.poll(() => held.filter((name) => counts()[name] !== 1)).toEqual([]);
    await roundTrips(p);
    for (const name of ['upper-case', 'srcset', 'poster', 'shadow-innerHTML', 'quoted-gt'])
      expect(counts()[name], name).toBe(0);
  });
});

describe('the script gadget', () => {
  const xss = (p: Page) =>
    p.evaluate(() => {
      const w = window as unknown as { __xss?: string; __xss2?: string };
      return [w.__xss ?? null, w.__xss2 ?? null];
    });

  it('control: the payload runs when it is a live src', async () => {
    const p = await harness.open(context, '/ugc-control');
    await expect.poll(() => xss(p)).toEqual(['www.fjordkaffe.test', 'www.fjordkaffe.test']);
  });

  it('a marked frame with a javascript: URL in user content never runs, before or after consent, and is reported', async () => {
    const watched = await harness.newContext({
      initScript: `document.addEventListener('samtykke:refused', function (e) { (window.__refused = window.__refused || []).push(e.detail.reason); });`,
    });
    for (const path of ['/ugc', '/ugc-js']) {
      const p = await harness.open(watched, path);
      await expect
        .poll(() => p.evaluate(() => (window as unknown as { __refused?: string[] }).__refused), { message: path })
        .toEqual(['necessary', 'scheme']);
      await p.evaluate(() => window.Samtykke?.acceptAll());
      await expect.poll(() => grantedOn(p)).toEqual(['necessary', 'statistics', 'marketing']);
      await roundTrips(p);
      await p.reload({ waitUntil: 'load' });
      await runtimeStarted(p);
      expect(await xss(p), path).toEqual([null, null]);
      expect(await p.locator('iframe[src]').count(), path).toBe(0);
    }
    await watched.close();
  });

  const scriptXss = (p: Page) =>
    p.evaluate(() => {
      const w = window as unknown as { __xss3?: string; __xss4?: string };
      return [w.__xss3 ?? null, w.__xss4 ?? null];
    });
  const gadgetRequests = () =>
    harness.thirdPartyRequests().filter((r) => /t=gadget-(unmatched|category)$/.test(r.path)).length;

  it('control: the same scripts made live run and send their requests', async () => {
    const p = await harness.open(context, '/ugc-scripts-control');
    await expect.poll(() => scriptXss(p)).toEqual(['www.fjordkaffe.test', 'www.fjordkaffe.test']);
    await expect.poll(gadgetRequests).toBe(2);
    await expect.poll(() => executed(p)).toEqual(['meta']);
  });

  it('marked scripts whose claim their URL does not back never run, before or after consent, and are reported', async () => {
    const watched = await harness.newContext({
      initScript: `document.addEventListener('samtykke:refused', function (e) { (window.__refused = window.__refused || []).push(e.detail.reason); });`,
    });
    const p = await harness.open(watched, '/ugc-scripts');
    const refused = () => p.evaluate(() => (window as unknown as { __refused?: string[] }).__refused ?? []);
    await expect.poll(refused).toEqual(['necessary']);
    await p.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(async () => (await refused()).sort()).toEqual(['necessary', 'scheme', 'unmatched', 'unmatched']);
    await roundTrips(p);
    expect(await scriptXss(p)).toEqual([null, null]);
    expect(gadgetRequests()).toBe(0);
    expect(await executed(p)).toEqual([]);
    await watched.close();
  });
});
