import { adoptStyles } from './adopt-styles.js';
import { BASE_CSS } from './base-styles.js';

const TAG = 'samtykke-ui';

/** One layer of the UI (the first layer, or the preferences and declaration) in the shared shadow root. */
export interface Layer {
  /** The shadow root every layer shares. */
  root: ShadowRoot;
  /** The host element, `<samtykke-ui>`. */
  host: HTMLElement;
  /** This layer's own element inside the root. */
  element: HTMLElement;
  /** Puts the host back first in `<body>` when page code (a framework owning the body) took it out. */
  place(): void;
  /** Takes this layer and its styles out; the host goes with the last layer. */
  remove(): void;
}

/**
 * The first layer and the preferences come from different files but live in one `<samtykke-ui>` element with an
 * open shadow root, first in `<body>`: one place in the keyboard order, one wall against the page's CSS, and
 * layers that stack in a fixed order — the first layer (`first`) before the preferences, which cover it. Whichever
 * layer comes first makes the host and adopts the base stylesheet both stand on; each adds only its own rules.
 */
export function attachLayer(doc: Document, css: string, options: { nonce?: string; first?: boolean } = {}): Layer {
  const found = [...doc.querySelectorAll<HTMLElement>(TAG)].find((el) => el.shadowRoot);
  const host = found ?? doc.createElement(TAG);
  let root = host.shadowRoot;
  if (!root) {
    root = host.attachShadow({ mode: 'open' });
    adoptStyles(root, BASE_CSS, options.nonce);
  }
  const unstyle = adoptStyles(root, css, options.nonce);
  const element = doc.createElement('div');
  if (options.first) root.prepend(element);
  else root.append(element);
  const place = () => {
    if (!host.isConnected) doc.body.prepend(host);
  };
  return {
    root,
    host,
    element,
    place,
    remove() {
      element.remove();
      unstyle();
      if (![...root.children].some((child) => child.localName === 'div')) host.remove();
    },
  };
}
