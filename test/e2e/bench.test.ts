import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, libraries } from '../../bench/libraries.js';
import { decide, measure, measureWarm } from '../../bench/measure.js';
import { persistentProfile } from '../../bench/profile.js';
import { type BenchSite, serveBench } from '../../bench/setup.js';
import { bareVisits } from '../../bench/trace-startup.js';
import { launchChromium } from '../../scripts/chromium.js';

// What `npm run bench` measures, run once per library without CPU slowdown: that every page does what the bench
// claims (banner shown, gtag held back until "Accept all", no banner for a returning visitor, cold and warm) and
// that the bytes it attributes are the right files. No time is asserted: the bench reports times, tests do not.

/** A library whose "held back" snippet is an ordinary script: the bench must notice it ran before consent. */
const leaky = (lib: Library): Library => ({
  ...lib,
  id: `${lib.id}-leaky`,
  gated: (src) => `<script src="${src}"></script>`,
});

const libs = libraries();
const floor = libs.find((lib) => lib.id === 'static-floor') as Library;
let site: BenchSite;
let browser: Browser;

beforeAll(async () => {
  site = await serveBench([...libs, leaky(floor)]);
  browser = await launchChromium(site.browserArgs);
});
afterAll(async () => {
  await browser?.close();
  await site?.server.close();
});

/** The files each library must have loaded before its banner painted, and never. */
const EXPECTED: Record<string, { before: RegExp[]; never: RegExp[] }> = {
  samtykke: {
    // The first layer mounts itself; the runtime is requested once it has painted.
    before: [/\/samtykke\.js$/, /\/samtykke-banner\.en\.js$/],
    // Nor the runtime before the paint; the Preact preferences wait for "Customise"; the ledger for a decision.
    never: [/samtykke-runtime/, /samtykke-ui/, /samtykke-ledger/, /samtykke\.all/, /samtykke\.dev/],
  },
  'vanilla-cookieconsent': { before: [/cookieconsent\.css$/, /cookieconsent\.umd\.js$/], never: [] },
  klaro: { before: [/klaro\.js$/], never: [] },
  'static-floor': { before: [], never: [/./] },
};

describe('npm run bench, one run of each library', () => {
  for (const lib of libs) {
    it(`${lib.label}: banner shown, gtag held until "Accept all", a returning visitor sees no banner`, {
      timeout: 180_000,
    }, async () => {
      // measure() and measureWarm() throw when any of that fails; the rest checks what they attribute.
      const cold = await measure(browser, lib, site.url(lib), 1);
      site.checkNothingMissing(lib);
      const expected = EXPECTED[lib.id];
      if (!expected) throw new Error(`no expectation for ${lib.id}`);
      for (const pattern of expected.before) expect(cold.bannerFiles.some((path) => pattern.test(path))).toBe(true);
      for (const pattern of expected.never) expect(cold.bannerFiles.filter((path) => pattern.test(path))).toEqual([]);
      expect(Object.keys(cold.bannerBodies).sort()).toEqual([...cold.bannerFiles].sort());
      for (const size of Object.values(cold.bannerBodies)) expect(size).toBeGreaterThan(0);
      // A returning visitor loads nothing that only the banner needs.
      expect(cold.returnFiles.filter((path) => /banner|-ui/.test(path))).toEqual([]);
      expect(cold.pageBytes).toBeGreaterThan(0);
      if (lib.id === 'static-floor') expect(site.inline.get(lib.id)).toBeGreaterThan(0);

      const profile = await persistentProfile(site.browserArgs);
      try {
        await decide(profile.context, lib, site.url(lib));
        const warm = await measureWarm(profile.context, lib, site.url(lib), 1);
        expect(warm.resources.filter((r) => /banner|-ui/.test(r.path))).toEqual([]);
      } finally {
        await profile.close();
      }
    });
  }

  it('notices a "held back" script that runs before consent (the control)', { timeout: 60_000 }, async () => {
    await expect(measure(browser, leaky(floor), site.url(leaky(floor)), 1)).rejects.toThrow(
      /static-floor-leaky: the gated script ran before any consent was given/,
    );
  });

  it('without DevTools: a returning visit in Chromium alone reads its script time from its own trace', {
    timeout: 120_000,
  }, async () => {
    const lib = libs.find((l) => l.id === 'samtykke') as Library;
    const profile = await persistentProfile(site.browserArgs);
    try {
      await decide(profile.context, lib, site.url(lib));
      const jar = await profile.context.cookies();
      expect(jar.some((c) => c.name.startsWith('samtykke'))).toBe(true);
      const bare = await bareVisits(site, new Map([[lib.id, jar.map((c) => `${c.name}=${c.value}; path=${c.path}`)]]));
      try {
        const cold = await bare.cold(lib);
        // A time is reported, never asserted: only that the trace had the page's scripts in it.
        expect(cold.scriptMs).toBeGreaterThan(0);
        expect(cold.cpuMs).toBeGreaterThan(0);
      } finally {
        await bare.close();
        bare.dispose();
      }
    } finally {
      await profile.close();
    }
  });
});
