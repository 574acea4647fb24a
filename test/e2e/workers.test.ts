import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, loaderHead, roundTrips, startHarness } from './harness.js';
import { CONFIG } from './pages.js';

/**
 * Workers whose script a rule names. A browser starts a worker only from a same-origin script, so the tracker
 * here is served from the site itself under a path an owner rule puts in statistics (a first-party-hosted or
 * CNAME-cloaked tracker). Each worker answers `ping` with `echo:ping:<its name>`; each technique asks for
 * `/tracking/<technique>.js`.
 */
const CONFIG_WITH_RULE = {
  ...CONFIG,
  blocking: { rules: [{ pattern: 'www.fjordkaffe.test/tracking/', category: 'statistics' }] },
};
const WORKER = `onmessage = function (e) { postMessage('echo:' + e.data); };`;
const SHARED = `onconnect = function (c) { var p = c.ports[0]; p.onmessage = function (e) { p.postMessage('echo:' + e.data); }; };`;
const BLOB_WORKER = `fetch('https://analytics.tiktok.com/api/v2/pixel?t=blob-worker', { mode: 'no-cors' }).catch(function () {});`;

const CODE = `<script>
window.__replies = {}; window.__errors = []; window.__instances = {};
function reply(name) { return function (e) { (window.__replies[name] = window.__replies[name] || []).push(e.data); }; }
function run(name, fn) { try { fn(); } catch (e) { window.__errors.push(name + ': ' + e); } }
run('worker', function () {
  var w = new Worker('/tracking/worker.js'); w.onmessage = reply('worker'); w.postMessage('ping:worker');
  window.__instances.worker = w instanceof Worker;
});
run('module-worker', function () {
  var w = new Worker('/tracking/module-worker.js', { type: 'module' }); w.addEventListener('message', reply('module-worker'));
  w.postMessage('ping:module-worker');
});
run('shared-worker', function () {
  var s = new SharedWorker('/tracking/shared-worker.js'); s.port.onmessage = reply('shared-worker'); s.port.postMessage('ping:shared-worker');
  window.__instances['shared-worker'] = s instanceof SharedWorker && s.port instanceof MessagePort;
});
run('realm-worker', function () {
  var f = document.createElement('iframe'); f.hidden = true; document.body.append(f);
  var w = new f.contentWindow.Worker('/tracking/realm-worker.js'); w.onmessage = reply('realm-worker'); w.postMessage('ping:realm-worker');
});
run('terminated-worker', function () {
  var w = new Worker('/tracking/terminated-worker.js'); w.onmessage = reply('terminated-worker'); w.terminate();
});
// Out of reach: what a running worker requests (here a blob: worker, which starts without a script request).
run('blob-worker', function () {
  new Worker(URL.createObjectURL(new Blob([${JSON.stringify(BLOB_WORKER)}], { type: 'text/javascript' })));
});
</script>`;
const TECHNIQUES = ['worker', 'module-worker', 'shared-worker', 'realm-worker'];
const body = `<body><h1>Fjordkaffe</h1>${CODE}</body></html>`;

let harness: Harness;
let context: BrowserContext;
beforeAll(async () => {
  harness = await startHarness();
  harness.page('/workers', `<!doctype html><html lang="en"><head>${loaderHead(CONFIG_WITH_RULE)}</head>${body}`);
  harness.page('/workers-control', `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>${body}`);
  for (const name of [...TECHNIQUES, 'terminated-worker']) {
    harness.route('GET', `/tracking/${name}.js`, (_, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(name === 'shared-worker' ? SHARED : WORKER);
    });
  }
});
afterAll(() => harness?.close());
beforeEach(async () => {
  context = await harness.nextTest();
});

/** Requests for one technique's worker script, on the site. */
const fetched = (name: string) => harness.requests.filter((r) => r.path === `/tracking/${name}.js`).length;
const blobFetch = () => harness.thirdPartyRequests().filter((r) => r.path.endsWith('t=blob-worker')).length;
const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __replies: object; __errors: string[]; __instances: object };
    return { replies: w.__replies, errors: w.__errors, instances: w.__instances };
  });
const answered = Object.fromEntries(TECHNIQUES.map((name) => [name, [`echo:ping:${name}`]]));

describe('workers a rule names', () => {
  it('control: without samtykke each worker script is requested and answers the message sent before', async () => {
    const page = await harness.open(context, '/workers-control');
    await expect.poll(async () => (await state(page)).replies).toEqual(answered);
    for (const name of TECHNIQUES) expect(fetched(name), name).toBe(1);
    // The terminated one was requested all the same: construction is the request.
    expect(fetched('terminated-worker')).toBe(1);
    await expect.poll(blobFetch).toBe(1);
    expect((await state(page)).errors).toEqual([]);
  });

  it('with samtykke, nothing granted: no worker script is requested; the page’s objects still work', async () => {
    const page = await harness.open(context, '/workers');
    await roundTrips(page);
    for (const name of [...TECHNIQUES, 'terminated-worker']) expect(fetched(name), name).toBe(0);
    expect(await state(page)).toEqual({
      replies: {},
      errors: [],
      instances: { worker: true, 'shared-worker': true },
    });
    // The documented limit: what a running worker requests is its own realm's, out of the page's reach.
    await expect.poll(blobFetch).toBe(1);
  });

  it('after "Accept all" each starts once and gets the message that waited; a terminated one never starts', async () => {
    const page = await harness.open(context, '/workers');
    await roundTrips(page);
    await page.evaluate(() => window.Samtykke?.acceptAll());
    await expect.poll(async () => (await state(page)).replies).toEqual(answered);
    for (const name of TECHNIQUES) expect(fetched(name), name).toBe(1);
    expect(fetched('terminated-worker')).toBe(0);
    // A message after release goes straight through.
    await page.evaluate(() => {
      const w = new Worker('/tracking/worker.js');
      w.onmessage = (e) => Object.assign(window, { __late: e.data });
      w.postMessage('late');
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __late?: string }).__late)).toBe('echo:late');
  });
});
