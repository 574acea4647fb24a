import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { UnusableConfig } from '../../../src/core/index.js';
import { createLedger } from '../../../src/ledger/index.js';
import { boot, type LazyParts } from '../../../src/loader/boot.js';
import type { SamtykkeInternal } from '../../../src/loader/index.js';
import { startOnPage } from '../../../src/runtime/index.js';
import { mountUi } from '../../../src/ui/index.js';

type PageWindow = Window & typeof globalThis;
const pages: HappyWindow[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const page of pages.splice(0)) await page.happyDOM.close();
});

/** A fresh page of its own: boot() patches its prototypes and marks it, so no test sees another's. */
function page(config: unknown): PageWindow {
  const win = new HappyWindow({ url: 'https://www.fjordkaffe.test/' });
  pages.push(win);
  (win as unknown as { samtykkeConfig: unknown }).samtykkeConfig = config;
  return win as unknown as PageWindow;
}

/** The first layer, the preferences and the ledger as the one-file build carries them, counted. */
function parts() {
  const loaded = { banner: 0, ui: 0, ledger: 0 };
  const lazy: LazyParts = {
    runtime: { bundled: startOnPage },
    banner: () => {
      loaded.banner++;
      return Promise.resolve(mountBanner);
    },
    ui: () => {
      loaded.ui++;
      return Promise.resolve(mountUi);
    },
    ledger: () => {
      loaded.ledger++;
      return Promise.resolve(createLedger);
    },
  };
  return { lazy, loaded };
}

const addScript = (win: PageWindow, src: string) => {
  const script = win.document.createElement('script');
  script.src = src;
  win.document.head.append(script);
  return script;
};

describe('boot()', () => {
  it('starts one instance on window.Samtykke and forwards its events to the document', () => {
    const win = page({ categories: { statistics: { services: ['google-analytics'] } } });
    const seen: string[] = [];
    win.document.addEventListener('samtykke:change', (event) => seen.push((event as CustomEvent).detail.action));
    boot(win, parts().lazy);
    win.Samtykke?.acceptAll();
    expect(seen).toEqual(['api']);
    expect(win.Samtykke?.isGranted('statistics')).toBe(true);
  });

  it('a second loader reports itself and does nothing: one instance, one banner, one set of patches', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const win = page({});
    const first = parts();
    boot(win, first.lazy);
    const instance = win.Samtykke;
    const second = parts();
    boot(win, second.lazy);
    expect(win.Samtykke).toBe(instance);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('already running on this page'));
    await vi.waitFor(() => expect(win.document.querySelectorAll('samtykke-ui')).toHaveLength(1));
    // A first visit asks with the first layer alone: the preferences wait for "Customise".
    expect(first.loaded).toEqual({ banner: 1, ui: 0, ledger: 0 });
    expect(second.loaded).toEqual({ banner: 0, ui: 0, ledger: 0 });
  });

  it("leaves the jurisdiction to the part that records decisions, which finds it from the controller's country", () => {
    const cases: Array<[config: unknown, jurisdiction: string]> = [
      [{ controller: { name: 'Fjordkaffe AS', country: 'NO' } }, 'EEA'],
      [{ controller: { name: 'Kaffee GmbH', country: 'DE' } }, 'EU'],
      [{ controller: { name: 'Fjordkaffe AS', country: 'NO' }, jurisdiction: 'NO' }, 'NO'],
      // A page without any config still records the default.
      [undefined, 'EU'],
    ];
    for (const [config, jurisdiction] of cases) {
      const win = page(config);
      boot(win, parts().lazy);
      const instance = win.Samtykke as SamtykkeInternal | undefined;
      expect(instance?.config.jurisdiction, JSON.stringify(config)).toBe(jurisdiction);
    }
  });
});

describe('boot() with a broken config fails closed', () => {
  const typo = {
    categories: {
      marketing: { services: [{ id: 'chat-widget', hosts: ['chat.fjordkaffe-widgets.test'] }] },
    },
    blocking: { rules: [{ pattern: 'ads.partner.test/pixel', category: 'marketing' }] },
    ui: { layot: 'box' },
  };

  it('logs one short error naming where and the tools that explain it, holds the built-in vendors and every host and rule the raw config names', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page(typo);
    boot(win, parts().lazy);
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('config.ui.layot');
    expect(String(error.mock.calls[0]?.[0])).toContain('samtykke.dev.js');
    expect(String(error.mock.calls[0]?.[0])).toContain('npx samtykke check-config');
    for (const src of [
      'https://chat.fjordkaffe-widgets.test/widget.js',
      'https://ads.partner.test/pixel.js',
      'https://connect.facebook.net/en_US/fbevents.js',
    ]) {
      expect(addScript(win, src).getAttribute('src'), src).toBeNull();
    }
    // Control: the blocker holds only what something names; the site's own script runs.
    expect(addScript(win, 'https://www.fjordkaffe.test/app.js').getAttribute('src')).toBe(
      'https://www.fjordkaffe.test/app.js',
    );
  });

  it("the development loader's reporter replaces the one-line error, and the page still fails closed", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused: string[] = [];
    const win = page(typo);
    boot(win, parts().lazy, (reason) => refused.push(reason.message));
    expect(refused).toEqual(['samtykke: config.ui.layot: unknown option. Did you mean "layout"?']);
    expect(error).not.toHaveBeenCalled();
    expect(addScript(win, 'https://chat.fjordkaffe-widgets.test/widget.js').getAttribute('src')).toBeNull();
    expect(win.Samtykke?.isGranted('marketing')).toBe(false);
  });

  it('finds the hosts of a JSON config that does not even parse', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page(undefined);
    delete (win as unknown as { samtykkeConfig?: unknown }).samtykkeConfig;
    const element = win.document.createElement('script');
    element.type = 'application/json';
    element.id = 'samtykke-config';
    element.textContent =
      '{"categories": {"marketing": {"services": [{"id": "chat", "hosts": ["chat.widgets.test"]}]}},}';
    win.document.head.append(element);
    boot(win, parts().lazy);
    expect(addScript(win, 'https://chat.widgets.test/w.js').getAttribute('src')).toBeNull();
  });

  it('window.Samtykke is inert: nothing granted, every method reports the error instead of throwing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page(typo);
    boot(win, parts().lazy);
    const samtykke = win.Samtykke;
    expect(samtykke).toBeDefined();
    expect(samtykke?.isGranted('marketing')).toBe(false);
    expect(samtykke?.isServiceAllowed('chat-widget')).toBe(false);
    expect(samtykke?.getDecision()).toBeNull();
    expect(() => samtykke?.acceptAll()).not.toThrow();
    expect(samtykke?.isGranted('marketing')).toBe(false);
    expect(String(error.mock.calls.at(-1)?.[0])).toContain('acceptAll() does nothing');
    await expect(samtykke?.ledger.export()).rejects.toBeInstanceOf(UnusableConfig);
    expect(win.document.querySelector('samtykke-ui')).toBeNull();
  });
});
