/** First retry waits up to this long (milliseconds). */
export const BACKOFF_BASE_MS = 2_000;
/** No retry waits longer than this, however many attempts failed (milliseconds). */
export const BACKOFF_CAP_MS = 10 * 60_000;
/** A server's Retry-After is honoured up to a day; anything longer is treated as a day. */
const RETRY_AFTER_MAX_MS = 24 * 60 * 60_000;

/**
 * Delay before the next attempt after `attempts` failures: exponential backoff with full jitter
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^(n-1))).
 * Full jitter spreads many visitors' retries when a recovering endpoint comes back.
 */
export function backoffDelay(attempts: number, random: () => number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks us to wait (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date. Null when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, RETRY_AFTER_MAX_MS);
  // Only the HTTP-date forms start with a letter (IMF-fixdate, RFC 850, asctime); plain numbers
  // with signs or decimals are invalid and must not be read as dates.
  if (!/^[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now, 0), RETRY_AFTER_MAX_MS);
}

/** Retries after an answer that is no passing hiccup (401, 403, 404…) start here and wait up to {@link SLOW_CAP_MS}. */
export const SLOW_BASE_MS = 60_000;
export const SLOW_CAP_MS = 6 * 60 * 60_000;
/** A receipt no endpoint took within this long is given up (rejected), with an `error` event. */
export const MAX_PENDING_AGE_MS = 30 * 24 * 60 * 60_000;

/** How one delivery attempt ended, as the outbox needs to know it. */
export type Outcome =
  | { kind: 'ok' }
  /**
   * Try again later: network error, timeout, 5xx, 408, 429 (`slow` unset), or an answer that needs the owner
   * rather than time, such as 404 or 403 (`slow`: long backoff and an `error` event). `retryAfterMs` from the server.
   */
  | { kind: 'retry'; reason: string; retryAfterMs: number | null; slow?: boolean }
  /** The endpoint refused for good: 400, 413 or 422 with a reason in the body. */
  | { kind: 'final'; reason: string; status: number };

/** Statuses that refuse a receipt for good, when the endpoint also says why. */
const FINAL_STATUSES = [400, 413, 422];

/**
 * Classify an HTTP status. 2xx is delivery, whatever the body. Only 400, 413 and 422 with a reason are final: a
 * bare 4xx is as likely a proxy or a deploy glitch as a verdict on the receipt. 408, 429 and 5xx retry with the
 * usual backoff, other 4xx (and 1xx/3xx: a redirect we refused to follow) with a long one.
 */
export function classifyStatus(status: number, retryAfter: string | null, now: number, reason = ''): Outcome {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const why = reason ? `HTTP ${status}: ${reason}` : `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', reason: why, retryAfterMs };
  if (FINAL_STATUSES.includes(status) && reason) return { kind: 'final', reason: why, status };
  return { kind: 'retry', reason: why, retryAfterMs, slow: true };
}

/** When to try next after a failure: the later of the server's Retry-After and our own backoff. */
export function nextAttemptAfter(
  attempts: number,
  retryAfterMs: number | null,
  now: number,
  random: () => number,
  slow = false,
) {
  const own = slow ? slowDelay(attempts, random) : backoffDelay(attempts, random);
  return now + Math.max(retryAfterMs ?? 0, own);
}

/** The long backoff: a minute, doubling to six hours, with half of it jittered so it never drops to zero. */
function slowDelay(attempts: number, random: () => number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(SLOW_CAP_MS, SLOW_BASE_MS * 2 ** exponent);
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}
