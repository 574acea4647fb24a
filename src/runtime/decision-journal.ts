import type { NormalizedConfig } from '../core/index.js';
import { JOURNAL_KEY } from '../core/own-storage.js';
import type { RecordInput } from '../ledger/index.js';

/**
 * Where decisions wait, in localStorage, until the ledger has turned them into stored receipts. Written
 * synchronously before the decision cookie, so a visitor who leaves at once, or a ledger file that fails to
 * load, cannot leave a decision without a receipt: the ledger on this or any later page builds it.
 */
export { JOURNAL_KEY };

/** One decision as it was made: everything its receipt needs, fixed at the moment of the decision. */
export interface JournalEntry {
  /** The receipt's id, chosen now, so building it twice (two tabs, a crash) stores it once. */
  receiptId: string;
  /** Epoch ms of the decision; becomes the receipt's `createdAt`. */
  at: number;
  page: { origin: string; path: string };
  input: RecordInput;
  /** The config the visitor decided under, which the next page may no longer have. */
  config: NormalizedConfig;
}

export interface DecisionJournal {
  /** Appends an entry; false when localStorage is unavailable or full (the receipt then lives in memory only). */
  add(entry: JournalEntry): boolean;
  /** Every waiting entry, oldest first; an unreadable journal reads as empty. */
  entries(): JournalEntry[];
  /** Removes an entry once its receipt is stored. */
  remove(receiptId: string): void;
}

export function createDecisionJournal(storage: () => Storage | undefined): DecisionJournal {
  const read = (): JournalEntry[] => {
    try {
      const parsed: unknown = JSON.parse(storage()?.getItem(JOURNAL_KEY) || '[]');
      // Whatever else wrote there (another version, a page script) is skipped, not built.
      return Array.isArray(parsed)
        ? parsed.filter((entry: JournalEntry) => entry?.input?.decision && entry.config)
        : [];
    } catch {
      return [];
    }
  };
  const write = (entries: JournalEntry[]): boolean => {
    try {
      const store = storage() as Storage;
      if (entries.length) store.setItem(JOURNAL_KEY, JSON.stringify(entries));
      else store.removeItem(JOURNAL_KEY);
      return true;
    } catch {
      return false;
    }
  };
  return {
    add: (entry) => write([...read(), entry]),
    entries: read,
    remove: (receiptId) => void write(read().filter((entry) => entry.receiptId !== receiptId)),
  };
}
