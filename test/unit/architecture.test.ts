import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(process.cwd(), 'src');

/** Which top-level folders (or files) each folder may import from, besides itself and ../types. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  blocker: ['core'],
  integrations: ['core'],
  ledger: ['core'],
  i18n: ['core'],
  ui: ['core', 'i18n', 'preact', 'preact/hooks'],
  // core: the decision cookie and config rules the consent CSP (server/csp.ts) derives its policy from.
  server: ['core', 'ledger/validate', 'ledger/canonical', 'ledger/hash', 'node:*', 'better-sqlite3', 'pg', 'fastify'],
  // The copy-assets CLI and the Vite plugin: they only know the built files' names, never the runtime code.
  assets: ['core/version', 'i18n/languages', 'node:*', 'vite'],
  // React bindings sit on the public entry only, like any app would.
  react: ['index', 'globals', 'react'],
  scan: ['core', 'blocker/rules', 'node:*', 'playwright-core'],
};
/** Packages each folder may use; everything else is a relative import. */
const PACKAGES: Record<string, readonly string[]> = {
  ledger: ['idb-keyval'],
  ui: ['preact', 'preact/hooks', 'preact/jsx-runtime'],
  assets: ['vite'],
  react: ['react'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

describe('dependency direction (DESIGN §3)', () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`${folder}/ imports only what it may`, () => {
      let dir: string;
      try {
        dir = join(SRC, folder);
        statSync(dir);
      } catch {
        return;
      }
      const violations: string[] = [];
      for (const file of files(dir)) {
        for (const specifier of imports(file)) {
          if (!specifier.startsWith('.')) {
            const ok =
              (PACKAGES[folder] ?? []).includes(specifier) ||
              allowed.includes(specifier) ||
              (specifier.startsWith('node:') && allowed.includes('node:*'));
            if (!ok) violations.push(`${relative(SRC, file)} imports ${specifier}`);
            continue;
          }
          const target = relative(SRC, join(file, '..', specifier)).replace(/\.js$/, '');
          const top = target.split('/')[0] ?? '';
          if (top === folder || target === 'types') continue;
          if (!allowed.includes(top) && !allowed.includes(target))
            violations.push(`${relative(SRC, file)} imports ${target}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('has no top-level side effects outside the script-tag entries: nothing but declarations at module level', () => {
    const entries = new Set([
      'embed.ts',
      'embed-all.ts',
      'ui/entry.ts',
      'ledger/entry.ts',
      'server/cli.ts',
      'assets/cli.ts',
      'scan/cli.ts',
    ]);
    const offenders = files(SRC)
      .filter((file) => !entries.has(relative(SRC, file)))
      .filter((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          // A bare call at column 0 (`start();`, `window.x = …`) runs at import time.
          .some(
            (line) =>
              /^[a-zA-Z_$][\w$.]*\s*(\(|=[^=>])/.test(line) &&
              !/^(export|import|const|let|type|interface|function|declare|class|async)\b/.test(line),
          ),
      )
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
