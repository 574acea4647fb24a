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

/** A storage's `append` with group commit, and what it expects a new request to wait. */
export interface GroupCommitter {
  append(items: readonly AppendItem[], seal: Sealer): Promise<AppendResult[]>;
  /** See {@link LedgerStorage.expectedQueueMs}. */
  expectedQueueMs(): number;
  /** See {@link LedgerStorage.commitCostMs}. */
  commitCostMs(receipts: number): number;
}

interface Pending extends AppendRequest {
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests that arrive while a commit is running, or in the same turn of the event loop,
 * share the next transaction, so one fsync covers many requests. A request's promise settles only after
 * the commit holding it is durable. One commit runs at a time per process.
 *
 * It also learns how long its commits take (a fixed part, the fsync, plus a part per receipt), so it can
 * tell how long a new request would wait on account of the requests ahead of it.
 */
export function createGroupCommitter(commit: GroupCommit, options: GroupCommitOptions = {}): GroupCommitter {
  const maxReceipts = options.maxReceipts ?? 1000;
  const queue: Pending[] = [];
  let queued = 0;
  let busy = false;
  let busySince = 0;
  let committing = 0;
  const cost = createCommitCost();

  const run = async () => {
    busy = true;
    try {
      while (queue.length > 0) {
        const group: Pending[] = [];
        let receipts = 0;
        while (queue.length > 0 && (group.length === 0 || receipts + (queue[0]?.items.length ?? 0) <= maxReceipts)) {
          const next = queue.shift() as Pending;
          queued -= next.items.length;
          receipts += next.items.length;
          group.push(next);
        }
        busySince = performance.now();
        committing = receipts;
        try {
          const outcomes = await commit(group);
          cost.observe(receipts, performance.now() - busySince);
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

  return {
    append: (items, seal) =>
      new Promise<AppendResult[]>((resolve, reject) => {
        queue.push({ items, seal, resolve, reject });
        queued += items.length;
        // Wait for the rest of this turn's requests (parsed from the same socket reads) before committing.
        if (!busy && queue.length === 1) setImmediate(() => void (busy ? undefined : run()));
      }),
    expectedQueueMs() {
      // The rest of the commit running now, then the share of the next one that the receipts queued before it take.
      const running = busy ? Math.max(0, cost.expected(committing) - (performance.now() - busySince)) : 0;
      return running + cost.perReceipt() * queued;
    },
    commitCostMs: (receipts) => cost.expected(receipts),
  };
}

/** A learned model of how long a commit of n receipts takes (see {@link createCommitCost}). */
export type CommitCost = ReturnType<typeof createCommitCost>;

/**
 * How long a commit of n receipts takes, learned from the commits so far as `fixed + perReceipt × n`: a
 * least-squares fit that weights recent commits most (each observation counts 1/8, older ones fade), so it
 * follows a disk that slows down. Until there are observations that tell the two parts apart, the whole
 * mean duration counts as fixed.
 */
export function createCommitCost() {
  const weight = 1 / 8;
  let observed = false;
  let meanN = 0;
  let meanMs = 0;
  let meanNN = 0;
  let meanNMs = 0;
  let fixed = 0;
  let perReceipt = 0;
  return {
    observe(receipts: number, ms: number) {
      const w = observed ? weight : 1;
      observed = true;
      meanN += w * (receipts - meanN);
      meanMs += w * (ms - meanMs);
      meanNN += w * (receipts * receipts - meanNN);
      meanNMs += w * (receipts * ms - meanNMs);
      const variance = meanNN - meanN * meanN;
      const slope = variance > 1 ? (meanNMs - meanN * meanMs) / variance : 0;
      perReceipt = Math.max(0, slope);
      fixed = Math.max(0, meanMs - perReceipt * meanN);
      if (fixed === 0 && meanN > 0) perReceipt = meanMs / meanN;
    },
    expected(receipts: number): number {
      return fixed + perReceipt * receipts;
    },
    perReceipt: () => perReceipt,
  };
}
