import type { Receipt, ReceiptAcknowledgement } from '../types.js';
import { classifyStatus, type Outcome } from './backoff.js';
import { type ErasureResult, erasureAnswerOf } from './erasure-answer.js';
import { ERASURE_KEY_HEADER } from './erasure-key.js';

/** Browsers refuse `keepalive` bodies over 64 KiB (all keepalive requests of a page together). */
export const KEEPALIVE_LIMIT = 60_000;
/** A batch is cut at this many receipts or this many bytes, whichever comes first. */
export const BATCH_MAX_RECEIPTS = 25;
export const BATCH_MAX_BYTES = 60_000;

export interface TransportDeps {
  fetch: typeof fetch;
  sendBeacon?: (url: string, data: BodyInit) => boolean;
  timeoutMs: number;
  now: () => number;
}

/**
 * The result of POSTing one batch: how it ended and, when it worked, the acknowledgement per receipt id and the
 * notice hashes of the batch the ledger server asked for (`noticesWanted`: it holds no document for them yet).
 */
export type PostResult = Outcome & { acks?: Map<string, ReceiptAcknowledgement>; wanted?: string[] };

/**
 * The request body for a batch; always the `{ receipts: [...] }` form, even for one, with the erasure key hash of
 * each consent id in it when known (`erasureKeys`) and the notice documents the server asked for (`notices`); an
 * endpoint that does not know these fields ignores them.
 */
export function batchBody(
  receipts: readonly Receipt[],
  erasureKeys?: Record<string, string>,
  notices?: Record<string, unknown>,
): string {
  const body: Record<string, unknown> = { receipts };
  if (erasureKeys && Object.keys(erasureKeys).length > 0) body.erasureKeys = erasureKeys;
  if (notices && Object.keys(notices).length > 0) body.notices = notices;
  return JSON.stringify(body);
}

/** Byte length of a string as UTF-8. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Cut receipts, in order, into batches that fit the count and byte limits. */
export function toBatches(receipts: readonly Receipt[]): Receipt[][] {
  const batches: Receipt[][] = [];
  let current: Receipt[] = [];
  let bytes = 0;
  for (const receipt of receipts) {
    const size = byteLength(JSON.stringify(receipt)) + 1;
    if (current.length > 0 && (current.length >= BATCH_MAX_RECEIPTS || bytes + size > BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(receipt);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The fetch helpers the outbox uses: POST a batch, DELETE a record, and beacon on page hide. */
export function createTransport(deps: TransportDeps) {
  const request = async (url: string, init: RequestInit): Promise<Response | { error: string }> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
    try {
      // No cookies (the ledger needs none, and CORS stays simple), no Referer (it could carry the
      // page's query string, which receipts deliberately leave out), low priority next to the page.
      return await deps.fetch(url, {
        ...init,
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        priority: 'low',
        signal: controller.signal,
      });
    } catch (error) {
      return { error: controller.signal.aborted ? `timed out after ${deps.timeoutMs} ms` : describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    /** POST one batch; the receipt ids are the idempotency keys, so a replay is harmless. */
    async post(
      endpoint: string,
      receipts: readonly Receipt[],
      erasureKeys?: Record<string, string>,
      notices?: Record<string, unknown>,
    ): Promise<PostResult> {
      const body = batchBody(receipts, erasureKeys, notices);
      const response = await request(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        keepalive: byteLength(body) <= KEEPALIVE_LIMIT,
      });
      if ('error' in response) return { kind: 'retry', reason: response.error, retryAfterMs: null };
      const text = await response.text().catch(() => '');
      const ok = response.status >= 200 && response.status < 300;
      const outcome = classifyStatus(
        response.status,
        response.headers.get('Retry-After'),
        deps.now(),
        ok ? '' : reasonIn(text),
      );
      // Any 2xx is delivery. A samtykke acknowledgement in the body is kept; a body without one (204, "OK", an
      // owner's own backend) is an unsigned delivery, not a failure to retry for ever.
      return outcome.kind === 'ok' ? { kind: 'ok', ...answerOf(text, receipts) } : outcome;
    },

    /**
     * Ask the endpoint to erase a consent id, proving with its erasure secret that this browser made it. 404 counts
     * as done: there is nothing left to erase. A 403 with a reason is final: the endpoint says the proof is wrong,
     * and sending the same secret again cannot change that. A 2xx says, when it is the ledger server's, what it
     * keeps (`erasureAnswerOf`).
     */
    async erase(endpoint: string, recordId: string, secret?: string): Promise<Outcome & { result?: ErasureResult }> {
      const url = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(recordId)}`;
      const headers: Record<string, string> = secret ? { [ERASURE_KEY_HEADER]: secret } : {};
      const response = await request(url, { method: 'DELETE', headers, keepalive: true });
      if ('error' in response) return { kind: 'retry', reason: response.error, retryAfterMs: null };
      if (response.status === 404) return { kind: 'ok', result: { server: 'erased' } };
      const text = await response.text().catch(() => '');
      const reason = response.ok ? '' : reasonIn(text);
      if (response.status === 403 && reason) return { kind: 'final', status: 403, reason: `HTTP 403: ${reason}` };
      const outcome = classifyStatus(response.status, response.headers.get('Retry-After'), deps.now(), reason);
      return outcome.kind === 'ok' ? { kind: 'ok', result: erasureAnswerOf(text, recordId) } : outcome;
    },

    /**
     * Hand receipts to the browser for delivery after the page is gone. Sent as a string, which
     * sendBeacon labels `text/plain`: a CORS-safelisted type, so no preflight that an unloading
     * page could not wait for. Beacons get no answer, so the receipts stay pending and are
     * replayed on a later page (the endpoint returns the original acknowledgement).
     */
    beacon(endpoint: string, receipts: readonly Receipt[]): number {
      if (!deps.sendBeacon) return 0;
      let queued = 0;
      for (const batch of toBatches(receipts)) {
        try {
          if (!deps.sendBeacon(endpoint, batchBody(batch))) break;
          queued += batch.length;
        } catch {
          break;
        }
      }
      return queued;
    },
  };
}

/**
 * What a 2xx body says about the receipts sent: the acknowledgements that belong to them and have the shape the
 * ledger server signs (the signature itself is checked against the server's key by `samtykke-ledger verify`),
 * and which of their notice hashes the server wants the documents of.
 */
function answerOf(
  text: string,
  receipts: readonly Receipt[],
): { acks: Map<string, ReceiptAcknowledgement>; wanted: string[] } {
  const acks = new Map<string, ReceiptAcknowledgement>();
  type Answer = { acknowledgements?: unknown; noticesWanted?: unknown } | null;
  let payload: Answer = null;
  try {
    payload = JSON.parse(text) as Answer;
  } catch {
    return { acks, wanted: [] };
  }
  // Only hashes this browser holds a document for are ever sent (see outbox.ts), so any string will do here.
  const wanted = Array.isArray(payload?.noticesWanted)
    ? payload.noticesWanted.filter((hash): hash is string => typeof hash === 'string')
    : [];
  if (!payload || !Array.isArray(payload.acknowledgements)) return { acks, wanted };
  const sent = new Set(receipts.map((receipt) => receipt.receiptId));
  for (const ack of payload.acknowledgements as Array<Partial<ReceiptAcknowledgement> | null>) {
    if (
      ack &&
      typeof ack.receiptId === 'string' &&
      sent.has(ack.receiptId) &&
      Number.isInteger(ack.seq) &&
      typeof ack.receivedAt === 'string' &&
      typeof ack.chainHash === 'string' &&
      ack.chainHash.startsWith('sha256-') &&
      typeof ack.keyId === 'string' &&
      typeof ack.signature === 'string'
    )
      acks.set(ack.receiptId, ack as ReceiptAcknowledgement);
  }
  return { acks, wanted };
}

/** Why an endpoint refused, from its body: the samtykke server's `{ error }`, else short plain text; '' if none. */
function reasonIn(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    const body = JSON.parse(trimmed) as { error?: unknown; errors?: unknown } | null;
    if (body && typeof body.error === 'string' && body.error) return body.error.slice(0, 300);
    if (body && Array.isArray(body.errors) && typeof body.errors[0] === 'string') return body.errors[0].slice(0, 300);
    return '';
  } catch {
    // An HTML error page says nothing about the receipt.
    return trimmed.startsWith('<') ? '' : trimmed.slice(0, 300);
  }
}

/** A short message for an unknown thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
