import { mountUi, type UiHandle } from '../../../src/ui/index.js';
import { createFakeInstance, makeConfig } from '../../fixtures/ui-fixtures.js';

export { decisionWith, makeConfig } from '../../fixtures/ui-fixtures.js';

/** Mount the UI on the test document with a fake instance; returns the handle, the shadow root and the calls. */
export function mount(config = makeConfig(), options: Parameters<typeof createFakeInstance>[1] = {}) {
  const { instance, calls, decide } = createFakeInstance(config, options);
  const shown: Array<{ language: string; texts: Record<string, string> }> = [];
  const handle: UiHandle = mountUi({ instance, config, document, reportShown: (n) => shown.push(n), decide });
  const root = () => {
    const host = document.querySelector('samtykke-ui');
    if (!host?.shadowRoot) throw new Error('no samtykke-ui host with a shadow root');
    return host.shadowRoot;
  };
  return { handle, instance, calls, shown, root };
}

/** Dispatch a keydown on `target`. */
export function key(target: Element, key: string, init: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}
