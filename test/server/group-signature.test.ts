import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import {
  acknowledgementPayload,
  generateKeyPair,
  signAcknowledgement,
  signingKeyFrom,
  verifyAcknowledgement,
} from '../../src/server/keys.js';
import { merkleLeaf, merkleRootOf, merkleTree } from '../../src/server/merkle.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import type { Sealer } from '../../src/server/storage.js';
import { verifyLedger } from '../../src/server/verify.js';
import type { ReceiptAcknowledgement } from '../../src/types.js';
import { fixtureNoticeReport, makeReceipts } from './fixtures.js';
import { storageKinds } from './helpers.js';

const key = signingKeyFrom(generateKeyPair().privateKey);
const SITE = 'https://fjordkaffe.no';

describe('Merkle trees', () => {
  it('every proof of every tree size from 1 to 33 leads to the root, and only from its own leaf', () => {
    for (let size = 1; size <= 33; size++) {
      const leaves = Array.from({ length: size }, (_, index) => merkleLeaf(Buffer.from(`leaf ${index}`)));
      const { root, proofs } = merkleTree(leaves);
      proofs.forEach((proof, index) => {
        expect(proof.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        expect(merkleRootOf(leaves[index] as Buffer, proof)?.equals(root)).toBe(true);
        if (size > 1) {
          const other = leaves[(index + 1) % size] as Buffer;
          expect(merkleRootOf(other, proof)?.equals(root) ?? false).toBe(false);
        }
      });
    }
  });

  it('an inner node is not accepted as a leaf, and impossible proof shapes lead nowhere', () => {
    const leaves = [0, 1, 2, 3].map((index) => merkleLeaf(Buffer.from(`leaf ${index}`)));
    const { root, proofs } = merkleTree(leaves);
    const proof = proofs[0] as NonNullable<ReturnType<typeof merkleTree>['proofs'][0]>;
    // The parent of leaves 0 and 1 leads to the root one level up (the control)...
    const parent = merkleRootOf(leaves[0] as Buffer, { index: 0, size: 2, path: [proof.path[0] as string] });
    const upper = { index: 0, size: 2, path: [proof.path[1] as string] };
    expect(parent && merkleRootOf(parent, upper)?.equals(root)).toBe(true);
    // ...but the bytes it was made of, offered as a leaf's content, hash to another leaf: no forged leaf.
    const innerBytes = Buffer.concat([leaves[0] as Buffer, leaves[1] as Buffer]);
    expect(merkleRootOf(merkleLeaf(innerBytes), upper)?.equals(root)).toBe(false);
    expect(merkleRootOf(leaves[0] as Buffer, { ...proof, index: 4 })).toBeUndefined();
    expect(merkleRootOf(leaves[0] as Buffer, { ...proof, path: [...proof.path, proof.path[0] as string] })).toBe(
      undefined,
    );
    expect(merkleRootOf(leaves[0] as Buffer, { ...proof, path: ['not base64url!'] })).toBeUndefined();
  });
});

describe('acknowledgements signed once per commit group', () => {
  const sealer = createSealer(key);
  const group = (count: number) =>
    sealer.sign(
      Array.from({ length: count }, (_, index) =>
        sealer.link({
          site: SITE,
          seq: index + 1,
          prev: null,
          receiptId: `receipt-${index}`,
          receiptHash: `sha256-${'A'.repeat(43)}=`,
        }),
      ),
    );

  it('share one signature, and each verifies on its own with the public key alone', () => {
    const acks = group(37);
    expect(new Set(acks.map((ack) => ack.signature)).size).toBe(1);
    for (const ack of acks) {
      expect(ack.proof?.size).toBe(37);
      // What a visitor holds: this one acknowledgement, as JSON, and the published key.
      expect(verifyAcknowledgement(JSON.parse(JSON.stringify(ack)), key.publicKey)).toBe(true);
    }
    expect(verifyAcknowledgement(acks[0] as ReceiptAcknowledgement, generateKeyPairObject())).toBe(false);
  });

  it('any changed field, a swapped or edited proof, or a removed proof fails that acknowledgement only', () => {
    const acks = group(8);
    const [first, second] = acks as [ReceiptAcknowledgement, ReceiptAcknowledgement];
    const broken: ReceiptAcknowledgement[] = [
      { ...first, seq: 2 },
      { ...first, receiptId: 'receipt-x' },
      { ...first, receivedAt: '2020-01-01T00:00:00.000Z' },
      { ...first, chainHash: second.chainHash },
      { ...first, keyId: 'k'.repeat(16) },
      { ...first, proof: second.proof as NonNullable<ReceiptAcknowledgement['proof']> },
      {
        ...first,
        proof: {
          ...(first.proof as NonNullable<ReceiptAcknowledgement['proof']>),
          path: [...(second.proof?.path ?? [])].reverse(),
        },
      },
      { ...first, proof: { index: 0, size: 1, path: [] } },
    ];
    const { proof: _, ...alone } = first;
    broken.push(alone);
    for (const ack of broken) expect(verifyAcknowledgement(ack, key.publicKey)).toBe(false);
    for (const ack of acks) expect(verifyAcknowledgement(ack, key.publicKey)).toBe(true);
  });

  it('a group signature does not pass as the signature of a lone acknowledgement, nor the other way', () => {
    const [ack] = group(1) as [ReceiptAcknowledgement];
    expect(verifyAcknowledgement(ack, key.publicKey)).toBe(true);
    const { proof: _, ...withoutProof } = ack;
    expect(verifyAcknowledgement(withoutProof, key.publicKey)).toBe(false);
    const lone = signAcknowledgement(key, {
      receiptId: 'r',
      seq: 1,
      receivedAt: ack.receivedAt,
      chainHash: ack.chainHash,
    });
    expect(verifyAcknowledgement(lone, key.publicKey)).toBe(true);
    expect(verifyAcknowledgement({ ...lone, proof: { index: 0, size: 1, path: [] } }, key.publicKey)).toBe(false);
    expect(acknowledgementPayload(lone).toString()).not.toContain('proof');
  });
});

function generateKeyPairObject() {
  return signingKeyFrom(generateKeyPair().privateKey).publicKey;
}

describe.each(storageKinds)('group-signed $name ledger', (kind) => {
  it('a burst of requests is signed in few groups, every stored acknowledgement verifies, and replays match', async () => {
    const db = await kind.open();
    try {
      const seal = createSealer(key);
      const receipts = await makeReceipts(120);
      const results = await Promise.all(
        receipts.map((receipt) => db.storage.append([{ receipt, site: SITE, client: null }], seal)),
      );
      const acks = results.flat().map((result) => result.acknowledgement);
      // Requests that arrive together are committed, and so signed, together.
      expect(new Set(acks.map((ack) => ack.signature)).size).toBeLessThan(acks.length / 10);
      for (const ack of acks) expect(verifyAcknowledgement(ack, key.publicKey)).toBe(true);
      const stored = await db.storage.byRecord(receipts[7]?.recordId as string);
      expect(stored.map((row) => row.acknowledgement)).toContainEqual(acks[7]);
      const [replay] = await db.storage.append([{ receipt: receipts[7] as never, site: SITE, client: null }], seal);
      expect(replay).toEqual({ acknowledgement: acks[7], replay: true });
      expect(await verifyLedger(db.storage, key.publicKey)).toEqual({
        ok: true,
        records: 120,
        tombstones: 0,
        sites: 1,
        problems: [],
        clientChains: { links: 60, gaps: 0, forks: 0 },
        notices: fixtureNoticeReport(120, SITE),
      });
    } finally {
      await db.close();
    }
  });
});

describe('a ledger from before group signing', () => {
  it('verifies read-only without migrating, then migrates and extends the same chain, old and new rows verifying', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samtykke-old-ledger-'));
    const path = join(dir, 'ledger.db');
    try {
      // Each receipt signed alone, as before; then the schema put back to what it was (no proof column).
      const alone: Sealer = {
        link: createSealer(key).link,
        sign: (links) => links.map((link) => signAcknowledgement(key, link)),
      };
      const receipts = await makeReceipts(4);
      const storage = await openSqliteStorage({ path });
      await storage.append(
        receipts.slice(0, 2).map((receipt) => ({ receipt, site: SITE, client: null })),
        alone,
      );
      await storage.close();
      const raw = new Database(path);
      raw.exec('ALTER TABLE receipts DROP COLUMN proof; UPDATE schema_version SET version = 4');
      raw.close();

      const auditor = await openSqliteStorage({ path, readOnly: true });
      expect((await verifyLedger(auditor, key.publicKey)).ok).toBe(true);
      await auditor.close();
      const check = new Database(path, { readonly: true });
      expect(check.prepare('SELECT version FROM schema_version').get()).toEqual({ version: 4 });
      check.close();

      const migrated = await openSqliteStorage({ path });
      await migrated.append(
        receipts.slice(2).map((receipt) => ({ receipt, site: SITE, client: null })),
        createSealer(key),
      );
      const rows = await migrated.page({ limit: 10 });
      expect(rows.map((row) => [row.seq, row.acknowledgement.proof === undefined])).toEqual([
        [1, true],
        [2, true],
        [3, false],
        [4, false],
      ]);
      expect(await verifyLedger(migrated, key.publicKey)).toMatchObject({ ok: true, records: 4, problems: [] });
      await migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
