import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportedNames, shortNames } from '../../../scripts/short-names.js';
import * as provides from '../../../src/loader/provides.js';

const provided = exportedNames(readFileSync('src/loader/provides.ts', 'utf8'));

describe("short names for what the loader lends (window.SamtykkeLoader's members)", () => {
  it('reads every name provides.ts exports, renamed ones and commented lists included', () => {
    expect([...provided].sort()).toEqual(Object.keys(provides).sort());
    expect(
      exportedNames("export { a, b as c,\n  // why\n  d } from './x.js';\nexport type { T } from './t.js';"),
    ).toEqual(['a', 'c', 'd']);
  });

  it('gives each a distinct short identifier, and renames nothing else', () => {
    const { regex, cache } = shortNames(provided);
    const short = Object.values(cache.props);
    expect(new Set(short).size).toBe(provided.length);
    for (const name of short) expect(name).toMatch(/^_([a-zA-Z]|\$\d+)$/);
    // Past the letters the names stay identifiers.
    expect(Object.values(shortNames(Array.from({ length: 60 }, (_, i) => `n${i}`)).cache.props).slice(50, 54)).toEqual([
      '_Y',
      '_Z',
      '_$52',
      '_$53',
    ]);
    for (const name of provided) expect(regex.test(name), name).toBe(true);
    expect(regex.test(`${provided[0]}x`)).toBe(false);
  });

  it('none is a member another file reads by name: the parts registered on window, the API, the config', () => {
    // Those files are not minified with the table, so such a member would be renamed on one side only.
    const contract = ['version', 'start', 'mountBanner', 'mountUi', 'createLedger', 'config', 'categories'];
    for (const name of contract) expect(provided, name).not.toContain(name);
  });
});
