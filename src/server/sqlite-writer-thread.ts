/**
 * The SQLite writer thread (started by sqlite-writer.ts): its own connection to the ledger file, on which it
 * plans, seals and commits each commit group it is sent, and makes `/health`'s real write. While it waits
 * for a commit's fsync, the event loop goes on reading and checking the next group's requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
// The event loop loaded the driver before it started this thread, so it is installed.
import Database from 'better-sqlite3';
import { createSealer } from './chain.js';
import { signingKeyFrom } from './keys.js';
import {
  checkFileIdentity,
  checkWritable,
  configureWriter,
  type FileIdentity,
  prepareAppender,
} from './sqlite-append.js';
import type { WriterReply, WriterRequest } from './sqlite-writer.js';
import { ReceiptConflictError, type Sealer } from './storage.js';

const { path, identity } = workerData as { path: string; identity: FileIdentity | undefined };
const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread.js runs as a worker thread of the ledger');

const db = new Database(path, { fileMustExist: true });
configureWriter(db);
const appender = prepareAppender(db);
const sealers = new Map<number, Sealer>();

/** What an error may tell the other thread: its message and SQLite's code. */
const failure = (error: unknown) => ({
  message: (error as Error)?.message ?? String(error),
  code: (error as { code?: string })?.code,
});

port.on('message', (message: WriterRequest) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  if (message.type === 'key') {
    sealers.set(message.n, createSealer(signingKeyFrom(message.key)));
    return;
  }
  let reply: WriterReply;
  try {
    checkFileIdentity(path, identity);
    if (message.type === 'ping') {
      checkWritable(path);
      appender.touch();
      reply = { id: message.id };
    } else {
      const outcomes = appender.appendGroup(
        message.requests.map(({ key, items }) => {
          const seal = sealers.get(key);
          if (!seal) throw new Error(`no signing key ${key} was sent to the writer thread`);
          return { items, seal };
        }),
      );
      reply = {
        id: message.id,
        outcomes: outcomes.map((outcome) =>
          outcome instanceof ReceiptConflictError
            ? { conflict: outcome.receiptId }
            : outcome instanceof Error
              ? { error: failure(outcome) }
              : { results: outcome },
        ),
      };
    }
  } catch (error) {
    reply = { id: message.id, error: failure(error) };
  }
  port.postMessage(reply);
});

port.postMessage({ ready: true } satisfies WriterReply);
