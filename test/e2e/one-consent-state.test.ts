/**
 * One consent state, enforced everywhere: other tabs, a page restored from the back/forward cache, erasure,
 * embeds, undeclared trackers, broken configs, a stalled release queue, double loaders and who decided. Every
 * tracker host resolves to the local server, so "nothing ran" is a request count.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteMyData } from './demo-site.js';
import {
  answerWithin,
  CHROMIUM_ARGS,
  executed,
  type Harness,
  loaderHead,
  roundTrips,
  SITE,
  startHarness,
} from './harness.js';

const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: {
    statistics: { services: ['google-analytics', 'hotjar'] },
    marketing: { services: ['meta-pixel', 'youtube'] },
  },
  consentMode: { enabled: true },
};
const GTAG =
  '<script type="text/plain" data-category="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>';
const META =
  '<script type="text/plain" data-category="marketing" src="https://connect.facebook.net/en_US/fbevents.js"></script>';
const YOUTUBE = '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc"></iframe>';
const VIMEO = '<iframe width="640" height="360" src="https://player.vimeo.com/video/1"></iframe>';
const OPEN = '<button type="button" data-samtykke-open>Cookie settings</button>';

const html = (head: string, body: string, config: unknown = CONFIG) =>
  `<!doctype html><html lang="en"><head>${loaderHead(config)}${head}<title>Fjordkaffe</title></head><body><main><h1>Fjordkaffe</h1>${body}</main></body></html>`;

/** Injects a tracker the way a tag manager does: a script element created by code. */
const inject = (page: Page, src: string) =>
  page.evaluate((url) => {
    const script = document.createElement('script');
    script.src = url;
    document.head.append(script);
  }, src);
const requestsTo = (host: string) => harness.thirdPartyRequests().filter((r) => r.host === host);
const banner = (page: Page) => page.getByRole('region', { name: /cookie/i });
const receipts = (page: Page) =>
  page.evaluate(async () => (await window.Samtykke?.ledger.list())?.map((entry) => entry.receipt.event) ?? []);
const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name);
/** Survives only as long as this document does: gone after a reload, kept by a back/forward restore. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { __sameDocument: true }));
const marked = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
/** `marked`, for polls across a navigation: a page being swapped or reloaded counts as still marked. */
const stillMarked = (page: Page) => answerWithin(marked(page), true);
/** Consent Mode updates, kept in sessionStorage so they outlive the reload after a withdrawal. */
const CONSENT_LOG = `window.dataLayer = window.dataLayer || []; (function (push) {
  window.dataLayer.push = function (entry) {
    if (entry && entry[0] === 'consent' && entry[1] === 'update') sessionStorage.setItem('lastConsent', JSON.stringify(entry[2]));
    return push.apply(this, arguments);
  };
})(window.dataLayer.push);`;

let harness: Harness;
let context: BrowserContext;
let uiGate: { promise: Promise<void>; open(): void } | undefined;

beforeAll(async () => {
  harness = await startHarness();
  harness.page('/', html(GTAG + META, `${OPEN}<p>Kaffe.</p>`));
  harness.page('/other', html('', '<p>Another page.</p>'));
  harness.page(
    '/bfcache-no-reload',
    html(GTAG + META, '<p>Kaffe.</p>', { ...CONFIG, blocking: { reloadOnWithdraw: false } }),
  );
  harness.page('/cookies', html(GTAG, `${OPEN}<div data-samtykke-declaration></div>`));
  harness.page('/embeds', html(META, `${VIMEO}${YOUTUBE}${OPEN}`));
  harness.page('/clarity', html('', '<p>A tag manager adds trackers.</p>'));
  harness.page(
    '/clarity-declared',
    html('', '<p>Declared.</p>', {
      ...CONFIG,
      categories: { ...CONFIG.categories, statistics: { services: ['google-analytics', 'microsoft-clarity'] } },
    }),
  );
  harness.page(
    '/clarity-opt-in',
    html('', '<p>A tag manager adds trackers.</p><div data-samtykke-declaration></div>', {
      ...CONFIG,
      blocking: { undeclaredVendors: 'release-with-category' },
    }),
  );
  harness.page('/clarity-control', '<!doctype html><html lang="en"><head></head><body></body></html>');
  const typo = {
    categories: { marketing: { services: [{ id: 'chat-widget', hosts: ['chat.widgets.test'] }] } },
    ui: { layot: 'box' },
  };
  // Added by code, as a widget's own loader does (markup the preload scanner fetches is a documented limit).
  const chat =
    "<script>var w = document.createElement('script'); w.src = 'https://chat.widgets.test/widget.js'; document.head.append(w);</script>";
  harness.page('/typo', html(chat, '', typo));
  harness.page('/typo-control', `<!doctype html><html lang="en"><head>${chat}</head><body></body></html>`);
  harness.page(
    '/queue',
    html(
      `${GTAG}<script type="text/plain" data-category="statistics" id="doomed" data-src="https://static.hotjar.com/c/hotjar-1.js"></script>
<script type="text/plain" data-category="statistics">window.__third = true;</script>
<script>document.addEventListener('samtykke:change', function () { var s = document.getElementById('doomed'); if (s) s.remove(); });</script>`,
      '',
    ),
  );
  harness.page('/double', html(`<script src="/dist/samtykke.js"></script>${GTAG}`, ''));
  harness.route('GET', '/dist/samtykke-banner.en.js', async (_request, response) => {
    await uiGate?.promise;
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile('dist/samtykke-banner.en.js'));
  });
});
afterAll(() => harness.close());
beforeEach(async () => {
  await context?.close();
  context = await harness.newContext({ initScript: CONSENT_LOG });
  harness.clearLog();
  uiGate = undefined;
});

describe('other tabs', () => {
  it('a withdrawal in tab B runs the withdrawal path in tab A: nothing granted, trackers held, a reload', async () => {
    const a = await harness.open(context, '/');
    await a.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(a)).toEqual(['gtag', 'meta']);
    // Control: while granted, a tracker injected in A is requested.
    await inject(a, 'https://static.hotjar.com/c/hotjar-1.js?sv=before');
    await expect.poll(() => requestsTo('static.hotjar.com').length).toBe(1);
    await mark(a);

    const b = await harness.open(context, '/other');
    await b.evaluate(() => window.Samtykke?.showPreferences());
    await b.getByRole('dialog').getByRole('button', { name: 'Reject all' }).click();

    // A reloads into a blocked page on its own.
    await expect.poll(() => stillMarked(a)).toBe(false);
    await a.waitForLoadState('load');
    expect(await a.evaluate(() => window.Samtykke?.isGranted('statistics'))).toBe(false);
    harness.clearLog();
    await inject(a, 'https://static.hotjar.com/c/hotjar-1.js?sv=after');
    await roundTrips(a);
    expect(requestsTo('static.hotjar.com')).toEqual([]);
    expect(await executed(a)).toEqual([]);
  });
});

describe('back/forward cache', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    // Playwright turns the back/forward cache off by default; this test needs it on.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP * 127.0.0.1:${harness.port}`, '--ignore-certificate-errors'],
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
  });
  afterAll(() => browser.close());
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  /** Attempts, each on a fresh context; a test takes one unless the browser declines the cache (see below). */
  const ATTEMPTS = 3;
  /** Two tabs, four navigations and a restore from the cache, up to three times on a loaded 2-core machine. */
  const BFCACHE_TEST_MS = 240_000;

  /**
   * The cache is Chromium's to keep or drop (memory pressure, its own time limits), and a page it swaps back in can
   * leave Playwright waiting for an answer that never comes. Either is the browser declining the scenario, not
   * samtykke failing it: such an attempt is made again on a fresh context, with the reason printed. What samtykke
   * does once the page is back is asserted by the test itself, outside this, and never retried.
   */
  class Declined extends Error {}
  const step = <T>(label: string, work: Promise<T>, ms = 30_000): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Declined(`${label}: no answer from the browser in ${ms} ms`)), ms);
    });
    return Promise.race([work, stalled]).finally(() => clearTimeout(timer));
  };
  const freshContext = async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    contexts.push(context);
    // Proof that a document came back from the cache (or that a back navigation loaded it anew, and why), kept in
    // sessionStorage so it outlives a reload after it.
    await context.addInitScript(`addEventListener('pageshow', function (e) {
      if (e.persisted) { sessionStorage.setItem('restoredFromCache', location.pathname); return; }
      var nav = performance.getEntriesByType('navigation')[0];
      if (nav && nav.type === 'back_forward')
        sessionStorage.setItem('loadedAnew', JSON.stringify(nav.notRestoredReasons || 'no reasons given'));
    });`);
    return context;
  };
  const cacheRecord = (page: Page) =>
    answerWithin(
      page.evaluate(() => ({
        restored: sessionStorage.getItem('restoredFromCache'),
        loadedAnew: sessionStorage.getItem('loadedAnew'),
      })),
      { restored: 'navigating', loadedAnew: null },
    );

  /** Accepts on `path`, proves a tracker injected then is released, leaves, and withdraws in another tab. */
  const acceptLeaveAndWithdrawElsewhere = async (context: BrowserContext, path: string) => {
    const a = await step('open page A', context.newPage());
    await step('load page A', a.goto(`${SITE}${path}`, { waitUntil: 'load' }));
    await step('accept all', a.getByRole('button', { name: 'Accept all' }).click());
    await expect.poll(() => executed(a)).toEqual(['gtag', 'meta']);
    // Control: while granted, an injected tracker leaves the browser.
    await step('inject while granted', inject(a, 'https://static.hotjar.com/c/hotjar-1.js?sv=granted'));
    await expect.poll(() => requestsTo('static.hotjar.com').length).toBe(1);
    await step('mark page A', mark(a));
    await step('leave page A', a.goto(`${SITE}/other`, { waitUntil: 'load' }));
    await step('mark the page after it', mark(a));
    const b = await step('open page B', context.newPage());
    await step('load page B', b.goto(`${SITE}/other`, { waitUntil: 'load' }));
    await step(
      'withdraw in B',
      b.evaluate(() => window.Samtykke?.withdraw()),
    );
    // Carried out in B once B's part that decides has arrived (it was a returning visit there too).
    await expect
      .poll(() =>
        answerWithin(
          b.evaluate(() => window.Samtykke?.isGranted('statistics')),
          true,
        ),
      )
      .toBe(false);
    await step('close B', b.close());
    // The page A is on now hears it and reloads (once the part that cleans up has arrived there); once it answers,
    // nothing has been restored yet.
    await expect.poll(() => stillMarked(a)).toBe(false);
    expect((await cacheRecord(a)).restored).toBe(null);
    await step('reload after the withdrawal', a.waitForLoadState('load'));
    // history.back() from the page itself: Playwright's goBack loses track of a page the cache swaps back in.
    await answerWithin(
      a.evaluate(() => history.back()),
      undefined,
    );
    // Back on `path`: from the cache, or loaded anew because the browser dropped it.
    let record = await cacheRecord(a);
    for (const deadline = Date.now() + 30_000; record.restored !== path && record.loadedAnew === null; ) {
      if (Date.now() > deadline) throw new Declined('history.back(): neither restored nor loaded anew in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
      record = await cacheRecord(a);
    }
    if (record.restored !== path) throw new Declined(`the browser loaded the page anew: ${record.loadedAnew}`);
    return a;
  };
  /** The scenario above, made again on a fresh context (at most ATTEMPTS times) while the browser declines it. */
  const restoredAfterWithdrawal = async (path: string): Promise<Page> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await acceptLeaveAndWithdrawElsewhere(await freshContext(), path);
      } catch (error) {
        if (!(error instanceof Declined) || attempt === ATTEMPTS) throw error;
        console.warn(`back/forward cache, attempt ${attempt} of ${ATTEMPTS} on ${path}: ${error.message}`);
        harness.clearLog();
      }
    }
  };

  const granted = (a: Page, category: 'statistics' | 'marketing') =>
    step(
      category,
      a.evaluate((c) => window.Samtykke?.isGranted(c), category),
    );
  /** Injects Hotjar as a tag manager would and shows it never leaves the browser. */
  const expectInjectedTrackerHeld = async (a: Page, when: string) => {
    harness.clearLog();
    await step(`inject ${when}`, inject(a, `https://static.hotjar.com/c/hotjar-1.js?sv=${when.replace(/ /g, '-')}`));
    await step('round trips', roundTrips(a));
    expect(requestsTo('static.hotjar.com')).toEqual([]);
  };

  it(
    'a page restored from the cache reads the withdrawal made meanwhile: same document, nothing granted, trackers held',
    async () => {
      // The very document that was left (a fresh load would lose the mark), shown again with persisted === true.
      const a = await restoredAfterWithdrawal('/bfcache-no-reload');
      expect(await step('read the mark', marked(a))).toBe(true);
      expect(await granted(a, 'statistics')).toBe(false);
      expect(await granted(a, 'marketing')).toBe(false);
      await expectInjectedTrackerHeld(a, 'after the restore');
    },
    BFCACHE_TEST_MS,
  );

  it(
    'with the default reload after a withdrawal, the restored page starts afresh and stays blocked',
    async () => {
      const a = await restoredAfterWithdrawal('/');
      // The withdrawal path reloads the restored page: code that ran cannot be unloaded.
      await expect.poll(() => stillMarked(a)).toBe(false);
      await step('reload after the restore', a.waitForLoadState('load'));
      expect(await granted(a, 'statistics')).toBe(false);
      await expectInjectedTrackerHeld(a, 'after the reload');
      expect(await step('executed', executed(a))).toEqual([]);
    },
    BFCACHE_TEST_MS,
  );
});

describe('erasure', () => {
  it('"Delete my data" denies Consent Mode, deletes the trackers\' cookies, reloads, and the declaration asks anew', async () => {
    const page = await harness.open(context, '/cookies');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(page)).toEqual(['gtag']);
    await expect.poll(() => cookieNames(context)).toContain('_ga');
    const id = await page.evaluate(() => window.Samtykke?.getDecision()?.consentId ?? '');
    await expect.poll(() => page.locator('[data-samtykke-declaration]').textContent()).toContain(id);
    await deleteMyData(page);
    await expect
      .poll(() =>
        banner(page)
          .isVisible()
          .catch(() => false),
      )
      .toBe(true);
    // Deleted by the page before it reloaded; the browser's cookie store hears of it on its own time.
    await expect
      .poll(async () =>
        (await cookieNames(context)).filter((name) => ['_ga', '_ga_TEST123', '_gid', 'samtykke'].includes(name)),
      )
      .toEqual([]);
    expect(JSON.parse((await page.evaluate(() => sessionStorage.getItem('lastConsent'))) ?? '{}')).toMatchObject({
      analytics_storage: 'denied',
      ad_storage: 'denied',
    });
    expect(await page.locator('[data-samtykke-declaration]').textContent()).not.toContain(id);
    expect(await executed(page)).toEqual([]);
  });

  it('"Reject all" on a site that had Google Analytics before samtykke deletes the old _ga cookies', async () => {
    await context.addCookies(
      ['_ga', '_ga_TEST123', '_gid'].map((name) => ({
        name,
        value: 'GA1.1.1',
        domain: '.fjordkaffe.test',
        path: '/',
        secure: true,
      })),
    );
    const page = await harness.open(context, '/');
    expect(await cookieNames(context)).toContain('_ga');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await expect
      .poll(async () => (await cookieNames(context)).filter((name) => ['_ga', '_ga_TEST123', '_gid'].includes(name)))
      .toEqual([]);
    await expect.poll(() => cookieNames(context)).toContain('samtykke');
  });
});

describe('embeds', () => {
  it('"Load" on Vimeo, which the owner did not list, loads Vimeo only, names its provider and records an embed', async () => {
    const page = await harness.open(context, '/embeds');
    await page.getByRole('button', { name: 'Reject all' }).click();
    const vimeo = page.locator('[data-samtykke-embed="vimeo"]');
    await expect.poll(() => vimeo.locator('p').textContent()).toMatch(/^This content from Vimeo\.com, Inc\. \(Vimeo\)/);
    harness.clearLog();
    await vimeo.getByRole('button').click();
    await expect.poll(() => requestsTo('player.vimeo.com').length).toBeGreaterThan(0);
    await expect.poll(async () => (await receipts(page)).at(-1)).toMatchObject({ action: 'embed', layer: 0 });
    // By the time the receipt is stored, anything the click released has been asked for.
    expect(requestsTo('connect.facebook.net')).toEqual([]);
    expect(requestsTo('www.youtube.com')).toEqual([]);
    expect(await executed(page)).toEqual([]);
    expect(await page.evaluate(() => window.Samtykke?.isGranted('marketing'))).toBe(false);
  });

  it('Save in the preferences keeps YouTube, allowed from its placeholder, and does not reload', async () => {
    const page = await harness.open(context, '/embeds');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.locator('[data-samtykke-embed="youtube"]').getByRole('button').click();
    await expect.poll(() => requestsTo('www.youtube.com').length).toBeGreaterThan(0);
    await mark(page);
    await page.locator('main [data-samtykke-open]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Services (2)').last().click();
    expect(await dialog.getByRole('switch', { name: 'YouTube' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('switch', { name: 'Marketing' }).isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Save choices' }).click();
    // Reject all, the placeholder, Save: once the third receipt is stored a reload would have been under way.
    await expect
      .poll(async () => (await receipts(page)).map((e) => e.state))
      .toEqual(['refused', 'updated', 'updated']);
    expect(await marked(page)).toBe(true);
    expect(await page.evaluate(() => window.Samtykke?.getDecision()?.services)).toEqual(['youtube']);
    expect(await executed(page)).toEqual([]);
  });
});

/** Control: without samtykke, Clarity injected as a tag manager does leaves the browser. */
const clarityLeavesWithoutSamtykke = async () => {
  const control = await harness.open(context, '/clarity-control');
  await inject(control, 'https://www.clarity.ms/tag/control');
  await expect.poll(() => requestsTo('www.clarity.ms').length).toBe(1);
  harness.clearLog();
};

describe('only declared services run', () => {
  it('Microsoft Clarity, undeclared, injected after "Accept all", is held and reported', async () => {
    await clarityLeavesWithoutSamtykke();
    const page = await harness.open(context, '/clarity');
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.getByRole('button', { name: 'Accept all' }).click();
    await inject(page, 'https://www.clarity.ms/tag/abc');
    await expect.poll(() => warnings.join('\n')).toMatch(/Microsoft Clarity.*config\.categories\.statistics\.services/);
    await roundTrips(page);
    expect(requestsTo('www.clarity.ms')).toEqual([]);
    // Control: declared, the same injection runs.
    const declared = await harness.open(await harness.newContext(), '/clarity-declared');
    await declared.getByRole('button', { name: 'Accept all' }).click();
    await inject(declared, 'https://www.clarity.ms/tag/abc');
    await expect.poll(() => executed(declared)).toContain('clarity');
  });
});

describe('the owner lets undeclared vendors run with their category', () => {
  it('Microsoft Clarity injected by a tag manager runs after "Accept all"; the declaration and the receipt name it', async () => {
    await clarityLeavesWithoutSamtykke();

    const page = await harness.open(await harness.newContext(), '/clarity-opt-in');
    // Before the choice the visitor is told, in its category, that it may run with it.
    const row = page.locator(
      '[data-samtykke-declaration] [data-category="statistics"] tr[data-service="microsoft-clarity"]',
    );
    await expect
      .poll(() => row.textContent().catch(() => ''))
      .toContain('Not declared individually by the site: may run whenever this category is allowed.');
    expect(await row.textContent()).toContain('Microsoft Clarity');
    await inject(page, 'https://www.clarity.ms/tag/before');
    await roundTrips(page);
    expect(requestsTo('www.clarity.ms')).toEqual([]);

    await page.getByRole('button', { name: 'Accept all' }).click();
    await inject(page, 'https://www.clarity.ms/tag/abc');
    await expect.poll(() => requestsTo('www.clarity.ms').map((r) => r.path)).toContain('/tag/abc');
    await expect.poll(() => executed(page)).toContain('clarity');
    const covered = () =>
      page.evaluate(async () => {
        const last = (await window.Samtykke?.ledger.list())?.at(-1)?.receipt;
        return last?.purposes.find((p) => p.id === 'statistics')?.services.find((s) => s.id === 'microsoft-clarity');
      });
    await expect.poll(covered).toMatchObject({ name: 'Microsoft Clarity', status: 'granted', implicit: true });
  });
});

describe('a broken config fails closed', () => {
  it("a typo keeps the owner's own tracker host blocked, and window.Samtykke answers without throwing", async () => {
    // Control: without samtykke the chat widget loads.
    await harness.open(context, '/typo-control');
    await expect.poll(() => requestsTo('chat.widgets.test').length).toBe(1);
    harness.clearLog();
    const page = await harness.open(context, '/typo');
    await roundTrips(page);
    expect(requestsTo('chat.widgets.test')).toEqual([]);
    expect(
      await page.evaluate(() => {
        window.Samtykke?.acceptAll();
        return window.Samtykke?.isGranted('marketing');
      }),
    ).toBe(false);
    await inject(page, 'https://chat.widgets.test/widget.js?again');
    await roundTrips(page);
    expect(requestsTo('chat.widgets.test')).toEqual([]);
  });
});

describe('release and lifecycle', () => {
  it('a marked script page code removes before its turn does not stall the ones after it', async () => {
    const page = await harness.open(context, '/queue');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __third?: boolean }).__third)).toBe(true);
    expect(requestsTo('static.hotjar.com')).toEqual([]);
    expect(await executed(page)).toEqual(['gtag']);
  });

  it('two loader tags: one instance, one banner, and the second says so', async () => {
    const page = await await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${SITE}/double`, { waitUntil: 'load' });
    await expect.poll(() => banner(page).count()).toBe(1);
    await expect.poll(() => warnings.join('\n')).toContain('already running on this page');
    await roundTrips(page);
    expect(await page.locator('samtykke-ui').count()).toBe(1);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => executed(page)).toEqual(['gtag']);
    expect(harness.requests.filter((r) => r.path.startsWith('/dist/samtykke-banner')).length).toBe(1);
  });

  it('a decision made while the first layer’s file is still loading: the queued banner never appears', async () => {
    let open = () => {};
    uiGate = { promise: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
    // The first layer's file holds up the load event while it is on its way.
    const page = await context.newPage();
    await page.goto(`${SITE}/embeds`, { waitUntil: 'domcontentloaded' });
    await page.locator('[data-samtykke-embed="youtube"]').getByRole('button').click();
    await expect.poll(() => requestsTo('www.youtube.com').length).toBeGreaterThan(0);
    expect(await banner(page).count()).toBe(0);
    uiGate.open();
    await expect.poll(() => harness.requests.some((r) => r.path === '/dist/samtykke-banner.en.js')).toBe(true);
    // The first layer did arrive and run, only the stale banner stays away; the preferences still open.
    await expect.poll(() => page.evaluate(() => typeof window.SamtykkeBanner?.mountBanner)).toBe('function');
    await roundTrips(page);
    expect(await banner(page).count()).toBe(0);
    await page.locator('main [data-samtykke-open]').click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    expect(await banner(page).count()).toBe(0);
  });
});

describe('who decided', () => {
  it('a page script calling acceptAll({ layer: 1 }) is recorded as api, a real click as accept-all on layer 1', async () => {
    const scripted = await harness.open(context, '/');
    await scripted.evaluate(() => window.Samtykke?.acceptAll({ layer: 1 }));
    await expect.poll(async () => (await receipts(scripted)).at(-1)).toMatchObject({ action: 'api', layer: 0 });
    // A script clicking the banner's button is page code too.
    const clicked = await harness.open(await harness.newContext(), '/');
    await clicked.evaluate(() => {
      const button = [...(document.querySelector('samtykke-ui')?.shadowRoot?.querySelectorAll('button') ?? [])].find(
        (b) => b.textContent === 'Accept all',
      );
      button?.click();
    });
    await expect.poll(async () => (await receipts(clicked)).at(-1)).toMatchObject({ action: 'api', layer: 0 });

    const visitor = await harness.open(await harness.newContext(), '/');
    await visitor.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(async () => (await receipts(visitor)).at(-1)).toMatchObject({ action: 'accept-all', layer: 1 });
  });
});
