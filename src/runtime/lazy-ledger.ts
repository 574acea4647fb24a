import type { NormalizedConfig } from '../core/index.js';
import { JOURNAL_KEY, OUTBOX_KEY } from '../core/own-storage.js';
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
  /**
   * Loads the ledger now when an earlier page left decisions or receipts waiting. `marked`: the page found the marker
   * cookie saying some may; when none does, it is set right (`0`).
   */
  resumeIfPending(marked?: boolean): void;
  readonly api: LedgerApi;
  stop(): void;
}

/**
 * Writes the marker cookie of waiting receipts (`own-storage.ts`, WAITING_SUFFIX): `true` something may wait,
 * `false` nothing does, `null` removes it.
 */
export type MarkWaiting = (waiting: boolean | null) => void;

/**
 * Keeps the ledger (receipt building, IndexedDB, outbox) out of the loader: a returning visitor whose receipts
 * were all delivered never downloads it. It is loaded when a decision is made, when the visitor asks for their
 * records, or when the markers say an earlier page left decisions or receipts waiting.
 *
 * The marker cookie (`markWaiting`) says so without localStorage. It is set, synchronously, before every write that
 * makes something wait (a decision written ahead, the outbox's marker), so a page that ends between the two leaves
 * a marker over nothing (the next page loads the decide part, finds nothing and clears it), never the reverse. It is
 * cleared only where this page just emptied the journal or the outbox, and only after both are read again in the
 * same task. What is left is another tab queueing in that task, or whose localStorage write has not reached this
 * tab yet (milliseconds): its `1` may be overwritten by this `0`. That tab's own ledger writes `1` again when it
 * stores the receipt (before its outbox marker) and after each delivery pass while anything is pending, so only a
 * tab closed within the second it takes to store a receipt, on a site without a ledger server, leaves a decision in
 * the journal under a `0`: it is built on the next page that loads the decide part (a change, the preferences, a
 * declaration), later but not lost.
 */
export function createLazyLedger(
  load: LoadLedger,
  deps: Omit<LedgerDeps, 'markPending'> & { randomId: () => string },
  storage: () => Storage | undefined,
  markWaiting: MarkWaiting = () => {},
): LazyLedger {
  let ledger: Promise<Ledger> | undefined;
  let stopped = false;
  const journal = createDecisionJournal(storage);
  const now = deps.now ?? Date.now;
  const server = deps.config.ledger.endpoint !== undefined;
  /** Written-ahead decisions this page is turning into receipts, so each is handed over once per page. */
  const building = new Map<string, Promise<void>>();

  const mark = (waiting: boolean | null) => {
    try {
      markWaiting(waiting);
    } catch {
      // A cookie that cannot be written leaves the marker as it was; without one a page loads the decide part.
    }
  };
  /**
   * Whether nothing waits, as localStorage says right now (the outbox's marker counts only with a ledger server, as
   * the runtime reads it). Storage that cannot be read hides nothing without a server, and anything with one.
   */
  const idle = () => {
    try {
      const store = storage();
      if (!store) return !server;
      return !store.getItem(JOURNAL_KEY) && !(server && store.getItem(PENDING_KEY) === '1');
    } catch {
      return !server;
    }
  };
  /** The marker says nothing waits once nothing does, looked at again right before (`gone`: removed instead). */
  const clearIfIdle = (gone = false) => {
    if (idle()) mark(gone ? null : false);
  };

  const markPending = (pending: boolean) => {
    // Before the outbox's marker: a page that ends between the two leaves the cookie saying too much, not too little.
    if (pending) mark(true);
    try {
      if (pending) storage()?.setItem(PENDING_KEY, '1');
      else storage()?.removeItem(PENDING_KEY);
    } catch {
      // Without localStorage every page loads the ledger instead: slower, never lossy.
    }
    if (!pending) clearIfIdle();
  };
  /** The ledger has the receipt: its written-ahead decision goes, and with the last one the marker, if idle. */
  const settled = (receiptId: string) => {
    journal.remove(receiptId);
    clearIfIdle();
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
      const instance = create({ ...deps, markPending, settled });
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
      // Before the journal: the next page learns from the cookie that something may wait.
      mark(true);
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
    resumeIfPending(marked) {
      const waiting = journal.entries().length > 0 || (server && isMarked());
      if (waiting) void use().catch(() => {});
      // A page that ended between the marker and its write (or the decide part loaded for another reason).
      else if (marked) clearIfIdle();
    },
    api: {
      list: () => use().then((l) => l.list()),
      export: () => use().then((l) => l.export()),
      erase: () =>
        use().then(async (l) => {
          // Erased means erased: decisions still waiting to become receipts go too.
          for (const entry of journal.entries()) journal.remove(entry.receiptId);
          const report = await l.erase();
          // And the marker, unless an erasure the ledger server has not had yet still waits (it says `1` then).
          clearIfIdle(true);
          return report;
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
