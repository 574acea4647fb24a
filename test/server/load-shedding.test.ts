import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventLoopLagMs, notLag } from '../../src/server/event-loop-lag.js';
import { generateKeyPair } from '../../src/server/keys.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { makeReceipt } from './fixtures.js';
import { bundleCli, type LedgerProcess, startLoadLedger } from './spawn.js';

const ORIGIN = 'https://fjordkaffe.no';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let cli: string;
let dir: string;
let keyFile: string;
beforeAll(async () => {
  cli = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'samtykke-shedding-'));
  keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, generateKeyPair().privateKey);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(database: string, flags: string[]): Promise<LedgerProcess> {
  return startLoadLedger(cli, { database, key: keyFile, origin: ORIGIN }, flags);
}

async function stop(server: LedgerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

async function storedIds(database: string): Promise<string[]> {
  const storage = await openSqliteStorage({ path: database, readOnly: true });
  try {
    const rows = await storage.page({ limit: 1000 });
    return rows.map((row) => row.receiptId);
  } finally {
    await storage.close();
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One kept-alive connection on which requests are written as raw bytes, so a test knows when they left. */
async function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiting?.();
  });
  /** The next whole response (headers and a Content-Length body). */
  const response = async (): Promise<RawResponse> => {
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (buffered.length >= end + 4 + length) {
          const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
          buffered = buffered.subarray(end + 4 + length);
          return { status: Number(statusLine?.split(' ')[1]), headers, body };
        }
      }
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
    }
  };
  /** Write a POST /receipts; resolves once its bytes are with the kernel (on loopback: with the server's socket). */
  const send = (payload: unknown) => {
    const body = JSON.stringify(payload);
    const head = `POST /receipts HTTP/1.1\r\nhost: ${hostname}\r\norigin: ${ORIGIN}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return new Promise<void>((resolve, reject) =>
      socket.write(head + body, (error) => (error ? reject(error) : resolve())),
    );
  };
  return { send, response, close: () => socket.destroy() };
}

/**
 * The server process is stopped (SIGSTOP: what a starved container, a long GC pause or a stuck synchronous task
 * look like from outside) while a request waits in its socket, for three times the threshold, then continued.
 */
async function stallWhileWaiting(
  server: LedgerProcess,
  connection: Awaited<ReturnType<typeof rawConnection>>,
  payload: unknown,
) {
  server.child.kill('SIGSTOP');
  try {
    await connection.send(payload);
    await sleep(300);
  } finally {
    server.child.kill('SIGCONT');
  }
  return connection.response();
}

describe('load shedding on event-loop lag', () => {
  it('refuses with 503 + Retry-After what waited through a stall longer than --max-event-loop-lag, stores none of it, and takes posts again once the loop keeps up', async () => {
    const database = join(dir, 'shed.db');
    const server = await serve(database, ['--max-event-loop-lag', '100']);
    const connection = await rawConnection(server.url);
    try {
      // A busy machine may make the loop late now and then: the first post is retried until taken.
      const first = await makeReceipt();
      await vi.waitFor(
        async () => {
          await connection.send({ receipts: [first] });
          expect((await connection.response()).status).toBe(200);
        },
        { timeout: 20_000, interval: 50 },
      );
      const waited = await makeReceipt();
      const refused = await stallWhileWaiting(server, connection, { receipts: [waited] });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(JSON.parse(refused.body)).toEqual({ error: 'the server is overloaded, retry later' });
      // Recovered: the same receipt, sent again as a browser outbox would after Retry-After, is taken.
      await vi.waitFor(
        async () => {
          await connection.send({ receipts: [waited] });
          expect((await connection.response()).status).toBe(200);
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(server.child.exitCode).toBeNull();
    } finally {
      connection.close();
      await stop(server);
    }
    expect((await storedIds(database)).length).toBe(2);
  });

  it('control: with --max-event-loop-lag 0 the same stall is waited out and the post taken', async () => {
    const database = join(dir, 'no-shed.db');
    const server = await serve(database, ['--max-event-loop-lag', '0']);
    const connection = await rawConnection(server.url);
    try {
      await connection.send({ receipts: [await makeReceipt()] });
      expect((await connection.response()).status).toBe(200);
      const waited = await makeReceipt();
      const taken = await stallWhileWaiting(server, connection, { receipts: [waited] });
      expect(taken.status).toBe(200);
      expect(await storedIds(database)).toContain(waited.receiptId);
    } finally {
      connection.close();
      await stop(server);
    }
  });
});

/** Keep the thread busy, as a synchronous task that blocks the event loop does. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('the event-loop lag figure', () => {
  it("counts a loop blocked by anything, but not by the ledger's own synchronous commit", () => {
    eventLoopLagMs();
    const before = eventLoopLagMs();
    // Both blocks in one synchronous run: no sample fires in between, so the last sample's figure stays what it
    // was and only the overdue part moves. A sample is due at most 20 ms after `before`.
    notLag(() => block(400));
    const afterCommit = eventLoopLagMs();
    block(400);
    const afterBlock = eventLoopLagMs();
    expect(afterBlock).toBeGreaterThanOrEqual(380);
    expect(afterCommit - before).toBeLessThan(200);
  });
});

/** A POST whose body is written but for its last byte; resolves to its status once `finish` sends that byte. */
function heldPost(url: string, body: string) {
  const { hostname, port } = new URL(url);
  let finish = () => {};
  let sent = (): void => {};
  const written = new Promise<void>((resolve) => {
    sent = resolve;
  });
  const status = new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      {
        host: hostname,
        port,
        method: 'POST',
        path: '/receipts',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.write(body.slice(0, -1), () => sent());
    finish = () => request.end(body.slice(-1));
  });
  return { status, written, finish: () => finish() };
}

describe('--max-body-memory', () => {
  it('caps the request bodies held at once across connections (the default, 64 MiB, holds all five)', async () => {
    // Four bodies of 240 kB fit in 1 MiB; a fifth does not.
    const body = JSON.stringify({ receipts: [], padding: 'x'.repeat(240_000) });
    // Only the body cap may refuse here: a busy machine must not turn the held posts away as event-loop lag first.
    const server = await serve(join(dir, 'bodies.db'), ['--max-body-memory', '1', '--max-event-loop-lag', '0']);
    const held = [0, 1, 2, 3].map(() => heldPost(server.url, body));
    try {
      // The probes start once the held bodies are on their way in full: a probe that came while they were still
      // streaming could take the memory their last chunks need, and turn one of them away instead.
      await Promise.all(held.map((post) => post.written));
      // Refused once the four held bodies have all arrived.
      await vi.waitFor(
        async () => {
          const response = await fetch(`${server.url}/receipts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            body,
          });
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toBe('1');
          expect(await response.json()).toEqual({ error: 'the server holds too many request bodies, retry later' });
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      for (const post of held) post.finish();
      // The held bodies were within the bound: read in full and judged (they hold no receipts).
      for (const status of await Promise.all(held.map((post) => post.status))) expect(status).toBe(400);
      await stop(server);
    }
  });
});
