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

const SAMPLE_MS = 10;

let lastLagMs = 0;
// When the pending sample is due; 0 before the monitor starts. `due` is moved on by the ledger's own commits
// (see notLag), `dueAtAll` is not: it tells how long the loop was away from I/O, whatever kept it.
let due = 0;
let dueAtAll = 0;
// How late the last sample fired, counting everything, until the end of the turn it fired in.
let lateThisTurn = 0;

function schedule(): void {
  due = performance.now() + SAMPLE_MS;
  dueAtAll = due;
  const timer = setTimeout(() => {
    const now = performance.now();
    lastLagMs = Math.max(0, now - due);
    lateThisTurn = Math.max(0, now - dueAtAll);
    // Timers run before I/O in a turn: the requests read in this turn waited through what made the sample late.
    setImmediate(() => {
      lateThisTurn = 0;
    });
    schedule();
  }, SAMPLE_MS);
  (timer as { unref?: () => void }).unref?.();
}

/**
 * About how long a request the process reads now already waited in its socket's buffer: how long the event
 * loop had been away from I/O, its own commits included (a request that arrives during a synchronous commit is
 * read after it). An estimate, within a sample ({@link SAMPLE_MS}); 0 on a loop that keeps up.
 */
export function loopDelayMs(): number {
  if (due === 0) schedule();
  return Math.max(lateThisTurn, performance.now() - dueAtAll);
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
