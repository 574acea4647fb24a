import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { openPostgresStorage } from '../../src/server/postgres-storage.js';
import { type LedgerStorage, ReceiptConflictError } from '../../src/server/storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { Receipt } from '../../src/types.js';
import { makeReceipt, makeReceipts } from './fixtures.js';
import { freshPostgresUrl } from './helpers.js';

const key = signingKeyFrom(generateKeyPair().privateKey);
const seal = createSealer(key);
const SITE = 'https://fjordkaffe.no';

// Two storages on one database are two endpoint processes: each remembers only the chain heads it left.
describe('appends to one PostgreSQL ledger from two processes', () => {
  let first: LedgerStorage;
  let second: LedgerStorage;
  let receipts: Receipt[];
  let url: string;
  beforeEach(async () => {
    url = await freshPostgresUrl();
    first = await openPostgresStorage({ connectionString: url });
    second = await openPostgresStorage({ connectionString: url });
    receipts = await makeReceipts(12);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await first.close();
    await second.close();
  });

  const items = (from: number, to: number, site = SITE) =>
    receipts.slice(from, to).map((receipt) => ({ receipt, site, client: '192.0.2.0/24' }));
  /** The statements an append sends, counted on every connection of this process. */
  async function statementsOf<T>(append: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const query = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const result = await append();
      return { result, statements: query.mock.calls.length };
    } finally {
      query.mockRestore();
    }
  }

  /** Runs `work` while the database runs `action` (PL/pgSQL) before it inserts the second receipt's row. */
  async function whileSecondRow(action: string, work: () => Promise<void>): Promise<void> {
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    try {
      await raw.query(`CREATE FUNCTION on_second_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.receipt_id = '${receipts[1]?.receiptId}' THEN ${action} END IF;
          RETURN NEW;
        END $$`);
      await raw.query(
        'CREATE TRIGGER on_second_row BEFORE INSERT ON samtykke_receipts FOR EACH ROW EXECUTE FUNCTION on_second_row()',
      );
      await work();
    } finally {
      await raw.end();
    }
  }

  it('a process appending alone sends each group as one statement, its own transaction', async () => {
    const opened = await statementsOf(() => first.append(items(0, 2), seal));
    // The first append to a site locks and reads its head: BEGIN, the lock, the head row made, the lock again, the
    // lookup, the writes, COMMIT.
    expect(opened.statements).toBeGreaterThan(3);
    for (const [from, to] of [
      [2, 5],
      [5, 6],
    ] as const) {
      const { result, statements } = await statementsOf(() => first.append(items(from, to), seal));
      expect(statements).toBe(1);
      expect(result.map((answer) => answer.acknowledgement.seq)).toEqual(
        Array.from({ length: to - from }, (_, index) => from + index + 1),
      );
    }
    expect(await first.heads()).toEqual([{ site: SITE, seq: 6, chainHash: expect.any(String) }]);
    expect(await verifyLedger(first, key.publicKey)).toMatchObject({ ok: true, records: 6, problems: [] });
  });

  it('chains a group after what another process appended since, and goes the locking way while both append', async () => {
    const chain: Array<{ seq: number; chainHash: string }> = [];
    const append = async (storage: LedgerStorage, from: number, to: number) => {
      const { result, statements } = await statementsOf(() => storage.append(items(from, to), seal));
      chain.push(...result.map((answer) => answer.acknowledgement));
      return statements;
    };
    await append(first, 0, 2);
    await append(second, 2, 4);
    // The head `first` remembers is gone: its one statement is refused and the group is locked, read and chained.
    expect(await append(first, 4, 6)).toBeGreaterThan(1);
    // It saw another process's appends there: its next group locks straight away.
    expect(await append(first, 6, 8)).toBeGreaterThan(1);
    // Nobody else appended meanwhile: one statement again.
    expect(await append(first, 8, 10)).toBe(1);
    expect(await append(second, 10, 12)).toBeGreaterThan(1);
    expect(chain.map((link) => link.seq)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    const report = await verifyLedger(first, key.publicKey);
    expect(report).toMatchObject({ ok: true, records: 12, problems: [] });
    expect(await second.heads()).toEqual([{ site: SITE, seq: 12, chainHash: chain[11]?.chainHash }]);
  });

  it('answers a receipt stored before with its first acknowledgement, and refuses one stored with other content', async () => {
    const [stored] = await first.append(items(0, 1), seal);
    await first.append(items(1, 2), seal);
    // One receipt of this group is stored: the one statement fails on its unique key and the group is looked up.
    const again = await first.append(items(0, 3), seal);
    expect(again.map((answer) => [answer.acknowledgement.seq, answer.replay])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(again[0]?.acknowledgement).toEqual(stored?.acknowledgement);
    const altered = await makeReceipt({ receiptId: receipts[3]?.receiptId as string });
    await first.append(items(3, 4), seal);
    await expect(first.append([{ receipt: altered, site: SITE, client: null }], seal)).rejects.toBeInstanceOf(
      ReceiptConflictError,
    );
    // The refused group moved nothing: the next one follows on.
    const [next] = await first.append(items(4, 5), seal);
    expect(next?.acknowledgement.seq).toBe(5);
    expect(await verifyLedger(first, key.publicKey)).toMatchObject({ ok: true, records: 5, problems: [] });
  });

  it('keeps its connections when PostgreSQL refuses a group: a moved head or a stored receipt id opens no new one', async () => {
    await first.append(items(0, 2), seal);
    await second.append(items(2, 4), seal);
    // Each new connection authenticates again (SCRAM), the most a refused group could cost: count them.
    const connects = vi.spyOn(pg.Client.prototype, 'connect');
    try {
      // `first`'s remembered head moved: its statement is refused (40001) and the group goes the locking way.
      const moved = await first.append(items(4, 6), seal);
      expect(moved.map((answer) => answer.acknowledgement.seq)).toEqual([5, 6]);
      // A receipt id stored before: the statement fails on its unique key (23505) and the replay is answered.
      await first.append(items(6, 7), seal);
      await first.append(items(6, 7), seal);
      const replay = await first.append(items(6, 8), seal);
      expect(replay.map((answer) => [answer.acknowledgement.seq, answer.replay])).toEqual([
        [7, true],
        [8, false],
      ]);
      expect(connects).not.toHaveBeenCalled();
    } finally {
      connects.mockRestore();
    }
    expect(await verifyLedger(first, key.publicKey)).toMatchObject({ ok: true, records: 8, problems: [] });
  });

  it('appends a group of several sites at once, one of them new, after its remembered heads', async () => {
    await first.append(items(0, 1), seal);
    await first.append(items(1, 2, 'https://bakeri.no'), seal);
    const both = [...items(2, 4), ...items(4, 5, 'https://bakeri.no')];
    const { statements } = await statementsOf(() => first.append(both, seal));
    expect(statements).toBe(1);
    // A site this process never appended to: its head row is made the locking way.
    await first.append([...items(5, 6), ...items(6, 7, 'https://ny.example')], seal);
    expect((await second.heads()).map((head) => [head.site, head.seq])).toEqual([
      ['https://bakeri.no', 2],
      [SITE, 4],
      ['https://ny.example', 1],
    ]);
    expect(await verifyLedger(second, key.publicKey)).toMatchObject({ ok: true, records: 7, sites: 3 });
  });

  it('sends the next group while one is still committing: it waits for that commit and is stored by its own statement', async () => {
    await first.append(items(0, 1), seal);
    // One receipt's row takes a while to write: the group holding it is still committing when the next is sent.
    await whileSecondRow('PERFORM pg_sleep(0.3);', async () => {
      const query = vi.spyOn(pg.Client.prototype, 'query');
      let slowDone = false;
      const slow = first.append(items(1, 3), seal).finally(() => {
        slowDone = true;
      });
      await expect.poll(() => query.mock.calls.length).toBe(1);
      const onTop = first.append(items(3, 5), seal);
      // Sent before the slow one committed, planned on its heads.
      await expect.poll(() => query.mock.calls.length).toBe(2);
      expect(slowDone).toBe(false);
      const stored = [...(await slow), ...(await onTop)];
      // Each group one statement: the second waited for the first one's chain-head lock instead of being refused.
      expect(query.mock.calls.length).toBe(2);
      expect(stored.map((answer) => [answer.acknowledgement.receiptId, answer.acknowledgement.seq])).toEqual(
        [1, 2, 3, 4].map((index) => [receipts[index]?.receiptId, index + 1]),
      );
    });
    expect(await first.heads()).toEqual([{ site: SITE, seq: 5, chainHash: expect.any(String) }]);
    expect(await verifyLedger(second, key.publicKey)).toMatchObject({ ok: true, records: 5, problems: [] });
  });

  it('sends a group once more when its statement reached the chain heads before the one of the group ahead of it', async () => {
    await first.append(items(0, 1), seal);
    // The first group's statement is held back until the second one's has been answered: the second reaches the
    // heads first, as it may when two connections race.
    type Query = (this: pg.Client, text: string, values: unknown[]) => Promise<unknown>;
    const original = pg.Client.prototype.query as unknown as Query;
    let secondAnswered = () => {};
    const answered = new Promise<void>((resolve) => {
      secondAnswered = resolve;
    });
    let firstError: { code?: string } | null | undefined;
    let calls = 0;
    const held: Query = function (text, values) {
      calls++;
      if (calls === 1) return answered.then(() => original.call(this, text, values));
      if (calls === 2) {
        return original.call(this, text, values).then(
          (result) => {
            firstError = null;
            secondAnswered();
            return result;
          },
          (error: { code?: string }) => {
            firstError = error;
            secondAnswered();
            throw error;
          },
        );
      }
      return original.call(this, text, values);
    };
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(held as never);
    const ahead = first.append(items(1, 3), seal);
    await expect.poll(() => calls).toBe(1);
    const behind = first.append(items(3, 5), seal);
    const stored = [...(await ahead), ...(await behind)];
    // Refused for the head the first group had not moved yet, then sent again: three statements, no lock taken.
    expect(firstError?.code).toBe('40001');
    expect(calls).toBe(3);
    expect(stored.map((answer) => [answer.acknowledgement.receiptId, answer.acknowledgement.seq])).toEqual(
      [1, 2, 3, 4].map((index) => [receipts[index]?.receiptId, index + 1]),
    );
    expect(await verifyLedger(second, key.publicKey)).toMatchObject({ ok: true, records: 5, problems: [] });
  });

  it('refuses a group planned on top of one whose commit then failed, and chains it after what is stored', async () => {
    await first.append(items(0, 1), seal);
    // The database refuses one receipt's row, after a while: the group holding it is still committing when the
    // next group is planned on top of it.
    await whileSecondRow("PERFORM pg_sleep(0.3); RAISE EXCEPTION 'refused' USING ERRCODE = '23514';", async () => {
      const query = vi.spyOn(pg.Client.prototype, 'query');
      const failing = first.append(items(1, 3), seal);
      // Handed over, planned and sent: the commit is running.
      await expect.poll(() => query.mock.calls.length).toBeGreaterThan(0);
      const onTop = first.append(items(3, 5), seal);
      const sentBeforeFailing = await failing.then(
        () => 'stored',
        () => query.mock.calls.length,
      );
      // The second group's statement left before the first one failed: it was planned on the first one's heads.
      expect(sentBeforeFailing).toBeGreaterThanOrEqual(2);
      const stored = await onTop;
      expect(stored.map((answer) => [answer.acknowledgement.receiptId, answer.acknowledgement.seq])).toEqual([
        [receipts[3]?.receiptId, 2],
        [receipts[4]?.receiptId, 3],
      ]);
    });
    expect(await first.heads()).toEqual([{ site: SITE, seq: 3, chainHash: expect.any(String) }]);
    expect(await verifyLedger(second, key.publicKey)).toMatchObject({ ok: true, records: 3, problems: [] });
  });
});
