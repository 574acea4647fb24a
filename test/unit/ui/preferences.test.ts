import { describe, expect, it } from 'vitest';
import { decisionWith, key, makeConfig, mount } from './helpers.js';

const switches = (root: ShadowRoot) => [...root.querySelectorAll<HTMLInputElement>('input[id^=samtykke-cat-]')];
const serviceSwitch = (root: ShadowRoot, category: string, id: string) =>
  root.getElementById(`samtykke-svc-${category}-${id}`) as HTMLInputElement;
const byId = (root: ShadowRoot, id: string) => root.getElementById(`samtykke-cat-${id}`) as HTMLInputElement;
const button = (root: ShadowRoot, text: string) => {
  const found = [...root.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === text,
  );
  if (!found) throw new Error(`no button "${text}"`);
  return found;
};
const toggle = (input: HTMLInputElement) => {
  input.checked = !input.checked;
  input.dispatchEvent(new Event('change', { bubbles: true }));
};

describe('preferences', () => {
  it('is a labelled modal dialog with a switch, label and description per category', () => {
    const { handle, root } = mount();
    handle.showPreferences();
    const dialog = root().querySelector('[role=dialog]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(root().getElementById(dialog?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Cookie settings');
    expect(dialog?.contains(root().activeElement)).toBe(true);
    const inputs = switches(root());
    expect(inputs.map((i) => i.id)).toEqual([
      'samtykke-cat-necessary',
      'samtykke-cat-statistics',
      'samtykke-cat-marketing',
    ]);
    for (const input of inputs) {
      expect(input.getAttribute('role')).toBe('switch');
      expect(root().querySelector(`label[for="${input.id}"]`)?.textContent).toBeTruthy();
      const described = (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => root().getElementById(id));
      expect(described.every((d) => d?.textContent)).toBe(true);
    }
    expect(root().querySelector('label[for="samtykke-cat-statistics"]')?.textContent).toBe('Statistics');
  });

  it('shows necessary as on and disabled, with the reason', () => {
    const { handle, root } = mount();
    handle.showPreferences();
    const necessary = byId(root(), 'necessary');
    expect(necessary.checked).toBe(true);
    expect(necessary.disabled).toBe(true);
    const description = necessary.getAttribute('aria-describedby') ?? '';
    expect(description.split(' ').map((id) => root().getElementById(id)?.textContent)).toEqual([
      'Always on',
      expect.stringContaining('cannot be switched off'),
    ]);
  });

  it('ticks nothing in advance, with or without Global Privacy Control', () => {
    for (const gpc of [false, true]) {
      const { handle, root } = mount(makeConfig(), { gpc });
      handle.showPreferences();
      expect(switches(root()).filter((i) => !i.disabled && i.checked)).toEqual([]);
      handle.destroy();
    }
  });

  it('starts from the current decision', () => {
    const { handle, root } = mount(makeConfig(), { decision: decisionWith(['statistics']) });
    handle.showPreferences();
    expect(byId(root(), 'statistics').checked).toBe(true);
    expect(byId(root(), 'marketing').checked).toBe(false);
  });

  it('keeps toggles staged: closing without saving decides nothing', () => {
    const opener = document.body.appendChild(document.createElement('button'));
    const { handle, root, calls, instance } = mount();
    handle.showPreferences(opener);
    toggle(byId(root(), 'statistics'));
    expect(byId(root(), 'statistics').checked).toBe(true);
    button(root(), 'Close').click();
    expect(calls).toEqual([]);
    expect(instance.getDecision()).toBeNull();
    expect(root().querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(opener);
    // Reopened, the staged change is gone.
    handle.showPreferences(opener);
    expect(byId(root(), 'statistics').checked).toBe(false);
  });

  it('saves exactly the switched-on categories and returns focus to the opener', () => {
    const opener = document.body.appendChild(document.createElement('button'));
    opener.setAttribute('data-samtykke-open', '');
    const { handle, root, calls } = mount();
    handle.showPreferences(opener);
    toggle(byId(root(), 'statistics'));
    toggle(byId(root(), 'marketing'));
    toggle(byId(root(), 'marketing'));
    button(root(), 'Save choices').click();
    expect(calls).toEqual([
      { method: 'decide', args: [{ kind: 'accept', categories: ['statistics'], services: [] }, { layer: 2 }] },
    ]);
    expect(root().querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(root().querySelector('[role=status]')?.textContent).toBe('Your choices were saved.');
  });

  it('offers Accept all and Reject all inside the dialog', () => {
    const first = mount();
    first.handle.showPreferences();
    button(first.root(), 'Reject all').click();
    expect(first.calls).toEqual([{ method: 'decide', args: [{ kind: 'reject-all' }, { layer: 2 }] }]);
    first.handle.destroy();
    const second = mount();
    second.handle.showPreferences();
    button(second.root(), 'Accept all').click();
    expect(second.calls).toEqual([{ method: 'decide', args: [{ kind: 'accept-all' }, { layer: 2 }] }]);
  });

  it('closes on Escape and returns focus to what had focus', () => {
    const before = document.body.appendChild(document.createElement('a'));
    before.href = '#x';
    before.focus();
    const { handle, root, calls } = mount();
    handle.showPreferences();
    key(root().activeElement as Element, 'Escape');
    expect(root().querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(before);
    expect(calls).toEqual([]);
  });

  it('wraps Tab and Shift+Tab inside the dialog', () => {
    const { handle, root } = mount();
    handle.showPreferences();
    const first = root().activeElement as HTMLElement;
    expect(first.textContent).toBe('×');
    key(first, 'Tab', { shiftKey: true });
    expect(root().activeElement?.textContent).toBe('Save choices');
    key(root().activeElement as Element, 'Tab');
    expect(root().activeElement).toBe(first);
  });

  it('pulls focus back when it lands on the page behind the dialog', () => {
    const outside = document.body.appendChild(document.createElement('button'));
    const { handle, root } = mount();
    handle.showPreferences();
    outside.focus();
    expect(document.activeElement).toBe(document.querySelector('samtykke-ui'));
    expect(root().activeElement?.getAttribute('aria-label')).toBe('Close');
  });

  it('lists each service with provider, purpose, recipient, countries and cookie expiry in words', () => {
    document.documentElement.lang = 'da';
    try {
      const { handle, root } = mount();
      handle.showPreferences();
      const details = root().querySelectorAll('details');
      expect(details).toHaveLength(3);
      const stats = byId(root(), 'statistics').closest('section');
      expect(stats?.querySelector('summary')?.textContent).toBe('Tjenester (1)');
      const text = stats?.querySelector('.svc')?.textContent ?? '';
      for (const part of [
        'Google Analytics',
        'Udbyder',
        'Google Ireland Ltd.',
        'Modtager',
        'Google LLC',
        'USA',
        '_ga_*',
        '2 år',
      ]) {
        expect(text).toContain(part);
      }
      expect(root().querySelector('label[for="samtykke-cat-statistics"]')?.textContent).toBe('Statistik');
      // The decision cookie itself is declared under necessary.
      expect(byId(root(), 'necessary').closest('section')?.textContent).toContain('samtykke');
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('downloads the consent records as JSON', async () => {
    const { handle, root, calls } = mount();
    const clicked: HTMLAnchorElement[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      handle.showPreferences();
      button(root(), 'Download my consent records').click();
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    expect(calls).toEqual([{ method: 'ledger.export', args: [] }]);
    expect(clicked.map((a) => a.download)).toEqual(['samtykke-receipts.json']);
    expect(clicked[0]?.href).toMatch(/^blob:/);
  });

  it('asks before deleting data, then erases and announces it', async () => {
    const { handle, root, calls } = mount(makeConfig(), { decision: decisionWith(['statistics']) });
    handle.showPreferences();
    button(root(), 'Delete my choice and consent records').click();
    expect(calls).toEqual([]);
    expect(root().querySelector('legend')?.textContent).toContain('You will be asked again');
    button(root(), 'Cancel').click();
    expect(calls).toEqual([]);
    button(root(), 'Delete my choice and consent records').click();
    const confirm = [...root().querySelectorAll('fieldset button')].find(
      (b) => b.textContent === 'Delete my choice and consent records',
    );
    (confirm as HTMLElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([{ method: 'ledger.erase', args: [] }]);
    // The preferences stay open on what was done, where the visitor asked; nothing in them is switched on any more.
    const status = root().querySelector('[role=dialog] [role=status]');
    expect(status?.textContent).toBe('Your choice and consent records in this browser were deleted.');
    expect(root().activeElement).toBe(status);
    expect([...root().querySelectorAll<HTMLInputElement>('input:not(:disabled)')].some((i) => i.checked)).toBe(false);
    expect(root().querySelector('fieldset')).toBeNull();
    // Closing them is the way on; asking again is the first layer's (the runtime shows it: create-consent.test.ts).
    button(root(), 'Close').click();
    expect(root().querySelector('[role=dialog]')).toBeNull();
  });
});

describe('preferences: what "Delete my data" did', () => {
  const eraseAll = async (root: () => ShadowRoot) => {
    button(root(), 'Delete my choice and consent records').click();
    const confirm = [...root().querySelectorAll('fieldset button')].find(
      (b) => b.textContent === 'Delete my choice and consent records',
    );
    (confirm as HTMLElement).click();
    await new Promise((r) => setTimeout(r, 0));
    return [...root().querySelectorAll('[role=dialog] [role=status] p')].map((p) => p.textContent);
  };
  const kept = {
    server: 'kept',
    kept: { receipts: 2, until: '2029-06-01T10:00:00.000Z', ground: 'GDPR Art. 17(3)(b) and (e)' },
    since: '2026-06-01T09:59:00.000Z',
  } as const;

  it('names what the site keeps, from and until when, without the IP address, and on which ground', async () => {
    const { handle, root } = mount(makeConfig(), { decision: decisionWith(['statistics']), erasure: kept });
    handle.showPreferences();
    expect(await eraseAll(root)).toEqual([
      'Your choice and consent records in this browser were deleted.',
      'The site keeps the record of your choices from 1 June 2026, without your IP address, until 1 June 2029, to prove your consent and its withdrawal.',
      'Legal ground: GDPR Art. 17(3)(b) and (e).',
    ]);
  });

  it('says nothing is kept when the ledger erased its copy, and only what this browser did without a ledger', async () => {
    const erased = mount(makeConfig(), { decision: decisionWith([]), erasure: { server: 'erased' } });
    erased.handle.showPreferences();
    expect(await eraseAll(erased.root)).toEqual([
      'Your choice and consent records in this browser were deleted.',
      'The site’s ledger deleted its copy too: nothing is kept.',
    ]);
    erased.handle.destroy();
    const local = mount(makeConfig(), { decision: decisionWith([]), erasure: { server: 'none' } });
    local.handle.showPreferences();
    expect(await eraseAll(local.root)).toEqual(['Your choice and consent records in this browser were deleted.']);
  });

  it('is honest when the ledger was not reached, did not say, or refused', async () => {
    const said = {
      waiting:
        'The site’s ledger did not answer, so its copy is not deleted yet. This browser keeps asking, on later visits too.',
      unknown: 'The site was asked to delete its copy but did not say what it keeps.',
      refused: 'The site’s ledger refused to delete its copy. Ask the site to delete it.',
    } as const;
    for (const [server, sentence] of Object.entries(said)) {
      const { handle, root } = mount(makeConfig(), { decision: decisionWith([]), erasure: { server } as never });
      handle.showPreferences();
      expect((await eraseAll(root))[1]).toBe(sentence);
      handle.destroy();
    }
  });

  it('shows a report handed over after the reload in the open preferences, as text, in the visitor’s language', () => {
    document.documentElement.lang = 'nb';
    const { handle, root } = mount();
    handle.showPreferences();
    handle.erased({ ...kept, kept: { ...kept.kept, ground: '<img src=x onerror=alert(1)>' } });
    const status = root().querySelector('[role=dialog] [role=status]') as HTMLElement;
    expect(status.querySelector('img')).toBeNull();
    expect(status.textContent).toContain('til 1. juni 2029');
    expect(status.textContent).toContain('uten IP-adressen din');
    expect(status.textContent).toContain('Rettslig grunnlag: <img src=x onerror=alert(1)>.');
    expect(root().activeElement).toBe(status);
    // A date that is no date (sessionStorage is the page's too) is left out, not shown as "Invalid Date".
    handle.erased({ server: 'kept', kept: { receipts: 1, until: 'never' } });
    expect(status.textContent).toBe('Valget ditt og samtykkeloggen i denne nettleseren er slettet.');
    // Opened again later, the preferences are as usual.
    button(root(), 'Lukk').click();
    handle.showPreferences();
    expect(root().querySelector('[role=dialog] [role=status]')).toBeNull();
    document.documentElement.lang = '';
  });
});

describe('preferences: one switch per service', () => {
  const twoAds = makeConfig({
    categories: {
      statistics: { services: ['google-analytics'] },
      marketing: { services: ['meta-pixel', 'youtube'] },
    },
  });
  const decided = (granted: string[], services: string[]) => ({ ...decisionWith(granted), services });

  it('shows a labelled switch for each service of an optional category, none under necessary, none ticked', () => {
    const { handle, root } = mount(twoAds);
    handle.showPreferences();
    const services = [...root().querySelectorAll<HTMLInputElement>('input[id^=samtykke-svc-]')];
    expect(services.map((i) => i.id)).toEqual([
      'samtykke-svc-statistics-google-analytics',
      'samtykke-svc-marketing-meta-pixel',
      'samtykke-svc-marketing-youtube',
    ]);
    for (const input of services) {
      expect(input.getAttribute('role')).toBe('switch');
      expect(input.checked).toBe(false);
      expect(root().querySelector(`label[for="${input.id}"]`)?.textContent).toBeTruthy();
    }
  });

  it('Save keeps a service allowed on its own (from a placeholder) and does not grant its category', () => {
    const { handle, root, calls } = mount(twoAds, { decision: decided([], ['youtube']) });
    handle.showPreferences();
    expect(serviceSwitch(root(), 'marketing', 'youtube').checked).toBe(true);
    expect(byId(root(), 'marketing').checked).toBe(false);
    button(root(), 'Save choices').click();
    expect(calls).toEqual([
      { method: 'decide', args: [{ kind: 'accept', categories: [], services: ['youtube'] }, { layer: 2 }] },
    ]);
  });

  it('a service switched off in a granted category leaves its siblings on, one by one', () => {
    const { handle, root, calls } = mount(twoAds, { decision: decided(['marketing'], []) });
    handle.showPreferences();
    expect(serviceSwitch(root(), 'marketing', 'youtube').checked).toBe(true);
    toggle(serviceSwitch(root(), 'marketing', 'meta-pixel'));
    expect(byId(root(), 'marketing').checked).toBe(false);
    expect(serviceSwitch(root(), 'marketing', 'youtube').checked).toBe(true);
    button(root(), 'Save choices').click();
    expect(calls).toEqual([
      { method: 'decide', args: [{ kind: 'accept', categories: [], services: ['youtube'] }, { layer: 2 }] },
    ]);
  });

  it('every service switched on is the category on; the category switch speaks for its services', () => {
    const { handle, root, calls } = mount(twoAds);
    handle.showPreferences();
    toggle(serviceSwitch(root(), 'marketing', 'meta-pixel'));
    expect(byId(root(), 'marketing').checked).toBe(false);
    toggle(serviceSwitch(root(), 'marketing', 'youtube'));
    expect(byId(root(), 'marketing').checked).toBe(true);
    toggle(byId(root(), 'statistics'));
    toggle(byId(root(), 'statistics'));
    expect(serviceSwitch(root(), 'statistics', 'google-analytics').checked).toBe(false);
    button(root(), 'Save choices').click();
    expect(calls).toEqual([
      { method: 'decide', args: [{ kind: 'accept', categories: ['marketing'], services: [] }, { layer: 2 }] },
    ]);
  });
});
