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
    expect(root().activeElement?.textContent).toBe('Privacy policy');
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
