import type { Receipt, StoredReceipt } from '../types.js';
import { ERASURE_KEY_PREFIX, type ErasureKey } from './erasure-key.js';
import type { KeyValueStore } from './store.js';

/** A receipt as kept in the store: the public shape plus the ordering and the server's Retry-After. */
export interface LocalEntry extends StoredReceipt {
  /** Epoch ms when stored; history order. */
  storedAt: number;
  /** Place in its consent id's chain (0 first); delivery order within a consent id. */
  position: number;
  /** Epoch ms before which the endpoint asked us not to come back (Retry-After); flush() honours it too. */
  notBefore?: number;
}

/** An erasure request waiting to reach the endpoint. */
export interface PendingErasure {
  recordId: string;
  /** The consent id's erasure secret, the proof the endpoint asks for; absent when this browser never had it. */
  secret?: string;
  attempts: number;
  nextAttemptAt: number;
  notBefore?: number;
  lastError?: string;
}

export const RECEIPT_PREFIX = 'r:';
export const HEAD_PREFIX = 'h:';
export const ERASURE_PREFIX = 'e:';
/**
 * A notice document a pending receipt names (`n:<hash>` → {@link KeptNotice}): the notice view or the texts shown,
 * kept until the endpoint has shown it holds the document (it took a batch naming the hash without asking for
 * it, or took the upload it asked for), so the ledger server can be sent the document it asks for.
 */
export const NOTICE_PREFIX = 'n:';

/** A kept notice document, and, once the ledger server asked for it and the upload failed, that upload's retry. */
export interface KeptNotice {
  document: unknown;
  upload?: NoticeUpload;
}

/** An upload the ledger server asked for and has not taken yet: sent again with a receipt naming the hash. */
export interface NoticeUpload {
  /** A receipt that names the hash (already delivered: the server takes documents only beside such a receipt). */
  receipt: Receipt;
  /** Epoch ms of the first failed upload; after 30 days the upload is given up. */
  since: number;
  attempts: number;
  nextAttemptAt: number;
  notBefore?: number;
  lastError?: string;
}

/** The newest link of a consent id's chain. */
export interface Head {
  receiptHash: string;
  position: number;
}

/** Oldest first: by store time, then chain position, then id so the order is total. */
export function byHistory(a: LocalEntry, b: LocalEntry): number {
  return a.storedAt - b.storedAt || a.position - b.position || (a.receipt.receiptId < b.receipt.receiptId ? -1 : 1);
}

/** The public view of an entry: internal ordering fields removed. */
export function toStored(entry: LocalEntry): StoredReceipt {
  const { storedAt: _s, position: _p, notBefore: _n, ...stored } = entry;
  return stored;
}

/** Every stored receipt, oldest first. */
export async function readHistory(store: KeyValueStore): Promise<LocalEntry[]> {
  return (await store.entries<LocalEntry>(RECEIPT_PREFIX)).map(([, entry]) => entry).sort(byHistory);
}

/**
 * Keep at most `limit` receipts. Pending receipts are never evicted: they are not safe anywhere
 * else yet. Without an endpoint they never will be, so there the oldest go first whatever their state.
 */
export async function evict(store: KeyValueStore, limit: number, hasEndpoint: boolean): Promise<void> {
  const all = await readHistory(store);
  const excess = all.length - limit;
  if (excess <= 0) return;
  const removable = all.filter((entry) => entry.status !== 'pending' || !hasEndpoint).slice(0, excess);
  if (removable.length > 0)
    await store.write(
      [],
      removable.map((entry) => RECEIPT_PREFIX + entry.receipt.receiptId),
    );
}

/**
 * Forget every receipt, chain head, erasure key and kept notice, and (with an endpoint) queue an erasure request for each
 * consent id seen, with its secret, in the same step: neither the forgetting nor the request can be lost alone.
 * Returns when the first receipt forgotten was made (epoch ms), for telling the visitor what a server keeps.
 */
export async function forgetAll(
  store: KeyValueStore,
  options: { endpoint: boolean; current: string | null | undefined; now: number },
): Promise<number | undefined> {
  const receipts = await store.entries<LocalEntry>(RECEIPT_PREFIX);
  const heads = await store.entries<Head>(HEAD_PREFIX);
  const keys = await store.entries<ErasureKey>(ERASURE_KEY_PREFIX);
  const notices = await store.entries(NOTICE_PREFIX);
  const secrets = new Map(keys.map(([key, value]) => [key.slice(ERASURE_KEY_PREFIX.length), value.secret]));
  const ids = new Set([
    ...receipts.map(([, entry]) => entry.receipt.recordId),
    ...heads.map(([key]) => key.slice(HEAD_PREFIX.length)),
    ...secrets.keys(),
  ]);
  if (options.current) ids.add(options.current);
  const erasures: Array<[string, PendingErasure]> = options.endpoint
    ? [...ids].map((recordId) => {
        const secret = secrets.get(recordId);
        const erasure: PendingErasure = { recordId, attempts: 0, nextAttemptAt: options.now };
        if (secret) erasure.secret = secret;
        return [ERASURE_PREFIX + recordId, erasure];
      })
    : [];
  await store.write(
    erasures,
    [...receipts, ...heads, ...keys, ...notices].map(([key]) => key),
  );
  const times = receipts.map(([, entry]) => Date.parse(entry.receipt.event.time)).filter(Number.isFinite);
  return times.length > 0 ? Math.min(...times) : undefined;
}
