/**
 * The SQLite writer thread (started by sqlite-writer.ts): its own connection to the ledger file, on which it
 * plans, seals and commits the requests it is sent, and makes `/health`'s real write. Every request that
 * reached it while a commit ran goes into the next commit group, so it starts the next commit as soon as
 * one is done, whatever the event loop is busy with.
 */
import { performance } from 'node:perf_hooks';
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
// The event loop loaded the driver before it started this thread, so it is installed.
import Database from 'better-sqlite3';
import type { PlanRequest } from './append-plan.js';
import { createSealer } from './chain.js';
import { signingKeyFrom } from './keys.js';
import { type StoredNotice, sqliteNotices } from './notices.js';
import {
  checkFileIdentity,
  checkWritable,
  configureWriter,
  type FileIdentity,
  prepareAppender,
  prepareCheckpoints,
  prepareWrites,
} from './sqlite-append.js';
import { serveCheckpoints, startCheckpointer } from './sqlite-checkpointer.js';
import type { WriterFailure, WriterOp, WriterOutcome, WriterReply, WriterRequest } from './sqlite-writer.js';
import { type AppendResult, acknowledgementsText, ReceiptConflictError, type Sealer } from './storage.js';
import { decodeAppends, type WriterAppend } from './writer-message.js';

// Receipts per transaction at most, as on the event loop (group-commit.ts); a request is never split.
const MAX_GROUP_RECEIPTS = 1000;
// Checkpoints (see prepareCheckpoints): once nothing waits, if at least this many receipts were committed since
// the last one (about 200 pages of WAL: fewer would pay the checkpoint's two fsyncs for little)...
const CHECKPOINT_WHEN_IDLE = 64;
// ...and after a group's answers in any case once this many were (about 3,000 pages, 12 MB of WAL), so a
// writer that is never idle still keeps its WAL bounded.
const CHECKPOINT_AT_MOST = 1000;

const { path, identity, checkpointer } = workerData as {
  path: string;
  identity?: FileIdentity | undefined;
  /** Set when the writer thread starts this script again as its checkpointer thread. */
  checkpointer?: true;
};
const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread.js runs as a worker thread of the ledger');
if (checkpointer) serveCheckpoints(path, port);
else serveWriter(port);

/** An append's results as the thread answers them (see `WriterOutcome`). */
function answerOf(id: number, results: readonly AppendResult[]): WriterOutcome {
  let replays = '';
  for (const result of results) replays += result.replay ? '1' : '0';
  return { id, acknowledgements: acknowledgementsText(results), replays };
}

/** The writer thread: plan, seal and commit what the event loop sends on `port`. */
function serveWriter(port: MessagePort): void {
  /** The next message that reached the thread, if one did, taken without waiting. */
  const nextMessage = () => receiveMessageOnPort(port)?.message as WriterRequest | undefined;

  const db = new Database(path, { fileMustExist: true });
  configureWriter(db);
  const appender = prepareAppender(db);
  const version = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get()?.version ?? 0;
  const notices = sqliteNotices(db, version, (work) => work());
  const writes = prepareWrites(db);
  const checkpoint = prepareCheckpoints(db);
  // The checkpoints' own thread, started from this script (see sqlite-checkpointer.ts).
  const checkpoints = startCheckpointer(new URL(import.meta.url), path);
  const sealers = new Map<number, Sealer>();
  // Receipts committed since the checkpointer was last asked, and since this connection last checkpointed.
  let unrequested = 0;
  let uncheckpointed = 0;

  /**
   * After a commit group's answers (`idle` once nothing waits for the thread): ask the checkpointer thread for a
   * checkpoint once enough was written, and checkpoint here once a bound's worth was written since this
   * connection last did, so the next transaction starts the WAL over (the checkpointer has copied most of it by
   * then). While the checkpointer does not run, this thread checkpoints itself, once idle or at the bound.
   */
  function checkpointIf(idle: boolean): void {
    if (checkpoints.running() && unrequested >= CHECKPOINT_WHEN_IDLE) {
      unrequested = 0;
      checkpoints.request();
    }
    if (uncheckpointed < (idle && !checkpoints.running() ? CHECKPOINT_WHEN_IDLE : CHECKPOINT_AT_MOST)) return;
    try {
      // Not run while the checkpointer's held the lock: then after the next group.
      if (checkpoint()) uncheckpointed = 0;
    } catch {
      // A checkpoint that fails (a full disk, say) loses nothing: the pages stay in the WAL, readers still see
      // them, and the next commit reports the disk's trouble to its requests.
      uncheckpointed = 0;
    }
  }

  /** What an error may tell the other thread: its message and SQLite's code. */
  const failure = (error: unknown): WriterFailure => ({
    message: (error as Error)?.message ?? String(error),
    code: (error as { code?: string })?.code,
  });

  /** Commit one group of requests; a failure of the whole transaction fails each of them. */
  function commit(group: readonly WriterAppend[]): void {
    const started = performance.now();
    let reply: WriterReply;
    try {
      checkFileIdentity(path, identity);
      const requests: PlanRequest[] = group.map(({ key, items }) => {
        const seal = sealers.get(key);
        if (!seal) throw new Error(`no signing key ${key} was sent to the writer thread`);
        return { items, seal };
      });
      const outcomes = appender.appendGroup(requests);
      let receipts = 0;
      for (const request of group) receipts += request.items.length;
      uncheckpointed += receipts;
      unrequested += receipts;
      reply = {
        commit: { receipts, ms: performance.now() - started },
        outcomes: group.map(({ id }, index): WriterOutcome => {
          const outcome = outcomes[index];
          if (outcome instanceof ReceiptConflictError) return { id, conflict: outcome.receiptId };
          if (outcome instanceof Error || outcome === undefined) return { id, error: failure(outcome) };
          return answerOf(id, outcome);
        }),
      };
    } catch (error) {
      const cause = failure(error);
      reply = { outcomes: group.map(({ id }) => ({ id, error: cause })) };
    }
    port?.postMessage(reply);
    // After the answers, so no request waits for the copy unless the WAL has grown past its bound.
    checkpointIf(false);
  }

  function ping(id: number): void {
    let outcome: WriterOutcome;
    try {
      checkFileIdentity(path, identity);
      checkWritable(path);
      appender.touch();
      outcome = answerOf(id, []);
    } catch (error) {
      outcome = { id, error: failure(error) };
    }
    port?.postMessage({ outcomes: [outcome] } satisfies WriterReply);
  }

  /** One of the other writes; it is made at once, in the order the messages came. */
  function write(id: number, op: WriterOp, args: unknown[]): void {
    const answer = (outcome: WriterOutcome) => port?.postMessage({ outcomes: [outcome] } satisfies WriterReply);
    try {
      checkFileIdentity(path, identity);
      if (op === 'putNotices') {
        // The notice storage's transaction runs before its promise is made; only the answer comes later.
        notices.putNotices(args[0] as StoredNotice[]).then(
          (value) => answer({ id, value }),
          (error: unknown) => answer({ id, error: failure(error) }),
        );
        return;
      }
      answer({ id, value: (writes[op] as (...values: unknown[]) => unknown)(...args) });
    } catch (error) {
      answer({ id, error: failure(error) });
    }
  }

  /** Handle one message that is not an append. */
  function handle(message: Exclude<WriterRequest, { type: 'append' }>): void {
    if (message.type === 'key') sealers.set(message.n, createSealer(signingKeyFrom(message.key)));
    else if (message.type === 'ping') ping(message.id);
    else if (message.type === 'write') {
      write(message.id, message.op, message.args);
      // An erasure or a prune may have rewritten many pages: checkpoint once the thread is idle.
      uncheckpointed = Math.max(uncheckpointed, CHECKPOINT_WHEN_IDLE);
      unrequested = Math.max(unrequested, CHECKPOINT_WHEN_IDLE);
    } else {
      checkpoints.close();
      db.close();
      port?.close();
    }
  }

  /**
   * Commit `first` and every append queued behind it, in groups up to the bound; messages keep their order.
   * False once a `close` among them closed the thread.
   */
  function appendQueued(first: Extract<WriterRequest, { type: 'append' }>): boolean {
    let group: WriterAppend[] = [];
    let receipts = 0;
    const flush = () => {
      if (group.length > 0) commit(group);
      group = [];
      receipts = 0;
    };
    const add = (requests: readonly string[]) => {
      for (const encoded of requests) {
        for (const request of decodeAppends(encoded)) {
          if (receipts + request.items.length > MAX_GROUP_RECEIPTS) flush();
          group.push(request);
          receipts += request.items.length;
        }
      }
    };
    add(first.requests);
    for (;;) {
      const next = nextMessage();
      if (next === undefined) break;
      if (next.type === 'append') add(next.requests);
      else if (next.type === 'key') handle(next);
      else {
        // A ping, another write or close comes after the appends sent before it.
        flush();
        handle(next);
        if (next.type === 'close') return false;
      }
    }
    flush();
    return true;
  }

  port.on('message', (message: WriterRequest) => {
    // Until nothing reached the thread while it committed: then it waits for the next request, the moment to
    // checkpoint.
    for (let next: WriterRequest | undefined = message; next !== undefined; next = nextMessage()) {
      if (next.type === 'append') {
        if (!appendQueued(next)) return;
      } else {
        handle(next);
        if (next.type === 'close') return;
      }
    }
    checkpointIf(true);
  });

  port.postMessage({ ready: true } satisfies WriterReply);
}
