import { describe, expect, it } from 'vitest';
import { acceptAllDecision, type DecisionContext, makeDecision, normalizeConfig } from '../../../src/core/index.js';

const NOW = Date.UTC(2026, 10, 23);
const config = normalizeConfig({
  revision: 2,
  categories: {
    statistics: { services: ['google-analytics'] },
    marketing: { services: ['youtube', 'meta-pixel'] },
    chat: { title: 'Chat' },
  },
});
const context = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  config,
  now: NOW,
  gpc: false,
  previous: null,
  randomId: () => '00000000-0000-4000-8000-000000000001',
  ...overrides,
});

describe('decisions', () => {
  it('accept all grants every offered category and expires after six months', () => {
    const decision = acceptAllDecision(context());
    expect(decision.granted).toEqual(['necessary', 'statistics', 'marketing', 'chat']);
    expect(decision.revision).toBe(2);
    expect(decision.expiresAt - decision.decidedAt).toBe(182 * 86_400_000);
  });

  it('accept all keeps marketing refused under Global Privacy Control', () => {
    expect(acceptAllDecision(context({ gpc: true })).granted).toEqual(['necessary', 'statistics', 'chat']);
  });

  it('an explicit selection under GPC can still grant marketing', () => {
    expect(makeDecision(context({ gpc: true }), ['marketing']).granted).toEqual(['necessary', 'marketing']);
  });

  it('ignores GPC when the owner turned it off', () => {
    const noGpc = normalizeConfig({ gpc: false });
    expect(acceptAllDecision(context({ config: noGpc, gpc: true })).granted).toContain('marketing');
  });

  it('reject all grants only necessary', () => {
    expect(makeDecision(context(), []).granted).toEqual(['necessary']);
  });

  it('a selection grants exactly what was chosen, in config order', () => {
    expect(makeDecision(context(), ['chat', 'statistics']).granted).toEqual(['necessary', 'statistics', 'chat']);
  });

  it('refuses unknown categories', () => {
    expect(() => makeDecision(context(), ['ads'])).toThrow('samtykke: unknown category "ads"');
  });

  it('keeps the consent id of the decision it replaces', () => {
    const first = makeDecision(context(), []);
    const second = acceptAllDecision(context({ previous: first, randomId: () => 'other' }));
    expect(second.consentId).toBe(first.consentId);
  });

  it('keeps a service allowed on its own only while its category is not granted', () => {
    const youtube = makeDecision(context(), [], ['youtube']);
    expect(youtube.granted).toEqual(['necessary']);
    expect(youtube.services).toEqual(['youtube']);
    expect(makeDecision(context({ previous: youtube }), ['marketing'], youtube.services).services).toEqual([]);
  });
});
