import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(process.cwd(), 'src');

/**
 * Which top-level folders (or files) each folder may import from, besides itself and ../types. The folders are
 * the parts that load separately (loader, runtime, ui, ledger, server…) and `core`, pure and shared by all.
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  blocker: ['core'],
  integrations: ['core'],
  ledger: ['core'],
  i18n: ['core'],
  ui: ['core', 'i18n', 'preact', 'preact/hooks'],
  // The critical loader (`dist/samtykke.js`): config, cookie, Consent Mode defaults, the blocker's interception.
  // Nothing of the release code, the texts or the UI; the runtime and the first layer only as types (TYPES_ONLY).
  loader: [
    'core',
    'blocker/interception',
    'blocker/observer',
    'blocker/patch',
    'blocker/trusted-types',
    'integrations/consent-mode',
    'i18n/languages',
    'globals',
    'runtime',
    'banner/contract',
  ],
  // The runtime: decisions, events, release and clean-up, floating button; it starts on the loader's kernel, and
  // knows the UI and the ledger only through their contracts.
  runtime: [
    'core',
    'blocker',
    'i18n',
    'integrations',
    'loader',
    'ledger',
    'ui/contract',
    'ui/adopt-styles',
    'banner/contract',
  ],
  // The first layer is plain DOM: no Preact, and of the UI only the DOM helpers both layers share.
  banner: ['core', 'i18n', 'ui/focus', 'ui/shadow-host'],
  // core: the decision cookie and config rules the consent CSP (server/csp.ts) derives its policy from;
  // blocker/trusted-types: the name of samtykke's Trusted Types policy, which that CSP allows.
  server: [
    'core',
    'blocker/trusted-types',
    'ledger/validate',
    'ledger/canonical',
    'ledger/hash',
    'ledger/erasure-key',
    'node:*',
    'better-sqlite3',
    'pg',
    'fastify',
  ],
  // The copy-assets CLI and the Vite plugin: they only know the built files' names, never the runtime code.
  // The `samtykke check-config` and `build-loader` commands it dispatches to live in cli/.
  assets: ['core/version', 'i18n/languages', 'cli/check-config', 'cli/build-loader', 'cli/args', 'node:*', 'vite'],
  // Developer tools run in Node: the full config check and the text readers it needs.
  cli: ['core', 'node:*'],
  // React bindings sit on the public entry only, like any app would.
  react: ['index', 'globals', 'react'],
  scan: ['core', 'blocker/rules', 'node:*', 'playwright-core'],
  // The files at the root of src/: the npm entry, the one-file build, and the public types.
  index: [
    'core',
    'runtime',
    'globals',
    'ledger/canonical',
    'ledger/receipt',
    'banner',
    'ui',
    'ledger',
    'i18n/language-chunks',
  ],
  'embed-all': ['loader', 'runtime', 'banner', 'ledger', 'ui'],
  globals: [],
  types: [],
};
/** Imports that may only bring types: the loader must not carry the runtime's code, only speak of it. */
const TYPES_ONLY: Record<string, readonly string[]> = { loader: ['runtime', 'banner'], runtime: ['ledger'] };
/** Parts whose only import surface is their index.ts: code outside them never reaches past it. */
const SURFACE_ONLY = ['loader', 'runtime'];
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

/** A folder's files, or the one root file of that name (`index` is src/index.ts). */
function filesOf(part: string): string[] {
  const dir = join(SRC, part);
  if (existsSync(dir) && statSync(dir).isDirectory()) return files(dir);
  return ['.ts', '.tsx'].map((ext) => join(SRC, part + ext)).filter((file) => existsSync(file));
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
      const violations: string[] = [];
      for (const file of filesOf(folder)) {
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
          else if (SURFACE_ONLY.includes(top) && target !== `${top}/index`)
            violations.push(`${relative(SRC, file)} imports ${target}, not ${top}/index`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  for (const [folder, targets] of Object.entries(TYPES_ONLY)) {
    it(`${folder}/ takes only types from ${targets.join(', ')}`, () => {
      const offenders = filesOf(folder).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms)]
          .filter((match) => !match[2] && match[3]?.startsWith('.'))
          .map((match) => relative(SRC, join(file, '..', match[3] ?? '')).split('/')[0] ?? '')
          .filter((top) => targets.includes(top))
          .map((top) => `${relative(SRC, file)} imports code from ${top}`),
      );
      expect(offenders).toEqual([]);
    });
  }

  it('knows every part: each folder and file at the root of src/ has its rules above', () => {
    const parts = readdirSync(SRC).map((name) => name.replace(/\.tsx?$/, ''));
    expect(parts.filter((part) => !(part in ALLOWED))).toEqual([]);
    for (const part of Object.keys(ALLOWED)) expect(filesOf(part).length, part).toBeGreaterThan(0);
  });

  it('has no top-level side effects outside the script-tag entries: nothing but declarations at module level', () => {
    const entries = new Set([
      'loader/entry.ts',
      'loader/dev-entry.ts',
      'loader/site-entry.ts',
      'embed-all.ts',
      'ui/entry.ts',
      'banner/entry.ts',
      'ledger/entry.ts',
      'server/cli.ts',
      'server/sqlite-writer-thread.ts',
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
