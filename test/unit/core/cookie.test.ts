import { describe, expect, it } from 'vitest';
import {
  type CookieJar,
  clearDecision,
  decodeDecision,
  encodeDecision,
  normalizeConfig,
  readDecision,
  writeDecision,
} from '../../../src/core/index.js';
import type { Decision } from '../../../src/types.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;
const ID = '5c0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b10';
const decision: Decision = {
  consentId: ID,
  revision: 3,
  decidedAt: NOW - DAY,
  expiresAt: NOW + 181 * DAY,
  granted: ['necessary', 'statistics'],
  services: ['youtube'],
  gpc: false,
};

/** A cookie jar that behaves like document.cookie for one path: set appends, Max-Age=0 deletes. */
function jar(): CookieJar & { writes: string[] } {
  const values = new Map<string, string>();
  const writes: string[] = [];
  return {
    writes,
    get cookie() {
      return [...values].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      writes.push(line);
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (/Max-Age=0(;|$)/.test(line)) values.delete(pair.slice(0, at));
      else values.set(pair.slice(0, at), pair.slice(at + 1));
    },
  };
}

describe('encodeDecision / decodeDecision', () => {
  it('round-trips a decision', () => {
    expect(decodeDecision(encodeDecision(decision), NOW)).toEqual(decision);
  });

  it('uses only characters allowed in a cookie value', () => {
    expect(encodeDecision(decision)).toMatch(/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello'],
    ['another version', encodeDecision(decision).replace(/^1\|/, '2|')],
    ['too few fields', encodeDecision(decision).split('|').slice(0, 7).join('|')],
    ['too many fields', `${encodeDecision(decision)}|x`],
    ['a bad consent id', encodeDecision({ ...decision, consentId: 'not-a-uuid' })],
    ['a non-numeric revision', encodeDecision(decision).replace('|3|', '|x|')],
    ['a negative revision', encodeDecision(decision).replace('|3|', '|-3|')],
    ['a decision from the future', encodeDecision({ ...decision, decidedAt: NOW + DAY })],
    ['an expiry before the decision', encodeDecision({ ...decision, expiresAt: decision.decidedAt - 1 })],
    ['a bad category id', encodeDecision({ ...decision, granted: ['necessary', 'Stat<s>'] })],
    ['a bad gpc flag', encodeDecision(decision).replace(/\|0$/, '|yes')],
  ])('reads %s as no decision', (_name, value) => {
    expect(decodeDecision(value, NOW)).toBeNull();
  });

  it('tolerates a few minutes of clock skew', () => {
    expect(decodeDecision(encodeDecision({ ...decision, decidedAt: NOW + 60_000 }), NOW)).not.toBeNull();
  });

  it('always grants necessary', () => {
    expect(decodeDecision(encodeDecision({ ...decision, granted: ['statistics'] }), NOW)?.granted).toEqual([
      'necessary',
      'statistics',
    ]);
  });
});

describe('readDecision', () => {
  const config = normalizeConfig({ revision: 3 });

  it('is none without a cookie, and none for a corrupt one', () => {
    const cookies = jar();
    expect(readDecision(cookies, config, NOW)).toEqual({ status: 'none' });
    cookies.cookie = 'samtykke=%E0%A4%A';
    expect(readDecision(cookies, config, NOW)).toEqual({ status: 'none' });
    cookies.cookie = 'samtykke=1|x|y';
    expect(readDecision(cookies, config, NOW)).toEqual({ status: 'none' });
  });

  it('is valid for a fresh decision under the same revision', () => {
    const cookies = jar();
    writeDecision(cookies, config, decision, true);
    expect(readDecision(cookies, config, NOW)).toEqual({ status: 'valid', decision });
  });

  it('asks again after a new revision, keeping the consent id', () => {
    const cookies = jar();
    writeDecision(cookies, config, decision, true);
    const next = readDecision(cookies, normalizeConfig({ revision: 4 }), NOW);
    expect(next.status).toBe('outdated');
    expect(next.status !== 'none' && next.decision.consentId).toBe(ID);
  });

  it('asks again after expiry, and can still tell it was an expiry', () => {
    const cookies = jar();
    writeDecision(cookies, config, decision, true);
    expect(readDecision(cookies, config, decision.expiresAt).status).toBe('expired');
    expect(readDecision(cookies, config, decision.expiresAt - 1).status).toBe('valid');
  });

  it('drops categories the config no longer offers', () => {
    const cookies = jar();
    writeDecision(cookies, config, { ...decision, granted: ['necessary', 'statistics', 'chat'] }, true);
    const read = readDecision(cookies, config, NOW);
    expect(read.status === 'valid' && read.decision.granted).toEqual(['necessary', 'statistics']);
  });
});

describe('writeDecision / clearDecision', () => {
  it('writes SameSite, Path, Secure on https, Domain when configured, and a lifetime past the expiry', () => {
    const cookies = jar();
    writeDecision(cookies, normalizeConfig({ cookie: { domain: '.fjordkaffe.no' } }), decision, true);
    const line = cookies.writes[0] ?? '';
    expect(line).toContain('; Path=/; Domain=.fjordkaffe.no; SameSite=Lax; Secure');
    const maxAge = Number(/Max-Age=(\d+)/.exec(line)?.[1]);
    expect(maxAge * 1000).toBeGreaterThan(decision.expiresAt - decision.decidedAt);
  });

  it('leaves Secure off on http', () => {
    const cookies = jar();
    writeDecision(cookies, normalizeConfig({}), decision, false);
    expect(cookies.writes[0]).not.toContain('Secure');
  });

  it('clears the cookie', () => {
    const cookies = jar();
    const config = normalizeConfig({});
    writeDecision(cookies, config, decision, true);
    clearDecision(cookies, config, true);
    expect(readDecision(cookies, config, NOW)).toEqual({ status: 'none' });
  });
});
