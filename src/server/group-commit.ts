import type { AppendItem, AppendResult, Sealer } from './storage.js';

/**
 * One request's receipts, appended together or not at all. A back end may queue its receipts in a smaller form of
 * its own (`Item`), such as the flat plan items that hold no parsed receipt while the commit runs.
 */
export interface AppendRequest<Item = AppendItem> {
  items: readonly Item[];
  seal: Sealer;
}

/**
 * Commits many requests in one transaction. Each request's outcome is its results, or the error that
 * refused that request alone (a conflict); a throw fails every request of the group.
 */
export type GroupCommit<Item = AppendItem> = (
  requests: readonly AppendRequest<Item>[],
) => Promise<Array<AppendResult[] | Error>>;

/** Options of {@link createGroupCommitter}. */
export interface GroupCommitOptions {
  /** Receipts per transaction at most; a request is never split. @default 1000 */
  maxReceipts?: number;
  /**
   * Commits in flight at once. With more than one, the next group is formed and handed over while the earlier
   * commits are still running, for a back end that orders them itself and refuses a group planned on top of one
   * that failed (PostgreSQL's chain-head check); each request still settles only after its own commit. @default 1
   */
  inFlight?: number;
}

/** A storage's `append` with group commit, and what it expects a new request to wait. */
export interface GroupCommitter<Item = AppendItem> {
  append(items: readonly Item[], seal: Sealer): Promise<AppendResult[]>;
  /** See {@link LedgerStorage.expectedQueueMs}. */
  expectedQueueMs(): number;
  /** See {@link LedgerStorage.commitCostMs}. */
  commitCostMs(receipts: number): number;
}

interface Pending<Item> extends AppendRequest<Item> {
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests that arrive while a commit is running, or in the same turn of the event loop,
 * share the next transaction, so one fsync covers many requests. A request's promise settles only after
 * the commit holding it is durable. One commit runs at a time per process, unless `inFlight` allows more.
 *
 * It also learns how long its commits take (a fixed part, the fsync, plus a part per receipt), so it can
 * tell how long a new request would wait on account of the requests ahead of it.
 */
export function createGroupCommitter<Item = AppendItem>(
  commit: GroupCommit<Item>,
  options: GroupCommitOptions = {},
): GroupCommitter<Item> {
  const maxReceipts = options.maxReceipts ?? 1000;
  const inFlight = options.inFlight ?? 1;
  const queue: Pending<Item>[] = [];
  let queued = 0;
  // The commits running now, oldest first: when each began and how many receipts it holds.
  const running: Array<{ since: number; receipts: number }> = [];
  const cost = createCommitCost();

  const take = (): { group: Pending<Item>[]; receipts: number } => {
    const group: Pending<Item>[] = [];
    let receipts = 0;
    while (queue.length > 0 && (group.length === 0 || receipts + (queue[0]?.items.length ?? 0) <= maxReceipts)) {
      const next = queue.shift() as Pending<Item>;
      queued -= next.items.length;
      receipts += next.items.length;
      group.push(next);
    }
    return { group, receipts };
  };

  const run = async () => {
    const { group, receipts } = take();
    const entry = { since: performance.now(), receipts };
    running.push(entry);
    try {
      const outcomes = await commit(group);
      cost.observe(receipts, performance.now() - entry.since);
      group.forEach((request, index) => {
        const outcome = outcomes[index];
        if (outcome instanceof Error || outcome === undefined) request.reject(outcome ?? new Error('no outcome'));
        else request.resolve(outcome);
      });
    } catch (error) {
      for (const request of group) request.reject(error);
    } finally {
      running.splice(running.indexOf(entry), 1);
      start();
    }
  };
  // Hand groups over while there is room; the next group forms from what queued meanwhile.
  const start = () => {
    while (running.length < inFlight && queue.length > 0) void run();
  };

  return {
    append: (items, seal) =>
      new Promise<AppendResult[]>((resolve, reject) => {
        queue.push({ items, seal, resolve, reject });
        queued += items.length;
        // Wait for the rest of this turn's requests (parsed from the same socket reads) before committing.
        if (running.length < inFlight && queue.length === 1) setImmediate(start);
      }),
    expectedQueueMs() {
      // The rest of the oldest commit running now, then the share of the next one that the receipts queued before it take.
      const oldest = running[0];
      const rest = oldest ? Math.max(0, cost.expected(oldest.receipts) - (performance.now() - oldest.since)) : 0;
      return rest + cost.perReceipt() * queued;
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
