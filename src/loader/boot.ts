import { createBlocker } from '../blocker/index.js';
import { trustedSinks } from '../blocker/trusted-types.js';
import { failClosedConfig, type NormalizedConfig } from '../core/index.js';
import { LANGUAGES } from '../i18n/languages.js';
import {
  createConsentInstance,
  type LoadLedger,
  type MountBanner,
  type MountUi,
  type SamtykkeInternal,
} from '../runtime/index.js';
import { createInertInstance } from './inert-instance.js';
import '../globals.js';
import type { SamtykkeConfig, SamtykkeEventName } from '../types.js';

const EVENTS: readonly SamtykkeEventName[] = [
  'change',
  'show',
  'hide',
  'receipt',
  'delivered',
  'deliveryFailed',
  'blocked',
  'released',
  'refused',
  'error',
];

/** Where a lazily loaded part lives and the nonce its script tag needs. */
export interface PartLocation {
  src?: string;
  nonce?: string;
  /** Subresource Integrity hash the owner pinned for this file (`config.ui.integrity`). */
  integrity?: string;
}

/** How the build at hand gets the parts it does not carry itself. */
export interface LazyParts {
  banner: (where: PartLocation) => Promise<MountBanner>;
  ui: (where: PartLocation) => Promise<MountUi>;
  ledger: (where: PartLocation) => ReturnType<LoadLedger>;
}

/** Reads the config from `window.samtykkeConfig` or `<script type="application/json" id="samtykke-config">`. */
export function readPageConfig(win: Window): unknown {
  if (win.samtykkeConfig !== undefined) return win.samtykkeConfig;
  const text = configText(win);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`samtykke: config in #samtykke-config: expected JSON, got a parse error (${String(error)})`);
  }
}

const configText = (win: Window) => win.document.getElementById('samtykke-config')?.textContent ?? undefined;

/** `samtykke-ui.nb.js` for a shipped language, `samtykke-ui.js` (every language) for any other. */
const perLanguage = (name: string, language: string) =>
  LANGUAGES.includes(language) ? `${name}.${language}.js` : `${name}.js`;

/** Marks a window samtykke started in: a second loader tag must not add a second instance, banner and patches. */
const STARTED = Symbol.for('samtykke.started');

/**
 * Starts samtykke from a script tag. A bad config is logged and the page fails closed: the blocker still runs
 * with nothing allowed and every host the config names held too, so no tracker slips through because of a typo;
 * `window.Samtykke` is an inert stand-in that says why.
 */
export function boot(win: Window & typeof globalThis, parts: LazyParts): void {
  const doc = win.document;
  const marked = win as unknown as Record<symbol, unknown>;
  if (marked[STARTED]) {
    console.warn(
      `samtykke: ${(doc.currentScript as HTMLScriptElement | null)?.src || 'a second loader'} did nothing: samtykke is already running on this page. Keep one samtykke script tag.`,
    );
    return;
  }
  marked[STARTED] = true;
  // Samtykke's Trusted Types policy, before any page script could take the name (trusted-types.ts).
  trustedSinks(win);
  const current = doc.currentScript as HTMLScriptElement | null;
  // The UI and the ledger are fetched from next to this script, or next to `ui.src` when the config sets it.
  const locate = (config: NormalizedConfig, file: string): PartLocation => {
    const base = config.ui.src ? new URL(config.ui.src, doc.baseURI).href : current?.src;
    const src = config.ui.src && file.startsWith('samtykke-ui.') ? base : base ? new URL(file, base).href : undefined;
    return { src, nonce: config.ui.nonce, integrity: config.ui.integrity?.[file] };
  };
  let instance: SamtykkeInternal;
  try {
    const input = readPageConfig(win) as SamtykkeConfig | undefined;
    instance = createConsentInstance(input, {
      document: doc,
      window: win,
      // One file per language keeps each small; `ui.src` names the preferences file with every language.
      loadBanner: (config, language) => parts.banner(locate(config, perLanguage('samtykke-banner', language))),
      loadUi: (config, language) => parts.ui(locate(config, perLanguage('samtykke-ui', language))),
      loadLedger: (config) => parts.ledger(locate(config, 'samtykke-ledger.js')),
    });
  } catch (error) {
    console.error(error);
    const raw = win.samtykkeConfig !== undefined ? win.samtykkeConfig : configText(win);
    const config = failClosedConfig(raw);
    createBlocker({ config, document: doc, isAllowed: () => false }).start();
    win.Samtykke = createInertInstance(config, error);
    return;
  }
  win.Samtykke = instance;
  // Pages without a bundler listen for DOM events: `document.addEventListener('samtykke:change', …)`.
  for (const name of EVENTS) {
    if (name !== 'error')
      instance.on(name, (detail) => doc.dispatchEvent(new CustomEvent(`samtykke:${name}`, { detail })));
  }
  reportErrors(instance, doc);
  doc.dispatchEvent(new CustomEvent('samtykke:ready', { detail: { decision: instance.getDecision() } }));
}

/**
 * The forwarder of `error` to a DOM event is itself a listener, so the emitter would never print: here an error
 * goes to the console unless page code subscribed through `Samtykke.on('error')` or called `preventDefault()` on
 * the (cancelable) `samtykke:error` DOM event. An owner must learn that the UI file 404s or no receipts are made.
 */
function reportErrors(instance: SamtykkeInternal, doc: Document): void {
  let listening = 0;
  const on = instance.on;
  instance.on = (event, handler) => {
    const off = on(event, handler);
    if (event !== 'error') return off;
    listening++;
    let subscribed = true;
    return () => {
      if (subscribed) listening--;
      subscribed = false;
      off();
    };
  };
  on('error', (detail) => {
    const event = new CustomEvent('samtykke:error', { detail, cancelable: true });
    doc.dispatchEvent(event);
    if (!listening && !event.defaultPrevented) console.error(`samtykke (${detail.context}):`, detail.error);
  });
}

/** Loads a classic script once; resolves when it has run. With `integrity` the browser refuses altered bytes. */
export function loadScript(doc: Document, src: string, nonce?: string, integrity?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    if (integrity) {
      script.integrity = integrity;
      // SRI on a cross-origin script needs a CORS fetch; same-origin it changes nothing.
      script.crossOrigin = 'anonymous';
    }
    // Under Trusted Types through samtykke's policy: the URL is this script's own neighbour or `ui.src`.
    script.src = trustedSinks(doc.defaultView ?? window).createScriptURL(src) as string;
    if (nonce) script.nonce = nonce;
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`samtykke: could not load ${src}`)), { once: true });
    doc.head.appendChild(script);
  });
}
