import { afterEach, describe, expect, it, vi } from 'vitest';
import { configWarnings } from '../../../src/core/config-warnings.js';
import { normalizeConfig } from '../../../src/core/index.js';
import { makeConfig, mount } from '../ui/helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('owner guard-rails', () => {
  it('warns when a built-in tracking vendor is put in necessary, and names it', () => {
    const config = normalizeConfig({ categories: { necessary: { services: ['google-analytics'] } } });
    expect(configWarnings(config)).toEqual([
      expect.stringContaining('config.categories.necessary.services: "google-analytics" tracks visitors'),
    ]);
  });

  it('lets Google Tag Manager load as necessary, and is quiet for a sound config (the control)', () => {
    const config = normalizeConfig({
      categories: { necessary: { services: ['google-tag-manager'] }, statistics: { services: ['google-analytics'] } },
    });
    expect(configWarnings(config)).toEqual([]);
  });

  it('warns that advanced Consent Mode and url_passthrough need the owner’s legal basis', () => {
    const config = normalizeConfig({
      categories: { statistics: {} },
      consentMode: { mode: 'advanced', urlPassthrough: true },
    });
    const warnings = configWarnings(config);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('config.consentMode.mode "advanced"');
    expect(warnings[1]).toContain('config.consentMode.urlPassthrough');
    expect(warnings.every((w) => w.includes('legal basis'))).toBe(true);
  });

  it('are logged to the console when the UI mounts', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mount(makeConfig({ categories: { necessary: { services: ['hotjar'] } } }));
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('"hotjar" tracks visitors')]);
  });
});

describe('the vendors it knows', () => {
  it('are every built-in vendor', async () => {
    const { VENDORS } = await import('../../../src/core/vendors.js');
    const { VENDOR_DETAILS } = await import('../../../src/core/vendor-details.js');
    expect(Object.keys(VENDOR_DETAILS).sort()).toEqual(VENDORS.map((v) => v.id).sort());
  });
});
