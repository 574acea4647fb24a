import { describe, expect, it } from 'vitest';
import { decisionWith, makeConfig, mount } from './helpers.js';

describe('banner', () => {
  it('renders a labelled, non-modal region with title, text, policy links and three equal buttons', () => {
    const { handle, root } = mount();
    handle.showBanner();
    const region = root().querySelector('[role=region]');
    expect(region?.getAttribute('aria-label')).toBe('Cookie consent');
    expect(root().querySelector('[role=dialog]')).toBeNull();
    expect(region?.querySelector('h2')?.textContent).toBe('We use cookies');
    const links = [...(region?.querySelectorAll('a') ?? [])].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Privacy policy', '/privacy'],
      ['Cookie policy', '/cookies'],
    ]);
    const buttons = [...(region?.querySelectorAll('button') ?? [])];
    expect(buttons.map((b) => b.textContent)).toEqual(['Accept all', 'Reject all', 'Customise']);
    expect(new Set(buttons.map((b) => b.className))).toEqual(new Set(['btn']));
    expect(buttons.every((b) => b.type === 'button')).toBe(true);
  });

  it('names the purposes and the number of third parties before any choice, with the list one click away', () => {
    const { handle, root } = mount();
    handle.showBanner();
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

  it('counts providers, not services, leaves out the site owner and necessary services, and uses the plural rule', () => {
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
    handle.showBanner();
    expect(root().getElementById('samtykke-text')?.textContent).toContain(
      'for “Statistics”, and share data with 1 third party.',
    );
    expect([...root().querySelectorAll('.banner li')].map((li) => li.textContent)).toEqual([
      'Vendor Oy (Tool A, Tool B)',
    ]);
  });

  it('says nothing of third parties when no one else receives data, and has no empty list', () => {
    const config = makeConfig({
      categories: { statistics: { services: [{ id: 'own', name: 'Own', provider: 'Fjordkaffe AS', cookies: [] }] } },
    });
    const { handle, root } = mount(config);
    handle.showBanner();
    expect(root().getElementById('samtykke-text')?.textContent).toBe(
      'Some cookies are needed for the site to work. With your consent we also use cookies for “Statistics”. You can withdraw or change your consent at any time.',
    );
    expect(root().querySelector('.banner details')).toBeNull();
  });

  it("takes the owner's own first-layer text, with the purposes and parties filled in", () => {
    const config = makeConfig({
      texts: { en: { bannerText: 'We and {parties} use cookies for {purposes}.' } },
      categories: { statistics: { services: [{ id: 'own', name: 'Own', provider: 'Fjordkaffe AS', cookies: [] }] } },
    });
    const { handle, root } = mount(config);
    handle.showBanner();
    expect(root().getElementById('samtykke-text')?.textContent).toBe(
      'We and 0 third parties use cookies for “Statistics”.',
    );
  });

  it.each([
    ['nb', 'til «Statistikk» og «Markedsføring» og deler data med 2 tredjeparter.'],
    ['da', 'til »Statistik« og »Marketing« og deler data med 2 tredjeparter.'],
    ['sv', 'för ”Statistik” och ”Marknadsföring” och delar uppgifter med 2 tredje parter.'],
    [
      'fi',
      'näihin tarkoituksiin: ”Tilastointi” ja ”Markkinointi”. Niiden kautta tietoja luovutetaan 2 kolmannelle osapuolelle.',
    ],
    ['is', 'í þessum tilgangi: „Tölfræði“ og „Markaðssetning“, og deilum gögnum með 2 þriðju aðilum.'],
    ['de', 'für „Statistik“ und „Marketing“ und geben Daten an 2 Drittanbieter weiter.'],
  ])('names purposes and third parties in %s', (lang, expected) => {
    const { handle, root } = mount(makeConfig({ language: { default: 'en', force: lang } }));
    handle.showBanner();
    expect(root().getElementById('samtykke-text')?.textContent).toContain(expected);
  });

  it('lives in one host element with an open shadow root and no inline style attributes', () => {
    const { handle, root } = mount();
    handle.showBanner();
    handle.showPreferences();
    expect(document.querySelectorAll('samtykke-ui')).toHaveLength(1);
    expect(root().querySelectorAll('[style]')).toHaveLength(0);
    expect(root().adoptedStyleSheets.length + root().querySelectorAll('style').length).toBeGreaterThan(0);
  });

  it('says so when the browser sends Global Privacy Control, and only then', () => {
    const off = mount();
    off.handle.showBanner();
    expect(off.root().textContent).not.toContain('Global Privacy Control');
    off.handle.destroy();
    const on = mount(makeConfig(), { gpc: true });
    on.handle.showBanner();
    expect(on.root().querySelector('.gpc')?.textContent).toBe(
      'Your browser sent a Global Privacy Control signal, so marketing is switched off.',
    );
  });

  it('renders a modal dialog that holds focus when the owner requires a choice', () => {
    const config = makeConfig({ ui: { layout: 'modal', mustChoose: true, floatingButton: 'bottom-left' } });
    const { handle, root } = mount(config);
    handle.showBanner();
    const dialog = root().querySelector('[role=dialog]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(root().getElementById(dialog?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('We use cookies');
    expect(dialog?.contains(root().activeElement)).toBe(true);
    // Tab from the last button wraps to the first focusable element.
    const buttons = dialog?.querySelectorAll('button') ?? [];
    const last = buttons[buttons.length - 1] as HTMLElement;
    last.focus();
    expect(root().activeElement).toBe(last);
    last.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    expect(root().activeElement?.textContent).toBe('List of third parties');
    // Escape does not dismiss a required choice.
    last.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(root().querySelector('[role=dialog]')).not.toBeNull();
  });

  it('records Reject all from the first layer, closes and announces it', () => {
    const { handle, root, calls, instance } = mount();
    handle.showBanner();
    const reject = [...root().querySelectorAll('button')].find((b) => b.textContent === 'Reject all');
    reject?.click();
    expect(calls).toEqual([{ method: 'decide', args: [{ kind: 'reject-all' }, { layer: 1 }] }]);
    expect(instance.getDecision()?.granted).toEqual(['necessary']);
    expect(root().querySelector('.banner')).toBeNull();
    expect(root().querySelector('[role=status]')?.textContent).toBe('Your choices were saved.');
  });

  it('records Accept all from the first layer', () => {
    const { handle, root, calls } = mount();
    handle.showBanner();
    [...root().querySelectorAll('button')].find((b) => b.textContent === 'Accept all')?.click();
    expect(calls).toEqual([{ method: 'decide', args: [{ kind: 'accept-all' }, { layer: 1 }] }]);
  });

  it('reports the texts it shows, including category and service texts', () => {
    document.documentElement.lang = 'nb-NO';
    try {
      const { handle, shown, root } = mount();
      handle.showBanner();
      expect(root().querySelector('h2')?.textContent).toBe('Vi bruker informasjonskapsler');
      expect(shown).toHaveLength(1);
      expect(shown[0]?.language).toBe('nb');
      expect(shown[0]?.texts).toMatchObject({
        bannerTitle: 'Vi bruker informasjonskapsler',
        rejectAll: 'Avvis alle',
        'categories.statistics.title': 'Statistikk',
        'categories.marketing.title': 'Markedsføring',
        'services.google-analytics.purpose': 'Teller besøk',
      });
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('hides on hide() and can be shown again', () => {
    const { handle, root } = mount(makeConfig(), { decision: decisionWith([]) });
    handle.showBanner();
    handle.hide();
    expect(root().querySelector('.banner')).toBeNull();
    handle.showBanner();
    expect(root().querySelector('.banner')).not.toBeNull();
  });

  it('removes everything on destroy()', () => {
    const { handle } = mount();
    handle.showBanner();
    handle.destroy();
    expect(document.querySelector('samtykke-ui')).toBeNull();
  });
});
