import { createRelease, type Placeholders } from '../blocker/index.js';
import { bodyReady } from '../core/body-ready.js';
import {
  allows,
  allowsService,
  createDecisionStore,
  createEmitter,
  type DecisionRequest,
  type NormalizedConfig,
  type Requester,
  readCookie,
} from '../core/index.js';
import { WAITING_SUFFIX } from '../core/own-storage.js';
import { settingsText } from '../i18n/settings-text.js';
import type { Kernel, SamtykkeInternal } from '../loader/index.js';
import type { Decision, SamtykkeEventName, SamtykkeEvents } from '../types.js';
import type { DecidePart, Decider, RuntimeCore } from './decide/index.js';
import { createFloatingButton, type FloatingButton } from './floating-button.js';
import type { LoadLedger } from './lazy-ledger.js';
import type { MountBanner, MountUi } from './lazy-ui.js';

/**
 * Where the part that makes and changes decisions comes from (`decide/`): bundled (the npm entry, the one-file
 * build), or loaded the first time it is needed (`samtykke-decide.js`).
 */
export type DecideSource = { bundled: DecidePart } | { load: () => Promise<DecidePart> };

/** How an instance reaches its environment; every part has a browser default. */
export interface Runtime {
  /** Loads the first layer on demand (dynamic import, a script tag, or a static import in the one-file build). */
  loadBanner?: (config: NormalizedConfig, language: string) => Promise<MountBanner>;
  /** Loads the preferences and declaration on demand, like the first layer. */
  loadUi?: (config: NormalizedConfig, language: string) => Promise<MountUi>;
  /** Loads the ledger on demand, like the UI. */
  loadLedger?: LoadLedger;
  /** The part that makes and changes decisions. @default bundled */
  decide?: DecideSource;
  document?: Document;
  window?: Window & typeof globalThis;
  now?: () => number;
  randomId?: () => string;
  /** Show the banner at once when there is no valid decision. @default true */
  autoShow?: boolean;
}

/** Page code is never the visitor: only an event the browser dispatched for a real input proves a choice. */
const API: Requester = { via: 'api' };
const NOTHING = { categories: [], services: [] };

/**
 * The runtime on top of a started kernel, as a returning visitor's page needs it: it takes over the kernel's
 * cookie reading and interception, answers the read side of the API, releases what the decision allows, follows
 * decisions made in other tabs and shows the floating button. Making or changing a decision is the decide part's
 * (`decide/`): bundled, it starts at once; loaded, it is asked for when first needed (the visitor has not
 * decided, a button or page code asks for a change, a withdrawal arrives from another tab, a frame is held, a
 * declaration is on the page, receipts wait). Until it is here, what needs it waits in order.
 */
export function startRuntime(kernel: Kernel, runtime: Runtime = {}): SamtykkeInternal {
  const { document: doc, window: win, config, language, consentMode, interception } = kernel;
  const emitter = createEmitter();
  const reportError = (error: unknown, where: string) => emitter.emit('error', { error, context: where });
  // One wait for <body> for all that mounts there (the floating button, the declaration's check): one observer.
  const body = bodyReady(doc);
  const store = createDecisionStore({
    config,
    document: doc,
    window: win,
    now: runtime.now ?? kernel.natives.now,
    initial: kernel.cookie,
  });
  const source = runtime.decide ?? { load: () => Promise.reject(new Error('samtykke: no decide part configured')) };
  let decider: Decider | undefined;
  let loading: Promise<unknown> | undefined;
  /** What asked for the decide part before it was here, in order; `fail` hears when it could not come. */
  const waiting: Array<[run: (decider: Decider) => void, fail: (error: unknown) => void]> = [];
  let floatingButton: FloatingButton | undefined;
  let destroyed = false;
  const cleanups: Array<() => void> = [];

  const arrived = (start: DecidePart) => {
    const part = start(core);
    decider = part;
    part.begin();
    return part;
  };
  /**
   * Runs `run` with the decide part: at once when it is here (its answer returned), else once it has arrived, in
   * the order asked. A part that fails to load is reported once, `fail` hears it, and the next use tries again.
   */
  const withDecider = <T>(run: (decider: Decider) => T, fail: (error: unknown) => void = () => {}): T | undefined => {
    if (destroyed) return undefined;
    if (decider) return run(decider);
    waiting.push([run, fail]);
    if (loading || !('load' in source)) return undefined;
    const load = source.load();
    loading = load;
    load.then(
      (start) => {
        if (destroyed) return;
        const part = arrived(start);
        for (const [queued, failed] of waiting.splice(0)) {
          try {
            queued(part);
          } catch (error) {
            // A queued call the rules refused (an unknown category) fails alone, as it would have in place.
            failed(error);
            console.error(error);
          }
        }
        part.resume(receiptsWait(kernel));
      },
      (error: unknown) => {
        loading = undefined;
        // Nothing was decided, written or released: the calls that waited hear why.
        for (const [, failed] of waiting.splice(0)) failed(error);
        reportError(error, 'loading samtykke-decide.js');
      },
    );
    return undefined;
  };

  const isGranted = (category: string) => allows(config, store.get(), category);
  const isServiceAllowed = (serviceId: string) => allowsService(config, store.get(), serviceId);
  /** Undeclared vendors held back although their category is granted: the owner hears once per vendor. */
  const warned = new Set<string>();
  const reportUndeclared = (service: string, category: string) => {
    if (warned.has(service)) return;
    warned.add(service);
    console.warn(
      `samtykke: held back ${decider?.vendorName(service) ?? service} although "${category}" is granted: it is not ` +
        `declared, so visitors were not told about it. Add "${service}" to config.categories.${category}.services ` +
        'to let it run with its category.',
    );
  };
  const onEvent = <K extends 'blocked' | 'released' | 'refused'>(name: K, detail: SamtykkeEvents[K]) => {
    const blocked = detail as SamtykkeEvents['blocked'];
    if (name === 'blocked' && blocked.reason === 'undeclared' && blocked.service) {
      reportUndeclared(blocked.service, blocked.category);
    }
    emitter.emit(name, detail);
  };
  kernel.takeOver(store.get, onEvent);

  /** The placeholders come with the decide part: the first held frame asks for it, and it places them all. */
  const placeholders: Placeholders = {
    place(held) {
      if (decider) decider.placeholders.place(held);
      // Once here, the release's refresh places every frame still held.
      else withDecider(() => blocker.refresh());
    },
    drop: (frame) => decider?.placeholders.drop(frame),
    prune: () => decider?.placeholders.prune(),
    stop: () => decider?.placeholders.stop(),
  };
  const blocker = createRelease(interception, {
    document: doc,
    isAllowed: (category, service) => allows(config, store.get(), category, service),
    onError: (error) => reportError(error, 'releasing a marked script'),
    placeholders,
  });

  /** After a change on this page or another: release what is allowed now and tell the page. */
  const settle: RuntimeCore['settle'] = (decision, previous, action, withdrawn) => {
    blocker.refresh();
    if (!decision) return;
    showFloatingButton();
    emitter.emit('change', { decision, previous, action, withdrawn });
  };

  // Another tab decided (or this page came back from the back/forward cache): same rules, no second receipt.
  cleanups.push(
    store.subscribe((next, previous) => {
      if (destroyed) return;
      // Google hears about the change before any tag is released or cleaned up.
      consentMode.update(next);
      // Something stopped being allowed: its traces go and the page may start afresh, which the decide part does.
      if (decider || narrows(config, previous, next)) withDecider((part) => part.external(next, previous));
      else settle(next, previous, 'sync', NOTHING);
    }),
    () => store.stop(),
  );

  /** The preferences file is asked for together with the decide part that mounts it, not after it. */
  const preload = () => {
    if (!decider) runtime.loadUi?.(config, language).catch(() => {});
  };
  /** The floating button's click while the decide part loads: one dialog, opened once, focus back to the button. */
  let opening = false;
  const showPreferences = (opener: Element | null) => {
    if (opening) return;
    opening = !decider;
    preload();
    withDecider(
      (part) => {
        opening = false;
        part.ui.showPreferences(opener);
      },
      () => (opening = false),
    );
  };
  const decide = (request: DecisionRequest) => withDecider((part) => part.apply(request, API)) ?? (null as never);
  const ledgerCall =
    <T>(run: (part: Decider) => Promise<T>) =>
    () =>
      new Promise<T>((resolve, reject) => withDecider((part) => run(part).then(resolve, reject), reject));

  const instance: SamtykkeInternal = {
    // The decide part's once it is here: it read the config again with the whole vendor catalogue.
    get config() {
      return decider?.config ?? config;
    },
    gpc: kernel.gpc,
    show: () => void withDecider((part) => part.ui.banner((handle) => handle.show())),
    showPreferences: () => showPreferences(doc.activeElement),
    // Nothing of the UI shows before the decide part mounts it.
    hide: () => void (loading && withDecider((part) => part.ui.hide())),
    acceptAll: () => decide({ kind: 'accept-all' }),
    rejectAll: () => decide({ kind: 'reject-all' }),
    accept: (categories) => decide({ kind: 'accept', categories }),
    allowService: (service) => decide({ kind: 'allow-service', service }),
    withdraw: () => decide({ kind: 'withdraw' }),
    withdrawService: (service) => decide({ kind: 'withdraw-service', service }),
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
      decider?.destroy();
      floatingButton?.destroy();
      emitter.clear();
    },
    ledger: {
      list: ledgerCall((part) => part.ledger.list()),
      export: ledgerCall((part) => part.ledger.export()),
      erase: ledgerCall((part) => part.erase()),
      flush: ledgerCall((part) => part.ledger.flush()),
    },
  };

  const core: RuntimeCore = {
    kernel,
    store,
    emitter,
    release: blocker,
    instance,
    runtime,
    settle,
    destroyed: () => destroyed,
    reportError,
    // As the loader found them, before page scripts ran: the ledger loads later and must not use a wrapped fetch
    // or crypto.
    fetch: kernel.natives.fetch?.bind(win),
    crypto: kernel.natives.crypto,
  };

  // The visitor must be asked (or their decision was made under another revision, or expired): the decide part
  // is needed at once, before the blocker's set-up work, so the first layer's file is on its way early.
  if ('bundled' in source) arrived(source.bundled);
  else if (store.get() === null) withDecider(() => {});
  blocker.start();
  decider?.resume(receiptsWait(kernel));
  // Receipts an earlier page left waiting need the decide part too, but not ahead of what the decision allows.
  if (!decider && !loading && receiptsWait(kernel)) withDecider(() => {});

  // Any element with data-samtykke-open opens the preferences: the permanent way back to the choice.
  const onClick = (event: Event) => {
    const opener = (event.target as Element | null)?.closest?.('[data-samtykke-open]');
    if (!opener) return;
    event.preventDefault();
    showPreferences(opener);
  };
  doc.addEventListener('click', onClick);
  cleanups.push(() => doc.removeEventListener('click', onClick));

  if (store.get()) showFloatingButton();
  // The cookie policy page's declaration comes from the UI bundle, so it is loaded where there is one only.
  void body.then(() => {
    if (!doc.querySelector('[data-samtykke-declaration]')) return;
    preload();
    withDecider((part) => part.renderDeclarations());
  });
  return instance;

  /** The permanent way back to the choice, once there is a choice to go back to. */
  function showFloatingButton(): void {
    const corner = config.ui.floatingButton;
    if (!corner || destroyed) return;
    floatingButton ??= createFloatingButton(doc, {
      corner,
      label: settingsText(config, language),
      nonce: config.ui.nonce,
      onOpen: (button) => showPreferences(button),
    });
    const button = floatingButton;
    void body.then(() => button.show());
  }
}

/**
 * Whether a change takes anything away that was allowed: a category or a service no longer granted, or the
 * decision gone. A change that only adds needs no clean-up, so it is carried out without the decide part.
 */
export function narrows(config: NormalizedConfig, previous: Decision | null, next: Decision | null): boolean {
  if (!next) return previous !== null;
  return (
    (previous?.granted ?? []).some((id) => !next.granted.includes(id)) ||
    (previous?.services ?? []).some((id) => !allowsService(config, next, id))
  );
}

/**
 * An earlier page may have left decisions waiting to become receipts, or receipts waiting for the ledger server:
 * the decide part resumes them (`lazy-ledger.ts` looks closer). The marker cookie (`own-storage.ts`,
 * WAITING_SUFFIX), from the loader's one read of the cookies, says so without localStorage, whose first read on a
 * page fetches the site's whole storage area synchronously: only `0`, written once the journal and the outbox were
 * both empty, says that nothing waits. Without it (a visitor from before it existed, a cookie that could not be
 * written) the decide part is loaded, which reads localStorage and, where nothing waits, writes `0` for the next page.
 */
function receiptsWait({ config, cookie }: Kernel): boolean {
  return readCookie(cookie.jar, config.cookie.name + WAITING_SUFFIX) !== '0';
}
