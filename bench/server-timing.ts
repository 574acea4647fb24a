// Loaded into a ledger server's node (`node --import <this, bundled> cli.mjs serve …`) by profile-server.ts to
// time a paced run from inside: on the event loop, when each request arrived, when its body was read and when
// its answer was written, the appends posted to the writer thread and the commits it answered, the loop's delay
// and every garbage collection; on the writer thread (node starts it with the same flags), each commit's end
// and length. Nothing of the server is changed: Node's own classes are observed. Each thread writes its record
// as JSON to $SAMTYKKE_TIMING_DIR/<thread>.json when it exits.
import { writeFileSync } from 'node:fs';
import { Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { isMainThread, MessagePort, threadId, Worker } from 'node:worker_threads';
import { receiptsIn } from '../src/server/writer-message.js';

const dir = process.env.SAMTYKKE_TIMING_DIR;
// Absolute milliseconds (epoch), so the load generator's times and both threads' line up.
const now = () => performance.timeOrigin + performance.now();

if (dir) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const gcs: Array<{ at: number; ms: number; kind: number }> = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcs.push({
        at: performance.timeOrigin + entry.startTime,
        ms: entry.duration,
        kind: (entry as { detail?: { kind?: number } }).detail?.kind ?? 0,
      });
    }
  }).observe({ entryTypes: ['gc'] });
  // Stalls of the loop, when they ended: a 1 ms interval that notes every gap over 5 ms.
  const stalls: Array<{ at: number; ms: number }> = [];
  let last = now();
  setInterval(() => {
    const at = now();
    if (at - last > 5) stalls.push({ at, ms: at - last });
    last = at;
  }, 1).unref();

  const record: Record<string, unknown> = { thread: isMainThread ? 'main' : `writer-${threadId}`, gcs, stalls };
  if (isMainThread) {
    const requests: Array<Record<string, number | string | undefined>> = [];
    const connections: number[] = [];
    const posts: Array<{ at: number; type: string; requests: number; receipts: number }> = [];
    const replies: Array<{ at: number; receipts?: number; ms?: number; outcomes: number }> = [];
    Object.assign(record, { requests, connections, posts, replies });
    const emit = Server.prototype.emit;
    Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
      if (event === 'connection') {
        connections.push(now());
        (args[0] as { acceptedAt?: number }).acceptedAt = now();
      }
      if (event === 'request') {
        const [request, response] = args as [import('node:http').IncomingMessage, ServerResponse];
        const socket = request.socket as typeof request.socket & { acceptedAt?: number; requests?: number };
        socket.requests = (socket.requests ?? 0) + 1;
        const entry: Record<string, number | string | undefined> = {
          id: request.headers['x-bench-id'] as string | undefined,
          arrived: now(),
          // When the server accepted the connection this request came on, and the how-manieth request on it.
          accepted: socket.acceptedAt,
          onSocket: socket.requests,
        };
        requests.push(entry);
        request.once('end', () => {
          entry.read = now();
        });
        const writeHead = response.writeHead;
        response.writeHead = function (this: ServerResponse, ...head: unknown[]) {
          entry.answered = now();
          entry.status = head[0] as number;
          return (writeHead as (...values: unknown[]) => ServerResponse).apply(this, head);
        };
      }
      return (emit as (...values: unknown[]) => boolean).apply(this, [event, ...args]);
    } as typeof Server.prototype.emit;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      // An append's requests are strings as writer-message.ts encodes them; other messages are objects.
      const { type, requests: appends } = message as { type: string; requests?: string[] };
      posts.push({
        at: now(),
        type,
        requests: appends?.length ?? 0,
        receipts: appends?.reduce((sum, append) => sum + receiptsIn(append), 0) ?? 0,
      });
      return (post as (...values: unknown[]) => void).apply(this, [message, ...rest]);
    };
    const workerEmit = Worker.prototype.emit;
    Worker.prototype.emit = function (this: Worker, event: string, ...args: unknown[]) {
      if (event === 'message') {
        const reply = args[0] as { commit?: { receipts: number; ms: number }; outcomes?: unknown[] };
        replies.push({
          at: now(),
          receipts: reply.commit?.receipts,
          ms: reply.commit?.ms,
          outcomes: reply.outcomes?.length ?? 0,
        });
      }
      return (workerEmit as (...values: unknown[]) => boolean).apply(this, [event, ...args]);
    } as typeof Worker.prototype.emit;
  } else {
    // The writer's answers: a commit group's carries its receipts and how long its transaction took.
    const commits: Array<{ at: number; receipts?: number; ms?: number }> = [];
    // And its checkpoints (each a statement `PRAGMA wal_checkpoint(…)`), when they ended and how long they took.
    const checkpoints: Array<{ at: number; ms: number }> = [];
    Object.assign(record, { commits, checkpoints });
    const { default: Database } = await import('better-sqlite3');
    const prepare = Database.prototype.prepare;
    Database.prototype.prepare = function (this: typeof Database.prototype, source: string) {
      const statement = prepare.call(this, source);
      if (source.includes('wal_checkpoint')) {
        const timed =
          (run: (...values: unknown[]) => unknown) =>
          (...values: unknown[]) => {
            const started = now();
            try {
              return run.apply(statement, values);
            } finally {
              checkpoints.push({ at: now(), ms: now() - started });
            }
          };
        statement.get = timed(statement.get as (...values: unknown[]) => unknown) as typeof statement.get;
        statement.run = timed(statement.run as (...values: unknown[]) => unknown) as typeof statement.run;
      }
      return statement;
    } as typeof prepare;
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
      const { commit } = (message ?? {}) as { commit?: { receipts: number; ms: number } };
      if (commit) commits.push({ at: now(), ...commit });
      return (post as (...values: unknown[]) => void).call(this, message, ...rest);
    };
  }
  process.on('exit', () => {
    record.delay = {
      p50: delay.percentile(50) / 1e6,
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
    };
    writeFileSync(join(dir, `${record.thread}.json`), JSON.stringify(record));
  });
}
