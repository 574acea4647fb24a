import { describe, expect, it } from 'vitest';
import { anonymizeIp } from '../../src/server/ip.js';
import { createRateLimiter } from '../../src/server/rate-limit.js';
import { subtractDuration } from '../../src/server/retention.js';

describe('anonymizeIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['not an ip', null],
  ])('truncates %s to %s', (ip, expected) => {
    expect(anonymizeIp(ip, 'truncate')).toBe(expected);
  });

  it('hashes with a key, stably, and drops on request', () => {
    const a = anonymizeIp('203.0.113.77', 'hash', 'k1');
    expect(a).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{22}$/);
    expect(anonymizeIp('203.0.113.77', 'hash', 'k1')).toBe(a);
    expect(anonymizeIp('203.0.113.78', 'hash', 'k1')).not.toBe(a);
    expect(anonymizeIp('203.0.113.77', 'hash', 'k2')).not.toBe(a);
    expect(anonymizeIp('203.0.113.77', 'drop')).toBeNull();
    expect(() => anonymizeIp('203.0.113.77', 'hash')).toThrow('ipStorage "hash" needs ipHashKey');
  });
});

describe('rate limiter', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let now = 0;
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 2 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a').ok)).toEqual([true, true, true, false]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').ok).toBe(true);
    now = 500;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});

describe('subtractDuration', () => {
  const now = new Date('2026-03-31T12:00:00.000Z');
  it.each([
    ['P2Y', '2024-03-31T12:00:00.000Z'],
    ['P1M', '2026-02-28T12:00:00.000Z'],
    ['P25M', '2024-02-29T12:00:00.000Z'],
    ['P30D', '2026-03-01T12:00:00.000Z'],
    ['P1W', '2026-03-24T12:00:00.000Z'],
    ['PT12H', '2026-03-31T00:00:00.000Z'],
    ['P1Y2M3DT4H5M6S', '2025-01-28T07:54:54.000Z'],
    ['P1Y1M', '2025-02-28T12:00:00.000Z'],
  ])('%s before %s', (duration, expected) => {
    expect(subtractDuration(duration, now).toISOString()).toBe(expected);
  });
  it.each(['2Y', 'P', 'PT', 'P1.5Y', 'P-1D', ''])('refuses %j', (duration) => {
    expect(() => subtractDuration(duration, now)).toThrow(
      `expected an ISO 8601 duration like P2Y, P6M or P30D, got ${JSON.stringify(duration)}`,
    );
  });
});
