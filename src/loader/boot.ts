import type { MountEarly } from '../banner/contract.js';
import { createInterception } from '../blocker/interception.js';
import { trustedSinks } from '../blocker/trusted-types.js';
import { failClosedConfig, type NormalizedConfig, readConfig, UnusableConfig } from '../core/index.js';
import { LANGUAGES } from '../i18n/languages.js';
import type { DecidePart, LoadLedger, MountBanner, MountUi } from '../runtime/index.js';
import '../globals.js';
import { createKernel, type Kernel, readVisit } from './kernel.js';
import type { PartLocation } from './load-part.js';
import { createStub, type SamtykkeInternal, type Stub } from './stub.js';

/** What the runtime needs from the page beyond the kernel: where its lazily loaded parts come from. */
export interface PageParts {
  loadBanner: (config: NormalizedConfig, language: string) => Promise<MountBanner>;
  loadUi: (config: NormalizedConfig, language: string) => Promise<MountUi>;
  loadLedger: LoadLedger;
  /** The part that makes and changes decisions, when the runtime does not carry it. */
  loadDecide?: () => Promise<DecidePart>;
}

/** The runtime's start on a page: it takes over the kernel and the stub's queue. */
export type StartRuntime = (kernel: Kernel, parts: PageParts, stub: Stub) => SamtykkeInternal;

/** How the build at hand gets the parts it does not carry itself. */
export interface LazyParts {
  /** The runtime: in the same bundle (the one-file build), or loaded apart (the script-tag build). */
  runtime: { bundled: StartRuntime } | { load: (where: PartLocation) => Promise<StartRuntime> };
  banner: (where: PartLocation) => Promise<MountBanner>;
  /** The same file's first layer mounting itself before the runtime (the builds that load the runtime apart). */
  early?: (where: PartLocation) => Promise<MountEarly>;
  ui: (where: PartLocation) => Promise<MountUi>;
  ledger: (where: PartLocation) => ReturnType<LoadLedger>;
  /** The decide part, for a runtime that loads it when first needed (the script-tag build). */
  decide?: (where: PartLocation) => Promise<DecidePart>;
}

/** Reads the config from `window.samtykkeConfig` or `<script type="application/json" id="samtykke-config">`. */
export function readPageConfig(win: Window): unknown {
  if (win.samtykkeConfig !== undefined) return win.samtykkeConfig;
  const text = configText(win);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnusableConfig('config in #samtykke-config', `expected JSON, got a parse error (${String(error)})`);
  }
}

const configText = (win: Window) => win.document.getElementById('samtykke-config')?.textContent ?? undefined;

/** `samtykke-ui.nb.js` for a shipped language, `samtykke-ui.js` (every language) for any other. */
const perLanguage = (name: string, language: string) =>
  LANGUAGES.includes(language) ? `${name}.${language}.js` : `${name}.js`;

/** How long a first visit's runtime waits for the first layer to paint before it is requested anyway. */
const RUNTIME_WAIT_MS = 1500;

/** Marks a window samtykke started in: a second loader tag must not add a second instance, banner and patches. */
const STARTED = Symbol.for('samtykke.started');

/** Reports an unusable config on the console (the development loader, which listed every problem, says less). */
export type Refuse = (error: Error) => void;

/**
 * Claims the window for this loader and installs samtykke's Trusted Types policy before any page script could take
 * its name (trusted-types.ts); false when samtykke runs there already (a second loader tag).
 */
export function claim(win: Window & typeof globalThis): boolean {
  const marked = win as unknown as Record<symbol, unknown>;
  if (marked[STARTED]) {
    console.warn('samtykke: already running on this page; keep one samtykke script tag.');
    return false;
  }
  marked[STARTED] = true;
  trustedSinks(win);
  return true;
}

/**
 * What a config the loader cannot use leaves: the blocker with nothing allowed (`closed` holds the built-in vendors
 * and what else it names), and a `window.Samtykke` that answers without granting anything.
 */
export function failClosed(win: Window & typeof globalThis, closed: NormalizedConfig, error: unknown): void {
  createInterception({ config: closed, document: win.document, isAllowed: () => false }).start();
  const stub = createStub(closed, false, () => null);
  stub.fail(error, 'the config is unusable');
  win.Samtykke = stub.api;
}

/**
 * Starts samtykke from a script tag: config, cookie, Consent Mode defaults and the blocker now, the runtime as
 * soon as it arrives. A config it cannot use is reported once and the page fails closed: the blocker still
 * runs with nothing allowed and every host the config names held too, so no tracker slips through because of a
 * typo; `window.Samtykke` answers without granting anything. `refuse` says so on the console (the
 * development loader, which listed every problem already, does not repeat the first).
 */
export function boot(
  win: Window & typeof globalThis,
  parts: LazyParts,
  refuse: Refuse = (error: Error) =>
    console.error(`${error.message}\nNothing runs. samtykke.dev.js or npx samtykke check-config lists every problem.`),
): void {
  if (!claim(win)) return;
  let config: NormalizedConfig;
  let input: unknown;
  try {
    input = readPageConfig(win);
    config = readConfig(input);
  } catch (error) {
    refuse(error as Error);
    failClosed(win, failClosedConfig(win.samtykkeConfig !== undefined ? win.samtykkeConfig : configText(win)), error);
    return;
  }
  // The parts that need more than the loader read (names, cookies, the jurisdiction) read the input again, the
  // defaults' `{}` when the page has no config.
  run(win, parts, config, input ?? {});
}

/**
 * Everything after the config, while the loader's own script runs (its tag, `currentScript`, is where the parts
 * are fetched from): the kernel, the requests for the first layer and the runtime, `window.Samtykke`. `input` is
 * the page's config as written when `config` is the loader's trusting read of it, which the parts that record
 * decisions read again with the whole catalogue (absent when `config` is complete).
 */
export function run(
  win: Window & typeof globalThis,
  parts: LazyParts,
  config: NormalizedConfig,
  input?: unknown,
): void {
  const doc = win.document;
  const current = doc.currentScript as HTMLScriptElement | null;
  // The parts are fetched from next to this script, or next to `ui.src` when the config sets it.
  const locate = (file: string, urgent?: boolean): PartLocation => {
    const base = config.ui.src ? new URL(config.ui.src, doc.baseURI).href : current?.src;
    const src = config.ui.src && file.startsWith('samtykke-ui.') ? base : base ? new URL(file, base).href : undefined;
    return { src, nonce: config.ui.nonce, integrity: config.ui.integrity?.[file], urgent };
  };
  // The first layer, when the visitor must be asked, is requested as soon as the cookie says so: before the blocker
  // and Consent Mode are prepared and their patches installed, so it is on its way meanwhile. The runtime's own
  // request for it then finds this one.
  const visit = readVisit(config, doc, win, Date.now);
  const bannerAt = locate(perLanguage('samtykke-banner', visit.language), true);
  let banner = visit.initial === null ? parts.banner(bannerAt) : undefined;
  banner?.catch(() => {});
  const kernel = createKernel(config, doc, win, Date.now, input, visit);
  const runtime = 'load' in parts.runtime ? parts.runtime.load : undefined;
  // A first visit, script-tag build: the first layer mounts itself as soon as its file has run, and the runtime is
  // asked for once the banner has painted, so the banner waits for no byte of it (the banner file's mountBanner then
  // takes it over for the runtime). A returning visitor gets the runtime at once, as does a first layer that fails;
  // one that takes longer than RUNTIME_WAIT_MS does not hold up the page's calls and placeholders any longer, and
  // when it comes after that the runtime mounts it.
  let asked = false;
  const loadRuntime = () => {
    asked = true;
    return runtime?.(locate('samtykke-runtime.js', true));
  };
  // The first layer hears from here whether the runtime started; it runs after this function has returned.
  const painted =
    runtime && banner && parts.early?.(bannerAt).then((mount) => (asked ? undefined : mount(kernel, () => started)));
  const loading = painted
    ? new Promise((resolve) => {
        painted.then(resolve, resolve);
        setTimeout(resolve, RUNTIME_WAIT_MS);
      }).then(loadRuntime)
    : loadRuntime();
  kernel.start();
  const stub = createStub(config, kernel.gpc, kernel.decision);
  win.Samtykke = stub.api;
  const pageParts: PageParts = {
    loadBanner: (_, language) => {
      const early = language === kernel.language ? banner : undefined;
      banner = undefined;
      return early ?? parts.banner(locate(perLanguage('samtykke-banner', language)));
    },
    // One file per language keeps each small; `ui.src` names the preferences file with every language.
    loadUi: (_, language) => parts.ui(locate(perLanguage('samtykke-ui', language))),
    loadLedger: () => parts.ledger(locate('samtykke-ledger.js')),
    loadDecide: parts.decide && (() => parts.decide?.(locate('samtykke-decide.js')) as Promise<DecidePart>),
  };
  const start = (run: StartRuntime) => run(kernel, pageParts, stub);
  if ('bundled' in parts.runtime) start(parts.runtime.bundled);
  doc.dispatchEvent(new win.CustomEvent('samtykke:ready', { detail: { decision: kernel.decision() } }));
  const started: Promise<unknown> | undefined = loading?.then((run) => run && start(run));
  started?.catch((error: unknown) => {
    console.error('samtykke: samtykke-runtime.js did not start; what is not allowed stays blocked.', error);
    stub.fail(error, 'samtykke-runtime.js did not load');
    doc.dispatchEvent(new win.CustomEvent('samtykke:error', { detail: { error, context: 'loading the runtime' } }));
  });
}
