import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/core/index.js';
import { consentModeState, createConsentMode } from '../../../src/integrations/consent-mode.js';
import type { Decision } from '../../../src/types.js';
import { DENIED } from '../../fixtures/consent-mode-states.js';

const config = normalizeConfig({ categories: { statistics: {}, marketing: {} } });
const decision = (granted: string[], services: string[] = []): Decision => ({
  consentId: 'id',
  revision: 0,
  decidedAt: 0,
  expiresAt: 1,
  granted: ['necessary', ...granted],
  services,
  gpc: false,
});

describe('consentModeState', () => {
  it('is the default without a decision and null when Consent Mode is off', () => {
    expect(consentModeState(config, null)).toEqual(DENIED);
    expect(consentModeState(normalizeConfig({ consentMode: { enabled: false } }), null)).toBeNull();
  });

  it('grants the mapped types of granted categories only', () => {
    expect(consentModeState(config, decision(['statistics']))).toEqual({ ...DENIED, analytics_storage: 'granted' });
    expect(consentModeState(config, decision(['marketing']))).toEqual({
      ...DENIED,
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    });
  });

  it('follows an owner mapping, and the personalization default when no offered category decides it', () => {
    const custom = normalizeConfig({
      categories: { preferences: {}, statistics: {} },
      consentMode: { mapping: { preferences: ['functionality_storage', 'personalization_storage'] } },
    });
    expect(consentModeState(custom, decision([]))).toMatchObject({
      functionality_storage: 'denied',
      personalization_storage: 'denied',
    });
    const granted = normalizeConfig({
      categories: { statistics: {} },
      consentMode: { personalizationStorage: 'granted' },
    });
    expect(consentModeState(granted, decision([]))?.personalization_storage).toBe('granted');
  });
});

describe('functionality and personalization storage', () => {
  it('are denied before any decision when an offered category maps them, and granted only with it', () => {
    const mapped = normalizeConfig({
      categories: { preferences: {}, statistics: {} },
      consentMode: {
        mapping: { preferences: ['functionality_storage', 'personalization_storage'] },
        personalizationStorage: 'granted',
      },
    });
    expect(consentModeState(mapped, null)).toMatchObject({
      functionality_storage: 'denied',
      personalization_storage: 'denied',
    });
    expect(consentModeState(mapped, decision(['preferences']))).toMatchObject({
      functionality_storage: 'granted',
      personalization_storage: 'granted',
    });
  });

  it('keep their defaults when no offered category maps them (the control)', () => {
    const unmapped = normalizeConfig({
      categories: { statistics: {} },
      consentMode: { personalizationStorage: 'granted' },
    });
    expect(consentModeState(unmapped, null)).toMatchObject({
      functionality_storage: 'granted',
      personalization_storage: 'granted',
    });
  });
});

describe('createConsentMode', () => {
  it('defines dataLayer and gtag, pushes Arguments objects (what gtag.js reads), then the update and event', () => {
    const win = {} as Window & { dataLayer?: unknown[]; gtag?: unknown };
    const mode = createConsentMode(config, win);
    mode.start(decision(['statistics']));
    expect(typeof win.gtag).toBe('function');
    const layer = win.dataLayer ?? [];
    expect(layer.slice(0, 3).map((entry) => Object.prototype.toString.call(entry))).toEqual([
      '[object Arguments]',
      '[object Arguments]',
      '[object Arguments]',
    ]);
    expect(
      layer.map((entry) =>
        Array.isArray(entry) || typeof entry !== 'object'
          ? entry
          : Array.from(entry as ArrayLike<unknown>).length
            ? Array.from(entry as ArrayLike<unknown>)
            : entry,
      ),
    ).toEqual([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
      ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }],
      { event: 'samtykke_consent_update', samtykke: { granted: ['necessary', 'statistics'], services: [] } },
    ]);
  });

  it('keeps an existing gtag and dataLayer and does nothing when disabled', () => {
    const existing = [{ event: 'page' }];
    const gtag = () => {};
    const win = { dataLayer: existing, gtag } as unknown as Window & { dataLayer: unknown[]; gtag: unknown };
    createConsentMode(config, win).start(null);
    expect(win.gtag).toBe(gtag);
    expect(win.dataLayer).toBe(existing);
    expect(existing).toHaveLength(3);
    const off = {} as Window & { dataLayer?: unknown[] };
    createConsentMode(normalizeConfig({ consentMode: { enabled: false } }), off).start(decision(['statistics']));
    expect(off.dataLayer).toBeUndefined();
  });
});
