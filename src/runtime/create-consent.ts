import { createRelease } from '../blocker/index.js';
import {
  allows,
  allowsService,
  applyRequest,
  categoryOfService,
  createDecisionStore,
  createEmitter,
  type DecisionRequest,
  findVendor,
  GPC_REFUSED_CATEGORY,
  isBuiltInCategory,
  isUndeclared,
  NECESSARY,
  type NormalizedConfig,
  normalizeConfig,
  type Outcome,
  type Requester,
  readConfig,
  uuid,
  VENDORS,
} from '../core/index.js';
import { loaderText, localizedText } from '../i18n/loader-texts.js';
import { consentModeState } from '../integrations/consent-mode.js';
import { createKernel, type Kernel, type SamtykkeInternal } from '../loader/index.js';
import type { Decision, SamtykkeConfig, SamtykkeEventName, SamtykkeEvents } from '../types.js';
import { createLazyLedger, type LoadLedger } from './lazy-ledger.js';
import { bodyReady, createLazyUi, type MountBanner, type MountUi } from './lazy-ui.js';

export type { MountBanner, MountUi } from './lazy-ui.js';

import { createFloatingButton, type FloatingButton } from './floating-button.js';

/** How an instance reaches its environment; every part has a browser default. */
export interface Runtime {
  /** Loads the first layer on demand (dynamic import, a script tag, or a static import in the one-file build). */
  loadBanner?: (config: NormalizedConfig, language: string) => Promise<MountBanner>;
  /** Loads the preferences and declaration on demand, like the first layer. */
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

export type { SamtykkeInternal } from '../loader/index.js';

/** Page code is never the visitor: only an event the browser dispatched for a real input proves a choice. */
const API: Requester = { via: 'api' };
const proven = (event: Event | undefined) => event?.isTrusted === true;

/**
 * Creates an instance in one go, as the npm entry does: the config checked in full, then the critical loader's
 * part (cookie, Consent Mode defaults, blocker) and the runtime on top. Several instances can coexist (tests);
 * nothing happens at import time.
 * @throws ConfigError when the config is wrong.
 */
export function createConsentInstance(input: SamtykkeConfig | undefined, runtime: Runtime = {}): SamtykkeInternal {
  const config = normalizeConfig(input);
  const doc = runtime.document ?? document;
  const win = runtime.window ?? (doc.defaultView as Window & typeof globalThis);
  const kernel = createKernel(config, doc, win, runtime.now);
  kernel.start();
  const instance = startRuntime(kernel, runtime);
  kernel.flush();
  return instance;
}

/**
 * The runtime on top of a started kernel: takes over its cookie reading and interception, makes decisions,
 * releases and cleans up, shows the banner when the visitor has not decided.
 */
export function startRuntime(kernel: Kernel, runtime: Runtime = {}): SamtykkeInternal {
  const { document: doc, window: win, gpc, language } = kernel;
  // The loader read the page's config with the catalogue's hosts alone; names and cookies come with the runtime.
  const config = kernel.input === undefined ? kernel.config : readConfig(kernel.input, VENDORS);
  const now = runtime.now ?? Date.now;
  // crypto.randomUUID exists only in secure contexts; a plain-http site must still be able to decide.
  const randomId = runtime.randomId ?? uuid;
  const secure = win.location.protocol === 'https:';
  const emitter = createEmitter();
  const reportError = (error: unknown, where: string) => emitter.emit('error', { error, context: where });
  const store = createDecisionStore({ config, document: doc, window: win, now, secure, initial: kernel.cookie });
  let shownNotice: { language: string; texts: Record<string, string> } | null = null;
  let floatingButton: FloatingButton | undefined;
  let destroyed = false;
  const cleanups: Array<() => void> = [];

  const isGranted = (category: string) => allows(config, store.get(), category);
  const isServiceAllowed = (serviceId: string) => allowsService(config, store.get(), serviceId);
  const offered = (category: string) => config.categories.some((c) => c.id === category);
  const categoryTitle = (id: string): string => {
    const title = config.categories.find((c) => c.id === id)?.title;
    if (title) return localizedText(config, language, title) || id;
    return isBuiltInCategory(id) ? loaderText(config, language, id) : id;
  };
  /** Undeclared vendors held back although their category is granted: the owner hears once per vendor. */
  const warned = new Set<string>();
  const reportUndeclared = (service: string, category: string) => {
    if (warned.has(service)) return;
    warned.add(service);
    console.warn(
      `samtykke: held back ${findVendor(service)?.name ?? service} although "${category}" is granted: it is not ` +
        `declared, so visitors were not told about it. Add "${service}" to config.categories.${category}.services ` +
        'to let it run with its category.',
    );
  };
  const { consentMode, interception } = kernel;
  const onEvent = <K extends 'blocked' | 'released' | 'refused'>(name: K, detail: SamtykkeEvents[K]) => {
    const blocked = detail as SamtykkeEvents['blocked'];
    if (name === 'blocked' && blocked.reason === 'undeclared' && blocked.service) {
      reportUndeclared(blocked.service, blocked.category);
    }
    emitter.emit(name, detail);
  };
  kernel.takeOver(store.get, onEvent);
  const blocker = createRelease(interception, {
    config,
    document: doc,
    isAllowed: (category, service) => allows(config, store.get(), category, service),
    onError: (error) => reportError(error, 'releasing a marked script'),
    placeholderTexts: (vars) => ({
      text: loaderText(config, language, 'embedText', { ...vars, category: categoryTitle(vars.category) }),
      button: loaderText(config, language, 'embedLoad', { ...vars }),
    }),
    canAllow: (match) =>
      match.service
        ? categoryOfService(config, match.service) !== undefined || isUndeclared(config, match.service)
        : offered(match.category),
    // A placeholder's button allows just that service; a frame that names no service, its category.
    allow: (match, event) => {
      const request: DecisionRequest = match.service
        ? { kind: 'allow-service', service: match.service }
        : { kind: 'accept', categories: [...grantedNow(), match.category] };
      apply(request, proven(event) ? { via: 'embed' } : API);
    },
  });
  const grantedNow = () => (store.get()?.granted ?? []).filter((id) => id !== NECESSARY);

  const ledger = createLazyLedger(
    runtime.loadLedger ?? (() => Promise.reject(new Error('no ledger loader configured'))),
    {
      config,
      emit: emitter.emit,
      clearDecision: () => store.set(null),
      getRecordId: () => (store.get() ?? store.lastKnown())?.consentId ?? null,
      now,
      randomId,
      window: win,
      // Taken now, before page scripts run: the ledger loads later and must not use a wrapped fetch or crypto.
      fetch: win.fetch?.bind(win),
      crypto: win.crypto,
    },
    () => win.localStorage,
  );

  /** How Global Privacy Control shaped a decision, for the receipt: it is never consent, only a refusal. */
  const gpcApplied = (d: Decision) =>
    d.gpc && config.gpc && !d.granted.includes(GPC_REFUSED_CATEGORY) ? 'pre-refused-marketing' : 'none';

  const ui = createLazyUi(
    {
      banner: () =>
        runtime.loadBanner
          ? runtime.loadBanner(config, language)
          : Promise.reject(new Error('no first-layer loader configured')),
      ui: () =>
        runtime.loadUi ? runtime.loadUi(config, language) : Promise.reject(new Error('no UI loader configured')),
    },
    doc,
    () => ({
      instance,
      config,
      document: doc,
      reportShown: (notice) => (shownNotice = notice),
      // Only the UI holds this: a choice counts as the visitor's when the browser dispatched its event.
      decide: (request, proof) => void apply(request, proven(proof.event) ? { via: 'ui', layer: proof.layer } : API),
    }),
    (error) => reportError(error, 'loading the UI'),
  );

  /**
   * An expired decision is recorded as `expired` once, before any newer receipt: when the visitor decides before
   * the ledger could tell whether this page must record it, it is recorded right then, ahead of the new one.
   */
  let expiryPending: Decision | null = store.initial.status === 'expired' ? store.initial.decision : null;
  const recordExpiry = () => {
    const expired = expiryPending;
    if (!expired) return;
    expiryPending = null;
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
  };

  /** The receipt of an outcome, written ahead (synchronously) before the cookie can say more than it proves. */
  const record = (outcome: Outcome, previous: Decision | null): Promise<unknown> => {
    const { decision, receipt } = outcome;
    if (!decision || !receipt) return Promise.resolve();
    recordExpiry();
    return ledger.record({
      decision,
      previous,
      state: receipt.state,
      action: receipt.action,
      layer: receipt.layer,
      // The texts shown count only for a choice made in them; an API call or a placeholder saw no banner.
      notice: receipt.action === 'api' || receipt.action === 'embed' ? null : shownNotice,
      consentMode: consentModeState(config, decision),
      gpcApplied: gpcApplied(decision),
      withdrawn: outcome.withdrawn,
    });
  };

  /** Carries out an outcome on this page: Consent Mode first, then clean-up, release and the change event. */
  const carryOut = (outcome: Outcome, previous: Decision | null, sync: boolean): Promise<unknown> => {
    const { decision, receipt } = outcome;
    // Google hears about the change before any tag is released or cleaned up.
    consentMode.update(decision);
    const cleaned = blocker.withdraw(outcome.optOut, outcome.clean);
    blocker.refresh();
    if (decision) {
      showFloatingButton();
      emitter.emit('change', {
        decision,
        previous,
        action: sync ? 'sync' : (receipt?.action ?? 'api'),
        withdrawn: outcome.withdrawn,
      });
    }
    return cleaned;
  };

  /** Code that already ran on this page cannot be unloaded: once the clean-up and the receipt are done, start afresh. */
  const reloadAfter = (done: Promise<unknown>) =>
    void done.then(() => {
      if (!destroyed) win.location.reload();
    });

  /** Applies a change asked for on this page: the rules decide, the cookie is written, everything reacts. */
  const apply = (request: DecisionRequest, requester: Requester): Decision => {
    const previous = store.get();
    if (destroyed) return previous as Decision;
    const outcome = applyRequest(
      { config, now: now(), gpc, randomId, current: previous, lastKnown: store.lastKnown() },
      request,
      requester,
    );
    const recorded = record(outcome, previous);
    store.set(outcome.decision);
    const done = Promise.all([carryOut(outcome, previous, false), recorded]);
    if (outcome.reload) reloadAfter(done);
    return outcome.decision as Decision;
  };

  // Another tab decided (or this page came back from the back/forward cache): same rules, no second receipt.
  cleanups.push(
    store.subscribe((next, previous) => {
      if (destroyed) return;
      const outcome = applyRequest(
        { config, now: now(), gpc, randomId, current: previous, lastKnown: store.lastKnown() },
        { kind: 'external', decision: next },
        API,
      );
      const done = carryOut(outcome, previous, true);
      if (outcome.reload) reloadAfter(done);
      else if (!next) {
        // Erased in another tab: no declaration here may keep showing the forgotten choice and consent id.
        renderDeclarations();
        if (runtime.autoShow !== false) showBannerIfUndecided();
      }
    }),
    () => store.stop(),
  );

  /** "Delete my data": withdraw everything first (Consent Mode, clean-up), then forget, then start afresh. */
  const erase = async (): Promise<void> => {
    const previous = store.get();
    const outcome = applyRequest(
      { config, now: now(), gpc, randomId, current: previous, lastKnown: store.lastKnown() },
      { kind: 'erase' },
      API,
    );
    const done = carryOut(outcome, previous, false);
    let failure: unknown;
    try {
      await ledger.api.erase();
    } catch (error) {
      failure = error;
    }
    // The ledger forgets the decision too; without a ledger it must still go.
    store.set(null);
    await done;
    if (outcome.reload) reloadAfter(Promise.resolve());
    else {
      ui.ui((handle) => handle.renderDeclarations(), true);
      if (!store.get()) showBannerIfUndecided();
    }
    if (failure) throw failure;
  };

  const instance: SamtykkeInternal = {
    config,
    gpc,
    show: () => ui.banner((handle) => handle.show()),
    showPreferences: () => ui.showPreferences(doc.activeElement),
    hide: () => ui.hide(),
    acceptAll: () => apply({ kind: 'accept-all' }, API),
    rejectAll: () => apply({ kind: 'reject-all' }, API),
    accept: (categories) => apply({ kind: 'accept', categories }, API),
    allowService: (service) => apply({ kind: 'allow-service', service }, API),
    withdraw: () => apply({ kind: 'withdraw' }, API),
    withdrawService: (service) => apply({ kind: 'withdraw-service', service }, API),
    getDecision: () => store.get(),
    isGranted,
    isServiceAllowed,
    on: <K extends SamtykkeEventName>(event: K, handler: (payload: SamtykkeEvents[K]) => void) =>
      emitter.on(event, handler),
    destroy() {
      destroyed = true;
      interception.stop();
      blocker.stop();
      for (const cleanup of cleanups.splice(0)) cleanup();
      ui.destroy();
      ledger.stop();
      floatingButton?.destroy();
      emitter.clear();
    },
    ledger: { ...ledger.api, erase },
  };

  // Asked for before the blocker's set-up work, so the first layer's file is on its way early.
  if (runtime.autoShow !== false && store.get() === null) showBannerIfUndecided();
  blocker.start();
  ledger.resumeIfPending();
  // Recorded once, however many pages the visitor opens before deciding again.
  if (expiryPending) {
    const { consentId } = expiryPending;
    void ledger.api.list().then(
      (entries) => {
        const last = entries.filter((entry) => entry.receipt.recordId === consentId).at(-1);
        if (last?.receipt.event.state === 'expired') expiryPending = null;
        else recordExpiry();
      },
      () => {},
    );
  }

  // Any element with data-samtykke-open opens the preferences: the permanent way back to the choice.
  const onClick = (event: Event) => {
    const opener = (event.target as Element | null)?.closest?.('[data-samtykke-open]');
    if (!opener) return;
    event.preventDefault();
    ui.showPreferences(opener);
  };
  doc.addEventListener('click', onClick);
  cleanups.push(() => doc.removeEventListener('click', onClick));

  if (store.get()) showFloatingButton();
  void bodyReady(doc).then(renderDeclarations);
  return instance;

  /** The cookie policy page's declaration comes from the UI bundle, so it is loaded where there is one only. */
  function renderDeclarations(): void {
    if (doc.querySelector('[data-samtykke-declaration]')) ui.ui((handle) => handle.renderDeclarations());
  }

  /** The banner waits for the UI file; by the time it arrives the visitor may have decided elsewhere. */
  function showBannerIfUndecided(): void {
    ui.banner((handle) => {
      if (store.get() === null && !destroyed) handle.show();
    });
  }

  /** The permanent way back to the choice, once there is a choice to go back to. */
  function showFloatingButton(): void {
    const corner = config.ui.floatingButton;
    if (!corner || destroyed) return;
    floatingButton ??= createFloatingButton(doc, {
      corner,
      label: loaderText(config, language, 'settings'),
      nonce: config.ui.nonce,
      onOpen: (button) => ui.showPreferences(button),
    });
    const button = floatingButton;
    void bodyReady(doc).then(() => button.show());
  }
}
