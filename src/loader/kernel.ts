/**
 * What the critical loader starts before anything else can run, and hands to the runtime: the config, the
 * decision cookie read once, Consent Mode's defaults and the blocker's interception.
 */
import {
  type BlockerEvent,
  type BlockerReport,
  createInterception,
  type Interception,
} from '../blocker/interception.js';
import {
  allows,
  type CookieJar,
  interpretDecision,
  isUndeclared,
  type NormalizedConfig,
  readCookie,
  readGpc,
  type StoredDecision,
} from '../core/index.js';
import { pickLanguage } from '../i18n/languages.js';
import { type ConsentMode, createConsentMode } from '../integrations/consent-mode.js';
import type { Decision, SamtykkeEvents } from '../types.js';

export interface Kernel {
  readonly config: NormalizedConfig;
  /**
   * The page's config as written, when the loader read it trusting its shape with only the catalogue's hosts
   * (`readConfig`): the runtime reads it again with the whole catalogue. Absent when `config` is complete.
   */
  readonly input?: unknown;
  readonly document: Document;
  readonly window: Window & typeof globalThis;
  /**
   * The decision cookie as the page read it, once: its raw value, what it says under this config, and the cookies
   * of that read (`jar`), where the runtime finds the marker of waiting receipts without a second read.
   */
  readonly cookie: { raw: string | undefined; stored: StoredDecision; jar: CookieJar };
  /** Global Privacy Control is on in this browser. */
  readonly gpc: boolean;
  /** The language the visitor will see. */
  readonly language: string;
  readonly consentMode: ConsentMode;
  readonly interception: Interception;
  /**
   * `fetch`, `crypto` and the clock as the page had them when the loader ran, before any later script could wrap
   * or replace them: the ledger, which loads later, sends and hashes receipts with these.
   */
  readonly natives: { fetch: typeof fetch; crypto: Crypto; now: () => number };
  /** The decision in force: the cookie's until the runtime takes over with its store. */
  decision(): Decision | null;
  /** Queues Consent Mode's defaults (and the stored decision), then starts the interception: in this order. */
  start(): void;
  /** The runtime takes over: the decision comes from its store from now on, the blocker's reports go to it. */
  takeOver(decision: () => Decision | null, onEvent: BlockerReport): void;
  /** Hands over the reports made while the runtime loaded, once its listeners are in place; later ones go at once. */
  flush(): void;
}

/** What the page says about this visit before anything is prepared: the decision cookie and the language. */
export interface Visit {
  cookie: Kernel['cookie'];
  /** The stored decision, when it is valid under this config. */
  initial: Decision | null;
  language: string;
}

/**
 * Reads the visit (one `document.cookie` read): enough for the loader to request the first layer in the visitor's
 * language before it prepares the blocker and Consent Mode.
 */
export function readVisit(
  config: NormalizedConfig,
  doc: Document,
  win: Window & typeof globalThis,
  now: () => number,
): Visit {
  const jar: CookieJar = { cookie: doc.cookie };
  const raw = readCookie(jar, config.cookie.name);
  const stored = interpretDecision(raw, config, now());
  return {
    cookie: { raw, stored, jar },
    initial: stored.status === 'valid' ? stored.decision : null,
    language: pickLanguage(config, doc, win.navigator.languages ?? []),
  };
}

/** Reads what the loader needs (or takes the `visit` read already) and prepares, without starting anything yet. */
export function createKernel(
  config: NormalizedConfig,
  doc: Document,
  win: Window & typeof globalThis,
  now: () => number = Date.now,
  input?: unknown,
  visit: Visit = readVisit(config, doc, win, now),
): Kernel {
  const { initial } = visit;
  let decision = () => initial;
  /** Reports made before the runtime arrived, handed to it in order. */
  let waiting: Array<[BlockerEvent, unknown]> | undefined = [];
  let target: BlockerReport | undefined;
  const report: BlockerReport = (name, detail) => (waiting ? waiting.push([name, detail]) : target?.(name, detail));
  const isGranted = (category: string) => allows(config, decision(), category);
  const interception = createInterception({
    config,
    document: doc,
    isAllowed: (category, service) => allows(config, decision(), category, service),
    // Held although its category is granted: a built-in vendor the owner did not declare.
    reason: (match) =>
      match.service && isUndeclared(config, match.service) && isGranted(match.category) ? 'undeclared' : 'not-granted',
    onEvent: (name, detail) => report(name, detail),
  });
  const consentMode = createConsentMode(config, win);
  return {
    config,
    input,
    document: doc,
    window: win,
    cookie: visit.cookie,
    gpc: readGpc(win.navigator as { globalPrivacyControl?: unknown }),
    language: visit.language,
    consentMode,
    interception,
    natives: { fetch: win.fetch, crypto: win.crypto, now },
    decision: () => decision(),
    start() {
      consentMode.start(initial);
      interception.start();
    },
    takeOver(next, onEvent) {
      decision = next;
      target = onEvent;
    },
    flush() {
      const reports = waiting ?? [];
      waiting = undefined;
      for (const [name, detail] of reports) target?.(name, detail as SamtykkeEvents[typeof name]);
    },
  };
}
