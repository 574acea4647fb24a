import { describe, expect, it } from 'vitest';
import { encodeDecision } from '../../../src/core/index.js';
import { consentCsp } from '../../../src/server/index.js';
import type { Decision } from '../../../src/types.js';

const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: {
    statistics: { services: ['hotjar'] },
    marketing: { services: ['meta-pixel', 'youtube'] },
    preferences: { services: [{ id: 'chat', name: 'Chat', provider: 'Chat AS', hosts: ['widget.chat.example/v2/'] }] },
  },
  blocking: { rules: [{ pattern: 'cdn.ab-test.example', category: 'statistics' }] },
  ledger: { endpoint: 'https://ledger.fjordkaffe.test/receipts' },
};
const NOW = Date.parse('2026-12-01T08:00:00Z');
const cookie = (granted: string[], services: string[] = []) => {
  const decision = {
    consentId: '0b7e3f0c-6a52-4c5e-9d3a-2f1c3b4a5d6e',
    revision: 0,
    decidedAt: NOW - 1000,
    expiresAt: NOW + 86_400_000,
    granted,
    services,
    gpc: false,
  } as unknown as Decision;
  return `other=1; samtykke=${encodeURIComponent(encodeDecision(decision))}`;
};
const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1);

describe('consentCsp', () => {
  it('without a decision: only self, the site’s sources and the ledger endpoint', () => {
    const policy = consentCsp({ config: CONFIG, cookie: undefined, sources: { 'script-src': ["'nonce-abc'"] } });
    expect(policy).toBe(
      "script-src 'self' 'nonce-abc'; connect-src 'self' https://ledger.fjordkaffe.test; img-src 'self' data: blob:; frame-src 'self'",
    );
  });

  it('statistics granted: its services’ hosts and rules, in every directive; marketing’s stay out', () => {
    const policy = consentCsp({ config: CONFIG, cookie: cookie(['necessary', 'statistics']), now: NOW });
    const script = directive(policy, 'script-src') ?? [];
    expect(script).toEqual(expect.arrayContaining(['*.hotjar.com', 'hotjar.com', 'cdn.ab-test.example']));
    expect(script.some((source) => /facebook|youtube|chat/.test(source))).toBe(false);
    expect(directive(policy, 'frame-src')).toEqual(directive(policy, 'script-src'));
  });

  it('one service allowed alone (an embed’s button) and owner services with paths', () => {
    const policy = consentCsp({ config: CONFIG, cookie: cookie(['necessary', 'preferences'], ['youtube']), now: NOW });
    const frame = directive(policy, 'frame-src') ?? [];
    expect(frame).toEqual(expect.arrayContaining(['www.youtube.com', '*.ytimg.com', 'widget.chat.example/v2/']));
    expect(frame.some((source) => /facebook/.test(source))).toBe(false);
  });

  it('a decision made under another config revision grants nothing until asked again', () => {
    const policy = consentCsp({
      config: { ...CONFIG, revision: 2 },
      cookie: cookie(['necessary', 'statistics']),
      now: NOW,
    });
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
  });

  it('paths with a query widen to the path; a path without a slash matches itself and below', () => {
    const policy = consentCsp({
      config: { categories: { marketing: { services: ['google-ads', 'google-maps'] } } },
      cookie: cookie(['necessary', 'marketing']),
      now: NOW,
    });
    const script = directive(policy, 'script-src') ?? [];
    expect(script).toEqual(
      expect.arrayContaining(['www.googletagmanager.com/gtag/js', 'www.google.com/maps', 'www.google.com/maps/']),
    );
  });

  it('Trusted Types: required, with samtykke’s policy next to the site’s own names; left out unless asked', () => {
    const policy = consentCsp({ config: CONFIG, cookie: undefined, trustedTypes: ['site', "'allow-duplicates'"] });
    expect(directive(policy, 'require-trusted-types-for')).toEqual(["'script'"]);
    expect(directive(policy, 'trusted-types')).toEqual(['samtykke', 'site', "'allow-duplicates'"]);
    // A name cannot end the directive and start another.
    expect(() => consentCsp({ config: CONFIG, cookie: undefined, trustedTypes: ['a; script-src *'] })).toThrow(
      /trustedTypes: expected Trusted Types policy names .* got "a; script-src \*"/,
    );
    expect(consentCsp({ config: CONFIG, cookie: undefined })).not.toMatch(/trusted-types/);
  });

  it('a broken config throws the loader’s ConfigError, naming the key', () => {
    expect(() => consentCsp({ config: { categories: 3 }, cookie: undefined })).toThrow(/config\.categories/);
  });
});
