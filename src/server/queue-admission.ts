/**
 * Shedding on queueing time. Each post's wait is counted from its arrival (see `LedgerRequest.arrivedAt`):
 * what it already waited (in its socket's buffer while the loop was busy, then behind the requests read
 * before it) plus what the requests ahead of it will still add (the storage's estimate of its commit queue).
 * When that passes the bound, the post gets a quick 503 before its body is parsed, so the posts that are taken
 * are answered in about the bound plus their own commit, however far the offered load goes past what the
 * process can take.
 *
 * Refusing must never cost more throughput than the overload it answers: when the whole process runs late for
 * a reason no refusal fixes (a starved CPU, a pause), every request has waited too long, and refusing all of
 * them would leave the database idle, and taking a few would leave each commit's fixed cost (its fsync) to
 * a handful of receipts. So a post is refused only once the commit group it would join already holds what the
 * process parses in half the bound, and at least in twice the commit's fixed cost: each group keeps a size
 * that pays for its commit, and only the excess is shed.
 */
export interface QueueAdmission {
  /**
   * Whether a post that arrived at `arrivedAt` is taken, with `pending` receipts already taken and uncommitted,
   * given the storage's expected wait for the queue ahead and the fixed cost of one commit.
   */
  admit(arrivedAt: number, pending: number, expectedQueueMs: number, commitFixedMs: number): boolean;
  /** Tell it how long parsing, validating and hashing `receipts` receipts took. */
  parsed(receipts: number, ms: number): void;
}

// Until the first post is parsed: about what a receipt costs on a slow core.
const INITIAL_PARSE_MS = 0.25;

export function createQueueAdmission(maxQueueMs: number): QueueAdmission {
  let parseMsPerReceipt = INITIAL_PARSE_MS;
  let observed = false;
  return {
    admit(arrivedAt, pending, expectedQueueMs, commitFixedMs) {
      if (maxQueueMs <= 0) return true;
      if (performance.now() - arrivedAt + expectedQueueMs <= maxQueueMs) return true;
      return pending * parseMsPerReceipt < Math.max(maxQueueMs / 2, 2 * commitFixedMs);
    },
    parsed(receipts, ms) {
      if (receipts === 0) return;
      // A moving average that follows the machine: each post counts 1/8, the first counts whole.
      parseMsPerReceipt += (ms / receipts - parseMsPerReceipt) / (observed ? 8 : 1);
      observed = true;
    },
  };
}
