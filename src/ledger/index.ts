import { uuid } from '../core/ids.js';
import type { NormalizedConfig } from '../core/normalized.js';
import { LEDGER_DATABASE } from '../core/own-storage.js';
import { withVendorDetails } from '../core/vendor-details.js';
import type { ErasureReport, LedgerApi, Receipt, SamtykkeEventName, SamtykkeEvents } from '../types.js';
import { BACKOFF_BASE_MS } from './backoff.js';
import { announceErasure, createLockRunner, type Locks, onErasure } from './browser.js';
import { combineErasures, type ErasureResult } from './erasure-answer.js';
import { createSha256 } from './hash.js';
import {
  byHistory,
  ERASURE_PREFIX,
  evict,
  forgetAll,
  type LocalEntry,
  RECEIPT_PREFIX,
  readHistory,
  toStored,
} from './history.js';
import { deliverPending, type OutboxDeps, othersWaiting } from './outbox.js';
import type { RecordInput } from './receipt.js';
import { createRecorder, type WrittenAhead } from './recorder.js';
import { createLedgerStore } from './store.js';
import { createTransport, describeError } from './transport.js';

export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, parseRetryAfter } from './backoff.js';
export {
  buildReceipt,
  canonicalize,
  hashNotice,
  type NoticeShown,
  type NoticeView,
  noticeView,
  type RecordInput,
} from './receipt.js';
export { LOCAL_ONLY, type WrittenAhead } from './recorder.js';

/** What the ledger needs from the rest of samtykke; everything with a default can be injected in tests. */
export interface LedgerDeps {
  config: NormalizedConfig;
  emit: <K extends SamtykkeEventName>(event: K, payload: SamtykkeEvents[K]) => void;
  /** Clears the decision cookie (used by erase). */
  clearDecision: () => void;
  /** The current consent id, so export and erase cover it even when local history is gone. */
  getRecordId?: () => string | null;
  /** Injected time. @default Date.now */
  now?: () => number;
  /** @default a UUID v7 from the captured Web Crypto and `now` (core/ids.ts) */
  randomId?: () => string;
  /** Jitter source for retries. @default Math.random */
  random?: () => number;
  /** The page's fetch, as the loader found it before any page script could wrap it. @default fetch */
  fetch?: typeof fetch;
  /** Web Crypto, captured like fetch; without `subtle` (plain http) a built-in SHA-256 is used. @default crypto */
  crypto?: Crypto;
  sendBeacon?: (url: string, data: BodyInit) => boolean;
  /** For online/pagehide listeners, location, navigator. */
  window?: Window;
  /** @default `LEDGER_DATABASE` (our own database, never idb-keyval's default 'keyval-store') */
  databaseName?: string;
  /**
   * Told whether receipts wait for delivery, so the loader can leave the ledger unloaded on pages where
   * nothing waits (it keeps a one-byte marker; the receipts themselves stay in IndexedDB).
   */
  markPending?: (pending: boolean) => void;
  /**
   * Told when a receipt no longer needs the decision written ahead for it: once stored in IndexedDB, or, while
   * receipts live in memory (IndexedDB failed, so they die with the page), once the endpoint took or refused it.
   */
  settled?: (receiptId: string) => void;
}

/** The ledger instance: the public `LedgerApi` plus what the composition root drives. */
export interface Ledger extends LedgerApi {
  /**
   * Build, store and queue a receipt (for a decision written ahead: with the id, time, page and config fixed
   * then; stored once however often it is handed over). Never rejects: failures are reported as `error` and give null.
   */
  record(input: RecordInput, ahead?: WrittenAhead): Promise<Receipt | null>;
  /** Deliver what earlier pages left pending (after a short delay) and listen to `online` and `pagehide`. */
  start(): void;
  stop(): void;
}

/** After start(), earlier pages' receipts are sent this much later (then at the next idle moment), off the page's busy start. */
export const START_DELAY_MS = 1_000;

/** Create the browser ledger: receipts stored first, then delivered through a durable outbox. */
export function createLedger(deps: LedgerDeps): Ledger {
  // Receipts record each service's recipient, countries and retention, which the loader's config leaves out.
  const config = withVendorDetails(deps.config);
  const win = deps.window ?? (typeof window === 'undefined' ? undefined : window);
  const nav = win?.navigator;
  const now = deps.now ?? Date.now;
  const endpoint = config.ledger.endpoint;
  const locks = (nav as { locks?: Locks } | undefined)?.locks;
  const emit = <K extends SamtykkeEventName>(event: K, payload: SamtykkeEvents[K]) => {
    try {
      deps.emit(event, payload);
    } catch {
      // A listener's failure is the emitter's business; the ledger carries on.
    }
  };
  const fail = (error: unknown, context: string) => emit('error', { error, context });

  const store = createLedgerStore(deps.databaseName ?? LEDGER_DATABASE, (cause) =>
    fail(
      new Error(
        `samtykke: IndexedDB is unavailable (${describeError(cause)}); receipts are kept in memory for this page`,
        {
          cause,
        },
      ),
      'ledger.storage',
    ),
  );
  const beacon =
    deps.sendBeacon ?? (nav?.sendBeacon ? (url: string, data: BodyInit) => nav.sendBeacon(url, data) : undefined);
  const transport = createTransport({
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    sendBeacon: beacon,
    timeoutMs: config.ledger.timeoutMs,
    now,
  });
  const outbox: OutboxDeps | undefined = endpoint
    ? { store, transport, endpoint, now, random: deps.random ?? Math.random, emit, settled: deps.settled }
    : undefined;

  const pendingCache = new Map<string, LocalEntry>();
  let tail: Promise<unknown> = Promise.resolve();
  let queuedRun: { force: boolean; promise: Promise<void> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let startTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let stopListening: (() => void) | undefined;
  const channelName = `samtykke-ledger:${deps.databaseName ?? LEDGER_DATABASE}`;

  // One outbox task at a time in this page; the Web Lock extends that to every tab.
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
  const withLock = createLockRunner(locks);
  const webCrypto = deps.crypto ?? (typeof crypto === 'undefined' ? undefined : crypto);
  const subtle = webCrypto?.subtle;
  if (!subtle) {
    console.warn(
      'samtykke: this page is not a secure context (plain http), so Web Crypto is missing; receipts are hashed ' +
        'with the ledger’s own SHA-256. Serve the site over https.',
    );
  }
  const recorder = createRecorder({
    hash: createSha256(subtle),
    config,
    store,
    now,
    randomId: deps.randomId ?? (() => uuid(webCrypto, now())),
    withLock,
    page: () => ({ origin: win?.location.origin ?? '', path: win?.location.pathname ?? '/' }),
    userAgent: nav?.userAgent ?? '',
    randomBytes: (length) => (webCrypto as Crypto).getRandomValues(new Uint8Array(length)),
  });

  const schedule = (at: number | null | undefined) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (at === null || at === undefined || stopped) return;
    timer = setTimeout(() => void run(false), Math.max(0, at - now()));
  };

  const refreshCache = async () => {
    pendingCache.clear();
    for (const [, entry] of await store.entries<LocalEntry>(RECEIPT_PREFIX)) {
      if (entry.status === 'pending') pendingCache.set(entry.receipt.receiptId, entry);
    }
  };

  const trim = () => evict(store, config.ledger.historyLimit, Boolean(endpoint));

  const pass = async (force: boolean, heard?: Map<string, ErasureResult>) => {
    try {
      if (!outbox) return await trim();
      const result = await withLock('samtykke-outbox', true, () => deliverPending(outbox, force, heard));
      await refreshCache();
      // A notice upload the ledger server asked for, or an erasure, waits like a receipt: the next page must load
      // the ledger too.
      deps.markPending?.(pendingCache.size > 0 || (await othersWaiting(store)));
      await trim();
      // Another tab holds the outbox: it is delivering; look again shortly in case it missed ours.
      schedule(result.acquired ? result.value : now() + BACKOFF_BASE_MS);
    } catch (error) {
      fail(error, 'ledger.delivery');
      schedule(now() + BACKOFF_BASE_MS);
    }
  };

  const run = (force: boolean): Promise<void> => {
    if (queuedRun) {
      queuedRun.force ||= force;
      return queuedRun.promise;
    }
    const queued = { force, promise: Promise.resolve() };
    queued.promise = enqueue(async () => {
      queuedRun = undefined;
      await pass(queued.force);
    });
    queuedRun = queued;
    return queued.promise;
  };

  const record = async (input: RecordInput, ahead?: WrittenAhead): Promise<Receipt | null> => {
    try {
      const entry = await recorder.record(input, ahead);
      const pending = entry.status === 'pending';
      // Marked pending before its written-ahead decision goes: something says it waits at every moment.
      if (pending && endpoint) deps.markPending?.(true);
      if (store.kind === 'indexeddb' || !endpoint || !pending) deps.settled?.(entry.receipt.receiptId);
      if (!pending) return entry.receipt;
      pendingCache.set(entry.receipt.receiptId, entry);
      emit('receipt', { receipt: entry.receipt });
      void run(false);
      return entry.receipt;
    } catch (error) {
      fail(error, 'ledger.record');
      return null;
    }
  };

  const list = async () => (await readHistory(store)).map(toStored);

  const onOnline = () => void run(true);
  const onPageHide = () => {
    if (!endpoint) return;
    const at = now();
    const receipts = [...pendingCache.values()]
      .filter((entry) => entry.status === 'pending' && (entry.notBefore ?? 0) <= at)
      .sort(byHistory)
      .map((entry) => entry.receipt);
    if (receipts.length > 0) transport.beacon(endpoint, receipts);
  };

  return {
    record,
    list,
    async export() {
      const stored = await list();
      const latest = stored[stored.length - 1]?.receipt.recordId ?? null;
      const document = {
        exportedAt: new Date(now()).toISOString(),
        recordId: deps.getRecordId?.() ?? latest,
        receipts: stored,
      };
      return JSON.stringify(document, null, 2);
    },
    erase: () =>
      enqueue(async (): Promise<ErasureReport> => {
        await recorder.settled();
        let since: number | undefined;
        const sent = new Set<string>();
        try {
          // Waits for another tab's delivery to finish, so nothing of this id lands after the erasure.
          await withLock('samtykke-outbox', false, async () => {
            since = await forgetAll(store, { endpoint: Boolean(endpoint), current: deps.getRecordId?.(), now: now() });
            // This visit's erasures and any earlier one still waiting: the visitor hears of all of them.
            for (const [key] of await store.entries(ERASURE_PREFIX)) sent.add(key.slice(ERASURE_PREFIX.length));
            pendingCache.clear();
          });
          // Other tabs keep pending receipts in memory for their pagehide beacon; erased ones must not go.
          announceErasure(channelName);
        } catch (error) {
          fail(error, 'ledger.erase');
        }
        try {
          deps.clearDecision();
        } catch (error) {
          fail(error, 'ledger.erase');
        }
        const heard = new Map<string, ErasureResult>();
        await pass(true, heard);
        // An erasure not tried in this pass (another tab holds the outbox, or it is backing off) still waits.
        return combineErasures(
          [...sent].map((recordId): ErasureResult => heard.get(recordId) ?? { server: 'waiting' }),
          since,
        );
      }),
    flush: () => run(true),
    start() {
      if (startTimer !== undefined || !win) return;
      stopped = false;
      win.addEventListener('online', onOnline);
      win.addEventListener('pagehide', onPageHide);
      void refreshCache().catch((error: unknown) => fail(error, 'ledger.start'));
      // Mirror the store again: the erased receipts are gone from it, newer ones are not.
      stopListening = onErasure(
        channelName,
        () => void refreshCache().catch((error: unknown) => fail(error, 'ledger.erase')),
      );
      startTimer = setTimeout(() => {
        // Then wait for an idle moment too (at most two seconds): the page comes first.
        if (typeof win.requestIdleCallback === 'function')
          win.requestIdleCallback(() => void run(false), { timeout: 2000 });
        else void run(false);
      }, START_DELAY_MS);
    },
    stop() {
      stopped = true;
      win?.removeEventListener('online', onOnline);
      win?.removeEventListener('pagehide', onPageHide);
      stopListening?.();
      stopListening = undefined;
      if (startTimer !== undefined) clearTimeout(startTimer);
      startTimer = undefined;
      schedule(null);
    },
  };
}
