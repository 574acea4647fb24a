import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountBanner } from '../../../src/banner/index.js';
import { createLazyUi, type LazyUi, type UiParts } from '../../../src/runtime/lazy-ui.js';
import type { UiHost } from '../../../src/ui/contract.js';
import { mountUi } from '../../../src/ui/index.js';
import { createFakeInstance, makeConfig } from '../../fixtures/ui-fixtures.js';
import { key } from '../ui/helpers.js';

const open: LazyUi[] = [];
afterEach(() => {
  for (const ui of open.splice(0)) ui.destroy();
});

/** The glue with both parts as static imports, counted; `failUi` makes the preferences fail to load that often. */
function start(options: { failUi?: number } = {}) {
  const config = makeConfig();
  const { instance, calls, decide } = createFakeInstance(config);
  const loaded = { banner: 0, ui: 0 };
  const errors: unknown[] = [];
  let failures = options.failUi ?? 0;
  const parts: UiParts = {
    banner: () => {
      loaded.banner++;
      return Promise.resolve(mountBanner);
    },
    ui: () => {
      loaded.ui++;
      if (failures-- > 0) return Promise.reject(new Error('samtykke: could not load samtykke-ui.en.js'));
      return Promise.resolve(mountUi);
    },
  };
  const shown: UiHost['reportShown'] extends (n: infer N) => void ? N[] : never = [];
  const host = (): UiHost => ({ instance, config, document, reportShown: (n) => shown.push(n), decide });
  const ui = createLazyUi(parts, document, host, (error) => errors.push(error));
  open.push(ui);
  const root = () => document.querySelector('samtykke-ui')?.shadowRoot ?? null;
  const wrap = () => root()?.querySelector<HTMLElement>('.wrap:has(.banner)') ?? null;
  const button = (label: string) =>
    [...(root()?.querySelectorAll('button') ?? [])].find((b) => b.textContent === label) as HTMLButtonElement;
  return { ui, instance, calls, loaded, errors, shown, root, wrap, button };
}

const deep = () => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

describe('the UI glue', () => {
  it('shows the first layer from its own file and loads the preferences only on Customise', async () => {
    const { ui, loaded, root, button } = start();
    ui.banner((handle) => handle.show());
    await vi.waitFor(() => expect(root()?.querySelector('.banner')).toBeTruthy());
    expect(loaded).toEqual({ banner: 1, ui: 0 });
    button('Customise').click();
    await vi.waitFor(() => expect(root()?.querySelector('[role=dialog]')).toBeTruthy());
    expect(loaded).toEqual({ banner: 1, ui: 1 });
    // One host for both layers, the first layer first: it comes first in the keyboard order, the preferences on top.
    expect(document.querySelectorAll('samtykke-ui')).toHaveLength(1);
    const layers = [...(root()?.children ?? [])].filter((child) => child.localName === 'div');
    expect(layers).toHaveLength(2);
    expect(layers[0]?.querySelector('.banner')).toBeTruthy();
    expect(layers[1]?.querySelector('[role=dialog]')).toBeTruthy();
    expect(root()?.querySelectorAll('[style]')).toHaveLength(0);
  });

  it('covers the first layer while the preferences are open, then gives it and the focus back', async () => {
    const { ui, root, wrap, button, calls } = start();
    ui.banner((handle) => handle.show());
    await vi.waitFor(() => expect(wrap()).toBeTruthy());
    const customise = button('Customise');
    customise.focus();
    customise.click();
    // Covered at once, while the preferences' file is still on its way.
    expect(wrap()?.inert).toBe(true);
    await vi.waitFor(() => expect(root()?.querySelector('[role=dialog]')).toBeTruthy());
    expect(wrap()?.getAttribute('aria-hidden')).toBe('true');
    expect(deep()?.getAttribute('aria-label')).toBe('Close');
    key(deep() as Element, 'Escape');
    expect(root()?.querySelector('[role=dialog]')).toBeNull();
    expect(wrap()?.inert).toBe(false);
    expect(wrap()?.hasAttribute('aria-hidden')).toBe(false);
    expect(deep()).toBe(customise);
    expect(calls).toEqual([]);
  });

  it('a choice in the preferences answers the first layer too', async () => {
    const { ui, root, wrap, button, calls } = start();
    ui.banner((handle) => handle.show());
    await vi.waitFor(() => expect(wrap()).toBeTruthy());
    button('Customise').click();
    await vi.waitFor(() => expect(root()?.querySelector('[role=dialog]')).toBeTruthy());
    button('Save choices').click();
    expect(calls).toEqual([
      { method: 'decide', args: [{ kind: 'accept', categories: [], services: [] }, { layer: 2 }] },
    ]);
    expect(wrap()).toBeNull();
    expect(root()?.querySelector('[role=dialog]')).toBeNull();
  });

  it('a decision made elsewhere (page code, another tab) takes the first layer away', async () => {
    const { ui, instance, wrap } = start();
    ui.banner((handle) => handle.show());
    await vi.waitFor(() => expect(wrap()).toBeTruthy());
    instance.acceptAll();
    expect(wrap()).toBeNull();
  });

  it('preferences that fail to load leave the first layer usable, and load on the next try', async () => {
    const { ui, wrap, button, errors, loaded, root } = start({ failUi: 1 });
    ui.banner((handle) => handle.show());
    await vi.waitFor(() => expect(wrap()).toBeTruthy());
    button('Customise').click();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toContain('samtykke-ui.en.js');
    expect(wrap()?.inert).toBe(false);
    button('Customise').click();
    await vi.waitFor(() => expect(root()?.querySelector('[role=dialog]')).toBeTruthy());
    expect(loaded.ui).toBe(2);
  });

  it('hide() hides what is shown and loads nothing; ifLoaded runs only on a part already there', async () => {
    const { ui, loaded } = start();
    ui.hide();
    const ran: string[] = [];
    ui.ui(() => ran.push('declarations'), true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loaded).toEqual({ banner: 0, ui: 0 });
    expect(ran).toEqual([]);
  });

  it('destroy() takes both layers and their host away', async () => {
    const { ui, root } = start();
    ui.banner((handle) => handle.show());
    ui.showPreferences();
    await vi.waitFor(() => expect(root()?.querySelector('[role=dialog]')).toBeTruthy());
    ui.destroy();
    await vi.waitFor(() => expect(document.querySelector('samtykke-ui')).toBeNull());
  });
});
