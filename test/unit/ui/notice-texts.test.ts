import { afterEach, describe, expect, it } from 'vitest';
import { SHOP_ANALYTICS } from '../../fixtures/ui-fixtures.js';
import { makeConfig, mount } from './helpers.js';

afterEach(() => {
  document.body.innerHTML = '';
  document.querySelector('samtykke-ui')?.remove();
  document.documentElement.lang = '';
});

/** A shop whose one service shows every row the preferences have: countries, retention, a policy link, storage. */
const config = () =>
  makeConfig({
    categories: {
      statistics: {
        services: [
          {
            ...SHOP_ANALYTICS,
            retention: 'P14M',
            privacyPolicyUrl: 'https://policies.google.com/privacy',
            cookies: [
              { name: '_ga', expiry: 'P2Y' },
              { name: '_gid', expiry: 'P1D' },
            ],
            storageKeys: ['ga:clientId'],
          },
        ],
      },
      marketing: {
        services: [{ id: 'meta-pixel', name: 'Meta Pixel', provider: 'Meta Platforms Ireland Ltd.', cookies: [] }],
      },
    },
  });

/** Every text node of the open dialog, trimmed, without the punctuation between values. */
function textNodes(root: ShadowRoot): string[] {
  const dialog = root.querySelector('[role=dialog]') as Element;
  const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
  const texts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    if (text && !['×', '–'].includes(text)) texts.push(text);
  }
  return texts;
}

describe('the texts the preferences report are the texts they render', () => {
  for (const lang of ['en', 'nb-NO']) {
    it(`${lang}: every text on screen is reported, and everything reported is on screen`, () => {
      document.documentElement.lang = lang;
      const { handle, root, shown } = mount(config());
      handle.showPreferences();
      const notice = shown.at(-1);
      expect(notice?.language).toBe(lang.slice(0, 2));
      const texts = notice?.texts ?? {};
      const values = new Set(Object.values(texts));
      const keys = Object.keys(texts);
      // Screen → report: each text node is a reported value, or a cookie's name, which is in the key of its lifetime.
      for (const text of textNodes(root())) {
        const named = keys.some((key) => key.endsWith(`.${text}`));
        expect(values.has(text) || named, `"${text}" is on screen but not in the notice`).toBe(true);
      }
      // Report → screen: each reported value is on screen, an address a link goes to, or the close button's name.
      const dialog = root().querySelector('[role=dialog]') as Element;
      const onScreen = dialog.textContent ?? '';
      const hrefs = [...dialog.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      const labels = [...dialog.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
      for (const [key, value] of Object.entries(texts)) {
        const there = onScreen.includes(value) || hrefs.includes(value) || labels.includes(value);
        expect(there, `${key} = "${value}" is reported but not on screen`).toBe(true);
      }
    });
  }

  it('words the lifetimes, retention and countries as the visitor reads them, in their language', () => {
    document.documentElement.lang = 'nb-NO';
    const { handle, shown } = mount(config());
    handle.showPreferences();
    const texts = shown.at(-1)?.texts ?? {};
    expect(texts).toMatchObject({
      'services.google-analytics.cookie._ga': '2 år',
      'services.google-analytics.cookie._gid': '1 dag',
      'services.google-analytics.retention': '14 måneder',
      'services.google-analytics.thirdCountries': 'USA (beslutning om tilstrekkelig beskyttelsesnivå, GDPR art. 45)',
      'services.google-analytics.purpose': 'Teller besøk',
      'services.google-analytics.privacyPolicyUrl': 'https://policies.google.com/privacy',
      privacyPolicyUrl: '/privacy',
      cookiePolicyUrl: '/cookies',
    });
    expect(texts['services.google-analytics.webStorage.ga:clientId']).toMatch(/^\S+/);
    // samtykke's own cookie with its real lifetime, as the preferences show it.
    expect(Object.keys(texts).some((key) => key.startsWith('services.samtykke.cookie.'))).toBe(true);
    // Nothing shown only after a choice, and no other language.
    expect(texts).not.toHaveProperty('saved');
    expect(texts).not.toHaveProperty('eraseConfirm');
    expect(Object.values(texts)).not.toContain('Counts visits');
  });

  it('a changed text on screen changes the report', () => {
    const { handle, shown } = mount(config());
    handle.showPreferences();
    const before = shown.at(-1)?.texts ?? {};
    handle.hide();
    const other = mount(
      makeConfig({
        categories: {
          statistics: {
            services: [
              { id: 'google-analytics', name: 'Google Analytics', cookies: [{ name: '_ga', expiry: 'P13M' }] },
            ],
          },
        },
      }),
    );
    other.handle.showPreferences();
    const after = other.shown.at(-1)?.texts ?? {};
    expect(before['services.google-analytics.cookie._ga']).toBe('2 years');
    expect(after['services.google-analytics.cookie._ga']).toBe('13 months');
  });
});
