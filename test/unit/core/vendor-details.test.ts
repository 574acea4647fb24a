import { describe, expect, it } from 'vitest';
import { normalizeConfig, VENDORS, withVendorDetails } from '../../../src/core/index.js';
import { PURPOSES } from '../../../src/i18n/purposes/index.js';
import { vendorPurposes } from '../../../src/i18n/vendor-purposes.js';

const config = normalizeConfig({
  categories: {
    statistics: { services: ['google-analytics', { id: 'hotjar', recipient: 'Hotjar (own contract)' }] },
    marketing: { services: [{ id: 'chat', name: 'Chat' }] },
  },
});
const services = (c: typeof config) => c.categories.flatMap((category) => category.services);

describe('withVendorDetails', () => {
  it('leaves the loader config without the details it does not need', () => {
    const [ga] = services(config);
    expect(ga?.provider).toBe('Google Ireland Ltd.');
    expect(ga?.recipient).toBeUndefined();
    expect(ga?.thirdCountries).toBeUndefined();
  });

  it('fills in recipient, countries, retention and policy for built-in vendors, and keeps what the owner set', () => {
    const [ga, hotjar, chat] = services(withVendorDetails(config));
    expect(ga).toMatchObject({ recipient: 'Google LLC', thirdCountries: ['US'], retention: 'P14M' });
    expect(ga?.privacyPolicyUrl).toMatch(/^https:\/\//);
    expect(hotjar?.recipient).toBe('Hotjar (own contract)');
    expect(chat?.thirdCountries).toEqual([]);
    expect(ga?.purpose).toBeUndefined();
  });

  it('adds purposes in every language that has them', () => {
    const [ga] = services(withVendorDetails(config, vendorPurposes()));
    expect(ga?.purpose).toMatchObject({
      en: 'Measures how visitors use the site.',
      da: 'Måler, hvordan besøgende bruger hjemmesiden.',
    });
  });

  it('has details and an English purpose for every built-in vendor', () => {
    const all = withVendorDetails(
      normalizeConfig({ categories: { statistics: { services: VENDORS.map((v) => v.id) } } }),
      vendorPurposes(),
    );
    for (const service of services(all)) {
      expect(service.recipient, service.id).toBeTruthy();
      expect(service.privacyPolicyUrl, service.id).toMatch(/^https:\/\//);
      expect(PURPOSES.en?.[service.id], service.id).toBeTruthy();
    }
  });

  it("records each built-in vendor's data categories, and a transfer ground only where data leaves the EEA", () => {
    const all = withVendorDetails(
      normalizeConfig({ categories: { statistics: { services: VENDORS.map((v) => v.id) } } }),
    );
    for (const service of services(all)) {
      expect(service.dataCategories, service.id).toContain('online-identifier');
      if (service.transfer) expect(service.thirdCountries?.length, service.id).toBeGreaterThan(0);
    }
    const byId = Object.fromEntries(services(all).map((service) => [service.id, service]));
    expect(byId['google-analytics']).toMatchObject({ role: 'processor', transfer: 'adequacy' });
    expect(byId['meta-pixel']).toMatchObject({ role: 'joint-controller' });
    expect(byId.hotjar).toMatchObject({ role: 'processor', thirdCountries: [] });
    expect(byId.hotjar?.transfer).toBeUndefined();
  });

  it('has the same vendors in every purpose list', () => {
    const ids = Object.keys(PURPOSES.en ?? {}).sort();
    for (const [language, texts] of Object.entries(PURPOSES)) expect(Object.keys(texts).sort(), language).toEqual(ids);
  });
});
