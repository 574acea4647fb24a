/**
 * Placeholders for held frames (an owner's `<iframe data-category data-src>`, or a YouTube, Vimeo or Maps frame
 * held automatically). The frame is taken out of the document (a detached frame cancels its navigation) and a
 * box of the same size says what would load and from whom, with a real button to load it. Styles live in a
 * constructed stylesheet adopted by the placeholder's shadow root and sizes are set through CSSOM, so a strict
 * CSP without `'unsafe-inline'` styles is fine.
 */
import type { Held } from './held.js';
import type { RuleMatch } from './rules.js';

/** Who a placeholder speaks of: service name, provider and category id. */
export interface PlaceholderVars {
  service: string;
  provider: string;
  category: string;
}

/** The placeholder's sentence and button label, in the page's language, for one embed. */
export type PlaceholderTexts = (vars: PlaceholderVars) => { text: string; button: string };

export interface EmbedOptions {
  doc: Document;
  texts: PlaceholderTexts;
  /** Display name and provider of a match (service name, or the category when no service is known). */
  describe(match: RuleMatch): PlaceholderVars;
  /** Whether the visitor can allow it from here (its service or category is offered). */
  canAllow(match: RuleMatch): boolean;
  /** The visitor pressed the button; the click event tells a real press from a scripted one. */
  allow(match: RuleMatch, event: Event): void;
}

export interface Embeds {
  /** Shows a placeholder in place of a held, connected frame. */
  place(held: Held): void;
  /** Puts the frame back where its placeholder is. */
  restore(held: Held): void;
}

const CSS =
  ':host{display:block;box-sizing:border-box;width:300px;height:150px;max-width:100%;overflow:auto}' +
  '.b{box-sizing:border-box;height:100%;display:flex;flex-direction:column;justify-content:center;align-items:flex-start;' +
  'gap:.75em;padding:1em;background:#f1f3f4;color:#1b1f23;border:1px solid #8a9299;font:1rem/1.4 system-ui,sans-serif}' +
  'p{margin:0}button{font:inherit;padding:.5em 1em;border:0;border-radius:4px;background:#1d4f7c;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #1b1f23;outline-offset:2px}';

const size = (value: string | null) => (value && /^\d+$/.test(value) ? `${value}px` : value || '');

/** Creates the placeholder manager of one blocker. */
export function createEmbeds(options: EmbedOptions): Embeds {
  const { doc } = options;
  const placeholders = new Map<Element, HTMLElement>();
  let sheet: CSSStyleSheet | undefined;

  return {
    place(held) {
      const frame = held.element;
      if (!frame.isConnected || placeholders.has(frame)) return;
      const texts = options.texts(options.describe(held.match));
      const host = doc.createElement('div');
      host.className = `${frame.className} samtykke-embed`.trim();
      host.setAttribute('data-samtykke-embed', held.match.service ?? held.match.category);
      // CSSOM writes are not style attributes in markup, so a strict style-src CSP allows them.
      host.style.width = size(frame.getAttribute('width'));
      host.style.height = size(frame.getAttribute('height'));
      const root = host.attachShadow({ mode: 'open' });
      sheet ??= new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
      if (!sheet.cssRules.length) sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      const box = doc.createElement('div');
      box.className = 'b';
      const text = doc.createElement('p');
      text.textContent = texts.text;
      box.append(text);
      if (options.canAllow(held.match)) {
        const button = doc.createElement('button');
        button.type = 'button';
        button.textContent = texts.button;
        button.addEventListener('click', (event) => options.allow(held.match, event));
        box.append(button);
      }
      root.append(box);
      placeholders.set(frame, host);
      frame.replaceWith(host);
    },
    restore(held) {
      const host = placeholders.get(held.element);
      if (!host) return;
      placeholders.delete(held.element);
      host.replaceWith(held.element);
    },
  };
}
