import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/server/sqlite-checkpointer.js';
import { bundleWriterThread } from './spawn.js';

// The checkpointer thread (src/server/sqlite-checkpointer.ts): SQLite's WAL is copied into the database file on
// a connection and thread of their own, so the writer thread never waits for a checkpoint. What must hold: it
// copies what was committed when asked, beside a writer that holds the write lock, and ends when closed.

let dir: string;
let threadFile: URL;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samtykke-checkpointer-'));
  // The writer thread's script, as shipped: the checkpointer is that script started again.
  threadFile = pathToFileURL(
    await bundleWriterThread(resolve('test-results', `checkpointer-${process.pid}`, 'sqlite-writer-thread.js')),
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(resolve('test-results', `checkpointer-${process.pid}`), { recursive: true, force: true });
});

/** A WAL database whose connection never checkpoints by itself, with about 2 MB committed to its WAL. */
function walDatabase(name: string) {
  const path = join(dir, name);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
  db.transaction(() => {
    for (let row = 0; row < 1000; row++) insert.run('x'.repeat(2000));
  })();
  return { path, db, insert };
}

describe('the SQLite checkpointer thread', () => {
  it('copies the committed WAL into the database file when asked, while the writer holds its write lock', async () => {
    const { path, db, insert } = walDatabase('ledger-1.db');
    const checkpoints = startCheckpointer(threadFile, path);
    try {
      const before = statSync(path).size;
      // The writer is inside a transaction of its own: a checkpoint on its connection would have to wait for it.
      db.exec('BEGIN IMMEDIATE');
      insert.run('uncommitted');
      // Control: unasked, the thread copies nothing, and the writer's connection never checkpoints by itself (the
      // size checked once the thread had time to start and open the file, not right after a request).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(statSync(path).size).toBe(before);
      checkpoints.request();
      // Asked again while polling: a checkpoint that met a lock taken for an instant (SQLITE_BUSY) copies nothing
      // and waits for the next wish, as it does after the writer's next commit group.
      await expect
        .poll(
          () => {
            checkpoints.request();
            return statSync(path).size;
          },
          { timeout: 10_000 },
        )
        .toBeGreaterThan(before + 1024 * 1024);
      expect(checkpoints.running()).toBe(true);
      db.exec('COMMIT');
      expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 1001 });
    } finally {
      checkpoints.close();
      db.close();
    }
  });

  it('ends once closed, and a thread that cannot open the file only stops running', async () => {
    const { path, db } = walDatabase('ledger-2.db');
    const checkpoints = startCheckpointer(threadFile, path);
    try {
      expect(checkpoints.running()).toBe(true);
      checkpoints.close();
      await expect.poll(() => checkpoints.running(), { timeout: 10_000 }).toBe(false);
    } finally {
      db.close();
    }
    const missing = startCheckpointer(threadFile, join(dir, 'no-such.db'));
    await expect.poll(() => missing.running(), { timeout: 10_000 }).toBe(false);
    // Asking a stopped checkpointer is harmless: the writer checkpoints itself then.
    missing.request();
    missing.close();
  });
});
