import { validateReceipt } from '../ledger/validate.js';
import type { Receipt } from '../types.js';
import { validReceiptDigest } from './chain.js';
import { checkBatchChains } from './client-chain.js';
import { ERASURE_KEY_HASH } from './erasure.js';
import { HttpError } from './http.js';
import { parseNotices } from './notices.js';

/**
 * A `POST /receipts` body, checked: the receipts, the erasure key hash the browser sent per consent id, and the
 * notice documents it sent for hashes the ledger asked for (hash → canonical text).
 */
export interface ReceiptsBody {
  receipts: Receipt[];
  /** Each receipt's canonical JSON, in the same order: the text the ledger stores. */
  texts: string[];
  erasureKeys: Map<string, string>;
  notices: Map<string, string>;
}

/**
 * Parse and check a `POST /receipts` body: one receipt, or
 * `{ receipts: [...], erasureKeys?: { recordId: hash }, notices?: { noticeHash: document } }`.
 * Any bad receipt or key rejects all.
 */
export function parseReceipts(text: string, maxBatch: number): ReceiptsBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(
      400,
      `body: expected a receipt or { "receipts": [...] }, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`,
    );
  }
  const batch = Object.hasOwn(body, 'receipts');
  let items: unknown[];
  let keys: unknown;
  let documents: unknown;
  if (batch) {
    const { receipts, erasureKeys, notices, ...rest } = body as {
      receipts: unknown;
      erasureKeys?: unknown;
      notices?: unknown;
    };
    keys = erasureKeys;
    documents = notices;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new HttpError(400, `body.${extra.slice(0, 40)}: unexpected property`);
    if (!Array.isArray(receipts)) throw new HttpError(400, 'receipts: expected an array');
    if (receipts.length === 0) throw new HttpError(400, 'receipts: expected at least one receipt, got an empty array');
    if (receipts.length > maxBatch) {
      throw new HttpError(413, `receipts: expected at most ${maxBatch} receipts per request, got ${receipts.length}`);
    }
    items = receipts;
  } else {
    items = [body];
  }

  const errors: string[] = [];
  const valid: Receipt[] = [];
  items.forEach((item, index) => {
    const result = validateReceipt(item, batch ? `receipts[${index}]` : 'receipt');
    if (result.ok) valid.push(result.receipt);
    else errors.push(...result.errors);
  });
  if (errors.length) throw invalid(errors);

  // The server recomputes every hash: a receipt whose hash does not cover its content is refused.
  const texts: string[] = [];
  for (const [index, receipt] of valid.entries()) {
    const { hash: actual, text } = validReceiptDigest(receipt);
    texts.push(text);
    if (actual !== receipt.integrity.receiptHash) {
      errors.push(
        `${batch ? `receipts[${index}]` : 'receipt'}.integrity.receiptHash: expected ${actual} (the hash of the receipt), got ${JSON.stringify(receipt.integrity.receiptHash)}`,
      );
    }
  }
  if (errors.length) throw invalid(errors);
  checkBatchChains(valid, (index) => (batch ? `receipts[${index}]` : 'receipt'));
  return {
    receipts: valid,
    texts,
    erasureKeys: erasureKeysOf(keys, valid),
    notices: parseNotices(documents, valid),
  };
}

/** The `erasureKeys` map of a batch: a `sha256-<base64>` hash for consent ids of receipts in the same batch. */
function erasureKeysOf(value: unknown, receipts: readonly Receipt[]): Map<string, string> {
  const keys = new Map<string, string>();
  if (value === undefined) return keys;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'erasureKeys: expected an object of consent id to key hash');
  }
  const recordIds = new Set(receipts.map((receipt) => receipt.recordId));
  for (const [recordId, hash] of Object.entries(value)) {
    const at = `erasureKeys[${JSON.stringify(recordId.slice(0, 40))}]`;
    if (!recordIds.has(recordId)) throw new HttpError(400, `${at}: expected the consent id of a receipt in this batch`);
    if (typeof hash !== 'string' || !ERASURE_KEY_HASH.test(hash)) {
      throw new HttpError(400, `${at}: expected a key hash sha256-<base64>`);
    }
    keys.set(recordId, hash);
  }
  return keys;
}

function invalid(errors: string[]): HttpError {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new HttpError(400, `${errors[0]}${more}`, errors.slice(0, 20));
}
