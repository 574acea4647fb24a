/**
 * How late this process's event loop runs: a timer that should fire every {@link SAMPLE_MS} notes how
 * much later it fired. When requests arrive faster than the process can take them, the loop spends
 * longer and longer in each turn reading, parsing and hashing them, and every request already waits
 * that long before its first line of code runs; no queue inside the process sees that wait, because
 * the requests are still in socket buffers. The lag does. One monitor per event loop (a process, or a
 * worker thread), shared by every handler in it, started on first use; its timer never keeps the
 * process alive. Time the loop spends in the ledger's own synchronous commits (SQLite's fsync) is not
 * lag: that is the work the waiting requests are waiting for, bounded by admission control, and
 * refusing requests would only make the next commit group smaller.
 */

const SAMPLE_MS = 20;

let lastLagMs = 0;
// When the pending sample is due; 0 before the monitor starts.
let due = 0;

function schedule(): void {
  due = performance.now() + SAMPLE_MS;
  const timer = setTimeout(() => {
    lastLagMs = Math.max(0, performance.now() - due);
    schedule();
  }, SAMPLE_MS);
  (timer as { unref?: () => void }).unref?.();
}

/**
 * Run `work` synchronously without counting the time it blocks the loop as lag (see above). Only for
 * the ledger's own durable writes; anything else that blocks the loop is exactly what the lag measures.
 */
export function notLag<T>(work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    // The pending sample is due that much later; if it is not scheduled yet, there is nothing to move.
    if (due !== 0) due += performance.now() - started;
  }
}

/**
 * The event loop's lag in milliseconds: how late the monitor's last sample fired, or how overdue the
 * pending one is already, whichever is more (0 on a loop that keeps up). The second part makes the
 * figure current inside the turn that follows a stall (a long synchronous task, a stopped or starved
 * process): I/O is handled before timers in a turn, so the requests that waited through the stall are
 * read before the late sample could record it. It falls back within a sample once the loop keeps up.
 */
export function eventLoopLagMs(): number {
  if (due === 0) schedule();
  return Math.max(lastLagMs, performance.now() - due);
}
