import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../src/server/iso-time.js';

const iso = (text: string) => parseIsoTime(text)?.toISOString();

describe('parseIsoTime', () => {
  it('reads dates and times with and without zones', () => {
    expect(iso('2026-05-01')).toBe('2026-05-01T00:00:00.000Z');
    expect(iso('2026-05-01T12:30Z')).toBe('2026-05-01T12:30:00.000Z');
    expect(iso('2026-05-01T12:30:15.123456Z')).toBe('2026-05-01T12:30:15.123Z');
    expect(iso('2026-05-01T12:30:15+02:00')).toBe('2026-05-01T10:30:15.000Z');
    expect(iso('2026-05-01T00:30:00-01:30')).toBe('2026-05-01T02:00:00.000Z');
  });

  it('takes years 0 to 99 as written, not as 1900 to 1999', () => {
    expect(iso('0050-03-04T05:06:07Z')).toBe('0050-03-04T05:06:07.000Z');
    expect(iso('0000-01-01')).toBe('0000-01-01T00:00:00.000Z');
    expect(iso('0099-12-31T23:59:59Z')).toBe('0099-12-31T23:59:59.000Z');
    // The zone offset may carry such a time across the year boundary, still in the year written.
    expect(iso('0001-01-01T00:30:00+01:00')).toBe('0000-12-31T23:30:00.000Z');
  });

  it('knows the leap years of the proleptic Gregorian calendar, early years included', () => {
    expect(iso('0000-02-29')).toBe('0000-02-29T00:00:00.000Z');
    expect(iso('0004-02-29')).toBe('0004-02-29T00:00:00.000Z');
    expect(iso('2000-02-29')).toBe('2000-02-29T00:00:00.000Z');
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoTime('0100-02-29')).toBeUndefined();
    expect(parseIsoTime('1900-02-29')).toBeUndefined();
    expect(parseIsoTime('2026-02-29')).toBeUndefined();
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    for (const text of [
      '2026-13-45T25:61:61Z',
      '2026-00-10',
      '2026-04-31',
      '2026-02-30',
      '2026-05-01T24:00:00Z',
      '2026-05-01T12:60Z',
      '2026-05-01T12:00:60Z',
      '2026-05-01T12:00:00+24:00',
      '2026-05-01T12:00:00+01:60',
      '2026-05-01T12:00',
      '26-05-01',
      '2026-5-1',
      'yesterday',
      '',
    ]) {
      expect(parseIsoTime(text), text).toBeUndefined();
    }
  });
});
