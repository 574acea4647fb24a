import { createBlocker } from './blocker/index.js';
import {
  acceptAllDecision,
  allowServiceDecision,
  categoryOfService,
  clearDecision,
  createEmitter,
  type DecisionContext,
  GPC_REFUSED_CATEGORY,
  makeDecision,
  NECESSARY,
  type NormalizedConfig,
  normalizeConfig,
  readDecision,
  readGpc,
  receiptState,
  rejectAllDecision,
  uuid,
  withdrawnCategories,
  writeDecision,
} from './core/index.js';
import { loaderText, localizedText, pickLanguage } from './i18n/loader-texts.js';
import { consentModeState, createConsentMode } from './integrations/consent-mode.js';
import { createLazyLedger, type LoadLedger } from './lazy-ledger.js';
import { bodyReady, createLazyUi, type MountUi } from './lazy-ui.js';
import type {
  Decision,
  DecisionAction,
  DecisionSource,
  Samtykke,
  SamtykkeConfig,
  SamtykkeEventName,
  SamtykkeEvents,
} from './types.js';

export type { MountUi } from './lazy-ui.js';

import { createFloatingButton, type FloatingButton } from './ui/floating-button.js';

/** How an instance reaches its environment; every part has a browser default. */
export interface Runtime {
  /** Loads the UI on demand (dynamic import, a script tag, or a static import in the one-file build). */
  loadUi?: (config: NormalizedConfig, language: string) => Promise<MountUi>;
  /** Loads the ledger on demand, like the UI. */
  loadLedger?: LoadLedger;
  document?: Document;
  window?: Window & typeof globalThis;
  now?: () => number;
  randomId?: () => string;
  /** Show the banner at once when there is no valid decision. @default true */
  autoShow?: boolean;
}

/** The instance plus what the script-tag loader needs beyond the public API. */
export interface SamtykkeInternal extends Samtykke {
  readonly config: NormalizedConfig;
  /** The visitor must decide (no decision, expired, or a new revision). */
  needsDecision(): boolean;
}

/**
 * Creates an instance: reads the stored decision, starts blocking, and shows the banner when the visitor has
 * not decided. Several instances can coexist (tests); nothing happens at import time.
 * @throws ConfigError when the config is wrong.
 */
export function createConsentInstance(input: SamtykkeConfig | undefined, runtime: Runtime = {}): SamtykkeInternal {
  const config = normalizeConfig(input);
  const doc = runtime.document ?? document;
  const win = runtime.window ?? (doc.defaultView as Window & typeof globalThis);
  const now = runtime.now ?? Date.now;
  // crypto.randomUUID exists only in secure contexts; a plain-http site must still be able to decide.
  const randomId = runtime.randomId ?? uuid;
  const secure = win.location.protocol === 'https:';
  const gpc = readGpc(win.navigator as { globalPrivacyControl?: unknown });
  const emitter = createEmitter();
  const stored = readDecision(doc, config, now());
  let decision: Decision | null = stored.status === 'valid' ? stored.decision : null;
  /** The consent id survives an expiry or a new revision, so the receipts of one browser stay one record. */
  let lastKnown: Decision | null = stored.status === 'none' ? null : stored.decision;
  let shownNotice: { language: string; texts: Record<string, string> } | null = null;
  let floatingButton: FloatingButton | undefined;
  /** The language the visitor will see; the loader fetches the UI file for it. */
  const language = pickLanguage(config, doc, win.navigator.languages ?? []);
  let destroyed = false;
  const cleanups: Array<() => void> = [];

  const isGranted = (category: string) => category === NECESSARY || (decision?.granted.includes(category) ?? false);
  const isServiceAllowed = (serviceId: string) => {
    if (decision?.services.includes(serviceId)) return true;
    const owner = categoryOfService(config, serviceId);
    return owner ? isGranted(owner) : false;
  };
  const offered = (category: string) => config.categories.some((c) => c.id === category);
  const configured = (service?: string) => categoryOfService(config, service) !== undefined;
  const categoryTitle = (id: string): string => {
    const title = config.categories.find((c) => c.id === id)?.title;
    if (title) return localizedText(config, language, title) || id;
    return (BUILT_IN_TITLES as readonly string[]).includes(id)
      ? loaderText(config, language, id as (typeof BUILT_IN_TITLES)[number])
      : id;
  };
  const consentMode = createConsentMode(config, win);
  const blocker = createBlocker({
    config,
    document: doc,
    isAllowed: (category, service) => isGranted(category) || (service !== undefined && isServiceAllowed(service)),
    onEvent: (name, detail) => emitter.emit(name, detail),
    placeholderTexts: (vars) => ({
      text: loaderText(config, language, 'embedText', { ...vars, category: categoryTitle(vars.category) }),
      button: loaderText(config, language, 'embedLoad', { ...vars }),
    }),
    canAllow: (match) => configured(match.service) || offered(match.category),
    // An embed's button allows just that service when the site lists it, else the category it belongs to.
    allow: (match) => {
      if (match.service && configured(match.service)) instance.allowService(match.service);
      else
        instance.accept([...(decision?.granted ?? []).filter((id) => id !== NECESSARY), match.category], { layer: 0 });
    },
  });

  const forgetDecision = () => {
    clearDecision(doc, config, secure);
    decision = null;
    lastKnown = null;
  };
  const ledger = createLazyLedger(
    runtime.loadLedger ?? (() => Promise.reject(new Error('no ledger loader configured'))),
    {
      config,
      emit: emitter.emit,
      clearDecision: forgetDecision,
      getRecordId: () => (decision ?? lastKnown)?.consentId ?? null,
      now,
      randomId,
      window: win,
      // Taken now, before page scripts run: the ledger loads later and must not use a wrapped fetch or crypto.
      fetch: win.fetch?.bind(win),
      crypto: win.crypto,
    },
    () => win.localStorage,
  );

  const context = (): DecisionContext => ({ config, now: now(), gpc, previous: decision ?? lastKnown, randomId });

  /** How Global Privacy Control shaped a decision, for the receipt: it is never consent, only a refusal. */
  const gpcApplied = (d: Decision) =>
    d.gpc && config.gpc && !d.granted.includes(GPC_REFUSED_CATEGORY) ? 'pre-refused-marketing' : 'none';

  const reportError = (error: unknown, where: string) => emitter.emit('error', { error, context: where });

  const ui = createLazyUi(
    () => (runtime.loadUi ? runtime.loadUi(config, language) : Promise.reject(new Error('no UI loader configured'))),
    doc,
    () => ({ instance, config, document: doc, reportShown: (notice) => (shownNotice = notice) }),
    (error) => reportError(error, 'loading the UI'),
  );
  const withUi = ui.use;

  /** Applies a new decision: cookie first, then everything that reacts to it, then the receipt. */
  const decide = (next: Decision, action: DecisionAction, source: DecisionSource = {}): Decision => {
    const previous = decision;
    // Written ahead before anything else, so no cookie ever says more than a receipt can prove.
    const recorded = ledger.record({
      decision: next,
      previous,
      state: receiptState(action, next, previous),
      action,
      layer: source.layer ?? 0,
      notice: shownNotice,
      consentMode: consentModeState(config, next),
      gpcApplied: gpcApplied(next),
    });
    // An expired decision's vendors may have left cookies too: clean up against the last one known.
    const before = previous ?? lastKnown;
    decision = next;
    lastKnown = next;
    writeDecision(doc, config, next, secure);
    // Google hears about the change before any tag is released or cleaned up.
    consentMode.update(next);
    const withdrawn = withdrawnCategories(before, next);
    const services = (before?.services ?? []).filter((id) => !isServiceAllowed(id));
    const cleaned = withdrawn.length || services.length ? blocker.withdraw(withdrawn, services) : undefined;
    blocker.refresh();
    showFloatingButton();
    emitter.emit('change', { decision: next, previous, action });
    // Code that already ran on this page cannot be unloaded: once the clean-up, the opt-out scripts and the
    // receipt are done, start afresh.
    if (cleaned && previous && config.blocking.reloadOnWithdraw) {
      void Promise.all([cleaned, recorded]).then(() => {
        if (!destroyed) win.location.reload();
      });
    }
    return next;
  };

  const instance: SamtykkeInternal = {
    config,
    gpc,
    show: () => withUi((handle) => handle.showBanner()),
    showPreferences: () => {
      const opener = doc.activeElement;
      withUi((handle) => handle.showPreferences(opener));
    },
    hide: () => withUi((handle) => handle.hide()),
    acceptAll: (source) => decide(acceptAllDecision(context()), 'accept-all', source),
    rejectAll: (source) => decide(rejectAllDecision(context()), 'reject-all', source),
    accept: (categories, source) => decide(makeDecision(context(), categories), 'save-selection', source),
    allowService: (serviceId) => decide(allowServiceDecision(context(), serviceId), 'embed', { layer: 0 }),
    withdraw: (source) => decide(rejectAllDecision(context()), 'withdraw', source),
    getDecision: () => decision,
    isGranted,
    isServiceAllowed,
    needsDecision: () => decision === null,
    on: <K extends SamtykkeEventName>(event: K, handler: (payload: SamtykkeEvents[K]) => void) =>
      emitter.on(event, handler),
    destroy() {
      destroyed = true;
      blocker.stop();
      for (const cleanup of cleanups.splice(0)) cleanup();
      ui.destroy();
      ledger.stop();
      floatingButton?.destroy();
      emitter.clear();
    },
    ledger: {
      ...ledger.api,
      // After erasure the visitor is a stranger again: the banner asks anew.
      erase: () => ledger.api.erase().then(() => instance.show()),
    },
  };

  consentMode.start(decision);
  blocker.start();
  ledger.resumeIfPending();
  if (stored.status === 'expired') recordExpiry(stored.decision);

  // Any element with data-samtykke-open opens the preferences: the permanent way back to the choice.
  const onClick = (event: Event) => {
    const opener = (event.target as Element | null)?.closest?.('[data-samtykke-open]');
    if (!opener) return;
    event.preventDefault();
    withUi((handle) => handle.showPreferences(opener));
  };
  doc.addEventListener('click', onClick);
  cleanups.push(() => doc.removeEventListener('click', onClick));

  if (runtime.autoShow !== false && decision === null) instance.show();
  if (decision) showFloatingButton();
  // The cookie policy page's declaration table comes from the UI bundle, so it is loaded there only.
  void bodyReady(doc).then(() => {
    if (doc.querySelector('[data-samtykke-declaration]')) withUi((handle) => handle.renderDeclarations());
  });
  return instance;

  /** The permanent way back to the choice, once there is a choice to go back to. */
  function showFloatingButton(): void {
    const corner = config.ui.floatingButton;
    if (!corner || destroyed) return;
    floatingButton ??= createFloatingButton(doc, {
      corner,
      label: loaderText(config, language, 'settings'),
      nonce: config.ui.nonce,
      onOpen: (button) => withUi((handle) => handle.showPreferences(button)),
    });
    const button = floatingButton;
    void bodyReady(doc).then(() => button.show());
  }

  /** An expired decision is recorded once, however many pages the visitor opens before deciding again. */
  function recordExpiry(expired: Decision): void {
    void ledger.api.list().then(
      (entries) => {
        const last = entries.filter((entry) => entry.receipt.recordId === expired.consentId).at(-1);
        if (last?.receipt.event.state === 'expired') return;
        void ledger.record({
          decision: expired,
          previous: null,
          state: 'expired',
          action: 'api',
          layer: 0,
          notice: null,
          consentMode: consentModeState(config, null),
          gpcApplied: 'none',
        });
      },
      () => {},
    );
  }
}

/** Category ids whose titles ship with the loader texts. */
const BUILT_IN_TITLES = ['necessary', 'statistics', 'marketing', 'preferences'] as const;
