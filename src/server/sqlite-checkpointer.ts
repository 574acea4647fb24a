/**
 * SQLite checkpoints on a thread and connection of their own, beside the writer thread (sqlite-writer-thread.ts).
 * A checkpoint copies the WAL's pages into the database file and fsyncs it: about 8 ms for a few hundred
 * receipts' pages and up to 30–40 ms, measured under the open loop, a third of the writer thread's time when it
 * checkpointed between its own commit groups, while the requests that had reached it waited for the next commit.
 * In WAL mode a PASSIVE checkpoint on another connection runs beside the writer's transactions without either
 * waiting for the other (it takes no lock the writer needs), so here the writer only asks for one after its
 * commits and goes on; this thread copies what was committed meanwhile, each checkpoint covering every request
 * that reached it while the last one ran.
 *
 * The WAL is written over from its start only by a transaction that begins once every page in it was copied, and
 * a writer that commits back to back rarely begins at such a moment. So the writer thread still checkpoints on
 * its own connection once it has committed a bound's worth since it last did (see sqlite-writer-thread.ts): that
 * copies only the few pages this thread has not copied yet, and its next transaction starts the WAL over.
 */
import { type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareCheckpoints } from './sqlite-append.js';

/** What the checkpointer thread is sent: a wish for a checkpoint, or to close. */
type CheckpointRequest = 'checkpoint' | 'close';

/** The writer thread's side of the checkpointer thread. */
export interface Checkpointer {
  /** Whether the thread runs: while it does not (it could not open the file), the writer checkpoints itself. */
  running(): boolean;
  /** Ask for a checkpoint of what was committed so far; never waits. */
  request(): void;
  /** Close its connection; the thread then ends. */
  close(): void;
}

/** Start the checkpointer thread from `threadFile` (the writer thread's own script) for the ledger at `path`. */
export function startCheckpointer(threadFile: URL, path: string): Checkpointer {
  const worker = new Worker(threadFile, { workerData: { path, checkpointer: true } });
  let running = true;
  // A thread that fails (the file gone, a full disk at open) only leaves the checkpoints to the writer.
  worker.on('error', () => {
    running = false;
  });
  worker.on('exit', () => {
    running = false;
  });
  const post = (message: CheckpointRequest) => {
    if (running) worker.postMessage(message);
  };
  return {
    running: () => running,
    request: () => post('checkpoint'),
    close: () => post('close'),
  };
}

/** The checkpointer thread's loop, on its own connection to the ledger at `path`. */
export function serveCheckpoints(path: string, port: MessagePort): void {
  const db = new Database(path, { fileMustExist: true });
  // The checkpoint fsyncs the database file before the WAL may be written over: never without that.
  db.pragma('synchronous = FULL');
  const checkpoint = prepareCheckpoints(db);
  port.on('message', (first: CheckpointRequest) => {
    // Every request that reached the thread while the last checkpoint ran is served by the next one.
    for (let next: CheckpointRequest | undefined = first; next !== undefined; ) {
      if (next === 'close') {
        db.close();
        port.close();
        return;
      }
      next = receiveMessageOnPort(port)?.message as CheckpointRequest | undefined;
    }
    try {
      checkpoint();
    } catch {
      // A checkpoint that fails loses nothing: the pages stay in the WAL, and the writer reports the disk's
      // trouble to its requests.
    }
  });
}
