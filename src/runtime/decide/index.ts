/**
 * The part that makes and changes decisions (`samtykke-decide.js`): the decision rules, the cookie write, the
 * receipts, the first layer and preferences glue, the clean-up after a withdrawal (with the vendors' cookie names
 * and storage keys) and the embed placeholders. A visitor who decided before and does nothing on the page never
 * loads it; the runtime asks for it when it is needed and hands it what it already runs (`RuntimeCore`).
 */
import { clearTraces, createPlaceholders, type Placeholders, type Release, tracesOf } from '../../blocker/index.js';
import {
  applyRequest,
  categoryOfService,
  type DecisionRequest,
  type DecisionStore,
  type Emitter,
  findVendor,
  GPC_REFUSED_CATEGORY,
  isBuiltInCategory,
  isUndeclared,
  jurisdictionOf,
  NECESSARY,
  type NormalizedConfig,
  type Outcome,
  type Requester,
  readConfig,
  type Scope,
  saveDecision,
  uuid,
  VENDORS,
  withCatalogue,
  writeWaiting,
} from '../../core/index.js';
import { createShownNotice } from '../../core/shown-notice.js';
import { loaderText, localizedText } from '../../i18n/loader-texts.js';
import { consentModeState } from '../../integrations/consent-mode.js';
import type { Kernel, SamtykkeInternal } from '../../loader/index.js';
import type { Decision, ErasureReport, LedgerApi, SamtykkeEvents } from '../../types.js';
import { createLazyLedger } from '../lazy-ledger.js';
import { createLazyUi, type LazyUi } from '../lazy-ui.js';
import type { Runtime } from '../start-runtime.js';
import { keepErasureReport, takeErasureReport } from './erasure-report.js';

/** What the runtime lends the decide part: the objects it already runs, so both work on one state. */
export interface RuntimeCore {
  kernel: Kernel;
  store: DecisionStore;
  emitter: Emitter;
  release: Release;
  /** The instance page code holds (the UI is handed it). */
  instance: SamtykkeInternal;
  runtime: Runtime;
  /** Releases what is allowed now and, for a decision, shows the floating button and emits `change`. */
  settle(
    decision: Decision | null,
    previous: Decision | null,
    action: SamtykkeEvents['change']['action'],
    withdrawn: Scope,
  ): void;
  destroyed(): boolean;
  reportError(error: unknown, where: string): void;
  /** Taken when the runtime started, before page scripts could wrap them. */
  fetch: typeof fetch | undefined;
  crypto: Crypto | undefined;
}

/** What the decide part does for the runtime. */
export interface Decider {
  /** The page's config read with the whole vendor catalogue (names, cookies, storage keys). */
  readonly config: NormalizedConfig;
  /** Applies a change asked for on this page: the rules decide, the cookie is written, everything reacts. */
  apply(request: DecisionRequest, requester: Requester): Decision;
  /**
   * A choice made in samtykke's UI: the visitor's when `proof.event` is one the browser dispatched for a real input
   * (still true when it is carried out later, after the part arrived), page code's otherwise.
   */
  decide(request: DecisionRequest, proof: { layer: 1 | 2; event?: Event }): void;
  /** Another tab changed the decision (Consent Mode was told already): clean up, start afresh if asked to. */
  external(next: Decision | null, previous: Decision | null): void;
  /** "Delete my data": resolves with what was erased and what the ledger server keeps. */
  erase(): Promise<ErasureReport>;
  readonly ledger: LedgerApi;
  readonly ui: LazyUi;
  readonly placeholders: Placeholders;
  renderDeclarations(): void;
  /** A built-in vendor's name for the owner's console. */
  vendorName(id: string): string | undefined;
  /** Right after it started: shows the first layer when the visitor must be asked. */
  begin(): void;
  /**
   * Once the blocker runs: receipts earlier pages left waiting, an expiry to record. `mayWait` is the runtime's
   * reading of the marker cookie (start-runtime.ts `receiptsWait`): false when it says that nothing waits.
   */
  resume(mayWait: boolean): void;
  destroy(): void;
}

/** The decide part's start, as `window.SamtykkeDecide.start` or a static import. */
export type DecidePart = (core: RuntimeCore) => Decider;

/** Page code is never the visitor: only an event the browser dispatched for a real input proves a choice. */
const API: Requester = { via: 'api' };
const proven = (event: Event | undefined) => event?.isTrusted === true;

export function startDecide(core: RuntimeCore): Decider {
  const { kernel, store, emitter, release, instance, runtime } = core;
  const { document: doc, window: win, gpc, language, consentMode } = kernel;
  // The loader read the page's config with the catalogue's hosts alone; names, cookies and the jurisdiction come
  // with this part.
  // A per-site loader's compiled config left the built-in vendors' cookies and storage keys to this part's catalogue.
  const config =
    kernel.input === undefined
      ? withCatalogue(kernel.config, VENDORS)
      : readConfig(kernel.input, VENDORS, jurisdictionOf);
  const now = runtime.now ?? kernel.natives.now;
  // Time-ordered (core/ids.ts), from getRandomValues: a plain-http site, without randomUUID, must still decide.
  const randomId = runtime.randomId ?? (() => uuid(kernel.natives.crypto, now()));
  const secure = win.location.protocol === 'https:';
  const shown = createShownNotice();

  const offered = (category: string) => config.categories.some((c) => c.id === category);
  const categoryTitle = (id: string): string => {
    const title = config.categories.find((c) => c.id === id)?.title;
    if (title) return localizedText(config, language, title) || id;
    return isBuiltInCategory(id) ? loaderText(config, language, id) : id;
  };
  const grantedNow = () => (store.get()?.granted ?? []).filter((id) => id !== NECESSARY);
  const placeholders = createPlaceholders(config, doc, {
    placeholderTexts: (vars, on) => {
      const text = loaderText(config, language, 'embedText', { ...vars, category: categoryTitle(vars.category) });
      const button = loaderText(config, language, 'embedLoad', { ...vars });
      const key = `embeds.${on.id}.`;
      // Part of what the visitor was shown: the text, and the button when the placeholder has one.
      shown.report({ language, texts: { [`${key}text`]: text, ...(on.button && { [`${key}button`]: button }) } });
      return { text, button };
    },
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

  const ledger = createLazyLedger(
    runtime.loadLedger ?? (() => Promise.reject(new Error('no ledger loader configured'))),
    {
      config,
      emit: emitter.emit,
      clearDecision: () => saveDecision(store, doc, config, null, secure),
      getRecordId: () => (store.get() ?? store.lastKnown())?.consentId ?? null,
      now,
      randomId,
      window: win,
      fetch: core.fetch,
      crypto: core.crypto,
    },
    () => win.localStorage,
    (waiting) => writeWaiting(doc, config, waiting, secure),
  );

  /** How Global Privacy Control shaped a decision, for the receipt: it is never consent, only a refusal. */
  const gpcApplied = (d: Decision) =>
    d.gpc && config.gpc && !d.granted.includes(GPC_REFUSED_CATEGORY) ? 'pre-refused-marketing' : 'none';

  const decide: Decider['decide'] = (request, proof) =>
    void apply(request, proven(proof.event) ? { via: 'ui', layer: proof.layer } : API);
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
      reportShown: shown.report,
      // Only the UI holds this: a choice counts as the visitor's when the browser dispatched its event.
      decide,
    }),
    (error) => core.reportError(error, 'loading the UI'),
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
      // What this page showed (banner, preferences, placeholders); page code calling the API was shown nothing.
      notice: receipt.action === 'api' ? null : shown.current(),
      consentMode: consentModeState(config, decision),
      gpcApplied: gpcApplied(decision),
      withdrawn: outcome.withdrawn,
    });
  };

  /** Carries out an outcome on this page: Consent Mode first (unless told already), then clean-up and release. */
  const carryOut = (outcome: Outcome, previous: Decision | null, sync: boolean): Promise<unknown> => {
    const { decision, receipt, clean } = outcome;
    // Google hears about the change before any tag is released or cleaned up; of another tab's, the runtime told it.
    if (!sync) consentMode.update(decision);
    clearTraces(doc, tracesOf(config, clean.services), tracesOf(config, clean.keep));
    const cleaned = release.runOptOut(outcome.optOut);
    core.settle(decision, previous, sync ? 'sync' : (receipt?.action ?? 'api'), outcome.withdrawn);
    return cleaned;
  };

  /** Code that already ran on this page cannot be unloaded: once the clean-up and the receipt are done, start afresh. */
  const reloadAfter = (done: Promise<unknown>) =>
    void done.then(() => {
      if (!core.destroyed()) win.location.reload();
    });

  const rules = (request: DecisionRequest, requester: Requester) =>
    applyRequest(
      { config, now: now(), gpc, randomId, current: store.get(), lastKnown: store.lastKnown() },
      request,
      requester,
    );

  const apply = (request: DecisionRequest, requester: Requester): Decision => {
    const previous = store.get();
    if (core.destroyed()) return previous as Decision;
    const outcome = rules(request, requester);
    const recorded = record(outcome, previous);
    saveDecision(store, doc, config, outcome.decision, secure);
    const done = Promise.all([carryOut(outcome, previous, false), recorded]);
    if (outcome.reload) reloadAfter(done);
    return outcome.decision as Decision;
  };

  /** The banner waits for its file; by the time it arrives the visitor may have decided elsewhere. */
  const showBannerIfUndecided = () =>
    ui.banner((handle) => {
      if (store.get() === null && !core.destroyed()) handle.show();
    });
  /** The cookie policy page's declaration comes from the UI bundle. */
  const renderDeclarations = () => {
    if (doc.querySelector('[data-samtykke-declaration]')) ui.ui((handle) => handle.renderDeclarations());
  };

  return {
    config,
    apply,
    decide,
    external(next, previous) {
      if (core.destroyed()) return;
      // Same rules as a change made here, but no second receipt: the other tab recorded it.
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
    },
    /** "Delete my data": withdraw everything first (Consent Mode, clean-up), then forget, then start afresh. */
    async erase() {
      const previous = store.get();
      const outcome = rules({ kind: 'erase' }, API);
      const done = carryOut(outcome, previous, false);
      let failure: unknown;
      let report: ErasureReport = { server: 'none' };
      try {
        report = await ledger.api.erase();
      } catch (error) {
        failure = error;
      }
      // The ledger forgets the decision too; without a ledger it must still go.
      saveDecision(store, doc, config, null, secure);
      await done;
      if (outcome.reload) {
        // The visitor is told what was erased and kept on the page the reload brings (begin()).
        if (!failure) keepErasureReport(win, report);
        reloadAfter(Promise.resolve());
      } else {
        ui.ui((handle) => handle.renderDeclarations(), true);
        if (!store.get()) showBannerIfUndecided();
      }
      if (failure) throw failure;
      return report;
    },
    ledger: ledger.api,
    ui,
    placeholders,
    renderDeclarations,
    vendorName: (id) => findVendor(id)?.name,
    begin() {
      // Asked for before the blocker's set-up work, so the first layer's file is on its way early.
      if (runtime.autoShow !== false && store.get() === null) showBannerIfUndecided();
      // The page before erased the visitor's data and reloaded: the preferences, where they asked, say what happened.
      const erased = takeErasureReport(win);
      if (erased) {
        ui.showPreferences();
        ui.ui((handle) => handle.erased(erased));
      }
    },
    resume(mayWait) {
      // Unless the marker said nothing waits (or there is no decision yet, which this part is here for), it is set
      // right when nothing does: a page that ended between the marker and its write, a visitor from before it.
      ledger.resumeIfPending(store.get() !== null && mayWait);
      // Recorded once, however many pages the visitor opens before deciding again.
      const expired = expiryPending;
      if (!expired) return;
      void ledger.api.list().then(
        (entries) => {
          const last = entries.filter((entry) => entry.receipt.recordId === expired.consentId).at(-1);
          if (last?.receipt.event.state === 'expired') expiryPending = null;
          else recordExpiry();
        },
        () => {},
      );
    },
    destroy() {
      ui.destroy();
      ledger.stop();
    },
  };
}
