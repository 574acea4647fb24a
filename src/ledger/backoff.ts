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

/** How one delivery attempt ended, as the outbox needs to know it. */
export type Outcome =
  | { kind: 'ok' }
  /** Try again later: network error, timeout, 5xx, 408, 429. `retryAfterMs` from the server, if any. */
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }
  /** The endpoint refused for good (any other 4xx). */
  | { kind: 'final'; reason: string; status: number };

/** Classify an HTTP status: 2xx ok; 408, 429 and 5xx retry; other 4xx final; anything else retry. */
export function classifyStatus(status: number, retryAfter: string | null, now: number): Outcome {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const reason = `HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', reason, retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  if (status >= 400) return { kind: 'final', reason, status };
  // 1xx/3xx reaching us means a redirect we refused to follow or a broken proxy: try again later.
  return { kind: 'retry', reason, retryAfterMs: null };
}

/** When to try next after a failure: the later of the server's Retry-After and our own backoff. */
export function nextAttemptAfter(attempts: number, retryAfterMs: number | null, now: number, random: () => number) {
  return now + Math.max(retryAfterMs ?? 0, backoffDelay(attempts, random));
}
