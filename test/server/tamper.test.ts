import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/ledger/canonical.js';
import { computeReceiptHash } from '../../src/ledger/hash.js';
import { chainHashOf, createSealer } from '../../src/server/chain.js';
import { runCli } from '../../src/server/cli-main.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { verifyLedger } from '../../src/server/verify.js';
import { fixtureNoticeReport, makeReceipt, makeReceipts, missingFixtureNotices } from './fixtures.js';
import { type StorageKind, storageKinds } from './helpers.js';

const pair = generateKeyPair();
const key = signingKeyFrom(pair.privateKey);
const SITE = 'https://fjordkaffe.no';

describe.each(storageKinds)('tampering with the $name ledger', (kind: StorageKind) => {
  let db: Awaited<ReturnType<StorageKind['open']>>;
  const T = kind.table;

  beforeEach(async () => {
    db = await kind.open();
    const receipts = await makeReceipts(6);
    await db.storage.append(
      receipts.map((receipt) => ({ receipt, site: SITE, client: null })),
      createSealer(key),
    );
    // Erase one consent id (seq 3 and 4): tombstones must verify.
    await db.storage.erase(receipts[2]?.recordId as string, new Date().toISOString());
  });
  afterEach(async () => {
    await db.close();
  });

  const problems = async () => (await verifyLedger(db.storage, pair.publicKey)).problems.map((p) => [p.seq, p.kind]);

  it('an untouched ledger with tombstones verifies', async () => {
    expect(await verifyLedger(db.storage, pair.publicKey)).toEqual({
      ok: true,
      records: 6,
      tombstones: 2,
      sites: 1,
      problems: [],
      clientChains: { links: 2, gaps: 0, forks: 0 },
      notices: fixtureNoticeReport(4, SITE),
    });
  });

  it('altered receipt content is reported at its seq', async () => {
    const [row] = (await db.sql(`SELECT receipt FROM ${T} WHERE seq = 2`)) as Array<{ receipt: string }>;
    await db.sql(`UPDATE ${T} SET receipt = ? WHERE seq = 2`, [row?.receipt.replace('"given"', '"refused"')]);
    const result = await verifyLedger(db.storage, pair.publicKey);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        site: SITE,
        seq: 2,
        kind: 'altered',
        message: expect.stringMatching(/^seq 2: receipt content altered \(hash is sha256-/),
      },
    ]);
  });

  it('a receipt re-hashed after editing breaks the chain link', async () => {
    const [row] = (await db.sql(`SELECT receipt FROM ${T} WHERE seq = 5`)) as Array<{ receipt: string }>;
    const receipt = JSON.parse(row?.receipt as string);
    receipt.event.state = 'refused';
    receipt.integrity.receiptHash = await computeReceiptHash(receipt);
    await db.sql(`UPDATE ${T} SET receipt = ?, receipt_hash = ? WHERE seq = 5`, [
      JSON.stringify(receipt),
      receipt.integrity.receiptHash,
    ]);
    expect((await verifyLedger(db.storage, pair.publicKey)).problems).toEqual([
      {
        site: SITE,
        seq: 5,
        kind: 'altered',
        message: 'seq 5: chain link broken (receipt hash or predecessor changed)',
      },
    ]);
  });

  it('an altered receive time is reported', async () => {
    await db.sql(`UPDATE ${T} SET received_at = ? WHERE seq = 4`, ['2020-01-01T00:00:00.000Z']);
    expect(await problems()).toEqual([[4, 'altered']]);
  });

  it('a deleted record, in the middle or at the end, is reported', async () => {
    await db.sql(`DELETE FROM ${T} WHERE seq = 2`);
    await db.sql(`DELETE FROM ${T} WHERE seq = 6`);
    const result = await verifyLedger(db.storage, pair.publicKey);
    expect(result.problems.map((p) => p.message)).toEqual([
      'seq 2: record missing',
      'seq 6: record missing (end of chain)',
    ]);
    expect(result.problems.map((p) => p.kind)).toEqual(['deleted', 'deleted']);
  });

  it('deleting a tombstone is reported too', async () => {
    await db.sql(`DELETE FROM ${T} WHERE seq = 3`);
    expect(await problems()).toEqual([[3, 'deleted']]);
  });

  it('an inserted record is reported', async () => {
    const [last] = (await db.sql(`SELECT chain_hash, key_id FROM ${T} WHERE seq = 6`)) as Array<{
      chain_hash: string;
      key_id: string;
    }>;
    const forged = await makeReceipt();
    const receivedAt = new Date().toISOString();
    const receiptHash = forged.integrity.receiptHash;
    const chainHash = chainHashOf({ prev: last?.chain_hash ?? null, seq: 7, receiptHash, receivedAt, site: SITE });
    await db.sql(
      `INSERT INTO ${T} (site, seq, receipt_id, record_id, receipt_hash, chain_hash, received_at, receipt, client, key_id, signature, erased_at) VALUES (?, 7, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)`,
      [
        SITE,
        forged.receiptId,
        forged.recordId,
        receiptHash,
        chainHash,
        receivedAt,
        JSON.stringify(forged),
        last?.key_id,
        'A'.repeat(86),
      ],
    );
    await db.sql(`UPDATE ${kind.heads} SET seq = 7, chain_hash = ?`, [chainHash]);
    const result = await verifyLedger(db.storage, pair.publicKey);
    expect(result.problems).toEqual([
      {
        site: SITE,
        seq: 7,
        kind: 'inserted',
        message: 'seq 7: no valid server signature (the chain link was recomputed: inserted record)',
      },
    ]);
  });

  it('a record inserted in the middle by renumbering the rest is reported with the moved records', async () => {
    for (const seq of [6, 5, 4]) await db.sql(`UPDATE ${T} SET seq = ? WHERE seq = ?`, [seq + 1, seq]);
    const forged = await makeReceipt();
    await db.sql(
      `INSERT INTO ${T} (site, seq, receipt_id, record_id, receipt_hash, chain_hash, received_at, receipt, client, key_id, signature, erased_at) VALUES (?, 4, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)`,
      [
        SITE,
        forged.receiptId,
        forged.recordId,
        forged.integrity.receiptHash,
        `sha256-${'Z'.repeat(43)}=`,
        new Date().toISOString(),
        JSON.stringify(forged),
        key.keyId,
        'B'.repeat(86),
      ],
    );
    expect(await problems()).toEqual([
      [4, 'inserted'],
      [5, 'reordered'],
      [6, 'reordered'],
      [7, 'reordered'],
      [7, 'inserted'],
    ]);
  });

  it('reordered records are reported with the seq each was acknowledged as', async () => {
    await db.sql(`UPDATE ${T} SET seq = 100 WHERE seq = 2`);
    await db.sql(`UPDATE ${T} SET seq = 2 WHERE seq = 5`);
    await db.sql(`UPDATE ${T} SET seq = 5 WHERE seq = 100`);
    const result = await verifyLedger(db.storage, pair.publicKey);
    expect(result.problems.map((p) => p.message)).toEqual([
      'seq 2: holds the record acknowledged as seq 5 (moved or renumbered)',
      'seq 5: holds the record acknowledged as seq 2 (moved or renumbered)',
    ]);
  });

  it('a signature made with another key is reported', async () => {
    const other = signingKeyFrom(generateKeyPair().privateKey);
    const [row] = (await db.sql(`SELECT receipt_id, received_at, chain_hash FROM ${T} WHERE seq = 1`)) as Array<
      Record<string, string>
    >;
    const { sign } = await import('node:crypto');
    const ack = {
      receiptId: row?.receipt_id,
      seq: 1,
      receivedAt: row?.received_at,
      chainHash: row?.chain_hash,
      keyId: other.keyId,
    };
    const signature = sign(null, Buffer.from(canonicalize(ack)), other.privateKey).toString('base64url');
    await db.sql(`UPDATE ${T} SET key_id = ?, signature = ? WHERE seq = 1`, [other.keyId, signature]);
    expect((await verifyLedger(db.storage, pair.publicKey)).problems).toEqual([
      { site: SITE, seq: 1, kind: 'inserted', message: `seq 1: signed with unknown key id ${other.keyId}` },
    ]);
  });

  it('an edited, swapped or removed Merkle proof is reported at its seq', async () => {
    const rows = (await db.sql(`SELECT seq, proof FROM ${T} WHERE seq IN (1, 2, 5) ORDER BY seq`)) as Array<{
      seq: number;
      proof: string;
    }>;
    const [one, two, five] = rows.map((row) => row.proof);
    expect(JSON.parse(one as string)).toMatchObject({ index: 0, size: 6 });
    await db.sql(`UPDATE ${T} SET proof = ? WHERE seq = 1`, [two]);
    await db.sql(`UPDATE ${T} SET proof = ? WHERE seq = 2`, [one]);
    await db.sql(`UPDATE ${T} SET proof = NULL WHERE seq = 5`);
    const edited = JSON.parse(five as string) as { path: string[] };
    edited.path[0] = `${'A'.repeat(42)}B`;
    await db.sql(`UPDATE ${T} SET proof = ? WHERE seq = 6`, [JSON.stringify(edited)]);
    const result = await verifyLedger(db.storage, pair.publicKey);
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => [problem.seq, problem.kind, problem.message])).toEqual(
      [1, 2, 5, 6].map((seq) => [
        seq,
        'altered',
        `seq ${seq}: does not match the group signature it carries (a signed field or its Merkle proof changed)`,
      ]),
    );
  });

  it('an altered chain head, and a site whose records are all gone, are reported', async () => {
    await db.sql(`UPDATE ${kind.heads} SET chain_hash = ?`, [`sha256-${'H'.repeat(43)}=`]);
    await db.sql(`INSERT INTO ${kind.heads} (site, seq, chain_hash) VALUES (?, 3, ?)`, [
      'https://gone.example',
      `sha256-${'G'.repeat(43)}=`,
    ]);
    expect(
      (await verifyLedger(db.storage, pair.publicKey)).problems.map((p) => [p.site, p.seq, p.kind, p.message]),
    ).toEqual([
      [SITE, 6, 'head', expect.stringMatching(/^chain head hash sha256-H+= differs from the record's sha256-/)],
      [
        'https://gone.example',
        3,
        'deleted',
        'every record of site https://gone.example is missing; its chain head is at seq 3',
      ],
    ]);
  });

  it('the CLI verify exits 0 on an intact ledger and 1 with each problem listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samtykke-key-'));
    try {
      writeFileSync(join(dir, 'key.pub'), pair.publicKey);
      const out: string[] = [];
      const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
      expect(await runCli(['verify', '--database', db.location, '--key', join(dir, 'key.pub')], io)).toBe(0);
      expect(out.join('')).toBe(`${missingFixtureNotices(4, SITE)}6 records (2 erased) in 1 site chain(s): verified\n`);
      out.length = 0;
      await db.sql(`DELETE FROM ${T} WHERE seq = 5`);
      expect(await runCli(['verify', '--database', db.location, '--key', join(dir, 'key.pub')], io)).toBe(1);
      expect(out.join('')).toBe(
        `${SITE} seq 5 deleted: seq 5: record missing\n${missingFixtureNotices(3, SITE)}5 records (2 erased) in 1 site chain(s): 1 problem(s)\n`,
      );
      expect(await runCli(['verify', '--bogus'], io)).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
