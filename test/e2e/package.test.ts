import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** What `npm pack` would publish, from the built dist/. */
function packedFiles(): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((file) => file.path);
}

describe('the published package', () => {
  const files = packedFiles();

  it('ships every entry point: npm, loader, per-language first layer and UI, ledger, one-file build, server, CLI, schema, types', () => {
    for (const path of [
      'dist/index.js',
      'dist/types/index.d.ts',
      'dist/samtykke.js',
      'dist/samtykke-banner.js',
      'dist/samtykke-banner.nb.js',
      'dist/samtykke-ui.js',
      'dist/samtykke-ui.nb.js',
      'dist/samtykke-ui.da.js',
      'dist/samtykke-ledger.js',
      'dist/samtykke.all.js',
      'dist/server/index.js',
      'dist/server/cli.js',
      'dist/cli.js',
      'dist/vite.js',
      'dist/types/assets/vite.d.ts',
      'dist/types/globals.d.ts',
      'dist/types/server/index.d.ts',
      'dist/receipt.schema.json',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(files).toContain(path);
    }
  });

  it('ships no sources, tests, demo or source maps', () => {
    expect(
      files.filter((path) => !path.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(path)),
    ).toEqual([]);
    expect(files.filter((path) => path.endsWith('.map'))).toEqual([]);
  });

  it('points to no source map it does not ship', () => {
    const referencing = files.filter(
      (path) => path.endsWith('.js') && readFileSync(path, 'utf8').includes('sourceMappingURL'),
    );
    expect(referencing).toEqual([]);
  });

  it("links only to absolute addresses or anchors in its README, which the registry page shows without the repository's files", () => {
    // The prose, without code: a snippet's `<script src="/samtykke/samtykke.js">` is the owner's path, not a link.
    const prose = readFileSync('README.md', 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '');
    const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g), ...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((target) => !/^(https?:\/\/|mailto:|#)/.test(target))).toEqual([]);
  });

  it('marks every script-tag file as side-effecting, so `import "samtykke/loader"` is not dropped by a bundler', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      sideEffects: string[];
      exports: Record<string, string | { default: string }>;
    };
    const pattern = (glob: string) =>
      new RegExp(`^${glob.replace('./', '').replaceAll('.', '\\.').replaceAll('*', '.*')}$`);
    for (const entry of ['./loader', './ui', './all']) {
      const target = pkg.exports[entry];
      const file = (typeof target === 'string' ? target : (target?.default ?? '')).replace('./', '');
      expect(pkg.sideEffects.some((glob) => pattern(glob).test(file))).toBe(true);
    }
    for (const file of files.filter((path) => /^dist\/samtykke[^/]*\.js$/.test(path))) {
      expect(pkg.sideEffects.some((glob) => pattern(glob).test(file))).toBe(true);
    }
    expect(pkg.sideEffects.some((glob) => pattern(glob).test('dist/index.js'))).toBe(false);
  });

  it('loads from CommonJS through require() of ES modules, as the README says (Node 20.19 and later)', () => {
    const app = mkdtempSync(join(tmpdir(), 'samtykke-cjs-'));
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(process.cwd(), join(app, 'node_modules/samtykke'), 'dir');
    writeFileSync(
      join(app, 'main.cjs'),
      `const { normalizeConfig } = require('samtykke');
const { createLedgerHandler } = require('samtykke/server');
console.log(normalizeConfig({}).cookie.name, typeof createLedgerHandler);`,
    );
    const output = execFileSync(process.execPath, [join(app, 'main.cjs')], { encoding: 'utf8', cwd: app });
    expect(output.trim()).toBe('samtykke function');
  });
});
