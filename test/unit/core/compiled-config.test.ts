import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findVendor, normalizeConfig, VENDORS, withCatalogue, withoutCatalogue } from '../../../src/core/index.js';

const fixture = (name: string) =>
  normalizeConfig(JSON.parse(readFileSync(`test/fixtures/site-configs/${name}.json`, 'utf8')) as unknown);
const OWNER = normalizeConfig({
  categories: {
    statistics: {
      services: [
        'google-analytics',
        // A built-in vendor the owner says sets no cookies here, one with a storage key of its own, and its own.
        { id: 'hotjar', cookies: [] },
        { id: 'microsoft-clarity', storageKeys: ['_clck_own'] },
        { id: 'own-stats', hosts: ['stats.fjordkaffe.test'], cookies: [{ name: '_own', expiry: 'P1D' }] },
      ],
    },
  },
});
const services = (config: { categories: ReadonlyArray<{ services: readonly object[] }> }) =>
  config.categories.flatMap((c) => c.services) as Array<Record<string, unknown>>;

describe('the config a per-site loader compiles in', () => {
  it('leaves out a built-in vendor’s cookies and storage keys where they are the catalogue’s, and nothing else', () => {
    const compiled = services(withoutCatalogue(OWNER, VENDORS));
    const byId = Object.fromEntries(compiled.map((s) => [s.id, s]));
    expect(byId['google-analytics']).not.toHaveProperty('cookies');
    expect(byId['google-analytics']).not.toHaveProperty('storageKeys');
    expect(byId['google-analytics']).toMatchObject({
      name: 'Google Analytics',
      hosts: findVendor('google-analytics')?.hosts,
    });
    expect(byId.hotjar).toMatchObject({ cookies: [] });
    expect(byId.hotjar).not.toHaveProperty('storageKeys');
    expect(byId['microsoft-clarity']).toMatchObject({ storageKeys: ['_clck_own'] });
    expect(byId['microsoft-clarity']).not.toHaveProperty('cookies');
    expect(byId['own-stats']).toMatchObject({ cookies: [{ name: '_own', expiry: 'P1D' }], storageKeys: [] });
    // Everything outside the services is the normalized config's.
    const { categories: _, ...rest } = withoutCatalogue(OWNER, VENDORS);
    const { categories: __, ...normalized } = OWNER;
    expect(rest).toEqual(normalized);
  });

  it('is the normalized config again once the decide part puts the catalogue back, frozen', () => {
    for (const config of [OWNER, fixture('demo'), fixture('large')]) {
      const compiled = JSON.parse(JSON.stringify(withoutCatalogue(config, VENDORS)));
      const complete = withCatalogue(compiled, VENDORS);
      expect(complete).toEqual(JSON.parse(JSON.stringify(config)));
      expect(Object.isFrozen(complete.categories[1]?.services[0]?.cookies)).toBe(true);
    }
  });

  it('control: the normalized config carries the catalogue’s cookies, so leaving them out takes bytes off', () => {
    for (const config of [fixture('demo'), fixture('large')])
      expect(JSON.stringify(withoutCatalogue(config, VENDORS)).length).toBeLessThan(
        JSON.stringify(config).length - 500,
      );
    expect(services(OWNER).find((s) => s.id === 'google-analytics')?.cookies).toEqual(
      findVendor('google-analytics')?.cookies,
    );
  });
});
