import { h, render } from 'preact';
import type { UiHandle, UiHost } from './contract.js';

export type { UiHandle, UiHost } from './contract.js';

/** Mounts the banner in its own shadow root. */
export function mountUi(host: UiHost): UiHandle {
  const { document: doc, instance } = host;
  const element = doc.createElement('samtykke-banner');
  const root = element.attachShadow({ mode: 'open' });
  doc.body.appendChild(element);
  const close = () => render(null, root);
  const choose = (choice: () => unknown) => () => {
    choice();
    close();
  };
  const banner = () =>
    h('section', { role: 'region', 'aria-label': 'Cookie consent' }, [
      h('h2', null, 'We use cookies'),
      h('button', { type: 'button', onClick: choose(() => instance.acceptAll({ layer: 1 })) }, 'Accept all'),
      h('button', { type: 'button', onClick: choose(() => instance.rejectAll({ layer: 1 })) }, 'Reject all'),
    ]);
  return {
    showBanner: () => render(banner(), root),
    showPreferences: () => render(banner(), root),
    hide: close,
    renderDeclarations: () => {},
    destroy: () => {
      close();
      element.remove();
    },
  };
}
