/**
 * Placeholders for held frames (an owner's `<iframe data-category data-src>`, or a YouTube, Vimeo or Maps frame
 * held automatically). The frame stays where it is — a framework (React, Vue, Svelte) keeps a reference to it
 * and removes or moves it later with unguarded DOM calls, and hydration expects it in place — and is only
 * hidden, by an attribute and a stylesheet samtykke adopts into the frame's document or shadow root; a box of
 * the same size just before it says what would load and from whom, with a real button to load it. The box
 * follows its frame: it goes when the frame is removed and moves when the frame is moved (`prune`); page
 * scripts walking the tree (hydration) step over it (../tree-walks.ts). Styles
 * live in constructed stylesheets and sizes are set through CSSOM, so a strict CSP without
 * `'unsafe-inline'` styles is fine.
 */
import { findVendor, type NormalizedConfig } from '../../core/index.js';
import type { Held } from '../held.js';
import type { Restore } from '../patch.js';
import type { RuleMatch } from '../rules.js';
import { skipInTreeWalks } from '../tree-walks.js';
import { EMBED_CSS } from './embed-styles.js';

/** Who a placeholder speaks of: service name, provider and category id. */
export interface PlaceholderVars {
  service: string;
  provider: string;
  category: string;
}

/**
 * The placeholder's sentence and button label, in the page's language, for one embed; told which embed (its service
 * or category id) and whether the button is shown, so what the visitor is shown can be recorded.
 */
export type PlaceholderTexts = (
  vars: PlaceholderVars,
  shown: { id: string; button: boolean },
) => { text: string; button: string };

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

/** The placeholders of one page, as the release drives them. */
export interface Placeholders {
  /** Shows a placeholder in place of a held, connected frame. */
  place(held: Held): void;
  /** The frame is released: its placeholder goes and it shows again. */
  drop(frame: Element): void;
  /** After DOM changes: drops placeholders of frames that left the document, moves those of moved frames. */
  prune(): void;
  /** Takes the tree-walk patch away again. */
  stop(): void;
}

/** The attribute that hides a held frame (a framework leaves attributes it did not set alone). */
const HIDDEN = 'data-samtykke-held';

const size = (value: string | null) => (value && /^\d+$/.test(value) ? `${value}px` : value || '');

/** Bare fallback; the composition root passes the page's language. */
const DEFAULT_TEXTS: PlaceholderTexts = ({ service, provider }) => ({
  text: `${service} (${provider})`,
  button: service,
});

/** What a page's placeholders need besides the config; every one has a default. */
export interface PlaceholderOptions {
  /** Embed placeholder texts in the page's language. @default just the service and provider names */
  placeholderTexts?: PlaceholderTexts;
  /** The visitor pressed an embed placeholder's button (`event` tells a real click from a scripted one). */
  allow?: (match: RuleMatch, event: Event) => void;
  /** Whether `allow` can grant this match (its service or category is offered). @default () => true */
  canAllow?: (match: RuleMatch) => boolean;
}

/** The placeholders of a page's config: each names the service as declared, or as the vendor catalogue knows it. */
export function createPlaceholders(config: NormalizedConfig, doc: Document, options: PlaceholderOptions): Placeholders {
  const services = config.categories.flatMap((category) => category.services);
  return createEmbeds({
    doc,
    texts: options.placeholderTexts ?? DEFAULT_TEXTS,
    // A built-in vendor the owner did not list is still named from the catalogue.
    describe: (match) => {
      const service = services.find((s) => s.id === match.service) ?? findVendor(match.service ?? '');
      return {
        service: service?.name ?? match.service ?? match.category,
        provider: service?.provider ?? '',
        category: match.category,
      };
    },
    canAllow: (match) => Boolean(options.allow) && (options.canAllow?.(match) ?? true),
    allow: (match, event) => options.allow?.(match, event),
  });
}

/** Creates the placeholder manager of one blocker. */
export function createEmbeds(options: EmbedOptions): Placeholders {
  const { doc } = options;
  const win = doc.defaultView as Window & typeof globalThis;
  const placeholders = new Map<Element, HTMLElement>();
  const hosts = new WeakSet<Node>();
  // Installed with the first placeholder: a page without one pays nothing on its tree walks.
  let walks: Restore | undefined;
  // Its own walks see every node.
  const nextSibling = Object.getOwnPropertyDescriptor(win.Node.prototype, 'nextSibling')?.get as (
    this: Node,
  ) => Node | null;
  let sheet: CSSStyleSheet | undefined;
  let hide: CSSStyleSheet | undefined;
  const Sheet = () => win.CSSStyleSheet;
  /** Adopts the hiding rule where the frame lives (the document, or the shadow root it was put in). */
  const hideIn = (root: Node) => {
    const target = root as Document | ShadowRoot;
    if (!target.adoptedStyleSheets) return;
    if (!hide) {
      hide = new (Sheet())();
      hide.replaceSync(`iframe[${HIDDEN}]{display:none!important}`);
    }
    if (!target.adoptedStyleSheets.includes(hide)) target.adoptedStyleSheets = [...target.adoptedStyleSheets, hide];
  };

  return {
    place(held) {
      const frame = held.element;
      if (!frame.isConnected || placeholders.has(frame)) return;
      const id = held.match.service ?? held.match.category;
      const allowable = options.canAllow(held.match);
      const texts = options.texts(options.describe(held.match), { id, button: allowable });
      const host = doc.createElement('div');
      host.className = `${frame.className} samtykke-embed`.trim();
      host.setAttribute('data-samtykke-embed', id);
      // CSSOM writes are not style attributes in markup, so a strict style-src CSP allows them.
      host.style.width = size(frame.getAttribute('width'));
      host.style.height = size(frame.getAttribute('height'));
      const root = host.attachShadow({ mode: 'open' });
      sheet ??= new (Sheet())();
      if (!sheet.cssRules.length) sheet.replaceSync(EMBED_CSS);
      root.adoptedStyleSheets = [sheet];
      const box = doc.createElement('div');
      box.className = 'b';
      const text = doc.createElement('p');
      text.textContent = texts.text;
      box.append(text);
      if (allowable) {
        const button = doc.createElement('button');
        button.type = 'button';
        button.textContent = texts.button;
        button.addEventListener('click', (event) => options.allow(held.match, event));
        box.append(button);
      }
      root.append(box);
      placeholders.set(frame, host);
      hosts.add(host);
      walks ??= skipInTreeWalks(win, (node) => hosts.has(node));
      hideIn(frame.getRootNode());
      frame.setAttribute(HIDDEN, '');
      frame.before(host);
    },
    drop(frame) {
      const host = placeholders.get(frame);
      frame.removeAttribute(HIDDEN);
      if (!host) return;
      placeholders.delete(frame);
      host.remove();
    },
    prune() {
      for (const [frame, host] of placeholders) {
        if (!frame.isConnected) {
          placeholders.delete(frame);
          host.remove();
        } else if (nextSibling.call(host) !== frame) frame.before(host);
      }
    },
    stop() {
      walks?.();
      walks = undefined;
    },
  };
}
