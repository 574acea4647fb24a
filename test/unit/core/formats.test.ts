import { describe, expect, it } from 'vitest';
import { ISO_DURATION, parseDuration, SERVICE_ID, UUID, unsafeUrl } from '../../../src/core/formats.js';
import { decodeDecision, encodeDecision, normalizeConfig } from '../../../src/core/index.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import schema from '../../../src/ledger/receipt.schema.json' with { type: 'json' };
import { validateReceipt } from '../../../src/ledger/validate.js';
import { subtractDuration } from '../../../src/server/retention.js';
import { formatDuration } from '../../../src/ui/format.js';

const VALID = ['P2Y', 'P1Y6M', 'P14M', 'P3W', 'P30D', 'P1DT12H', 'PT30M', 'PT1S', 'P0D'];
const INVALID = ['P', 'PT', 'P1DT', 'P1H', '2Y', 'p2y', 'P1.5Y', 'P-1D', 'P2Y ', ' P2Y', 'P1M2Y', ''];
const tr = createTranslator({ language: { default: 'en' }, texts: {} }, 'en');
const withCookieExpiry = (expiry: string) =>
  normalizeConfig({
    categories: { statistics: { services: [{ id: 'x', cookies: [{ name: '_x', expiry }] }] } },
  });

describe('ISO 8601 durations: one pattern for the config, the declaration and the server', () => {
  it('the config, the declaration and retention all take the durations the pattern takes', () => {
    const now = new Date(Date.UTC(2026, 2, 31));
    for (const text of VALID) {
      expect(ISO_DURATION.test(text), text).toBe(true);
      expect(() => withCookieExpiry(text), text).not.toThrow();
      expect(() => subtractDuration(text, now), text).not.toThrow();
      // A zero length has no words; everything else reads in words.
      if (text !== 'P0D') expect(formatDuration(text, tr), text).not.toBe(text);
    }
  });

  it('the config, the declaration and retention all refuse what the pattern refuses', () => {
    const now = new Date(Date.UTC(2026, 2, 31));
    for (const text of INVALID) {
      expect(ISO_DURATION.test(text), text).toBe(false);
      expect(parseDuration(text), text).toBeUndefined();
      expect(() => withCookieExpiry(text), text).toThrow(/expiry: expected an ISO 8601 duration/);
      expect(() => subtractDuration(text, now), text).toThrow(/ISO 8601 duration/);
      // The declaration shows what it cannot read as written rather than inventing a length.
      expect(formatDuration(text, tr)).toBe(text);
    }
  });

  it('reads each part', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseDuration('PT30M')).toEqual([0, 0, 0, 0, 0, 30, 0]);
    expect(formatDuration('P1Y6M', tr)).toBe('1 year, 6 months');
  });

  it('"session" is a cookie lifetime, not a duration', () => {
    expect(() => withCookieExpiry('session')).not.toThrow();
    expect(parseDuration('session')).toBeUndefined();
  });
});

describe('UUIDs: one pattern for the cookie, the receipt validator, the server and the JSON Schema', () => {
  it('the published schema repeats the pattern exactly', () => {
    expect(schema.$defs.uuid.pattern).toBe(UUID.source);
  });

  it('the decision cookie and the receipt validator take the same ids', () => {
    const ids = [
      ['5c0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b10', true],
      ['5C0D8A52-0A4E-4F7E-8D8E-1D6F5F3A9B10', true],
      ['5c0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b1', false],
      ['5c0d8a520a4e4f7e8d8e1d6f5f3a9b10', false],
      ['zc0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b10', false],
    ] as const;
    for (const [consentId, ok] of ids) {
      const now = Date.now();
      const cookie = encodeDecision({
        consentId,
        revision: 0,
        decidedAt: now,
        expiresAt: now + 86_400_000,
        granted: ['necessary'],
        services: [],
        gpc: false,
      });
      expect(decodeDecision(cookie, now) !== null, consentId).toBe(ok);
      expect(UUID.test(consentId), consentId).toBe(ok);
      const result = validateReceipt({ recordId: consentId });
      const errors = result.ok ? [] : result.errors;
      expect(
        errors.some((e) => e.startsWith('receipt.recordId: expected a UUID')),
        consentId,
      ).toBe(!ok);
    }
  });
});

describe('service ids: one pattern for the config and the decision cookie', () => {
  it('a service id the config takes survives the cookie; one it refuses does not', () => {
    expect(() =>
      normalizeConfig({ categories: { statistics: { services: [{ id: 'chat.widget_2-x' }] } } }),
    ).not.toThrow();
    const now = Date.now();
    const decision = (services: string[]) =>
      encodeDecision({
        consentId: '5c0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b10',
        revision: 0,
        decidedAt: now,
        expiresAt: now + 86_400_000,
        granted: ['necessary'],
        services,
        gpc: false,
      });
    expect(decodeDecision(decision(['chat.widget_2-x']), now)?.services).toEqual(['chat.widget_2-x']);
    for (const id of ['Chat', '-chat', 'chat widget', 'a'.repeat(65)]) {
      expect(SERVICE_ID.test(id), id).toBe(false);
      expect(decodeDecision(decision([id]), now), id).toBeNull();
      expect(() => normalizeConfig({ categories: { statistics: { services: [{ id }] } } }), id).toThrow(
        /services\[0\]\.id: expected a lower-case service id/,
      );
    }
  });
});

describe('unsafeUrl(): links samtykke never puts in an href or a src', () => {
  it('refuses script, data and VBScript links however the URL parser would still read them', () => {
    for (const link of [
      'javascript:alert(1)',
      'JavaScript:x',
      ' \u0000javascript:x',
      'java\tscr\nipt:x',
      'data:,x',
      'vbscript:x',
    ])
      expect(unsafeUrl(link), JSON.stringify(link)).toBe(true);
  });

  it('control: takes web links, relative links and paths that only mention a scheme', () => {
    for (const link of [
      'https://fjordkaffe.no/personvern',
      '/personvern',
      'personvern.html',
      '/?next=javascript:x',
      'mailto:a@b.no',
    ])
      expect(unsafeUrl(link), link).toBe(false);
  });
});
