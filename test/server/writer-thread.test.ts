import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/ledger/canonical.js';
import { sha256 } from '../../src/ledger/hash.js';
import type { Receipt, ReceiptAcknowledgement } from '../../src/types.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { bundleCli, importBundledServer, startLedgerProcess } from './spawn.js';

// The SQLite writer thread (src/server/sqlite-writer.ts): commit groups are planned, sealed and committed on a
// thread of their own while the event loop reads the next requests. What must hold whatever happens to that
// thread: nothing is acknowledged before its commit, nothing acknowledged is lost or stored twice, the server
// lives on, and a new thread takes over.

const ORIGIN = 'https://fjordkaffe.no';
let server: Awaited<ReturnType<typeof importBundledServer>>;
let dir: string;
beforeAll(async () => {
  server = await importBundledServer();
  dir = mkdtempSync(join(tmpdir(), 'samtykke-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
async function open(options: { now?: () => Date } = {}) {
  const path = join(dir, `ledger-${databases++}.db`);
  const storage = await server.openSqliteStorage({ path, writerThread: true });
  const key = server.signingKeyFrom(server.generateKeyPair().privateKey);
  const ledger = await server.serveLedger({
    storage,
    signingKey: key,
    origins: [ORIGIN],
    port: 0,
    rateLimit: false,
    logger: () => {},
    adminToken: 'writer-thread-admin-token',
    ...options,
  });
  return {
    path,
    storage,
    key,
    ledger,
    admin: 'writer-thread-admin-token',
    async close() {
      await ledger.close();
      await storage.close();
    },
  };
}

async function post(
  url: string,
  receipts: Receipt[],
): Promise<{ status: number; retryAfter: string | null; acks: ReceiptAcknowledgement[] }> {
  const response = await fetch(`${url}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ receipts }),
  });
  const body = (await response.json()) as { acknowledgements?: ReceiptAcknowledgement[] };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    acks: body.acknowledgements ?? [],
  };
}

function postBody(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(body),
  });
}

/** Every stored row's receipt id and acknowledgement, read on a connection of the test's own. */
/**
 * Whether a checkpoint has copied every frame of the ledger's WAL into the database file, read from the WAL index
 * (the -shm file, https://sqlite.org/walformat.html): the header's mxFrame at byte 16 (the last valid frame) against
 * the checkpoint information's nBackfill at byte 96 (the frames copied), both in the machine's byte order. Reading it
 * takes no lock and runs no checkpoint of its own, which asking SQLite (PRAGMA wal_checkpoint) would.
 */
function walCopied(path: string): boolean {
  const index = readFileSync(`${path}-shm`);
  const word = (at: number) => (endianness() === 'LE' ? index.readUInt32LE(at) : index.readUInt32BE(at));
  return word(16) > 0 && word(96) === word(16);
}

function storedRows(path: string): Map<string, { seq: number; chainHash: string; signature: string }> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare<[], { receipt_id: string; seq: number; chain_hash: string; signature: string }>(
        'SELECT receipt_id, seq, chain_hash, signature FROM receipts ORDER BY seq',
      )
      .all();
    const byId = new Map(
      rows.map((row) => [row.receipt_id, { seq: row.seq, chainHash: row.chain_hash, signature: row.signature }]),
    );
    // Stored once each: as many distinct receipt ids as rows.
    expect(byId.size).toBe(rows.length);
    return byId;
  } finally {
    db.close();
  }
}

/** Post each batch until it is taken (a 503 is what the browser's outbox retries); any other status fails. */
async function postUntilTaken(url: string, batch: Receipt[]): Promise<ReceiptAcknowledgement[]> {
  for (;;) {
    const answer = await post(url, batch);
    if (answer.status === 200) return answer.acks;
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).not.toBeNull();
  }
}

describe('the SQLite writer thread', () => {
  it('commits concurrent requests and answers each with the acknowledgement it stored', async () => {
    const ledger = await open();
    try {
      const thread = ledger.storage.writerThread();
      expect(thread?.threadId).toBeGreaterThan(0);
      const receipts = await makeReceipts(80);
      const batches = Array.from({ length: 16 }, (_, index) => receipts.slice(index * 5, index * 5 + 5));
      const answers = await Promise.all(batches.map((batch) => post(ledger.ledger.url, batch)));
      expect(answers.map((answer) => answer.status)).toEqual(batches.map(() => 200));
      const stored = storedRows(ledger.path);
      expect(stored.size).toBe(80);
      for (const ack of answers.flatMap((answer) => answer.acks)) {
        expect(stored.get(ack.receiptId)).toEqual({ seq: ack.seq, chainHash: ack.chainHash, signature: ack.signature });
        expect(server.verifyAcknowledgement(ack, ledger.key.publicKey)).toBe(true);
      }
      // The same thread did it all: none stopped.
      expect(ledger.storage.writerThread()).toBe(thread);
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('answers an append with the text of its acknowledgements and how many it stored, the same as its results', async () => {
    const ledger = await open();
    try {
      const seal = server.createSealer(ledger.key);
      const itemsOf = (receipts: Receipt[]) => receipts.map((receipt) => ({ receipt, site: ORIGIN, client: null }));
      const first = itemsOf(await makeReceipts(3));
      const answer = await ledger.storage.appendAnswer?.(first, seal);
      expect(answer?.stored).toBe(3);
      const replayed = await ledger.storage.append(first, seal);
      expect(replayed.map((result) => result.replay)).toEqual([true, true, true]);
      expect(answer?.acknowledgements).toBe(JSON.stringify(replayed.map((result) => result.acknowledgement)));
      // Replays and new receipts in one request: only the new are counted, each answered in its place.
      const mixed = [...first.slice(1), ...itemsOf([await makeReceipt()])];
      const mixedAnswer = await ledger.storage.appendAnswer?.(mixed, seal);
      expect(mixedAnswer?.stored).toBe(1);
      const acks = JSON.parse(mixedAnswer?.acknowledgements ?? '[]') as ReceiptAcknowledgement[];
      expect(acks.slice(0, 2)).toEqual(replayed.slice(1).map((result) => result.acknowledgement));
      const stored = storedRows(ledger.path);
      for (const ack of acks) {
        expect(stored.get(ack.receiptId)).toEqual({ seq: ack.seq, chainHash: ack.chainHash, signature: ack.signature });
        expect(server.verifyAcknowledgement(ack, ledger.key.publicKey)).toBe(true);
      }
      expect((await ledger.storage.append(mixed, seal)).map((result) => result.replay)).toEqual([true, true, true]);
    } finally {
      await ledger.close();
    }
  });

  it('takes appends made in one turn past what it posts at once in parts, each answered with its own acknowledgements, in order', async () => {
    const ledger = await open();
    try {
      const seal = server.createSealer(ledger.key);
      const receipts = await makeReceipts(300);
      // 30 requests of 10 in one synchronous run: more than one post to the thread holds.
      const requests = Array.from({ length: 30 }, (_, index) => receipts.slice(index * 10, index * 10 + 10));
      const results = await Promise.all(
        requests.map((batch) =>
          ledger.storage.append(
            batch.map((receipt) => ({ receipt, site: ORIGIN, client: null })),
            seal,
          ),
        ),
      );
      const acks = results.flat().map((result) => result.acknowledgement);
      expect(acks.map((ack) => ack.receiptId)).toEqual(receipts.map((receipt) => receipt.receiptId));
      expect(acks.map((ack) => ack.seq)).toEqual(receipts.map((_, index) => index + 1));
      const stored = storedRows(ledger.path);
      for (const ack of acks) {
        expect(stored.get(ack.receiptId)).toEqual({ seq: ack.seq, chainHash: ack.chainHash, signature: ack.signature });
      }
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('stopped twice under load: a new thread takes over and the retries, nothing acknowledged is lost or doubled', async () => {
    const ledger = await open();
    try {
      const receipts = await makeReceipts(300);
      const acknowledged = new Map<string, ReceiptAcknowledgement>();
      const stoppedThreads = new Set<number>();
      let next = 0;
      const stop = (worker: Worker | undefined) => {
        if (!worker || stoppedThreads.has(worker.threadId)) return;
        stoppedThreads.add(worker.threadId);
        void worker.terminate();
      };
      // Eight clients post batches of five; the thread is stopped twice from inside the stream, so other
      // clients' requests are queued or committing when it goes.
      const client = async () => {
        while (next < receipts.length) {
          const batch = receipts.slice(next, next + 5);
          next += 5;
          for (;;) {
            const answer = await post(ledger.ledger.url, batch);
            if (answer.status === 503) {
              expect(answer.retryAfter).not.toBeNull();
              continue;
            }
            expect(answer.status).toBe(200);
            for (const ack of answer.acks) {
              // A retry of a batch whose commit the stopped thread had made gets the original acknowledgement.
              const before = acknowledged.get(ack.receiptId);
              if (before) expect(ack).toEqual(before);
              acknowledged.set(ack.receiptId, ack);
            }
            break;
          }
          if (acknowledged.size >= 60 && stoppedThreads.size === 0) stop(ledger.storage.writerThread());
          if (acknowledged.size >= 180 && stoppedThreads.size === 1) stop(ledger.storage.writerThread());
        }
      };
      await Promise.all(Array.from({ length: 8 }, client));

      expect(stoppedThreads.size).toBe(2);
      expect(acknowledged.size).toBe(300);
      const stored = storedRows(ledger.path);
      expect(stored.size).toBe(300);
      for (const ack of acknowledged.values()) {
        expect(stored.get(ack.receiptId)).toEqual({ seq: ack.seq, chainHash: ack.chainHash, signature: ack.signature });
      }
      // A thread now runs that is neither of the stopped ones.
      const running = ledger.storage.writerThread();
      expect(running && !stoppedThreads.has(running.threadId)).toBe(true);
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
      const health = await fetch(`${ledger.ledger.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      await ledger.close();
    }
  });

  it('stopped while its commit waits for a write lock another connection holds: 503, nothing of it stored, the retry taken once', async () => {
    const ledger = await open();
    const lock = new Database(ledger.path);
    try {
      const [first, second] = [await makeReceipts(5), await makeReceipts(5)];
      expect((await post(ledger.ledger.url, first)).status).toBe(200);
      const thread = ledger.storage.writerThread() as Worker;
      lock.prepare('BEGIN IMMEDIATE').run();
      const answer = post(ledger.ledger.url, second);
      // The thread holds the request once it is busy without a break: inside the commit, waiting for the lock.
      let before = thread.performance.eventLoopUtilization();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const window = thread.performance.eventLoopUtilization(before);
        if (window.idle === 0 && window.active > 0) break;
        before = thread.performance.eventLoopUtilization();
      }
      // Stopped there: it ends as soon as the lock lets its commit go on, before it writes a row.
      const stopped = thread.terminate();
      lock.prepare('COMMIT').run();
      await stopped;
      const { status, retryAfter } = await answer;
      expect(status).toBe(503);
      expect(retryAfter).not.toBeNull();
      expect(second.some((receipt) => storedRows(ledger.path).has(receipt.receiptId))).toBe(false);
      // The outbox's retry is taken by a new thread, once.
      const retried = await postUntilTaken(ledger.ledger.url, second);
      const stored = storedRows(ledger.path);
      expect(stored.size).toBe(10);
      for (const ack of retried) expect(stored.get(ack.receiptId)?.seq).toBe(ack.seq);
      expect(ledger.storage.writerThread()).not.toBe(thread);
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
    } finally {
      lock.close();
      await ledger.close();
    }
  });

  it('cannot start again (the database file is gone): 503 + Retry-After on posts and /health, and the process lives', async () => {
    const ledger = await open();
    try {
      expect((await post(ledger.ledger.url, await makeReceipts(2))).status).toBe(200);
      const thread = ledger.storage.writerThread();
      await thread?.terminate();
      rmSync(ledger.path);
      rmSync(`${ledger.path}-wal`, { force: true });
      rmSync(`${ledger.path}-shm`, { force: true });
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await post(ledger.ledger.url, await makeReceipts(2));
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).not.toBeNull();
        expect(answer.acks).toEqual([]);
        const health = await fetch(`${ledger.ledger.url}/health`);
        expect(health.status).toBe(503);
        expect(health.headers.get('retry-after')).not.toBeNull();
      }
      expect(ledger.storage.writerThread()).toBeUndefined();
    } finally {
      await ledger.close();
    }
  });

  it('/health while another connection holds the write lock: 503 + Retry-After instead of waiting, 200 once it is free', async () => {
    const ledger = await open();
    const lock = new Database(ledger.path);
    try {
      expect((await fetch(`${ledger.ledger.url}/health`)).status).toBe(200);
      lock.prepare('BEGIN IMMEDIATE').run();
      const held = await fetch(`${ledger.ledger.url}/health`);
      expect(held.status).toBe(503);
      expect(held.headers.get('retry-after')).not.toBeNull();
      lock.prepare('COMMIT').run();
      // The thread's write that timed out is made once the lock is free; the next check is answered after it.
      expect((await fetch(`${ledger.ledger.url}/health`)).status).toBe(200);
      expect((await post(ledger.ledger.url, await makeReceipts(2))).status).toBe(200);
    } finally {
      lock.close();
      await ledger.close();
    }
  });

  it('stores notice documents and erases on the thread too, in order with the posts around them', async () => {
    const ledger = await open();
    try {
      const view = { format: 'samtykke-notice/1', revision: 1, controller: { name: 'Fjordkaffe AS' } };
      const texts = { bannerTitle: 'Vi bruker informasjonskapsler' };
      const configHash = await sha256(canonicalize(view));
      const textHash = await sha256(canonicalize(texts));
      const base = await makeReceipt();
      const shown = await makeReceipt({ notice: { ...base.notice, configHash, textHash } });
      const first = (await (await postBody(ledger.ledger.url, { receipts: [shown] })).json()) as {
        noticesWanted?: string[];
      };
      expect(first.noticesWanted?.sort()).toEqual([configHash, textHash].sort());
      // The documents and an erasure go to the thread while other clients' posts are committed there.
      const others = Array.from({ length: 8 }, async () => post(ledger.ledger.url, await makeReceipts(5)));
      const upload = await postBody(ledger.ledger.url, {
        receipts: [shown],
        notices: { [configHash]: view, [textHash]: texts },
      });
      expect(upload.status).toBe(200);
      expect((await Promise.all(others)).map((answer) => answer.status)).toEqual(Array(8).fill(200));
      const erased = await fetch(`${ledger.ledger.url}/receipts/${shown.recordId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ledger.admin}` },
      });
      expect(await erased.json()).toEqual({ recordId: shown.recordId, erased: 1 });

      const db = new Database(ledger.path, { readonly: true });
      try {
        const notices = db.prepare('SELECT hash, content FROM notices ORDER BY hash').all();
        expect(notices).toEqual(
          [
            { hash: configHash, content: canonicalize(view) },
            { hash: textHash, content: canonicalize(texts) },
          ].sort((a, b) => (a.hash < b.hash ? -1 : 1)),
        );
        const row = db.prepare('SELECT receipt, erased_at FROM receipts WHERE receipt_id = ?').get(shown.receiptId) as {
          receipt: string | null;
          erased_at: string | null;
        };
        expect(row.receipt).toBeNull();
        expect(row.erased_at).not.toBeNull();
      } finally {
        db.close();
      }
      expect(storedRows(ledger.path).size).toBe(41);
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('a handler with a clock of its own commits on the event loop, with that clock', async () => {
    const at = new Date('2026-03-01T08:00:00.000Z');
    const ledger = await open({ now: () => at });
    try {
      const answer = await post(ledger.ledger.url, await makeReceipts(3));
      expect(answer.status).toBe(200);
      expect(answer.acks.map((ack) => ack.receivedAt)).toEqual([at, at, at].map((time) => time.toISOString()));
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('copies the WAL into the database file between commit groups, once idle, and then writes the WAL over from its start', async () => {
    const ledger = await open();
    try {
      const seal = server.createSealer(ledger.key);
      const receipts = await makeReceipts(500);
      const fileSize = (file: string) => statSync(file).size;
      const afterMigrations = fileSize(ledger.path);
      let walAfterFirst = 0;
      for (let round = 0; round < 5; round++) {
        const batch = receipts.slice(round * 100, round * 100 + 100);
        const sizeBefore = fileSize(ledger.path);
        await ledger.storage.append(
          batch.map((receipt) => ({ receipt, site: ORIGIN, client: null })),
          seal,
        );
        // Until every frame is copied the next round's transaction could not write the WAL over; the database
        // file's size alone would tell too early, since it grows while the checkpoint still copies.
        await expect.poll(() => walCopied(ledger.path), { timeout: 10_000 }).toBe(true);
        // 100 receipts are about 300 pages: under the 1,000 at which SQLite would checkpoint by itself, so the
        // database file grew only because the idle thread copied the WAL into it.
        expect(fileSize(ledger.path)).toBeGreaterThan(sizeBefore + 100 * 1024);
        if (round === 0) walAfterFirst = fileSize(`${ledger.path}-wal`);
      }
      expect(fileSize(ledger.path)).toBeGreaterThan(afterMigrations + 500 * 1024);
      // Each round's pages were written over the last round's: the WAL holds about one round, not five.
      expect(fileSize(`${ledger.path}-wal`)).toBeLessThan(walAfterFirst * 2);
      expect(storedRows(ledger.path).size).toBe(500);
      expect((await server.verifyLedger(ledger.storage, ledger.key.publicKey)).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('closing the ledger ends the thread', async () => {
    const ledger = await open();
    const thread = ledger.storage.writerThread();
    const exited = new Promise<number>((resolve) => thread?.once('exit', resolve));
    await ledger.close();
    expect(await exited).toBe(0);
    expect(ledger.storage.writerThread()).toBeUndefined();
  });
});

describe('samtykke-ledger serve --no-writer-thread', () => {
  it.each([
    ['on a writer thread by default', [], true],
    ['on the event loop with --no-writer-thread', ['--no-writer-thread'], false],
  ])('commits %s: every acknowledgement stored and signed, the chain verifies', async (_, flags, thread) => {
    const cli = await bundleCli();
    const keyFile = join(dir, `key-${databases}.pem`);
    const { privateKey } = server.generateKeyPair();
    const key = server.signingKeyFrom(privateKey);
    writeFileSync(keyFile, privateKey);
    const path = join(dir, `ledger-${databases++}.db`);
    let listening: Record<string, unknown> | undefined;
    const child = await startLedgerProcess(
      cli,
      ['--database', path, '--key', keyFile, '--origin', ORIGIN, '--rate-limit', 'off', ...flags],
      undefined,
      (entry) => {
        if (entry.msg === 'listening') listening = entry;
      },
    );
    try {
      expect(listening?.writerThread).toBe(thread);
      const receipts = await makeReceipts(40);
      const batches = Array.from({ length: 8 }, (_, index) => receipts.slice(index * 5, index * 5 + 5));
      const answers = await Promise.all(batches.map((batch) => post(child.url, batch)));
      expect(answers.map((answer) => answer.status)).toEqual(batches.map(() => 200));
      const stored = storedRows(path);
      expect(stored.size).toBe(40);
      for (const ack of answers.flatMap((answer) => answer.acks)) {
        expect(stored.get(ack.receiptId)).toEqual({ seq: ack.seq, chainHash: ack.chainHash, signature: ack.signature });
        expect(server.verifyAcknowledgement(ack, key.publicKey)).toBe(true);
      }
    } finally {
      child.child.kill('SIGTERM');
      await child.exited;
    }
    const storage = await server.openSqliteStorage({ path, readOnly: true });
    try {
      expect((await server.verifyLedger(storage, key.publicKey)).ok).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
