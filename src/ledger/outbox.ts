import type { Receipt, ReceiptAcknowledgement, SamtykkeEvents } from '../types.js';
import { MAX_PENDING_AGE_MS, nextAttemptAfter, type Outcome } from './backoff.js';
import type { ErasureResult } from './erasure-answer.js';
import { erasureKeyHashes } from './erasure-key.js';
import {
  byHistory,
  ERASURE_PREFIX,
  type KeptNotice,
  type LocalEntry,
  NOTICE_PREFIX,
  type NoticeUpload,
  type PendingErasure,
  RECEIPT_PREFIX,
} from './history.js';
import type { KeyValueStore } from './store.js';
import { type createTransport, toBatches } from './transport.js';

export interface OutboxDeps {
  store: KeyValueStore;
  transport: ReturnType<typeof createTransport>;
  endpoint: string;
  now: () => number;
  random: () => number;
  emit: <K extends 'delivered' | 'deliveryFailed' | 'error'>(event: K, payload: SamtykkeEvents[K]) => void;
  /** Told of each receipt delivered or refused for good (see `LedgerDeps.settled`). */
  settled?: ((receiptId: string) => void) | undefined;
}

const ISOLATE_STATUSES = [400, 413, 422];

/**
 * One delivery pass over the store: pending erasures first, then pending receipts grouped by
 * consent id and sent in chain order. With `force`, our own backoff is ignored (a flush, the
 * browser coming back online); the server's Retry-After never is. Returns the epoch ms of the
 * next attempt due, or null when nothing waits. `heard` is told how each erasure sent ended.
 */
export async function deliverPending(
  deps: OutboxDeps,
  force: boolean,
  heard?: Map<string, ErasureResult>,
): Promise<number | null> {
  const now = deps.now();
  const due = (item: { nextAttemptAt: number; notBefore?: number }) =>
    (item.notBefore ?? 0) <= now && (force || item.nextAttemptAt <= now);

  const erasures = (await deps.store.entries<PendingErasure>(ERASURE_PREFIX)).map(([, erasure]) => erasure);
  for (const erasure of erasures.filter(due)) {
    const outcome = await deps.transport.erase(deps.endpoint, erasure.recordId, erasure.secret);
    heard?.set(
      erasure.recordId,
      outcome.kind === 'ok'
        ? (outcome.result ?? { server: 'erased' })
        : { server: outcome.kind === 'retry' ? 'waiting' : 'refused' },
    );
    if (outcome.kind === 'retry') {
      await deps.store.write([[ERASURE_PREFIX + erasure.recordId, failed(erasure, outcome, deps)]]);
    } else {
      // Done, or refused for good with a reason: either way, asking again cannot help.
      await deps.store.write([], [ERASURE_PREFIX + erasure.recordId]);
      if (outcome.kind === 'final') {
        deps.emit('deliveryFailed', { receiptIds: [], reason: `erasure: ${outcome.reason}`, final: true });
      }
    }
  }

  const pending = (await deps.store.entries<LocalEntry>(RECEIPT_PREFIX))
    .map(([, entry]) => entry)
    .filter((entry) => entry.status === 'pending');
  const groups = new Map<string, LocalEntry[]>();
  for (const entry of pending.sort(byHistory)) {
    const group = groups.get(entry.receipt.recordId) ?? [];
    group.push(entry);
    groups.set(entry.receipt.recordId, group);
  }
  // A consent id's receipts go together, in chain order, once any of them is due; so a newer
  // receipt never overtakes an older one that is still backing off.
  const sending: LocalEntry[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.position - b.position);
    const blocked = group.some((entry) => (entry.notBefore ?? 0) > now);
    if (!blocked && group.some(due)) sending.push(...group);
  }

  const byId = new Map(sending.map((entry) => [entry.receipt.receiptId, entry]));
  const batches = toBatches(sending.map((entry) => entry.receipt));
  const keys = sending.length > 0 ? await erasureKeyHashes(deps.store, groups.keys()) : {};
  const keysOf = (batch: readonly Receipt[]) =>
    Object.fromEntries(batch.flatMap(({ recordId }) => (keys[recordId] ? [[recordId, keys[recordId]]] : [])));
  const send = async (batch: readonly Receipt[]) => {
    const outcome = await deps.transport.post(deps.endpoint, batch, keysOf(batch));
    if (outcome.kind === 'ok' && outcome.wanted?.length) await askedFor(deps, batch, outcome.wanted);
    return outcome;
  };
  for (let index = 0; index < batches.length; index++) {
    const batch = batches[index] as Receipt[];
    const outcome = await send(batch);
    if (outcome.kind === 'final' && batch.length > 1 && ISOLATE_STATUSES.includes(outcome.status)) {
      // One bad receipt must not sink its neighbours: try each on its own, once.
      for (const receipt of batch) await settle(deps, [receipt], await send([receipt]), byId);
      continue;
    }
    await settle(deps, batch, outcome, byId);
    if (outcome.kind === 'retry') {
      // The endpoint is unwell: the rest waits for the same backoff instead of hammering it now.
      const rest = batches.slice(index + 1).flat();
      if (rest.length > 0) await settle(deps, rest, outcome, byId, false);
      break;
    }
  }

  await uploadNotices(deps, due);
  if (sending.length > 0) await dropUnnamedNotices(deps.store);
  return nextDue(deps.store);
}

/**
 * The ledger server took a batch but holds no document for some of its notice hashes: each document this browser
 * kept becomes an upload, due now, kept with a receipt of the batch that names it (the server takes a document only
 * beside such a receipt, which is a replay then, answered with its acknowledgement). The receipts are delivered
 * whatever happens to the upload; it is retried like a receipt, on this page and later ones, until it is taken.
 */
async function askedFor(deps: OutboxDeps, batch: readonly Receipt[], wanted: readonly string[]): Promise<void> {
  const now = deps.now();
  const uploads: Array<[string, KeptNotice]> = [];
  for (const hash of wanted) {
    const notice = await deps.store.get<KeptNotice>(NOTICE_PREFIX + hash);
    const receipt = batch.find((r) => r.notice.configHash === hash || r.notice.textHash === hash);
    if (notice && receipt && !notice.upload) {
      uploads.push([
        NOTICE_PREFIX + hash,
        { document: notice.document, upload: { receipt, since: now, attempts: 0, nextAttemptAt: now } },
      ]);
    }
  }
  await deps.store.write(uploads);
}

/**
 * Send the due uploads, each beside its receipt. Taken (a 2xx that no longer asks for the hash): the document is
 * forgotten. Refused for good, or not taken in 30 days: given up with an `error` event (`samtykke-ledger verify`
 * lists the hash as missing). Otherwise retried with backoff.
 */
async function uploadNotices(deps: OutboxDeps, due: (upload: NoticeUpload) => boolean): Promise<void> {
  const byReceipt = new Map<string, Array<[string, KeptNotice & { upload: NoticeUpload }]>>();
  for (const [key, notice] of await deps.store.entries<KeptNotice>(NOTICE_PREFIX)) {
    const id = notice.upload && due(notice.upload) && notice.upload.receipt.receiptId;
    if (id) byReceipt.set(id, [...(byReceipt.get(id) ?? []), [key, notice as KeptNotice & { upload: NoticeUpload }]]);
  }
  for (const group of byReceipt.values()) {
    // A group is made with its first entry, so it is never empty.
    const { receipt } = (group[0] as [string, KeptNotice & { upload: NoticeUpload }])[1].upload;
    const documents = Object.fromEntries(
      group.map(([key, notice]) => [key.slice(NOTICE_PREFIX.length), notice.document]),
    );
    const outcome = await deps.transport.post(
      deps.endpoint,
      [receipt],
      await erasureKeyHashes(deps.store, [receipt.recordId]),
      documents,
    );
    const now = deps.now();
    const puts: Array<[string, KeptNotice]> = [];
    const removes: string[] = [];
    for (const [key, { document, upload }] of group) {
      const asked = outcome.kind === 'ok' && outcome.wanted?.includes(key.slice(NOTICE_PREFIX.length));
      if (outcome.kind === 'ok' && !asked) removes.push(key);
      else if (outcome.kind === 'final' || now - upload.since >= MAX_PENDING_AGE_MS) {
        removes.push(key);
        const why = outcome.kind === 'final' ? outcome.reason : 'not taken in 30 days';
        deps.emit('error', {
          error: new Error(`samtykke: notice ${key.slice(NOTICE_PREFIX.length)} given up: ${why}`),
          context: 'ledger.delivery',
        });
      } else {
        const retry = outcome.kind === 'retry' ? outcome : { reason: 'asked for again', retryAfterMs: null };
        puts.push([key, { document, upload: failed(upload, retry, deps) }]);
      }
    }
    await deps.store.write(puts, removes);
  }
}

/** Forget the notice documents no pending receipt names and no upload waits for: nothing will ask for them. */
async function dropUnnamedNotices(store: KeyValueStore): Promise<void> {
  const named = new Set<string>();
  for (const [, entry] of await store.entries<LocalEntry>(RECEIPT_PREFIX)) {
    if (entry.status === 'pending') named.add(entry.receipt.notice.configHash).add(entry.receipt.notice.textHash);
  }
  const unnamed = (await store.entries<KeptNotice>(NOTICE_PREFIX))
    .filter(([key, notice]) => !notice.upload && !named.has(key.slice(NOTICE_PREFIX.length)))
    .map(([key]) => key);
  if (unnamed.length > 0) await store.write([], unnamed);
}

/**
 * Whether a notice upload the ledger server asked for, or an erasure it has not had, still waits (so the next page
 * must load the ledger and send it).
 */
export async function othersWaiting(store: KeyValueStore): Promise<boolean> {
  if ((await store.entries(ERASURE_PREFIX)).length > 0) return true;
  return (await store.entries<KeptNotice>(NOTICE_PREFIX)).some(([, notice]) => notice.upload);
}

/** Record how a batch ended: delivered (signed or not), to retry (with backoff), or rejected for good. */
async function settle(
  deps: OutboxDeps,
  batch: readonly Receipt[],
  outcome: Outcome & { acks?: Map<string, ReceiptAcknowledgement> },
  byId: Map<string, LocalEntry>,
  report = true,
): Promise<void> {
  const updates: Array<[string, LocalEntry]> = [];
  const delivered: Receipt[] = [];
  const acknowledgements: ReceiptAcknowledgement[] = [];
  const expired: string[] = [];
  const now = deps.now();
  for (const receipt of batch) {
    const entry = byId.get(receipt.receiptId);
    if (!entry) continue;
    let next: LocalEntry;
    if (outcome.kind === 'ok') {
      const ack = outcome.acks?.get(receipt.receiptId);
      next = { ...entry, status: 'delivered', attempts: entry.attempts + 1 };
      delete next.lastError;
      delete next.notBefore;
      if (ack) {
        next.acknowledgement = ack;
        acknowledgements.push(ack);
      } else next.unsigned = true;
      delivered.push(receipt);
    } else if (outcome.kind === 'final') {
      next = { ...entry, status: 'rejected', attempts: entry.attempts + 1, lastError: outcome.reason };
    } else if (now - entry.storedAt >= MAX_PENDING_AGE_MS) {
      next = {
        ...entry,
        status: 'rejected',
        attempts: entry.attempts + 1,
        lastError: `not delivered within ${MAX_PENDING_AGE_MS / 86_400_000} days (last: ${outcome.reason})`,
      };
      expired.push(receipt.receiptId);
    } else {
      next = failed(entry, outcome, deps);
    }
    byId.set(receipt.receiptId, next);
    updates.push([RECEIPT_PREFIX + receipt.receiptId, next]);
  }
  await deps.store.write(updates);
  for (const [, entry] of updates) if (entry.status !== 'pending') deps.settled?.(entry.receipt.receiptId);
  const ids = updates.map(([, entry]) => entry.receipt.receiptId);
  if (delivered.length > 0) deps.emit('delivered', { receipts: delivered, acknowledgements });
  if (report && outcome.kind !== 'ok' && ids.length > 0) {
    deps.emit('deliveryFailed', { receiptIds: ids, reason: outcome.reason, final: outcome.kind === 'final' });
  }
  if (report && outcome.kind === 'retry' && outcome.slow && ids.length > 0) {
    // Time will not fix a 404 or a 403: the owner has to, so they hear of it.
    deps.emit('error', {
      error: new Error(
        `samtykke: the ledger endpoint ${deps.endpoint} answered ${outcome.reason}; receipts are kept and retried, check config.ledger.endpoint and the server`,
      ),
      context: 'ledger.delivery',
    });
  }
  if (expired.length > 0) {
    deps.emit('error', {
      error: new Error(`samtykke: ${expired.length} receipt(s) were not delivered within 30 days and are given up`),
      context: 'ledger.delivery',
    });
  }
}

function failed<T extends { attempts: number; nextAttemptAt: number; notBefore?: number; lastError?: string }>(
  item: T,
  outcome: { reason: string; retryAfterMs: number | null; slow?: boolean },
  deps: Pick<OutboxDeps, 'now' | 'random'>,
): T {
  const now = deps.now();
  const attempts = item.attempts + 1;
  const next: T = {
    ...item,
    attempts,
    lastError: outcome.reason,
    nextAttemptAt: nextAttemptAfter(attempts, outcome.retryAfterMs, now, deps.random, outcome.slow),
  };
  if (outcome.retryAfterMs !== null) next.notBefore = now + outcome.retryAfterMs;
  else delete next.notBefore;
  return next;
}

/**
 * The earliest time anything pending (receipt, erasure or notice upload) may be tried again, or null. A consent
 * id's receipts move together, so its time is its earliest attempt, but no sooner than the latest
 * Retry-After among them.
 */
export async function nextDue(store: KeyValueStore): Promise<number | null> {
  const groups = new Map<string, { attempt: number; notBefore: number }>();
  for (const [, entry] of await store.entries<LocalEntry>(RECEIPT_PREFIX)) {
    if (entry.status !== 'pending') continue;
    const group = groups.get(entry.receipt.recordId) ?? { attempt: Number.POSITIVE_INFINITY, notBefore: 0 };
    group.attempt = Math.min(group.attempt, entry.nextAttemptAt);
    group.notBefore = Math.max(group.notBefore, entry.notBefore ?? 0);
    groups.set(entry.receipt.recordId, group);
  }
  const times = [...groups.values()].map((group) => Math.max(group.attempt, group.notBefore));
  for (const [, erasure] of await store.entries<PendingErasure>(ERASURE_PREFIX)) {
    times.push(Math.max(erasure.nextAttemptAt, erasure.notBefore ?? 0));
  }
  for (const [, { upload }] of await store.entries<KeptNotice>(NOTICE_PREFIX)) {
    if (upload) times.push(Math.max(upload.nextAttemptAt, upload.notBefore ?? 0));
  }
  return times.length > 0 ? Math.min(...times) : null;
}
