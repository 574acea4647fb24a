import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { PlanItem, PlanRequest } from './append-plan.js';
import { portableSealerKey } from './chain.js';
import type { FileIdentity } from './sqlite-append.js';
import { type AppendResult, ReceiptConflictError, type Sealer, StorageUnavailableError } from './storage.js';

/** A message to the writer thread. */
export type WriterRequest =
  | { type: 'key'; n: number; key: KeyObject }
  | { type: 'commit'; id: number; requests: Array<{ key: number; items: readonly PlanItem[] }> }
  | { type: 'ping'; id: number }
  | { type: 'close' };

/** What the writer thread answers: that it is ready, or how one request (`id`) went. */
export interface WriterReply {
  ready?: true;
  id?: number;
  /** The whole request failed: nothing of it was committed. */
  error?: WriterFailure;
  /** A commit's outcome per request of the group. */
  outcomes?: Array<{ results: AppendResult[] } | { conflict: string } | { error: WriterFailure }>;
}

interface WriterFailure {
  message: string;
  code?: string | undefined;
}

/** The event loop's side of the SQLite writer thread. */
export interface SqliteWriter {
  /** Whether every request's sealer can be made on the writer thread (see `portableSealerKey`). */
  takes(requests: readonly { seal: Sealer }[]): boolean;
  /** Commit one group on the writer thread; settles once the commit is durable, or failed. */
  commit(requests: readonly PlanRequest[]): Promise<Array<AppendResult[] | Error>>;
  /** The writer's real write for `/health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The thread running now, if one is. */
  thread(): Worker | undefined;
}

// Next to this module: dist/server/ in the package, or the directory a bundle of the CLI was written to.
const THREAD_FILE = './sqlite-writer-thread.js';
// After a writer failed to start (the file gone, say), requests are refused for this long before the next try.
const RESTART_PAUSE_MS = 1000;

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  keysSent: Set<number>;
  pending: Map<number, { resolve(reply: WriterReply): void; reject(error: Error): void }>;
}

/**
 * Start the writer thread for the ledger file at `path` (already migrated): the thread holds its own
 * connection, and every commit group and `/health` write goes there, so the event loop reads and checks the
 * next requests while a commit waits for its fsync. Each request is settled by the thread's answer after its
 * commit, so nothing is acknowledged before it is durable. If the thread dies, the requests it held fail
 * (503; their receipts may or may not be committed, and the outbox's retry gets the original acknowledgement
 * of any that were, since posting is idempotent) and the next request starts a new thread.
 */
export async function startSqliteWriter(path: string, identity: FileIdentity | undefined): Promise<SqliteWriter> {
  const keys = new Map<KeyObject, number>();
  let thread: Thread | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: Error | undefined;
  let nextId = 1;
  let closed = false;

  const spawn = (): Thread => {
    const worker = new Worker(new URL(THREAD_FILE, import.meta.url), { workerData: { path, identity } });
    // The thread keeps the process alive only while it holds a request (see `send`).
    worker.unref();
    const self: Thread = { worker, ready: Promise.resolve(), keysSent: new Set(), pending: new Map() };
    let started = false;
    let stopped: (error: Error) => void = () => {};
    self.ready = new Promise<void>((resolve, reject) => {
      stopped = reject;
      worker.once('message', (reply: WriterReply) => {
        if (reply.ready) {
          started = true;
          resolve();
        }
      });
    });
    const fail = (error: Error) => {
      if (thread === self) thread = undefined;
      if (!started) {
        failedAt = performance.now();
        lastFailure = error;
        stopped(error);
      }
      for (const waiting of self.pending.values()) waiting.reject(error);
      self.pending.clear();
    };
    worker.on('message', (reply: WriterReply) => {
      if (reply.id === undefined) return;
      const waiting = self.pending.get(reply.id);
      self.pending.delete(reply.id);
      if (self.pending.size === 0) worker.unref();
      waiting?.resolve(reply);
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

  const send = async (message: (id: number) => WriterRequest, running?: Thread): Promise<WriterReply> => {
    const target = running ?? (await current());
    const id = nextId++;
    return new Promise<WriterReply>((resolve, reject) => {
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage(message(id));
    });
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

  // The first thread starts now, so a ledger that cannot be written fails at open, as without the thread.
  await current();

  return {
    takes: (requests) => requests.every(({ seal }) => portableSealerKey(seal) !== undefined),
    async commit(requests) {
      const running = await current();
      const message = requests.map(({ seal, items }) => ({ key: keyOf(seal, running), items }));
      const reply = await send((id) => ({ type: 'commit', id, requests: message }), running);
      if (reply.error) throw unavailable(reply.error.message, reply.error);
      if (!reply.outcomes) throw unavailable('the writer thread answered without outcomes');
      return reply.outcomes.map((outcome) =>
        'results' in outcome
          ? outcome.results
          : 'conflict' in outcome
            ? new ReceiptConflictError(outcome.conflict)
            : unavailable(outcome.error.message, outcome.error),
      );
    },
    async ping() {
      const reply = await send((id) => ({ type: 'ping', id }));
      if (reply.error) throw unavailable(reply.error.message, reply.error);
    },
    thread: () => thread?.worker,
    async close() {
      closed = true;
      const running = thread;
      thread = undefined;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.worker.once('exit', () => resolve()));
      running.worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}

/** A failure of the writer (or of SQLite on it): nothing of the request was acknowledged; 503. */
function unavailable(message: string, cause?: unknown): StorageUnavailableError {
  return new StorageUnavailableError(message.startsWith('SQLite') ? message : `SQLite: ${message}`, { cause });
}
