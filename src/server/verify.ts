import type { KeyObject } from 'node:crypto';
import { chainHashOf, receiptHashSync } from './chain.js';
import { type ClientChainReport, createClientChainCheck } from './client-chain.js';
import { keyIdOf, publicKeyFrom, signedBytesOf, verifyAcknowledgement } from './keys.js';
import { noticeHashesOf, noticeHolds, scanNotices } from './notices.js';
import { type LedgerStorage, type StoredReceipt, scanLedger } from './storage.js';

/** What is wrong with one record. */
export type ProblemKind = 'altered' | 'deleted' | 'inserted' | 'reordered' | 'head' | 'chain';

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
  /**
   * The browsers' own chains (each receipt's `previousHash`, per consent id): links that hold, gaps (a predecessor
   * refused, never delivered or erased) and forks. A link to another consent id's receipt is a `chain` problem.
   */
  clientChains: ClientChainReport;
  /**
   * The notice documents behind the receipts' hashes: how many are stored, which no longer hash to their key
   * (altered: the verification fails), and which hashes receipts name that the ledger holds no document for
   * (missing: what those visitors were shown cannot be answered from the ledger alone; reported, not tampering —
   * a ledger from before notices were kept, or a notice the browsers have not sent yet).
   */
  notices: NoticeReport;
  /**
   * Set only when there are records and not one was signed by any of the given keys: almost surely
   * the wrong key file, not a ledger of forgeries. `given` and `found` are key ids.
   */
  unmatchedKeys?: { given: string[]; found: string[] };
}

/** The notices part of {@link LedgerVerification}. */
export interface NoticeReport {
  stored: number;
  /** Distinct notice hashes named by the receipts (erased ones name none). */
  referenced: number;
  /** Hashes whose stored document does not hash to them. */
  altered: string[];
  /** Notice hashes with no stored document: how many receipts name each, and the first of them (at most 100). */
  missing: Array<{ hash: string; receipts: number; site: string; seq: number }>;
  /** How many notice hashes have no stored document, listed or not. */
  missingCount: number;
}

// Missing notices listed one by one, at most; the count covers the rest.
const MAX_LISTED_NOTICES = 100;

// A removed stretch of more than this many seqs is reported as one range, not seq by seq.
const MAX_LISTED_GAP = 20;
// Rows with a failing signature kept for the reorder search; past this, each is reported as altered.
const MAX_SUSPECTS = 5000;

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
  const clientChain = createClientChainCheck();
  const result: LedgerVerification = {
    ok: true,
    records: 0,
    tombstones: 0,
    sites: 0,
    problems: [],
    clientChains: clientChain.report,
    notices: { stored: 0, referenced: 0, altered: [], missing: [], missingCount: 0 },
  };
  const named = new Map<string, { hash: string; receipts: number; site: string; seq: number }>();
  // Heads read before the scan: every seq up to them was committed, so each must be there. Heads read
  // after it bound every row the scan saw. A ledger taking writes while it is verified stays clean.
  const headsBefore = new Map((await storage.heads()).map((head) => [head.site, head]));
  const lastSeqs = new Map<string, number>();
  let signedByGiven = 0;
  const keyIdsSeen = new Set<string>();

  let site: SiteCheck | undefined;
  const finish = () => {
    if (!site) return;
    result.problems.push(...site.finish());
    lastSeqs.set(site.site, site.lastSeq);
    result.sites++;
  };
  // Rows stream in (site, seq) order; only rows whose signature fails are kept until the site ends.
  for await (const row of scanLedger(storage)) {
    if (keys.has(row.acknowledgement.keyId)) signedByGiven++;
    else if (keyIdsSeen.size < 10) keyIdsSeen.add(row.acknowledgement.keyId);
    if (site?.site !== row.site) {
      finish();
      site = createSiteCheck(row.site, keys, headsBefore.get(row.site));
    }
    await site.add(row);
    const chainProblem = clientChain.add(row);
    if (chainProblem) result.problems.push({ ...chainProblem, kind: 'chain' });
    result.records++;
    if (row.receipt === null) result.tombstones++;
    else {
      for (const hash of new Set(noticeHashesOf(row.receipt))) {
        const seen = named.get(hash);
        if (seen) seen.receipts++;
        else named.set(hash, { hash, receipts: 1, site: row.site, seq: row.seq });
      }
    }
  }
  finish();
  for (const problem of clientChain.finish()) result.problems.push({ ...problem, kind: 'chain' });
  if (result.records > 0 && signedByGiven === 0) {
    result.unmatchedKeys = { given: [...keys.keys()], found: [...keyIdsSeen] };
  }

  const headsAfter = new Map((await storage.heads()).map((head) => [head.site, head]));
  for (const [name, lastSeq] of lastSeqs) {
    const head = headsAfter.get(name);
    const report = (seq: number, kind: ProblemKind, message: string) =>
      result.problems.push({ site: name, seq, kind, message });
    if (!head) report(lastSeq, 'head', `chain head of site ${name} is missing`);
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
  result.notices.referenced = named.size;
  for await (const notice of scanNotices(storage)) {
    result.notices.stored++;
    if (!noticeHolds(notice)) result.notices.altered.push(notice.hash);
    named.delete(notice.hash);
  }
  result.notices.missingCount = named.size;
  result.notices.missing = [...named.values()].slice(0, MAX_LISTED_NOTICES);
  result.ok = result.problems.length === 0 && !result.unmatchedKeys && result.notices.altered.length === 0;
  return result;
}

type Keys = Map<string, KeyObject>;
type Found = { kind: ProblemKind; message: string } | undefined;

// Group signatures already checked, per key set: the rows of one commit group share one signature over
// one Merkle root, so each group costs one Ed25519 verification rather than one per row. `genuine` holds
// the signatures that verified, to tell a signed record whose fields or proof changed from a forged one.
const checkedGroups = new WeakMap<Keys, { results: Map<string, boolean>; genuine: Set<string> }>();
const MAX_CHECKED_GROUPS = 10_000;

function groupChecks(keys: Keys) {
  const checks = checkedGroups.get(keys) ?? { results: new Map<string, boolean>(), genuine: new Set<string>() };
  checkedGroups.set(keys, checks);
  return checks;
}

function signatureHolds(row: StoredReceipt, keys: Keys, seq = row.seq): boolean {
  const ack = { ...row.acknowledgement, seq };
  const key = keys.get(ack.keyId);
  if (key === undefined) return false;
  if (ack.proof === undefined) return verifyAcknowledgement(ack, key);
  const bytes = signedBytesOf(ack);
  if (bytes === undefined) return false;
  const { results, genuine } = groupChecks(keys);
  const group = `${ack.signature} ${bytes.toString('latin1')}`;
  let holds = results.get(group);
  if (holds === undefined) {
    holds = verifyAcknowledgement(ack, key);
    if (results.size >= MAX_CHECKED_GROUPS) results.clear();
    results.set(group, holds);
    if (holds && genuine.size < MAX_CHECKED_GROUPS) genuine.add(ack.signature);
  }
  return holds;
}

/** A row whose signature failed, with what is needed to judge it once the whole site is seen. */
interface Suspect {
  row: StoredReceipt;
  /** The predecessor's chain hash when its signature vouched for it. */
  prev: string | null | undefined;
}

interface SiteCheck {
  site: string;
  lastSeq: number;
  add(row: StoredReceipt): Promise<void>;
  /** The site's problems, in seq order. */
  finish(): LedgerProblem[];
}

function createSiteCheck(
  site: string,
  keys: Keys,
  head: { seq: number; chainHash: string | null } | undefined,
): SiteCheck {
  const problems: LedgerProblem[] = [];
  const report = (seq: number, kind: ProblemKind, message: string) => problems.push({ site, seq, kind, message });
  const suspects: Suspect[] = [];
  let expected = 1;
  // The predecessor's chain hash, when its signature vouches for it; undefined when unknown.
  let prev: string | null | undefined = null;
  let atHead: StoredReceipt | undefined;

  return {
    site,
    lastSeq: 0,
    async add(row) {
      if (row.seq > expected) {
        const missing = row.seq - expected;
        if (missing > MAX_LISTED_GAP)
          report(expected, 'deleted', `seq ${expected}–${row.seq - 1}: ${missing} records missing`);
        else for (let seq = expected; seq < row.seq; seq++) report(seq, 'deleted', `seq ${seq}: record missing`);
        prev = undefined;
      }
      expected = row.seq + 1;
      this.lastSeq = row.seq;
      const signed = signatureHolds(row, keys);
      if (signed) {
        const problem = await signedRowProblem(row, prev);
        if (problem) report(row.seq, problem.kind, `seq ${row.seq}: ${problem.message}`);
        if (row.seq === head?.seq) atHead = row;
      } else if (suspects.length < MAX_SUSPECTS) {
        suspects.push({ row, prev });
      } else {
        report(row.seq, 'altered', `seq ${row.seq}: acknowledgement signature does not verify`);
      }
      prev = signed ? row.chainHash : undefined;
    },
    finish() {
      // Find the seq each suspect was signed for among its neighbours and the other suspects: that
      // tells a moved record (reordered, or renumbered to make room) from a forged one.
      const seqs = suspects.length <= 200 ? suspects.map((suspect) => suspect.row.seq) : [];
      const signedAs = new Map<Suspect, number>();
      for (const suspect of suspects) {
        const { seq } = suspect.row;
        const original = [seq - 1, seq + 1, ...seqs].find(
          (other) => other !== seq && other > 0 && signatureHolds(suspect.row, keys, other),
        );
        if (original !== undefined) signedAs.set(suspect, original);
      }
      // Seqs whose original record now sits elsewhere: an unsigned row there was put in its place.
      const displaced = new Set(signedAs.values());
      for (const suspect of suspects) {
        const problem = suspectProblem(suspect, keys, signedAs.get(suspect), displaced.has(suspect.row.seq));
        report(suspect.row.seq, problem.kind, `seq ${suspect.row.seq}: ${problem.message}`);
      }
      if (head && head.seq > this.lastSeq) {
        const missing = head.seq - this.lastSeq;
        if (missing > MAX_LISTED_GAP) {
          report(
            this.lastSeq + 1,
            'deleted',
            `seq ${this.lastSeq + 1}–${head.seq}: ${missing} records missing at the end`,
          );
        } else {
          for (let seq = this.lastSeq + 1; seq <= head.seq; seq++)
            report(seq, 'deleted', `seq ${seq}: record missing (end of chain)`);
        }
      } else if (head && atHead && atHead.chainHash !== head.chainHash) {
        // Only a record whose signature holds at that seq can vouch for the head (a moved one is reported already).
        report(head.seq, 'head', `chain head hash ${head.chainHash} differs from the record's ${atHead.chainHash}`);
      }
      return problems.sort((a, b) => a.seq - b.seq);
    },
  };
}

function suspectProblem(suspect: Suspect, keys: Keys, signedAs: number | undefined, displaced: boolean) {
  const { row, prev } = suspect;
  if (signedAs !== undefined) {
    return {
      kind: 'reordered',
      message: `holds the record acknowledged as seq ${signedAs} (moved or renumbered)`,
    } as const;
  }
  if (!keys.has(row.acknowledgement.keyId)) {
    return { kind: 'inserted', message: `signed with unknown key id ${row.acknowledgement.keyId}` } as const;
  }
  if (displaced) {
    const message = 'no valid server signature, and the record acknowledged as this seq was moved: inserted record';
    return { kind: 'inserted', message } as const;
  }
  if (groupChecks(keys).genuine.has(row.acknowledgement.signature)) {
    const message = 'does not match the group signature it carries (a signed field or its Merkle proof changed)';
    return { kind: 'altered', message } as const;
  }
  if (prev !== undefined && chainHashOf({ ...row, prev }) === row.chainHash) {
    return {
      kind: 'inserted',
      message: 'no valid server signature (the chain link was recomputed: inserted record)',
    } as const;
  }
  const message =
    'acknowledgement signature does not verify (time, chain hash or receipt id changed, or record inserted)';
  return { kind: 'altered', message } as const;
}

/** Problems of a row whose acknowledgement signature holds: its content, and its link to the predecessor. */
async function signedRowProblem(row: StoredReceipt, prev: string | null | undefined): Promise<Found> {
  if (row.receipt !== null) {
    if (row.receipt.receiptId !== row.receiptId) {
      return { kind: 'altered', message: `receipt ${row.receipt.receiptId} stored under receipt id ${row.receiptId}` };
    }
    const actual = receiptHashSync(row.receipt);
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
