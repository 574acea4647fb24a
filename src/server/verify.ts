import type { KeyObject } from 'node:crypto';
import { computeReceiptHash } from '../ledger/hash.js';
import { chainHashOf } from './chain.js';
import { keyIdOf, publicKeyFrom, verifyAcknowledgement } from './keys.js';
import { type LedgerStorage, type StoredReceipt, scanLedger } from './storage.js';

/** What is wrong with one record. */
export type ProblemKind = 'altered' | 'deleted' | 'inserted' | 'reordered' | 'head';

/** One problem `verifyLedger` found, located by site and server sequence number. */
export interface LedgerProblem {
  site: string;
  seq: number;
  kind: ProblemKind;
  message: string;
}

/** Result of {@link verifyLedger}. */
export interface LedgerVerification {
  ok: boolean;
  /** Rows checked, tombstones included. */
  records: number;
  tombstones: number;
  sites: number;
  problems: LedgerProblem[];
}

// A removed stretch of more than this many seqs is reported as one range, not seq by seq.
const MAX_LISTED_GAP = 20;

/**
 * Check the whole ledger: every acknowledgement signature, every receipt hash, and every site's
 * hash chain, including against the chain heads kept apart from the rows. Each altered, deleted,
 * inserted or reordered record is reported with its site and seq. Tombstones verify: erasure keeps
 * seq, hashes and time. Pass every public key the ledger has signed with (key rotation).
 */
export async function verifyLedger(
  storage: LedgerStorage,
  publicKeys: string | KeyObject | ReadonlyArray<string | KeyObject>,
): Promise<LedgerVerification> {
  const keys = new Map<string, KeyObject>();
  for (const key of Array.isArray(publicKeys) ? publicKeys : [publicKeys]) {
    const object = publicKeyFrom(key as string | KeyObject);
    keys.set(keyIdOf(object), object);
  }
  const result: LedgerVerification = { ok: true, records: 0, tombstones: 0, sites: 0, problems: [] };
  // Heads read before the scan: every seq up to them was committed, so each must be there. Heads read
  // after it bound every row the scan saw. A ledger taking writes while it is verified stays clean.
  const headsBefore = new Map((await storage.heads()).map((head) => [head.site, head]));
  const lastSeqs = new Map<string, number>();

  let siteRows: StoredReceipt[] = [];
  const finishSite = async () => {
    const site = siteRows[0]?.site;
    if (site === undefined) return;
    await verifySite(siteRows, keys, headsBefore.get(site), result.problems);
    lastSeqs.set(site, siteRows.at(-1)?.seq ?? 0);
    result.sites++;
    siteRows = [];
  };
  // One site's rows at a time: the reorder search needs to look across a site.
  for await (const row of scanLedger(storage)) {
    if (siteRows.length && siteRows[0]?.site !== row.site) await finishSite();
    siteRows.push(row);
    result.records++;
    if (row.receipt === null) result.tombstones++;
  }
  await finishSite();

  const headsAfter = new Map((await storage.heads()).map((head) => [head.site, head]));
  for (const [site, lastSeq] of lastSeqs) {
    const head = headsAfter.get(site);
    const report = (seq: number, kind: ProblemKind, message: string) =>
      result.problems.push({ site, seq, kind, message });
    if (!head) report(lastSeq, 'head', `chain head of site ${site} is missing`);
    else if (head.seq < lastSeq)
      report(lastSeq, 'inserted', `seq ${head.seq + 1}–${lastSeq}: records after the chain head (seq ${head.seq})`);
  }
  for (const head of headsBefore.values()) {
    if (head.seq > 0 && !lastSeqs.has(head.site)) {
      result.problems.push({
        site: head.site,
        seq: head.seq,
        kind: 'deleted',
        message: `every record of site ${head.site} is missing; its chain head is at seq ${head.seq}`,
      });
    }
  }
  result.ok = result.problems.length === 0;
  return result;
}

function signatureHolds(row: StoredReceipt, keys: Map<string, KeyObject>, seq = row.seq): boolean {
  const key = keys.get(row.acknowledgement.keyId);
  return key !== undefined && verifyAcknowledgement({ ...row.acknowledgement, seq }, key);
}

async function verifySite(
  rows: StoredReceipt[],
  keys: Map<string, KeyObject>,
  head: { seq: number; chainHash: string | null } | undefined,
  problems: LedgerProblem[],
): Promise<void> {
  const site = rows[0]?.site as string;
  const report = (seq: number, kind: ProblemKind, message: string) => problems.push({ site, seq, kind, message });

  // Rows whose signature fails at their own seq: find the seq they were signed for among each
  // other, which tells a moved row (reordered, or renumbered to make room) from a forged one.
  const broken = rows.filter((row) => !signatureHolds(row, keys));
  const signedAs = new Map<StoredReceipt, number>();
  const brokenSeqs = broken.length <= 200 ? broken.map((row) => row.seq) : [];
  for (const row of broken.slice(0, 2000)) {
    for (const seq of [row.seq - 1, row.seq + 1, ...brokenSeqs]) {
      if (seq !== row.seq && seq > 0 && signatureHolds(row, keys, seq)) {
        signedAs.set(row, seq);
        break;
      }
    }
  }

  // Seqs whose original record now sits elsewhere: an unsigned row there was put in its place.
  const displaced = new Set(signedAs.values());
  let expected = 1;
  // The predecessor's chain hash, when its signature vouches for it; undefined when unknown.
  let prev: string | null | undefined = null;
  for (const row of rows) {
    if (row.seq > expected) {
      const missing = row.seq - expected;
      if (missing > MAX_LISTED_GAP)
        report(expected, 'deleted', `seq ${expected}–${row.seq - 1}: ${missing} records missing`);
      else for (let seq = expected; seq < row.seq; seq++) report(seq, 'deleted', `seq ${seq}: record missing`);
      prev = undefined;
    }
    expected = row.seq + 1;
    const problem = await rowProblem(row, keys, signedAs.get(row), prev, displaced.has(row.seq));
    if (problem) report(row.seq, problem.kind, `seq ${row.seq}: ${problem.message}`);
    prev = signatureHolds(row, keys) ? row.chainHash : undefined;
  }

  const last = rows.at(-1) as StoredReceipt;
  if (!head) return;
  if (head.seq > last.seq) {
    const missing = head.seq - last.seq;
    if (missing > MAX_LISTED_GAP) {
      report(last.seq + 1, 'deleted', `seq ${last.seq + 1}–${head.seq}: ${missing} records missing at the end`);
    } else {
      for (let seq = last.seq + 1; seq <= head.seq; seq++)
        report(seq, 'deleted', `seq ${seq}: record missing (end of chain)`);
    }
    return;
  }
  // Only a record whose signature holds at that seq can vouch for the head (a moved one is reported already).
  const atHead = rows.find((row) => row.seq === head.seq);
  if (atHead && signatureHolds(atHead, keys) && atHead.chainHash !== head.chainHash) {
    report(head.seq, 'head', `chain head hash ${head.chainHash} differs from the record's ${atHead.chainHash}`);
  }
}

async function rowProblem(
  row: StoredReceipt,
  keys: Map<string, KeyObject>,
  signedAs: number | undefined,
  prev: string | null | undefined,
  displaced: boolean,
): Promise<{ kind: ProblemKind; message: string } | undefined> {
  if (signedAs !== undefined) {
    return { kind: 'reordered', message: `holds the record acknowledged as seq ${signedAs} (moved or renumbered)` };
  }
  if (!keys.has(row.acknowledgement.keyId)) {
    return { kind: 'inserted', message: `signed with unknown key id ${row.acknowledgement.keyId}` };
  }
  if (!signatureHolds(row, keys)) {
    if (displaced)
      return {
        kind: 'inserted',
        message: 'no valid server signature, and the record acknowledged as this seq was moved: inserted record',
      };
    const linked = prev !== undefined && chainHashOf({ ...row, prev }) === row.chainHash;
    return linked
      ? { kind: 'inserted', message: 'no valid server signature (the chain link was recomputed: inserted record)' }
      : {
          kind: 'altered',
          message:
            'acknowledgement signature does not verify (time, chain hash or receipt id changed, or record inserted)',
        };
  }
  if (row.receipt !== null) {
    if (row.receipt.receiptId !== row.receiptId) {
      return { kind: 'altered', message: `receipt ${row.receipt.receiptId} stored under receipt id ${row.receiptId}` };
    }
    const actual = await computeReceiptHash(row.receipt);
    if (actual !== row.receiptHash || row.receipt.integrity.receiptHash !== row.receiptHash) {
      return {
        kind: 'altered',
        message: `receipt content altered (hash is ${actual}, acknowledged ${row.receiptHash})`,
      };
    }
  }
  // The signature covers chainHash, so a mismatch here means the receipt hash column or the predecessor changed.
  if (prev !== undefined && chainHashOf({ ...row, prev }) !== row.chainHash) {
    return { kind: 'altered', message: 'chain link broken (receipt hash or predecessor changed)' };
  }
  return undefined;
}
