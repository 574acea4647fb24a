import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/core/index.js';
import * as full from '../../../src/integrations/consent-mode.js';
import * as off from '../../../src/integrations/consent-mode-off.js';
import type { Decision } from '../../../src/types.js';

/** The per-site template for a config with Consent Mode off carries `consent-mode-off.ts` in place of the full module. */
const config = normalizeConfig({ categories: { statistics: {}, marketing: {} }, consentMode: { enabled: false } });
const decision: Decision = {
  consentId: 'id',
  revision: 0,
  decidedAt: 0,
  expiresAt: 1,
  granted: ['necessary', 'statistics', 'marketing'],
  services: [],
  gpc: false,
};
type Win = Window & { dataLayer?: unknown[]; gtag?: unknown };

describe('Consent Mode left out of a per-site loader whose config turns it off', () => {
  it('has every export the loaders and the parts take from the full module, functions where it has functions', () => {
    // CONSENT_EVENT and defaultConsentState are read only inside the full module (the build fails otherwise).
    expect(typeof full.consentModeState).toBe('function');
    expect(typeof full.createConsentMode).toBe('function');
    expect([typeof off.consentModeState, typeof off.createConsentMode]).toEqual(['function', 'function']);
    expect(Object.keys(off).sort()).toEqual(['consentModeState', 'createConsentMode']);
  });

  it('does what the full module does for such a config: no state for receipts, nothing queued, no dataLayer or gtag', () => {
    for (const module of [full, off]) {
      expect(module.consentModeState(config, null)).toBeNull();
      expect(module.consentModeState(config, decision)).toBeNull();
      const win = {} as Win;
      const consentMode = module.createConsentMode(config, win);
      consentMode.start(decision);
      consentMode.update(decision);
      consentMode.update(null);
      expect(win).toEqual({});
    }
  });

  it('control: with Consent Mode on the full module queues the defaults and the update', () => {
    const win = {} as Win;
    full.createConsentMode(normalizeConfig({ categories: { statistics: {} } }), win).start(decision);
    expect(win.dataLayer?.length).toBeGreaterThan(0);
    expect(typeof win.gtag).toBe('function');
  });
});
