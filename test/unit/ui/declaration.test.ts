import { describe, expect, it } from 'vitest';
import { decisionWith, makeConfig, mount } from './helpers.js';

const place = () => {
  const target = document.body.appendChild(document.createElement('div'));
  target.setAttribute('data-samtykke-declaration', '');
  return target;
};

describe('cookie declaration', () => {
  it('renders one captioned table per category with scoped headers, in the page DOM', () => {
    const target = place();
    const { handle } = mount();
    handle.renderDeclarations();
    const tables = [...target.querySelectorAll('table.samtykke-table')];
    expect(tables.map((t) => t.getAttribute('data-category'))).toEqual(['necessary', 'statistics', 'marketing']);
    const stats = tables[1] as HTMLTableElement;
    expect(stats.caption?.textContent).toContain('Statistics');
    expect([...stats.querySelectorAll('thead th')].map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([
      ['Service', 'col'],
      ['Provider', 'col'],
      ['Purpose', 'col'],
      ['Cookie', 'col'],
      ['Expiry', 'col'],
      ['Recipient', 'col'],
      ['Countries outside the EEA', 'col'],
    ]);
    const rows = [...stats.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => [c.tagName, c.textContent]),
    );
    expect(rows[0]).toEqual([
      ['TH', 'Google Analytics'],
      ['TD', 'Google Ireland Ltd.'],
      ['TD', 'Counts visits'],
      ['TD', '_ga'],
      ['TD', '2 years'],
      ['TD', 'Google LLC'],
      ['TD', 'United States'],
    ]);
    expect(rows).toHaveLength(2);
    expect(stats.querySelector('tbody th')?.getAttribute('scope')).toBe('row');
    // The decision cookie is declared under necessary, with its lifetime.
    expect(tables[0]?.textContent).toContain('6 months');
    expect(document.querySelector('samtykke-ui')).toBeNull();
  });

  it('shows the current choice, consent id and date, and re-renders when the decision changes', () => {
    const target = place();
    const { handle, instance } = mount();
    handle.renderDeclarations();
    expect(target.querySelector('.samtykke-choice')?.textContent).toBe('You have not made a choice yet.');
    expect(target.querySelector('.samtykke-withdraw')).toBeNull();
    instance.accept(['statistics'], { layer: 2 });
    const choice = target.querySelector('dl.samtykke-choice');
    expect(choice?.textContent).toContain('Statistics: Allowed, Marketing: Refused');
    expect(choice?.querySelector('code')?.textContent).toBe('7d1c8a5e-0000-4000-8000-000000000001');
    expect(choice?.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-15T09:30:00.000Z');
    expect(target.querySelector('.samtykke-withdraw')).not.toBeNull();
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

  it('withdraws consent from the declaration', () => {
    const target = place();
    const { handle, calls } = mount(makeConfig(), { decision: decisionWith(['marketing']) });
    handle.renderDeclarations();
    target.querySelector<HTMLButtonElement>('button.samtykke-withdraw')?.click();
    expect(calls).toEqual([{ method: 'decide', args: [{ kind: 'withdraw' }, { layer: 2 }] }]);
  });

  it('is removed on destroy()', () => {
    const target = place();
    const { handle } = mount();
    handle.renderDeclarations();
    handle.destroy();
    expect(target.children).toHaveLength(0);
  });
});
