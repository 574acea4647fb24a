import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../../src/core/index.js';
import type { SamtykkeInternal } from '../../../src/loader/index.js';
import { startSite } from '../../../src/loader/site.js';

type PageWindow = Window & typeof globalThis;
const pages: HappyWindow[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const page of pages.splice(0)) await page.happyDOM.close();
});

/** A page whose loader tag is `samtykke.<hash>.js` with a CSP nonce, as `document.currentScript` while it runs. */
function page(nonce = 'r4nd0m'): PageWindow {
  const win = new HappyWindow({ url: 'https://www.fjordkaffe.test/' }) as unknown as PageWindow;
  pages.push(win as unknown as HappyWindow);
  const tag = win.document.createElement('script');
  tag.src = 'https://www.fjordkaffe.test/samtykke/samtykke.0123456789ab.js';
  tag.nonce = nonce;
  win.document.head.append(tag);
  Object.defineProperty(win.document, 'currentScript', { value: tag, configurable: true });
  return win;
}

const addScript = (win: PageWindow, src: string) => {
  const script = win.document.createElement('script');
  script.src = src;
  win.document.head.append(script);
  return script;
};

const SITE = normalizeConfig({
  controller: { name: 'Fjordkaffe AS', country: 'NO' },
  categories: { statistics: { services: ['google-analytics', { id: 'own-stats', hosts: ['stats.fjordkaffe.test'] }] } },
  // A page's config would say this; a site's file must not carry one page's nonce.
  ui: { nonce: 'stale' },
});

describe('the per-site loader', () => {
  it('starts with the config compiled in, ignores none of it, and asks for its parts next to itself with the nonce of its own tag', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page();
    startSite(win, SITE);
    const instance = win.Samtykke as SamtykkeInternal | undefined;
    // Complete as compiled: the catalogue's names and the jurisdiction need no second read.
    expect(instance?.config.categories[1]?.services[0]?.name).toBe('Google Analytics');
    expect(instance?.config.jurisdiction).toBe('EEA');
    expect(instance?.config.ui.nonce).toBe('r4nd0m');
    expect(Object.isFrozen(instance?.config.categories[1]?.services[1]?.hosts)).toBe(true);
    const requested = Array.from(win.document.querySelectorAll('script[src*="/samtykke/samtykke-"]'), (script) => [
      (script as HTMLScriptElement).src,
      (script as HTMLScriptElement).nonce,
    ]);
    expect(requested).toContainEqual(['https://www.fjordkaffe.test/samtykke/samtykke-banner.en.js', 'r4nd0m']);
    // Held until consent: the owner's service and a built-in vendor the owner did not list.
    expect(addScript(win, 'https://stats.fjordkaffe.test/s.js').getAttribute('src')).toBeNull();
    expect(addScript(win, 'https://connect.facebook.net/en_US/fbevents.js').getAttribute('src')).toBeNull();
    // Control: the site's own script runs.
    expect(addScript(win, 'https://www.fjordkaffe.test/app.js').getAttribute('src')).toBe(
      'https://www.fjordkaffe.test/app.js',
    );
  });

  it('without its own tag keeps the nonce the config names', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page();
    Object.defineProperty(win.document, 'currentScript', { value: null, configurable: true });
    startSite(win, SITE);
    expect((win.Samtykke as SamtykkeInternal | undefined)?.config.ui.nonce).toBe('stale');
  });

  it('fails closed when the file holds no config (the template served as it is): built-in vendors held, nothing granted', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page();
    startSite(win, '__SAMTYKKE_SITE_CONFIG__');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('npx samtykke build-loader'));
    expect(addScript(win, 'https://www.googletagmanager.com/gtag/js?id=G-1').getAttribute('src')).toBeNull();
    expect(win.Samtykke?.acceptAll()).toBeNull();
    expect(win.Samtykke?.isGranted('statistics')).toBe(false);
    expect(win.document.querySelectorAll('script[src*="samtykke-runtime"]')).toHaveLength(0);
  });

  it('a second loader on the page does nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = page();
    startSite(win, SITE);
    const instance = win.Samtykke;
    startSite(win, SITE);
    expect(win.Samtykke).toBe(instance);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('already running'));
  });
});
