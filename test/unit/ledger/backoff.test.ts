import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  classifyStatus,
  nextAttemptAfter,
  parseRetryAfter,
} from '../../../src/ledger/backoff.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('backoffDelay', () => {
  it('doubles the ceiling from 2 s up to the 10 min cap', () => {
    const almostOne = () => 0.999_999;
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 1000].map((n) => Math.ceil(backoffDelay(n, almostOne) / 1000));
    expect(ceilings).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600, 600]);
    expect(backoffDelay(50, almostOne)).toBeLessThan(BACKOFF_CAP_MS);
  });

  it('jitters over the whole range (full jitter)', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, () => 0.25)).toBe(2000);
  });

  it('waits at least what the server asked for', () => {
    expect(nextAttemptAfter(1, 30_000, NOW, () => 0.5)).toBe(NOW + 30_000);
    expect(nextAttemptAfter(10, 1_000, NOW, () => 0.5)).toBe(NOW + 300_000);
    expect(nextAttemptAfter(2, null, NOW, () => 0.5)).toBe(NOW + 2000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter('Sun, 23 Nov 2026 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Sun, 23 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what it cannot read and caps absurd waits at a day', () => {
    for (const bad of [null, undefined, '', '-5', '1.5', 'soon', '+30']) expect(parseRetryAfter(bad, NOW)).toBeNull();
    expect(parseRetryAfter('99999999', NOW)).toBe(86_400_000);
  });
});

describe('classifyStatus', () => {
  it('delivers on any 2xx, retries 408, 429 and 5xx, slowly retries other 4xx, and is final only for 400/413/422 with a reason', () => {
    for (const status of [200, 201, 202, 204]) expect(classifyStatus(status, null, NOW)).toEqual({ kind: 'ok' });
    for (const status of [408, 429, 500, 502, 503, 504]) expect(classifyStatus(status, null, NOW).kind).toBe('retry');
    for (const status of [400, 401, 403, 404, 410, 413, 415, 422])
      expect(classifyStatus(status, null, NOW)).toMatchObject({ kind: 'retry', slow: true });
    for (const status of [401, 403, 404, 415]) expect(classifyStatus(status, null, NOW, 'nope').kind).toBe('retry');
    for (const status of [400, 413, 422])
      expect(classifyStatus(status, null, NOW, 'bad receipt')).toEqual({
        kind: 'final',
        reason: `HTTP ${status}: bad receipt`,
        status,
      });
    expect(classifyStatus(429, '7', NOW)).toEqual({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 });
    expect(classifyStatus(503, 'garbage', NOW)).toEqual({ kind: 'retry', reason: 'HTTP 503', retryAfterMs: null });
  });
});
