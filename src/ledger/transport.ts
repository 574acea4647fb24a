import type { Receipt, ReceiptAcknowledgement } from '../types.js';
import { classifyStatus, type Outcome } from './backoff.js';

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

/** The result of POSTing one batch: how it ended and, when it worked, the acknowledgement per receipt id. */
export type PostResult = Outcome & { acks?: Map<string, ReceiptAcknowledgement> };

/** The request body for a batch; always the `{ receipts: [...] }` form, even for one. */
export function batchBody(receipts: readonly Receipt[]): string {
  return JSON.stringify({ receipts });
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
    async post(endpoint: string, receipts: readonly Receipt[]): Promise<PostResult> {
      const body = batchBody(receipts);
      const response = await request(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        keepalive: byteLength(body) <= KEEPALIVE_LIMIT,
      });
      if ('error' in response) return { kind: 'retry', reason: response.error, retryAfterMs: null };
      const outcome = classifyStatus(response.status, response.headers.get('Retry-After'), deps.now());
      if (outcome.kind !== 'ok') return outcome;
      try {
        const payload = (await response.json()) as { acknowledgements?: unknown };
        const acks = new Map<string, ReceiptAcknowledgement>();
        if (Array.isArray(payload.acknowledgements)) {
          for (const ack of payload.acknowledgements as ReceiptAcknowledgement[]) {
            if (ack && typeof ack.receiptId === 'string') acks.set(ack.receiptId, ack);
          }
        }
        return { kind: 'ok', acks };
      } catch (error) {
        return { kind: 'retry', reason: `unreadable acknowledgement: ${describeError(error)}`, retryAfterMs: null };
      }
    },

    /** Ask the endpoint to erase a consent id. 404 counts as done: there is nothing left to erase. */
    async erase(endpoint: string, recordId: string): Promise<Outcome> {
      const url = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(recordId)}`;
      const response = await request(url, { method: 'DELETE', keepalive: true });
      if ('error' in response) return { kind: 'retry', reason: response.error, retryAfterMs: null };
      if (response.status === 404) return { kind: 'ok' };
      return classifyStatus(response.status, response.headers.get('Retry-After'), deps.now());
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

/** A short message for an unknown thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
