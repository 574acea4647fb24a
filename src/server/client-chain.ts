import type { Receipt } from '../types.js';
import { HttpError } from './http.js';
import type { StoredReceipt } from './storage.js';

/** What the check of the browsers' own chains (`integrity.previousHash`, per consent id) found. */
export interface ClientChainReport {
  /** Receipts whose `previousHash` names the receipt before them of the same consent id. */
  links: number;
  /**
   * Receipts whose predecessor is not in the ledger (it was refused for good, or never delivered, or erased): a
   * gap the visitor's browser knew of, not tampering with the ledger.
   */
  gaps: number;
  /** Predecessors named by more than one receipt: the browser's chain forked (two tabs without Web Locks). */
  forks: number;
}

/** A problem the client-chain check finds: a link to another consent id's receipt, which no browser makes. */
export interface ClientChainProblem {
  site: string;
  seq: number;
  message: string;
}

/**
 * Checks that each receipt's `previousHash` names a receipt of the same consent id on the same site. Rows come in
 * (site, seq) order, but a consent id's receipts may arrive out of order (two requests at once), so a link whose
 * predecessor has not been seen yet is judged at the end. Keeps one entry per receipt hash (tens of bytes each)
 * for the length of the scan.
 */
export function createClientChainCheck() {
  const owners = new Map<string, string | null>();
  const named = new Set<string>();
  const later: Array<{ row: StoredReceipt; previous: string }> = [];
  const report: ClientChainReport = { links: 0, gaps: 0, forks: 0 };
  const key = (site: string, hash: string) => `${site}\n${hash}`;
  const judge = (row: StoredReceipt, previous: string): ClientChainProblem | undefined => {
    if (!owners.has(previous)) {
      report.gaps++;
      return undefined;
    }
    const owner = owners.get(previous);
    // A tombstone's consent id is gone: the link cannot be checked, and erasure is no problem.
    if (owner === null || owner === row.recordId) {
      report.links++;
      return undefined;
    }
    return {
      site: row.site,
      seq: row.seq,
      message: `seq ${row.seq}: previousHash names a receipt of another consent id (an injected or altered receipt)`,
    };
  };
  return {
    report,
    add(row: StoredReceipt): ClientChainProblem | undefined {
      owners.set(key(row.site, row.receiptHash), row.recordId);
      const hash = row.receipt?.integrity.previousHash;
      if (!row.receipt || hash === null || hash === undefined) return undefined;
      const previous = key(row.site, hash);
      if (named.has(previous)) report.forks++;
      named.add(previous);
      if (owners.has(previous)) return judge(row, previous);
      later.push({ row, previous });
      return undefined;
    },
    /** The links whose predecessor came later in the scan, judged now. */
    finish(): ClientChainProblem[] {
      return later.flatMap(({ row, previous }) => judge(row, previous) ?? []);
    },
  };
}

/**
 * On the way in: within one batch, a receipt whose `previousHash` names another receipt of the batch must belong to
 * the same consent id (a browser sends a consent id's receipts together and in chain order). The full check over
 * everything stored is `verify`'s.
 */
export function checkBatchChains(receipts: readonly Receipt[], path: (index: number) => string): void {
  const owners = new Map(receipts.map((receipt) => [receipt.integrity.receiptHash, receipt.recordId]));
  receipts.forEach((receipt, index) => {
    const previous = receipt.integrity.previousHash;
    const owner = previous === null ? undefined : owners.get(previous);
    if (owner !== undefined && owner !== receipt.recordId) {
      throw new HttpError(
        422,
        `${path(index)}.integrity.previousHash: names a receipt of another consent id in this batch; a chain links one consent id's receipts`,
      );
    }
  });
}
