import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { PlanItem } from './append-plan.js';
import { portableSealerKey } from './chain.js';
import { createCommitCost } from './group-commit.js';
import type { StoredNotice } from './notices.js';
import type { FileIdentity, SqliteWrites } from './sqlite-append.js';
import {
  type AppendAnswer,
  type AppendResult,
  ReceiptConflictError,
  type Sealer,
  StorageUnavailableError,
} from './storage.js';
import { encodeAppend } from './writer-message.js';

/** A message to the writer thread. */
export type WriterRequest =
  | { type: 'key'; n: number; key: KeyObject }
  /** Requests as `encodeAppend` writes them, one string each. */
  | { type: 'append'; requests: string[] }
  | { type: 'ping'; id: number }
  | { type: 'write'; id: number; op: WriterOp; args: unknown[] }
  | { type: 'close' };

/** The writes besides appends the thread makes: those of `SqliteWrites`, and storing notice documents. */
export type WriterOps = SqliteWrites & { putNotices(notices: readonly StoredNotice[]): number };
export type WriterOp = keyof WriterOps;

/**
 * How one request went on the writer thread. An append's results come as the JSON text of their acknowledgements
 * and one `0` or `1` per receipt for whether it was a replay: what the answer to the client is written from, without
 * objects to copy between the threads.
 */
export type WriterOutcome =
  | { id: number; acknowledgements: string; replays: string }
  | { id: number; value: unknown }
  | { id: number; conflict: string }
  | { id: number; error: WriterFailure };

/** What the writer thread answers: that it is ready, or one commit group's outcomes (or a ping's). */
export interface WriterReply {
  ready?: true;
  outcomes?: WriterOutcome[];
  /** The receipts the group committed and how long its transaction took, to learn the commit cost from. */
  commit?: { receipts: number; ms: number };
}

export interface WriterFailure {
  message: string;
  code?: string | undefined;
}

/** The event loop's side of the SQLite writer thread. */
export interface SqliteWriter {
  /** Whether the thread can make this sealer on its side (see `portableSealerKey`). */
  takes(seal: Sealer): boolean;
  /** One request's receipts; settles once the commit that holds them is durable, or failed. */
  append(items: readonly PlanItem[], seal: Sealer): Promise<AppendResult[]>;
  /** {@link append}, answered as the text the thread wrote (see `LedgerStorage.appendAnswer`). */
  appendAnswer(items: readonly PlanItem[], seal: Sealer): Promise<AppendAnswer>;
  /** See `LedgerStorage.expectedQueueMs`. */
  expectedQueueMs(): number;
  /** See `LedgerStorage.commitCostMs`. */
  commitCostMs(receipts: number): number;
  /** One of the other writes, on the thread, after the appends sent before it. */
  write<Op extends WriterOp>(op: Op, args: Parameters<WriterOps[Op]>): Promise<ReturnType<WriterOps[Op]>>;
  /** The writer's real write for `/health`, after the appends sent before it. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The thread running now, if one is. */
  thread(): Worker | undefined;
}

// Next to this module: dist/server/ in the package, or the directory a bundle of the CLI was written to.
const THREAD_FILE = './sqlite-writer-thread.js';
// A turn that reads many requests posts its appends in parts of about this many receipts: the thread takes
// everything that reached it into its next commit group anyway, and a message that waited for the end of a long
// turn would outlive a scavenge or two and be promoted, for the old generation's collector to free.
const OUTBOX_RECEIPTS = 100;
// After a writer failed to start (the file gone, say), requests are refused for this long before the next try.
const RESTART_PAUSE_MS = 1000;
// `/health` waits this long for the thread's write (behind the commits queued before it, or a lock another
// process holds) before it says the database is not taking writes.
const HEALTH_TIMEOUT_MS = 5000;

interface Waiting {
  receipts: number;
  resolve(outcome: WriterOutcome): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  /** Whether `ready` has resolved. */
  started: boolean;
  keysSent: Set<number>;
  waiting: Map<number, Waiting>;
}

/**
 * Start the writer thread for the ledger file at `path` (already migrated). The thread holds its own
 * connection; the requests checked in one turn of the event loop are posted to it together at the turn's
 * end (in parts of OUTBOX_RECEIPTS in a long turn), and the thread commits everything that reached it while its previous commit ran as one group (one
 * transaction, one fsync), so it never waits for the event loop, and the event loop reads and checks the next
 * requests while a commit waits for its fsync. Each request is settled by the thread's answer after the commit that holds it, so nothing is
 * acknowledged before it is durable. If the thread dies, the requests it held fail (503: their receipts may or
 * may not be committed, and the outbox's retry gets the original acknowledgement of any that were, since
 * posting is idempotent) and the next request starts a new thread.
 */
export async function startSqliteWriter(path: string, identity: FileIdentity | undefined): Promise<SqliteWriter> {
  const keys = new Map<KeyObject, number>();
  const cost = createCommitCost();
  let thread: Thread | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: Error | undefined;
  let nextId = 1;
  let queued = 0;
  let closed = false;
  // This turn's appends, encoded as they come, posted together once the turn's other requests are read, or once
  // they hold OUTBOX_RECEIPTS (see `flush`).
  let outbox: { thread: Thread; requests: string[]; receipts: number } | undefined;

  const spawn = (): Thread => {
    const worker = new Worker(new URL(THREAD_FILE, import.meta.url), { workerData: { path, identity } });
    // The thread keeps the process alive only while it holds a request (see `send`).
    worker.unref();
    const self: Thread = {
      worker,
      ready: Promise.resolve(),
      started: false,
      keysSent: new Set(),
      waiting: new Map(),
    };
    let stopped: (error: Error) => void = () => {};
    self.ready = new Promise<void>((resolve, reject) => {
      stopped = reject;
      worker.once('message', (reply: WriterReply) => {
        if (!reply.ready) return;
        self.started = true;
        resolve();
      });
    });
    // Keep a failed start from being an unhandled rejection when no request is waiting for it.
    self.ready.catch(() => {});
    const fail = (error: Error) => {
      if (thread === self) thread = undefined;
      if (!self.started) {
        failedAt = performance.now();
        lastFailure = error;
        stopped(error);
      }
      for (const waiting of self.waiting.values()) {
        queued -= waiting.receipts;
        waiting.reject(error);
      }
      self.waiting.clear();
    };
    worker.on('message', (reply: WriterReply) => {
      if (reply.commit) cost.observe(reply.commit.receipts, reply.commit.ms);
      for (const outcome of reply.outcomes ?? []) {
        const waiting = self.waiting.get(outcome.id);
        if (!waiting) continue;
        self.waiting.delete(outcome.id);
        queued -= waiting.receipts;
        waiting.resolve(outcome);
      }
      if (self.waiting.size === 0) worker.unref();
    });
    // An error inside the thread ends it; the server lives on, and the next request starts a new one.
    worker.on('error', (error) => fail(unavailable(`the writer thread failed: ${error.message}`, error)));
    worker.on('exit', (code) => fail(unavailable(`the writer thread stopped (exit code ${code})`)));
    return self;
  };

  const current = async (): Promise<Thread> => {
    if (closed) throw unavailable('the ledger is closed');
    if (!thread) {
      if (lastFailure && performance.now() - failedAt < RESTART_PAUSE_MS) throw lastFailure;
      thread = spawn();
    }
    const running = thread;
    await running.ready;
    return running;
  };

  const flush = () => {
    const pending = outbox;
    outbox = undefined;
    if (pending)
      pending.thread.worker.postMessage({ type: 'append', requests: pending.requests } satisfies WriterRequest);
  };

  /** Post a request to a running thread and wait for its outcome (see `send`); an append is given encoded. */
  const post = (
    running: Thread,
    id: number,
    receipts: number,
    payload: string | WriterRequest,
  ): Promise<WriterOutcome> =>
    new Promise<WriterOutcome>((resolve, reject) => {
      if (running.waiting.size === 0) running.worker.ref();
      running.waiting.set(id, { receipts, resolve, reject });
      queued += receipts;
      if (typeof payload !== 'string') {
        flush();
        running.worker.postMessage(payload);
        return;
      }
      if (outbox?.thread !== running) {
        flush();
        outbox = { thread: running, requests: [], receipts: 0 };
        setImmediate(flush);
      }
      outbox.requests.push(payload);
      outbox.receipts += receipts;
      if (outbox.receipts >= OUTBOX_RECEIPTS) flush();
    });

  /**
   * Hand a request to the running thread (started if need be) and wait for its outcome: an append joins this
   * turn's outbox, anything else is posted after it, so the thread sees requests in the order they came. Once a
   * thread runs, this happens at once, so nothing waiting for the commit holds on to what was sent.
   */
  const send = (
    receipts: number,
    message: (id: number, running: Thread) => string | WriterRequest,
  ): Promise<WriterOutcome> => {
    const running = thread;
    const id = nextId++;
    if (!running?.started || closed) return current().then((ready) => post(ready, id, receipts, message(id, ready)));
    try {
      return post(running, id, receipts, message(id, running));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const keyOf = (seal: Sealer, running: Thread): number => {
    const key = portableSealerKey(seal);
    if (!key) throw new Error('this sealer cannot be made on the writer thread');
    let n = keys.get(key.privateKey);
    if (n === undefined) {
      n = keys.size + 1;
      keys.set(key.privateKey, n);
    }
    if (!running.keysSent.has(n)) {
      running.worker.postMessage({ type: 'key', n, key: key.privateKey } satisfies WriterRequest);
      running.keysSent.add(n);
    }
    return n;
  };

  const appendOn = (items: readonly PlanItem[], seal: Sealer) =>
    send(items.length, (id, running) => encodeAppend(id, keyOf(seal, running), items));

  // The first thread starts now, so a ledger that cannot be written fails at open, as without the thread.
  await current();

  return {
    takes: (seal) => portableSealerKey(seal) !== undefined,
    append: (items, seal) => appendOn(items, seal).then(appendResultsOf),
    appendAnswer: (items, seal) => appendOn(items, seal).then(appendAnswerFrom),
    // What is queued on the thread, at what its commits have cost per receipt, plus one commit's fixed part.
    expectedQueueMs: () => (queued > 0 ? cost.expected(0) + cost.perReceipt() * queued : 0),
    commitCostMs: (receipts) => cost.expected(receipts),
    async write(op, args) {
      const outcome = await send(0, (id) => ({ type: 'write', id, op, args }));
      if ('error' in outcome) throw unavailable(outcome.error.message, outcome.error);
      return ('value' in outcome ? outcome.value : undefined) as ReturnType<WriterOps[typeof op]>;
    },
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(unavailable(`the writer thread did not make its write within ${HEALTH_TIMEOUT_MS} ms`)),
          HEALTH_TIMEOUT_MS,
        );
      });
      try {
        const outcome = await Promise.race([send(0, (id) => ({ type: 'ping', id })), late]);
        if ('error' in outcome) throw unavailable(outcome.error.message, outcome.error);
      } finally {
        clearTimeout(timer);
      }
    },
    thread: () => thread?.worker,
    async close() {
      closed = true;
      const running = thread;
      thread = undefined;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.worker.once('exit', () => resolve()));
      flush();
      running.worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}

/** An append's outcome as its answer, or the error that refused it. */
function appendAnswerFrom(outcome: WriterOutcome): AppendAnswer {
  if ('acknowledgements' in outcome) {
    let stored = 0;
    for (let index = 0; index < outcome.replays.length; index++) if (outcome.replays[index] === '0') stored++;
    return { acknowledgements: outcome.acknowledgements, stored };
  }
  if ('conflict' in outcome) throw new ReceiptConflictError(outcome.conflict);
  if ('value' in outcome) throw unavailable('the writer thread answered an append as another write');
  throw unavailable(outcome.error.message, outcome.error);
}

/** An append's outcome as its results (for code that appends; the handler takes the answer's text). */
function appendResultsOf(outcome: WriterOutcome): AppendResult[] {
  const { acknowledgements } = appendAnswerFrom(outcome);
  const replays = (outcome as { replays: string }).replays;
  return (JSON.parse(acknowledgements) as AppendResult['acknowledgement'][]).map((acknowledgement, index) => ({
    acknowledgement,
    replay: replays[index] === '1',
  }));
}

/** A failure of the writer (or of SQLite on it): nothing of the request was acknowledged; 503. */
function unavailable(message: string, cause?: unknown): StorageUnavailableError {
  return new StorageUnavailableError(message.startsWith('SQLite') ? message : `SQLite: ${message}`, { cause });
}
