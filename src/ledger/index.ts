import type { NormalizedConfig } from '../core/normalized.js';
import type { LedgerApi, Receipt, SamtykkeEventName, SamtykkeEvents } from '../types.js';
import { BACKOFF_BASE_MS } from './backoff.js';
import {
  byHistory,
  deliverPending,
  ERASURE_PREFIX,
  HEAD_PREFIX,
  type LocalEntry,
  type OutboxDeps,
  type PendingErasure,
  RECEIPT_PREFIX,
  toStored,
} from './outbox.js';
import { buildReceipt, hashNotice, type RecordInput } from './receipt.js';
import { createLedgerStore } from './store.js';
import { createTransport, describeError } from './transport.js';

export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, parseRetryAfter } from './backoff.js';
export {
  buildReceipt,
  canonicalize,
  hashNotice,
  type NoticeShown,
  type RecordInput,
  receiptStateFor,
} from './receipt.js';

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
  /** @default crypto.randomUUID (a getRandomValues UUID v4 where randomUUID is missing) */
  randomId?: () => string;
  /** Jitter source for retries. @default Math.random */
  random?: () => number;
  fetch?: typeof fetch;
  sendBeacon?: (url: string, data: BodyInit) => boolean;
  /** For online/pagehide listeners, location, navigator. */
  window?: Window;
  /** @default 'samtykke' (our own database, never idb-keyval's default 'keyval-store') */
  databaseName?: string;
}

/** The ledger instance: the public `LedgerApi` plus what the composition root drives. */
export interface Ledger extends LedgerApi {
  /** Build, store and queue a receipt. Never rejects: failures are reported as `error` and give null. */
  record(input: RecordInput): Promise<Receipt | null>;
  /** Deliver what earlier pages left pending (after a short delay) and listen to `online` and `pagehide`. */
  start(): void;
  stop(): void;
}

/** Note kept on receipts when there is nowhere to send them. */
export const LOCAL_ONLY = 'kept locally: no ledger endpoint configured';
/** After start(), earlier pages' receipts are sent this much later, off the page's busy first moments. */
export const START_DELAY_MS = 1_000;

interface Head {
  receiptHash: string;
  position: number;
}
type Locks = {
  request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown>;
};

/** Create the browser ledger: receipts stored first, then delivered through a durable outbox. */
export function createLedger(deps: LedgerDeps): Ledger {
  const { config } = deps;
  const win = deps.window ?? (typeof window === 'undefined' ? undefined : window);
  const nav = win?.navigator;
  const now = deps.now ?? Date.now;
  const randomId = deps.randomId ?? uuid;
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

  const store = createLedgerStore(deps.databaseName ?? 'samtykke', (cause) =>
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
    ? { store, transport, endpoint, now, random: deps.random ?? Math.random, emit }
    : undefined;

  const chains = new Map<string, Promise<unknown>>();
  const pendingCache = new Map<string, LocalEntry>();
  let configHash: Promise<string> | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let queuedRun: { force: boolean; promise: Promise<void> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let startTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  // One outbox task at a time in this page; the Web Lock extends that to every tab.
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
  const withLock = async <T>(name: string, ifAvailable: boolean, task: () => Promise<T>) => {
    // Without Web Locks two tabs may send the same receipt at once; ids make that harmless.
    if (!locks) return { acquired: true, value: await task() };
    let outcome: { acquired: boolean; value?: T } = { acquired: false };
    await locks.request(name, ifAvailable ? { ifAvailable: true } : {}, async (lock) => {
      if (lock) outcome = { acquired: true, value: await task() };
    });
    return outcome;
  };

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

  const evict = async () => {
    const all = (await store.entries<LocalEntry>(RECEIPT_PREFIX)).map(([, entry]) => entry).sort(byHistory);
    const excess = all.length - config.ledger.historyLimit;
    if (excess <= 0) return;
    // Pending receipts are never evicted: they are not safe anywhere else yet. Without an endpoint
    // they never will be, so there the oldest go first whatever their state.
    const removable = all.filter((entry) => entry.status !== 'pending' || !endpoint).slice(0, excess);
    if (removable.length > 0)
      await store.write(
        [],
        removable.map((entry) => RECEIPT_PREFIX + entry.receipt.receiptId),
      );
  };

  const pass = async (force: boolean) => {
    try {
      if (!outbox) return await evict();
      const result = await withLock('samtykke-outbox', true, () => deliverPending(outbox, force));
      await refreshCache();
      await evict();
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

  const recordNow = async (input: RecordInput): Promise<Receipt> => {
    const recordId = input.decision.consentId;
    const at = now();
    configHash ??= hashNotice(config, null).then((hashes) => hashes.configHash);
    const [{ textHash }, head] = await Promise.all([
      hashNotice(config, input.notice),
      store.get<Head>(HEAD_PREFIX + recordId),
    ]);
    const receipt = await buildReceipt(input, {
      config,
      now: at,
      receiptId: randomId(),
      configHash: await configHash,
      textHash,
      previousHash: head?.receiptHash ?? null,
      page: { origin: win?.location.origin ?? '', path: win?.location.pathname ?? '/' },
      userAgent: nav?.userAgent ?? '',
    });
    const entry: LocalEntry = {
      receipt,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      storedAt: at,
      position: head ? head.position + 1 : 0,
      ...(endpoint ? {} : { lastError: LOCAL_ONLY }),
    };
    const link: Head = { receiptHash: receipt.integrity.receiptHash, position: entry.position };
    // Stored first, and the chain head moves in the same transaction, so the chain cannot fork.
    await store.write([
      [RECEIPT_PREFIX + receipt.receiptId, entry],
      [HEAD_PREFIX + recordId, link],
    ]);
    pendingCache.set(receipt.receiptId, entry);
    return receipt;
  };

  const record = async (input: RecordInput): Promise<Receipt | null> => {
    const recordId = input.decision.consentId;
    // Serialised per consent id, in this page and (with Web Locks) across tabs.
    const task = (chains.get(recordId) ?? Promise.resolve()).then(() =>
      withLock(`samtykke-chain:${recordId}`, false, () => recordNow(input)),
    );
    chains.set(
      recordId,
      task.catch(() => undefined),
    );
    try {
      const receipt = (await task).value as Receipt;
      emit('receipt', { receipt });
      void run(false);
      return receipt;
    } catch (error) {
      fail(error, 'ledger.record');
      return null;
    }
  };

  const list = async () =>
    (await store.entries<LocalEntry>(RECEIPT_PREFIX))
      .map(([, entry]) => entry)
      .sort(byHistory)
      .map(toStored);

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
      enqueue(async () => {
        await Promise.all(chains.values());
        try {
          await withLock('samtykke-outbox', false, async () => {
            const receipts = await store.entries<LocalEntry>(RECEIPT_PREFIX);
            const heads = await store.entries<Head>(HEAD_PREFIX);
            const ids = new Set([
              ...receipts.map(([, entry]) => entry.receipt.recordId),
              ...heads.map(([key]) => key.slice(HEAD_PREFIX.length)),
            ]);
            const current = deps.getRecordId?.();
            if (current) ids.add(current);
            const erasures: Array<[string, PendingErasure]> = endpoint
              ? [...ids].map((recordId) => [ERASURE_PREFIX + recordId, { recordId, attempts: 0, nextAttemptAt: now() }])
              : [];
            // The erasure requests are queued in the same step that forgets the receipts: neither is lost.
            await store.write(
              erasures,
              [...receipts, ...heads].map(([key]) => key),
            );
            pendingCache.clear();
          });
        } catch (error) {
          fail(error, 'ledger.erase');
        }
        try {
          deps.clearDecision();
        } catch (error) {
          fail(error, 'ledger.erase');
        }
        await pass(true);
      }),
    flush: () => run(true),
    start() {
      if (startTimer !== undefined || !win) return;
      stopped = false;
      win.addEventListener('online', onOnline);
      win.addEventListener('pagehide', onPageHide);
      void refreshCache().catch((error: unknown) => fail(error, 'ledger.start'));
      startTimer = setTimeout(() => void run(false), START_DELAY_MS);
    },
    stop() {
      stopped = true;
      win?.removeEventListener('online', onOnline);
      win?.removeEventListener('pagehide', onPageHide);
      if (startTimer !== undefined) clearTimeout(startTimer);
      startTimer = undefined;
      schedule(null);
    },
  };
}

/** A random UUID v4; `crypto.randomUUID` exists only in secure contexts, getRandomValues everywhere. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
