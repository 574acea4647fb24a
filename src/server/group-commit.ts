import type { AppendItem, AppendResult, Sealer } from './storage.js';

/** One request's receipts, appended together or not at all. */
export interface AppendRequest {
  items: readonly AppendItem[];
  seal: Sealer;
}

/**
 * Commits many requests in one transaction. Each request's outcome is its results, or the error that
 * refused that request alone (a conflict); a throw fails every request of the group.
 */
export type GroupCommit = (requests: readonly AppendRequest[]) => Promise<Array<AppendResult[] | Error>>;

/** Options of {@link createGroupCommitter}. */
export interface GroupCommitOptions {
  /** Receipts per transaction at most; a request is never split. @default 1000 */
  maxReceipts?: number;
}

interface Pending extends AppendRequest {
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests that arrive while a commit is running, or in the same turn of the event loop,
 * share the next transaction, so one fsync covers many requests. A request's promise settles only after
 * the commit holding it is durable. One commit runs at a time per process.
 */
export function createGroupCommitter(
  commit: GroupCommit,
  options: GroupCommitOptions = {},
): (items: readonly AppendItem[], seal: Sealer) => Promise<AppendResult[]> {
  const maxReceipts = options.maxReceipts ?? 1000;
  const queue: Pending[] = [];
  let busy = false;

  const run = async () => {
    busy = true;
    try {
      while (queue.length > 0) {
        const group: Pending[] = [];
        let receipts = 0;
        while (queue.length > 0 && (group.length === 0 || receipts + (queue[0]?.items.length ?? 0) <= maxReceipts)) {
          const next = queue.shift() as Pending;
          receipts += next.items.length;
          group.push(next);
        }
        try {
          const outcomes = await commit(group);
          group.forEach((request, index) => {
            const outcome = outcomes[index];
            if (outcome instanceof Error || outcome === undefined) request.reject(outcome ?? new Error('no outcome'));
            else request.resolve(outcome);
          });
        } catch (error) {
          for (const request of group) request.reject(error);
        }
      }
    } finally {
      busy = false;
    }
  };

  return (items, seal) =>
    new Promise<AppendResult[]>((resolve, reject) => {
      queue.push({ items, seal, resolve, reject });
      // Wait for the rest of this turn's requests (parsed from the same socket reads) before committing.
      if (!busy && queue.length === 1) setImmediate(() => void (busy ? undefined : run()));
    });
}
