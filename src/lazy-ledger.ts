import type { NormalizedConfig } from './core/index.js';
import type { createLedger, Ledger, LedgerDeps, RecordInput } from './ledger/index.js';
import type { LedgerApi } from './types.js';

/** The ledger factory, loaded on demand (a dynamic import, a script tag, or a static import). */
export type LoadLedger = (config: NormalizedConfig) => Promise<typeof createLedger>;

/** Marker that receipts wait for delivery; its presence alone makes the next page load the ledger. */
const PENDING_KEY = 'samtykke:outbox';

export interface LazyLedger {
  /** Records a receipt; loads the ledger first if needed. Resolves once it is stored; never rejects. */
  record(input: RecordInput): Promise<void>;
  /** Loads the ledger now when an earlier page left receipts undelivered. */
  resumeIfPending(): void;
  readonly api: LedgerApi;
  stop(): void;
}

/**
 * Keeps the ledger (receipt building, IndexedDB, outbox) out of the loader: a returning visitor whose receipts
 * were all delivered never downloads it. It is loaded when a decision is made, when the visitor asks for their
 * records, or when the marker says an earlier page left receipts waiting.
 */
export function createLazyLedger(
  load: LoadLedger,
  deps: Omit<LedgerDeps, 'markPending'>,
  storage: () => Storage | undefined,
): LazyLedger {
  let ledger: Promise<Ledger> | undefined;
  let stopped = false;

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

  const use = (): Promise<Ledger> => {
    if (ledger) return ledger;
    const loading = load(deps.config).then((create) => {
      const instance = create({ ...deps, markPending });
      if (!stopped) instance.start();
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
    record: (input) =>
      use()
        .then((l) => l.record(input))
        .then(
          () => {},
          () => {},
        ),
    resumeIfPending() {
      if (deps.config.ledger.endpoint && isMarked()) void use().catch(() => {});
    },
    api: {
      list: () => use().then((l) => l.list()),
      export: () => use().then((l) => l.export()),
      erase: () => use().then((l) => l.erase()),
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
