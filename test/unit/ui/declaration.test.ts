import { afterEach, describe, expect, it } from 'vitest';
import { writeDecision } from '../../../src/core/cookie-write.js';
import { allowsService } from '../../../src/core/index.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import type { Decision } from '../../../src/types.js';
import { declarationModel } from '../../../src/ui/declaration-model.js';
import { decisionWith, makeConfig, mount } from './helpers.js';

const place = (value = '') => {
  const target = document.body.appendChild(document.createElement('div'));
  target.setAttribute('data-samtykke-declaration', value);
  return target;
};
/** The cells of a service's row, as text. */
const cells = (target: Element, service: string) =>
  [...(target.querySelector(`tr[data-service="${service}"]`)?.children ?? [])].map((cell) => cell.textContent);
const row = (target: Element, service: string) => target.querySelector(`tr[data-service="${service}"]`);

afterEach(() => {
  document.body.replaceChildren();
  document.adoptedStyleSheets = [];
});

describe('cookie declaration', () => {
  it('has one row per service with its cookies nested, grouped by category, in the page DOM', () => {
    const target = place();
    const { handle } = mount(makeConfig(), { decision: decisionWith(['statistics']) });
    handle.renderDeclarations();
    const sections = [...target.querySelectorAll('section.samtykke-category')];
    expect(sections.map((s) => s.getAttribute('data-category'))).toEqual(['necessary', 'statistics', 'marketing']);
    const stats = sections[1] as HTMLElement;
    // The table is named by its category's heading.
    const table = stats.querySelector('table') as HTMLTableElement;
    expect(document.getElementById(table.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('StatisticsAllowed');
    expect([...table.querySelectorAll('thead th')].map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([
      ['Service', 'col'],
      ['Purpose', 'col'],
      ['Cookies and storage', 'col'],
      ['Your choice', 'col'],
    ]);
    // One row for Google Analytics however many cookies it sets: its details are not repeated per cookie.
    expect(table.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(row(target, 'google-analytics')?.querySelector('th')?.getAttribute('scope')).toBe('row');
    expect(cells(target, 'google-analytics')).toEqual([
      'Google AnalyticsGoogle Ireland Ltd.',
      // Who gets the data and where, beside what it is for.
      'PurposeCounts visitsRecipient: Google LLC (processor for the site)Countries outside the EEA: United States (adequacy decision, GDPR Art. 45)Privacy policy of Google Ireland Ltd.',
      'Cookies and storage_gaCookie · 2 years · First party_ga_*Cookie · 2 years · First party',
      'Your choiceAllowedWithdraw consent for Google Analytics',
    ]);
    // The stacked layout's labels are for the eye: screen readers have the column headers.
    for (const label of target.querySelectorAll('.samtykke-label'))
      expect(label.getAttribute('aria-hidden')).toBe('true');
    expect(document.querySelector('samtykke-ui')).toBeNull();
  });

  it("declares samtykke's own cookie with its real lifetime, and what it keeps in web storage and IndexedDB", () => {
    const target = place();
    const config = makeConfig();
    const { handle } = mount(config);
    handle.renderDeclarations();
    const items = [...(row(target, 'samtykke')?.querySelectorAll('.samtykke-items li') ?? [])].map((li) => [
      li.querySelector('code')?.textContent,
      li.querySelector('.samtykke-meta')?.textContent,
    ]);
    // The lifetime the cookie is really written with: Max-Age in days.
    const jar = { cookie: '' };
    const now = Date.now();
    writeDecision(jar, config, { ...decisionWith([]), decidedAt: now, expiresAt: now + 182 * 86_400_000 }, true);
    const days = Number(/Max-Age=(\d+)/.exec(jar.cookie)?.[1]) / 86_400;
    expect(days).toBe(212);
    expect(items).toEqual([
      ['samtykke', `Cookie · ${days} days · First party`],
      // The marker of waiting receipts, written with the decision cookie's lifetime.
      ['samtykke_w', `Cookie · ${days} days · First party`],
      ['samtykke:journal', 'Local storage · Until the consent record is stored, usually a second'],
      ['samtykke:erased', 'Session storage · Until the next page has shown the message'],
      ['samtykke', 'IndexedDB database · Until you delete them (the latest 100 are kept)'],
    ]);
    expect(cells(target, 'samtykke')[0]).toBe('samtykkeFjordkaffe AS');
  });

  it('lists the outbox marker only where there is a ledger endpoint to send to', () => {
    const target = place();
    const { handle } = mount(makeConfig({ ledger: { endpoint: 'https://ledger.fjordkaffe.test/receipts' } }));
    handle.renderDeclarations();
    expect(row(target, 'samtykke')?.textContent).toContain(
      'samtykke:outboxLocal storage · Until the consent records are sent',
    );
  });

  it("names the domain of a third party's cookie: the owner's, and the built-in vendors'", () => {
    const target = place();
    const config = makeConfig({
      categories: {
        marketing: {
          services: [
            'google-ads',
            { id: 'chat', name: 'Chat', cookies: [{ name: 'chat_id', expiry: 'P30D', domain: 'chat.example' }] },
          ],
        },
      },
    });
    const { handle } = mount(config);
    handle.renderDeclarations();
    const metas = (id: string) =>
      [...(row(target, id)?.querySelectorAll('li') ?? [])].map((li) => li.querySelector('.samtykke-meta')?.textContent);
    expect(metas('google-ads')).toEqual([
      'Cookie · 90 days · First party',
      'Cookie · 90 days · First party',
      'Cookie · 13 months · Third party (doubleclick.net)',
      'Cookie · 15 minutes · Third party (doubleclick.net)',
    ]);
    expect(metas('chat')).toEqual(['Cookie · 1 month · Third party (chat.example)']);
  });

  it('before any decision shows no choice column and nothing to withdraw', () => {
    const target = place();
    const { handle } = mount();
    handle.renderDeclarations();
    expect(target.querySelector('.samtykke-choice')?.textContent).toBe('You have not made a choice yet.');
    expect(target.querySelector('thead')?.textContent).not.toContain('Your choice');
    expect(target.querySelectorAll('button.samtykke-withdraw, button.samtykke-withdraw-service')).toHaveLength(0);
    // Necessary is always on, decided or not.
    expect(target.querySelector('[data-category="necessary"] .samtykke-badge')?.textContent).toBe('Always on');
  });

  it('shows the current choice, consent id and date, and re-renders when the decision changes', () => {
    const target = place();
    const { handle, instance } = mount();
    handle.renderDeclarations();
    instance.accept(['statistics'], { layer: 2 });
    const choice = target.querySelector('dl.samtykke-choice');
    expect(choice?.textContent).toContain('Necessary: Always on, Statistics: Allowed, Marketing: Refused');
    expect(choice?.querySelector('code')?.textContent).toBe('7d1c8a5e-0000-4000-8000-000000000001');
    expect(choice?.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-15T09:30:00.000Z');
    expect(target.querySelector('.samtykke-withdraw')).not.toBeNull();
    // Only what is allowed and not necessary can be withdrawn on its own.
    expect([...target.querySelectorAll('.samtykke-withdraw-service')].map((b) => b.textContent)).toEqual([
      'Withdraw consent for Google Analytics',
    ]);
  });

  it('after "Delete my choice and consent records" shows no decision: no consent id, no choice', async () => {
    const target = place();
    const { handle, instance } = mount(makeConfig(), { decision: decisionWith(['statistics']) });
    handle.renderDeclarations();
    expect(target.textContent).toContain('7d1c8a5e-0000-4000-8000-000000000009');
    await instance.ledger.erase();
    handle.renderDeclarations();
    expect(target.textContent).not.toContain('7d1c8a5e-0000-4000-8000-000000000009');
    expect(target.querySelector('.samtykke-choice')?.textContent).toBe('You have not made a choice yet.');
    expect(target.querySelector('.samtykke-withdraw-service')).toBeNull();
  });

  it('withdraws one service through the UI capability, at once, announced, with focus kept on its row', () => {
    const target = place();
    const { handle, calls } = mount(makeConfig(), { decision: decisionWith(['statistics', 'marketing']) });
    handle.renderDeclarations();
    const button = row(target, 'google-analytics')?.querySelector<HTMLButtonElement>('button');
    button?.focus();
    button?.click();
    expect(calls).toEqual([
      { method: 'decide', args: [{ kind: 'withdraw-service', service: 'google-analytics' }, { layer: 2 }] },
    ]);
    expect(cells(target, 'google-analytics')[3]).toBe('Your choiceRefused');
    expect(cells(target, 'meta-pixel')[3]).toBe('Your choiceAllowedWithdraw consent for Meta Pixel');
    expect(target.querySelector('[data-category="statistics"] .samtykke-badge')?.textContent).toBe('Refused');
    expect(target.querySelector('[role="status"]')?.textContent).toBe('Consent for Google Analytics was withdrawn.');
    expect(document.activeElement).toBe(row(target, 'google-analytics')?.querySelector('.samtykke-standing'));
  });

  it('withdraws everything from "Withdraw consent"', () => {
    const target = place();
    const { handle, calls } = mount(makeConfig(), { decision: decisionWith(['marketing']) });
    handle.renderDeclarations();
    target.querySelector<HTMLButtonElement>('button.samtykke-withdraw')?.click();
    expect(calls).toEqual([{ method: 'decide', args: [{ kind: 'withdraw' }, { layer: 2 }] }]);
  });

  it('opens the preferences from "Change consent" and returns focus to it', () => {
    const target = place();
    const { handle, root } = mount(makeConfig(), { decision: decisionWith([]) });
    handle.renderDeclarations();
    const change = target.querySelector<HTMLButtonElement>('button.samtykke-change');
    expect(change?.textContent).toBe('Change consent');
    change?.click();
    expect(root().querySelector('[role=dialog]')).not.toBeNull();
    root().activeElement?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }),
    );
    expect(document.activeElement).toBe(change);
  });

  it('adopts its stylesheet into the page once; "plain" opts out; a heading level fits the page', () => {
    const styled = place();
    styled.setAttribute('data-heading-level', '2');
    const { handle } = mount();
    handle.renderDeclarations();
    handle.renderDeclarations();
    expect(document.adoptedStyleSheets).toHaveLength(1);
    expect(styled.querySelector('.samtykke-declaration')?.classList.contains('samtykke-styled')).toBe(true);
    expect([...styled.querySelectorAll('h2.samtykke-heading')].map((h) => h.textContent)).toEqual([
      'NecessaryAlways on',
      'Statistics',
      'Marketing',
    ]);
    handle.destroy();
    document.adoptedStyleSheets = [];
    document.body.replaceChildren();

    const plain = place('plain');
    const again = mount();
    again.handle.renderDeclarations();
    expect(document.adoptedStyleSheets).toHaveLength(0);
    expect(plain.querySelector('.samtykke-declaration')?.classList.contains('samtykke-styled')).toBe(false);
    expect(plain.querySelector('h3.samtykke-heading')).not.toBeNull();
  });

  it('is removed on destroy()', () => {
    const target = place();
    const { handle } = mount();
    handle.renderDeclarations();
    handle.destroy();
    expect(target.children).toHaveLength(0);
  });
});

describe('declaration model', () => {
  const config = makeConfig({
    categories: {
      statistics: { services: ['google-analytics', 'hotjar'] },
      marketing: { services: ['meta-pixel'] },
    },
  });
  const tr = createTranslator(config, 'en');
  /** The model with the instance's own rule for what runs. */
  const model = (decision: Decision | null) =>
    declarationModel(config, tr, decision, (id) => allowsService(config, decision, id));
  const standings = (shown: ReturnType<typeof declarationModel>) =>
    shown.categories.map((c) => [c.id, c.standing, c.services.map((s) => `${s.id}:${s.standing}:${s.withdrawable}`)]);

  it('a category some of whose services are allowed on their own is partly allowed', () => {
    const partly = model({ ...decisionWith([]), services: ['hotjar'] });
    expect(standings(partly).slice(1)).toEqual([
      ['statistics', 'partlyAllowed', ['google-analytics:refused:false', 'hotjar:granted:true']],
      ['marketing', 'refused', ['meta-pixel:refused:false']],
    ]);
    expect(partly.withdrawable).toBe(true);
  });

  it("stands where the instance's own answer says: a service the blocker holds is not shown as allowed", () => {
    const held = declarationModel(config, tr, decisionWith(['statistics']), (id) => id !== 'hotjar');
    expect(standings(held)[1]).toEqual([
      'statistics',
      'partlyAllowed',
      ['google-analytics:granted:true', 'hotjar:refused:false'],
    ]);
  });

  it('nothing is withdrawable when only necessary runs', () => {
    expect(model(decisionWith([])).withdrawable).toBe(false);
    expect(model(null).withdrawable).toBe(false);
  });
});

describe('built-in vendors the owner did not list', () => {
  const NOTE = 'Not declared individually by the site: may run whenever this category is allowed.';
  const optIn = () => makeConfig({ blocking: { undeclaredVendors: 'release-with-category' } });

  it('opted in, the declaration lists each in its category as not individually declared', () => {
    const target = place();
    const { handle } = mount(optIn());
    handle.renderDeclarations();
    const heading = (service: string) =>
      target.querySelector(`[data-category] tr[data-service="${service}"] th`)?.textContent ?? '';
    const categoryOf = (service: string) =>
      target.querySelector(`tr[data-service="${service}"]`)?.closest('[data-category]')?.getAttribute('data-category');
    expect(heading('microsoft-clarity')).toContain(NOTE);
    expect(categoryOf('microsoft-clarity')).toBe('statistics');
    expect(heading('vimeo')).toContain(NOTE);
    expect(categoryOf('vimeo')).toBe('marketing');
    expect(heading('google-analytics')).not.toContain(NOTE);
  });

  it('opted in, the preferences list each with a switch of its own and the same note', () => {
    const { handle, root } = mount(optIn());
    handle.showPreferences();
    const clarity = [...root().querySelectorAll('.svc')].find(
      (svc) => svc.querySelector('h4')?.textContent === 'Microsoft Clarity',
    );
    expect(clarity?.querySelector('[role="switch"]')).not.toBeNull();
    expect(clarity?.textContent).toContain(NOTE);
    expect(clarity?.textContent).toContain('Microsoft Ireland Operations Ltd.');
  });

  it('held (the default), neither lists them', () => {
    const target = place();
    const { handle, root } = mount();
    handle.renderDeclarations();
    handle.showPreferences();
    expect(target.textContent).not.toContain('Microsoft Clarity');
    expect(root().textContent).not.toContain('Microsoft Clarity');
    expect(root().textContent).not.toContain(NOTE);
  });
});
