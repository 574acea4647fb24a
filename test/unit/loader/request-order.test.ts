// The critical loader asks for the first layer as soon as the decision cookie says the visitor must be asked,
// before it prepares the blocker and Consent Mode, so the banner file is on its way while they are; a returning
// visitor's loader asks for no first layer at all (the control that the order is the request's, not the test's).
import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { boot } from '../../../src/loader/boot.js';
import { startOnPage } from '../../../src/runtime/index.js';
import { mountUi } from '../../../src/ui/index.js';

const order: string[] = [];

vi.mock('../../../src/blocker/interception.js', async (load) => {
  const actual = await load<typeof import('../../../src/blocker/interception.js')>();
  return {
    ...actual,
    createInterception: (...args: Parameters<typeof actual.createInterception>) => {
      order.push('blocker prepared');
      return actual.createInterception(...args);
    },
  };
});
vi.mock('../../../src/integrations/consent-mode.js', async (load) => {
  const actual = await load<typeof import('../../../src/integrations/consent-mode.js')>();
  return {
    ...actual,
    createConsentMode: (...args: Parameters<typeof actual.createConsentMode>) => {
      order.push('Consent Mode prepared');
      return actual.createConsentMode(...args);
    },
  };
});

const pages: HappyWindow[] = [];
afterEach(async () => {
  order.length = 0;
  for (const page of pages.splice(0)) await page.happyDOM.close();
});

function start(cookie?: string) {
  const win = new HappyWindow({ url: 'https://www.fjordkaffe.test/' });
  pages.push(win);
  if (cookie) win.document.cookie = `${cookie}; path=/`;
  const page = win as unknown as Window & typeof globalThis;
  (page as unknown as { samtykkeConfig: unknown }).samtykkeConfig = {
    categories: { statistics: { services: ['google-analytics'] } },
  };
  boot(page, {
    runtime: { bundled: startOnPage },
    banner: () => {
      order.push('first layer requested');
      return Promise.resolve(mountBanner);
    },
    ui: () => Promise.resolve(mountUi),
    // The ledger is not what this test is about: it never arrives.
    ledger: () => new Promise(() => {}),
  });
  return page;
}

describe('the critical loader’s first request', () => {
  it('on a first visit, asks for the first layer before it prepares the blocker and Consent Mode', () => {
    start();
    expect(order.slice(0, 3)).toEqual(['first layer requested', 'blocker prepared', 'Consent Mode prepared']);
  });

  it('for a returning visitor, prepares them without asking for a first layer (control)', async () => {
    // A decision as a first visit leaves it, read back by a second page of the same site.
    const first = start();
    first.Samtykke?.rejectAll();
    await vi.waitFor(() => expect(first.document.cookie).toMatch(/(^|; )samtykke=/));
    const cookie = first.document.cookie.split('; ').find((pair) => pair.startsWith('samtykke='));
    order.length = 0;
    start(cookie);
    expect(order.slice(0, 2)).toEqual(['blocker prepared', 'Consent Mode prepared']);
    expect(order).not.toContain('first layer requested');
  });
});
