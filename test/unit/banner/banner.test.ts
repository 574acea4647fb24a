import { afterEach, describe, expect, it } from 'vitest';
import { firstLayer } from '../../../src/banner/first-layer.js';
import { type BannerHost, mountBanner } from '../../../src/banner/index.js';
import { BANNER_TEXTS } from '../../../src/banner/texts.js';
import type { DecisionRequest, NormalizedConfig } from '../../../src/core/index.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { MESSAGES } from '../../../src/i18n/messages.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import { makeConfig } from '../../fixtures/ui-fixtures.js';

interface Decided {
  request: DecisionRequest;
  layer: number;
  event?: Event;
}

const mounted: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const handle of mounted.splice(0)) handle.destroy();
  document.documentElement.lang = '';
});

/** The banner on the test document with a host that records what it is told. */
function mount(config: NormalizedConfig = makeConfig(), options: { gpc?: boolean } = {}) {
  const decided: Decided[] = [];
  const shown: Array<{ language: string; texts: Record<string, string> }> = [];
  const customised: Element[] = [];
  const host: BannerHost = {
    config,
    document,
    gpc: options.gpc ?? false,
    reportShown: (notice) => shown.push(notice),
    decide: (request, proof) => decided.push({ request, ...proof }),
    customise: (opener) => customised.push(opener),
  };
  const handle = mountBanner(host);
  mounted.push(handle);
  const root = () => {
    const element = document.querySelector('samtykke-ui');
    if (!element?.shadowRoot) throw new Error('no samtykke-ui host with a shadow root');
    return element.shadowRoot;
  };
  const button = (label: string) =>
    [...root().querySelectorAll('button')].find((b) => b.textContent === label) as HTMLButtonElement;
  return { handle, root, decided, shown, customised, button };
}

const forced = (lang: string) => makeConfig({ language: { default: 'en', force: lang } });

describe('first layer in plain DOM', () => {
  it('shows nothing until asked, then a labelled, non-modal region with title, text, links and three equal buttons', () => {
    const { handle, root } = mount();
    expect(document.querySelector('samtykke-ui')?.shadowRoot?.querySelector('.banner') ?? null).toBeNull();
    handle.show();
    const region = root().querySelector('[role=region]');
    expect(region?.getAttribute('aria-label')).toBe('Cookie consent');
    expect(root().querySelector('[role=dialog]')).toBeNull();
    expect(region?.querySelector('h2')?.textContent).toBe('We use cookies');
    expect([...(region?.querySelectorAll('a') ?? [])].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Privacy policy', '/privacy'],
      ['Cookie policy', '/cookies'],
    ]);
    const buttons = [...(region?.querySelectorAll('button') ?? [])];
    expect(buttons.map((b) => b.textContent)).toEqual(['Accept all', 'Reject all', 'Customise']);
    // Equal weight: one class, one type, one parent; only Customise says it opens a dialog.
    expect(new Set(buttons.map((b) => b.className))).toEqual(new Set(['btn']));
    expect(buttons.every((b) => b.type === 'button' && b.parentElement === buttons[0]?.parentElement)).toBe(true);
    expect(buttons.map((b) => b.getAttribute('aria-haspopup'))).toEqual([null, null, 'dialog']);
  });

  it('names the purposes and the number of third parties, with the list one click away', () => {
    const { handle, root } = mount();
    handle.show();
    expect(root().getElementById('samtykke-text')?.textContent).toBe(
      'Some cookies are needed for the site to work. With your consent we also use cookies for “Statistics” and “Marketing”, and share data with 2 third parties. You can withdraw or change your consent at any time.',
    );
    const list = root().querySelector('.banner details');
    expect(list?.querySelector('summary')?.textContent).toBe('List of third parties');
    expect([...(list?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
      'Google Ireland Ltd. (Google Analytics)',
      'Meta Platforms Ireland Ltd. (Meta Pixel)',
    ]);
  });

  it('counts providers, not services, and leaves out the site owner and necessary services', () => {
    const config = makeConfig({
      categories: {
        necessary: { services: [{ id: 'login', name: 'Login', provider: 'Auth Co', cookies: [] }] },
        statistics: {
          services: [
            { id: 'own-stats', name: 'Own statistics', provider: 'Fjordkaffe AS', cookies: [] },
            { id: 'a', name: 'Tool A', provider: 'Vendor Oy', cookies: [] },
            { id: 'b', name: 'Tool B', provider: 'Vendor Oy', cookies: [] },
          ],
        },
      },
    });
    const { handle, root } = mount(config);
    handle.show();
    expect(root().getElementById('samtykke-text')?.textContent).toContain(
      'for “Statistics”, and share data with 1 third party.',
    );
    expect([...root().querySelectorAll('.banner li')].map((li) => li.textContent)).toEqual([
      'Vendor Oy (Tool A, Tool B)',
    ]);
  });

  it('names the catalogue vendors an owner lets run with their category (undeclaredVendors), not only the listed ones', () => {
    const listed = makeConfig();
    const widened = makeConfig({ blocking: { undeclaredVendors: 'release-with-category' } });
    const parties = (config: NormalizedConfig) => {
      const { handle, root } = mount(config);
      handle.show();
      const names = [...root().querySelectorAll('.banner li')].map((li) => li.textContent ?? '');
      handle.destroy();
      return names;
    };
    const implicit = widened.categories.flatMap((c) => (c.required ? [] : c.services.filter((s) => s.implicit)));
    expect(implicit.map((s) => s.id)).toContain('microsoft-clarity');
    const before = parties(listed);
    const after = parties(widened);
    expect(before.some((name) => name.includes('Clarity'))).toBe(false);
    expect(after.some((name) => name.includes('Clarity'))).toBe(true);
    // Every vendor that may now run is named, under its provider.
    for (const service of implicit) expect(after.join('\n')).toContain(service.name);
  });

  it('says nothing of third parties when no one else receives data, and has no empty list', () => {
    const config = makeConfig({
      categories: { statistics: { services: [{ id: 'own', name: 'Own', provider: 'Fjordkaffe AS', cookies: [] }] } },
    });
    const { handle, root } = mount(config);
    handle.show();
    expect(root().getElementById('samtykke-text')?.textContent).toBe(
      'Some cookies are needed for the site to work. With your consent we also use cookies for “Statistics”. You can withdraw or change your consent at any time.',
    );
    expect(root().querySelector('.banner details')).toBeNull();
  });

  it("takes the owner's text as written, {purposes} and {parties} filled, and never as markup", () => {
    const config = makeConfig({
      texts: {
        en: { bannerText: 'We and {parties} use cookies for {purposes}. <img src=x>', bannerTitle: '<b>Hi</b>' },
      },
      categories: {
        statistics: {
          title: 'Stats <i>',
          services: [{ id: 'own', name: 'Own', provider: 'Fjordkaffe AS', cookies: [] }],
        },
      },
    });
    const { handle, root } = mount(config);
    handle.show();
    expect(root().getElementById('samtykke-text')?.textContent).toBe(
      'We and 0 third parties use cookies for “Stats <i>”. <img src=x>',
    );
    expect(root().querySelector('h2')?.textContent).toBe('<b>Hi</b>');
    expect(root().querySelectorAll('img, b, i')).toHaveLength(0);
  });

  it.each([
    ['nb', 'Vi bruker informasjonskapsler', 'til «Statistikk» og «Markedsføring» og deler data med 2 tredjeparter.'],
    ['nn', 'Vi brukar informasjonskapslar', '«Statistikk» og «Marknadsføring»'],
    ['da', 'Vi bruger cookies', 'til »Statistik« og »Marketing« og deler data med 2 tredjeparter.'],
    ['sv', 'Vi använder kakor', 'för ”Statistik” och ”Marknadsföring” och delar uppgifter med 2 tredje parter.'],
    [
      'fi',
      'Käytämme evästeitä',
      'näihin tarkoituksiin: ”Tilastointi” ja ”Markkinointi”. Niiden kautta tietoja luovutetaan 2 kolmannelle osapuolelle.',
    ],
    [
      'is',
      'Við notum vafrakökur',
      'í þessum tilgangi: „Tölfræði“ og „Markaðssetning“, og deilum gögnum með 2 þriðju aðilum.',
    ],
    ['de', 'Wir verwenden Cookies', 'für „Statistik“ und „Marketing“ und geben Daten an 2 Drittanbieter weiter.'],
  ])('speaks %s: the title, purposes, parties and buttons of the language files', (lang, title, text) => {
    const { handle, root } = mount(forced(lang));
    handle.show();
    const messages = MESSAGES[lang];
    expect(root().querySelector('.banner')?.getAttribute('lang')).toBe(lang);
    expect(root().querySelector('h2')?.textContent).toBe(messages?.bannerTitle);
    expect(messages?.bannerTitle).toBe(title);
    expect(root().getElementById('samtykke-text')?.textContent).toContain(text);
    expect([...root().querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      messages?.acceptAll,
      messages?.rejectAll,
      messages?.customise,
    ]);
  });

  it('lists the purposes as Intl.ListFormat would, in every shipped language, without its cost', () => {
    const titles = ['Statistics', 'Marketing', 'Preferences', 'Research'];
    for (const lang of LANGUAGES) {
      const tr = createTranslator(makeConfig({ language: { default: 'en', force: lang } }), lang);
      const list = new Intl.ListFormat(tr.locales, { type: 'conjunction' });
      for (let n = 1; n <= titles.length; n++) {
        const categories = titles.slice(0, n).map((title) => ({ required: false, title, services: [] }));
        const quoted = categories.map((c) => tr.t('quote', { text: c.title }));
        const { text } = firstLayer(categories, 'Owner', tr);
        expect(text, `${lang}, ${n}`).toContain(list.format(quoted));
      }
    }
  });

  it('follows the page language (nb-NO picks Bokmål)', () => {
    document.documentElement.lang = 'nb-NO';
    const { handle, root } = mount();
    handle.show();
    expect(root().querySelector('h2')?.textContent).toBe('Vi bruker informasjonskapsler');
  });

  it('says so when the browser sends Global Privacy Control, and only then', () => {
    const off = mount();
    off.handle.show();
    expect(off.root().textContent).not.toContain('Global Privacy Control');
    off.handle.destroy();
    const on = mount(makeConfig(), { gpc: true });
    on.handle.show();
    expect(on.root().querySelector('.gpc')?.textContent).toBe(
      'Your browser sent a Global Privacy Control signal, so marketing is switched off.',
    );
  });

  it('carries no inline style and adopts its stylesheet into the shadow root', () => {
    const { handle, root } = mount();
    handle.show();
    expect(root().querySelectorAll('[style]')).toHaveLength(0);
    // The base both layers stand on, and the first layer's own rules.
    expect(root().adoptedStyleSheets.length).toBe(2);
    expect(document.querySelectorAll('samtykke-ui')).toHaveLength(1);
    expect(document.body.firstElementChild?.localName).toBe('samtykke-ui');
  });
});

describe('what the banner reports', () => {
  it('reports exactly the texts it rendered, in the language it rendered them', () => {
    document.documentElement.lang = 'nb-NO';
    const { handle, root, shown } = mount();
    handle.show();
    expect(shown).toHaveLength(1);
    const [notice] = shown;
    expect(notice?.language).toBe('nb');
    const text = root().getElementById('samtykke-text')?.textContent ?? '';
    expect(notice?.texts).toEqual({
      bannerLabel: 'Samtykke til informasjonskapsler',
      bannerTitle: 'Vi bruker informasjonskapsler',
      bannerText: text,
      'categories.statistics.title': 'Statistikk',
      'categories.marketing.title': 'Markedsføring',
      thirdParties: 'Liste over tredjeparter',
      'thirdParties.list': 'Google Ireland Ltd. (Google Analytics)\nMeta Platforms Ireland Ltd. (Meta Pixel)',
      privacyPolicy: 'Personvernerklæring',
      cookiePolicy: 'Erklæring om informasjonskapsler',
      // The links' addresses as shown, since a link is what the visitor can follow.
      privacyPolicyUrl: '/privacy',
      cookiePolicyUrl: '/cookies',
      acceptAll: 'Godta alle',
      rejectAll: 'Avvis alle',
      customise: 'Tilpass',
    });
    // Every reported text is on screen (or is the region's accessible name).
    for (const [key, value] of Object.entries(notice?.texts ?? {})) {
      if (key === 'bannerLabel') expect(root().querySelector('[role=region]')?.getAttribute('aria-label')).toBe(value);
      else if (key === 'thirdParties.list') continue;
      else if (key.endsWith('Url')) expect(root().querySelector(`a[href="${value}"]`)).not.toBeNull();
      else expect(root().textContent).toContain(value);
    }
  });

  it('reports the no-parties text under its own key, the GPC notice only when shown, and again on each show', () => {
    const config = makeConfig({
      categories: { statistics: { services: [{ id: 'own', name: 'Own', provider: 'Fjordkaffe AS', cookies: [] }] } },
      policy: {},
    });
    const { handle, shown } = mount(config, { gpc: true });
    handle.show();
    handle.show();
    expect(shown).toHaveLength(2);
    expect(Object.keys(shown[1]?.texts ?? {}).sort()).toEqual(
      [
        'bannerLabel',
        'bannerTitle',
        'bannerTextNoParties',
        'categories.statistics.title',
        'gpcNotice',
        'acceptAll',
        'rejectAll',
        'customise',
      ].sort(),
    );
  });
});

describe('choosing', () => {
  it('hands Reject all to the host with the event that carried it, on layer 1, closes and announces', () => {
    const { handle, root, decided, button } = mount();
    handle.show();
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    button('Reject all').dispatchEvent(event);
    expect(decided).toEqual([{ request: { kind: 'reject-all' }, layer: 1, event }]);
    // Dispatched by script, not by the browser for a real input: the host records it as page code, not consent.
    expect(decided[0]?.event?.isTrusted).not.toBe(true);
    expect(root().querySelector('.banner')).toBeNull();
    expect(root().querySelector('[role=status]')?.textContent).toBe('Your choices were saved.');
  });

  it('passes a trusted event through untouched', () => {
    const { handle, decided, button } = mount();
    handle.show();
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    button('Accept all').dispatchEvent(event);
    expect(decided).toHaveLength(1);
    expect(decided[0]?.request).toEqual({ kind: 'accept-all' });
    expect(decided[0]?.event?.isTrusted).toBe(true);
  });

  it('asks the host for the preferences on Customise, naming the button to return focus to, and decides nothing', () => {
    const { handle, root, decided, customised, button } = mount();
    handle.show();
    button('Customise').click();
    expect(customised).toEqual([button('Customise')]);
    expect(decided).toEqual([]);
    expect(root().querySelector('.banner')).not.toBeNull();
  });

  it('is inert and hidden from assistive technology while the preferences cover it', () => {
    const { handle, root } = mount();
    handle.show();
    handle.cover(true);
    const wrap = root().querySelector<HTMLElement>('.wrap');
    expect(wrap?.inert).toBe(true);
    expect(wrap?.getAttribute('aria-hidden')).toBe('true');
    // Shown again while covered (a language change, say): still covered.
    handle.show();
    expect(root().querySelector<HTMLElement>('.wrap')?.inert).toBe(true);
    handle.cover(false);
    expect(root().querySelector<HTMLElement>('.wrap')?.inert).toBe(false);
    expect(root().querySelector('.wrap')?.hasAttribute('aria-hidden')).toBe(false);
  });
});

describe('when the owner requires a choice', () => {
  it('is a modal dialog that takes focus, keeps Tab inside, ignores Escape and gives focus back after the choice', () => {
    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    const config = makeConfig({ ui: { layout: 'modal', mustChoose: true, floatingButton: 'bottom-left' } });
    const { handle, root, button } = mount(config);
    handle.show();
    const dialog = root().querySelector('[role=dialog]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(root().getElementById(dialog?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('We use cookies');
    expect(root().querySelector('.wrap')?.classList.contains('forced')).toBe(true);
    expect(root().activeElement?.textContent).toBe('List of third parties');
    const last = button('Customise');
    last.focus();
    last.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    expect(root().activeElement?.textContent).toBe('List of third parties');
    last.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(root().querySelector('[role=dialog]')).not.toBeNull();
    // Focus moved to the page behind comes back.
    outside.focus();
    expect(root().activeElement?.textContent).toBe('List of third parties');
    button('Accept all').click();
    expect(document.activeElement).toBe(outside);
  });
});

describe('life cycle', () => {
  it('hides, shows again and removes everything on destroy', () => {
    const { handle, root } = mount();
    handle.show();
    handle.hide();
    expect(root().querySelector('.banner')).toBeNull();
    handle.show();
    expect(root().querySelectorAll('.banner')).toHaveLength(1);
    handle.destroy();
    expect(document.querySelector('samtykke-ui')).toBeNull();
  });

  it('comes back first in <body> when page code took its host out', () => {
    const { handle } = mount();
    handle.show();
    document.querySelector('samtykke-ui')?.remove();
    document.body.prepend(document.createElement('header'));
    handle.show();
    expect(document.body.firstElementChild?.localName).toBe('samtykke-ui');
  });
});

describe('the banner file carries only the first layer’s texts', () => {
  it('every key it can render exists in every shipped language', () => {
    for (const lang of LANGUAGES) {
      for (const key of BANNER_TEXTS) expect(MESSAGES[lang]?.[key], `${lang}.${key}`).toBeTruthy();
    }
  });
});
