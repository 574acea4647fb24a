import { execFileSync } from 'node:child_process';
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

  it('ships every entry point: npm, loader, per-language UI, ledger, one-file build, server, CLI, schema, types', () => {
    for (const path of [
      'dist/index.js',
      'dist/types/index.d.ts',
      'dist/samtykke.js',
      'dist/samtykke-ui.js',
      'dist/samtykke-ui.nb.js',
      'dist/samtykke-ui.da.js',
      'dist/samtykke-ledger.js',
      'dist/samtykke.all.js',
      'dist/server/index.js',
      'dist/server/cli.js',
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
});
