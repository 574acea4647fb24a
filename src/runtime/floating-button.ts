import type { Corner } from '../types.js';
import { adoptStyles } from '../ui/adopt-styles.js';
import { FLOATING_BUTTON_CSS } from './floating-button-styles.js';

/** Options of the floating "cookie settings" button. */
export interface FloatingButtonOptions {
  corner: Corner;
  /** Accessible name and tooltip, e.g. "Cookie settings". */
  label: string;
  /** CSP nonce for the `<style>` fallback. */
  nonce?: string;
  /** Open the preferences; focus goes back to `button` when they close. */
  onOpen(button: HTMLElement): void;
}

/** The floating button's controls. */
export interface FloatingButton {
  show(): void;
  hide(): void;
  destroy(): void;
}

// A cookie with two bites, drawn with the current text colour. Built as nodes, not markup: a page that
// requires Trusted Types refuses markup strings.
const ICON_PATH =
  'M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-3.5 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm6 5a1.5 1.5 0 1 1 0 3 ' +
  '1.5 1.5 0 0 1 0-3Zm-7 2a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z';
const ICON_ATTRIBUTES = {
  viewBox: '0 0 24 24',
  'aria-hidden': 'true',
  focusable: 'false',
  fill: 'currentColor',
  'fill-rule': 'evenodd',
};
const SVG = 'http://www.w3.org/2000/svg';

function icon(doc: Document): SVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  for (const [name, value] of Object.entries(ICON_ATTRIBUTES)) svg.setAttribute(name, value);
  const path = doc.createElementNS(SVG, 'path');
  path.setAttribute('d', ICON_PATH);
  svg.append(path);
  return svg;
}

/**
 * A small round button in a page corner that opens the preferences: the permanent way back to
 * change or withdraw consent. Plain DOM (no Preact), in its own shadow root; created on first `show()`.
 */
export function createFloatingButton(doc: Document, options: FloatingButtonOptions): FloatingButton {
  let host: HTMLElement | undefined;
  const ensure = (): HTMLElement => {
    if (host) return host;
    host = doc.createElement('samtykke-button');
    const root = host.attachShadow({ mode: 'open' });
    adoptStyles(root, FLOATING_BUTTON_CSS, options.nonce);
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = options.corner;
    button.title = options.label;
    button.setAttribute('aria-label', options.label);
    button.append(icon(doc));
    button.addEventListener('click', () => options.onOpen(button));
    root.append(button);
    doc.body.append(host);
    return host;
  };
  return {
    show() {
      ensure().hidden = false;
    },
    hide() {
      if (host) host.hidden = true;
    },
    destroy() {
      host?.remove();
      host = undefined;
    },
  };
}
