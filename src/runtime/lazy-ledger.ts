import type { NormalizedConfig } from '../core/index.js';
import { OUTBOX_KEY } from '../core/own-storage.js';
import type { createLedger, Ledger, LedgerDeps, RecordInput } from '../ledger/index.js';
import type { LedgerApi } from '../types.js';
import { createDecisionJournal, type JournalEntry } from './decision-journal.js';

/** The ledger factory, loaded on demand (a dynamic import, a script tag, or a static import). */
export type LoadLedger = (config: NormalizedConfig) => Promise<typeof createLedger>;

/** Marker that receipts wait for delivery; its presence alone makes the next page load the ledger. */
const PENDING_KEY = OUTBOX_KEY;

export interface LazyLedger {
  /**
   * Records a receipt: writes the decision ahead to localStorage at once (synchronously), then loads the ledger
   * if needed. Resolves once the receipt is stored, or once this page gave up (the written-ahead decision then
   * waits for a later page); never rejects.
   */
  record(input: RecordInput): Promise<void>;
  /** Loads the ledger now when an earlier page left decisions or receipts waiting. */
  resumeIfPending(): void;
  readonly api: LedgerApi;
  stop(): void;
}

/**
 * Keeps the ledger (receipt building, IndexedDB, outbox) out of the loader: a returning visitor whose receipts
 * were all delivered never downloads it. It is loaded when a decision is made, when the visitor asks for their
 * records, or when the markers say an earlier page left decisions or receipts waiting.
 */
export function createLazyLedger(
  load: LoadLedger,
  deps: Omit<LedgerDeps, 'markPending'> & { randomId: () => string },
  storage: () => Storage | undefined,
): LazyLedger {
  let ledger: Promise<Ledger> | undefined;
  let stopped = false;
  const journal = createDecisionJournal(storage);
  const now = deps.now ?? Date.now;
  /** Written-ahead decisions this page is turning into receipts, so each is handed over once per page. */
  const building = new Map<string, Promise<void>>();

  const markPending = (pending: boolean) => {
    try {
      if (pending) storage()?.setItem(PENDING_KEY, '1');
      else storage()?.removeItem(PENDING_KEY);
    } catch {
      // Without localStorage every page loads the ledger instead: slower, never lossy.
    }
  };
  const isMarked = () => {
    try {
      return storage()?.getItem(PENDING_KEY) === '1';
    } catch {
      return true;
    }
  };

  /** The ledger removes the journal entry (`settled`) once the receipt is safe: until then a later page builds it. */
  const build = (instance: Ledger, entry: JournalEntry): Promise<void> => {
    const running = building.get(entry.receiptId);
    if (running !== undefined) return running;
    const task = instance.record(entry.input, entry).then(() => {});
    building.set(entry.receiptId, task);
    void task.finally(() => building.delete(entry.receiptId));
    return task;
  };

  const use = (): Promise<Ledger> => {
    if (ledger) return ledger;
    const loading = load(deps.config).then((create) => {
      const instance = create({ ...deps, markPending, settled: journal.remove });
      if (!stopped) instance.start();
      // Decisions earlier pages wrote ahead but could not turn into receipts (left too soon, file failed).
      for (const entry of journal.entries()) void build(instance, entry);
      return instance;
    });
    // Reported once per failed load, however many callers wait on it; the next use tries again.
    loading.catch((error: unknown) => {
      ledger = undefined;
      deps.emit('error', { error, context: 'loading the ledger' });
    });
    ledger = loading;
    return loading;
  };

  return {
    record(input) {
      const location = deps.window?.location;
      const entry: JournalEntry = {
        receiptId: deps.randomId(),
        at: now(),
        page: { origin: location?.origin ?? '', path: location?.pathname ?? '/' },
        input,
        config: deps.config,
      };
      if (!journal.add(entry)) {
        deps.emit('error', {
          error: new Error('samtykke: no localStorage; a receipt not built on this page is lost'),
          context: 'ledger.journal',
        });
      }
      return use().then(
        (instance) => build(instance, entry),
        () => {},
      );
    },
    resumeIfPending() {
      const waiting = journal.entries().length > 0 || (deps.config.ledger.endpoint !== undefined && isMarked());
      if (waiting) void use().catch(() => {});
    },
    api: {
      list: () => use().then((l) => l.list()),
      export: () => use().then((l) => l.export()),
      erase: () =>
        use().then((l) => {
          // Erased means erased: decisions still waiting to become receipts go too.
          for (const entry of journal.entries()) journal.remove(entry.receiptId);
          return l.erase();
        }),
      flush: () => use().then((l) => l.flush()),
    },
    stop() {
      stopped = true;
      void ledger?.then(
        (l) => l.stop(),
        () => {},
      );
    },
  };
}
