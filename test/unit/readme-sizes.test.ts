import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeBlock, sizeBlock, withBlock } from '../../scripts/sizes.js';

const REGENERATE = 'run `npm run build && npm run sizes -- --write` and commit README.md';

/** A copy of dist/'s browser bundles, to change one without touching the build. */
function copyOfDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samtykke-sizes-'));
  for (const name of readdirSync('dist').filter((n) => /^samtykke[\w.-]*\.js$/.test(n)))
    copyFileSync(join('dist', name), join(dir, name));
  return dir;
}

// Brotli at quality 11 over every bundle takes seconds on a busy machine; nothing here is timed.
describe("README's size table", { timeout: 60_000 }, () => {
  it('is the table the build generates (brotli sizes of dist/), so it cannot drift', () => {
    expect(existsSync('dist/samtykke.js'), 'dist/ is missing: run `npm run build` first').toBe(true);
    const readme = readFileSync('README.md', 'utf8');
    expect(readmeBlock(readme), `README.md's size table differs from dist/: ${REGENERATE}`).toBe(sizeBlock('dist'));
  });

  it("changes when a file the banner needs grows, in that file's row and in the first visit's sum", () => {
    const dir = copyOfDist();
    const before = sizeBlock(dir);
    // Incompressible bytes, so the brotli size surely grows.
    const noise = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7919) % 251));
    writeFileSync(
      join(dir, 'samtykke-banner.en.js'),
      Buffer.concat([readFileSync(join(dir, 'samtykke-banner.en.js')), noise]),
    );
    const after = sizeBlock(dir);
    const row = (block: string, start: string) => block.split('\n').find((line) => line.startsWith(start));
    expect(row(after, '| `samtykke-banner.en.js`')).not.toBe(row(before, '| `samtykke-banner.en.js`'));
    expect(row(after, '| first visit')).not.toBe(row(before, '| first visit'));
    expect(row(after, '| returning visitor')).toBe(row(before, '| returning visitor'));
    // The README check compares exactly this block, so a table written from the old build fails it.
    const readme = withBlock(readFileSync('README.md', 'utf8'), before);
    expect(readmeBlock(readme)).toBe(before);
    expect(readmeBlock(readme)).not.toBe(after);
  });

  it('refuses a browser bundle it cannot place, and one the asset list does not ship', () => {
    const dir = copyOfDist();
    const listed = readdirSync(dir);
    expect(() => sizeBlock(dir, [...listed, 'samtykke-extra.js'])).toThrow(/samtykke-extra\.js missing/);
    writeFileSync(join(dir, 'samtykke-extra.js'), '1');
    expect(() => sizeBlock(dir)).toThrow(/samtykke-extra\.js in .* but not in src\/assets\/files\.ts/);
    expect(() => sizeBlock(dir, [...listed, 'samtykke-extra.js'])).toThrow(/no role for samtykke-extra\.js/);
  });

  it('finds its markers in README.md or says they are missing', () => {
    expect(() => readmeBlock('# no table here')).toThrow(/lacks the "<!-- sizes:start"/);
  });
});
