import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { compactCssModule } from './scripts/compact-css.js';
import { exportedNames, shortNames } from './scripts/short-names.js';
import { BANNER_TEXTS } from './src/banner/texts.js';
import { VENDORS } from './src/core/vendors.js';
import { LANGUAGES } from './src/i18n/languages.js';

const target = 'es2020';
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
/** The version the loader checks its lazily loaded files against (`src/core/version.ts`). */
const define = { __SAMTYKKE_VERSION__: JSON.stringify(version) };
const typescript = () => esbuild({ target, tsconfig: 'tsconfig.build.json', define });
/** The stylesheet modules' CSS without its comments and line breaks (scripts/compact-css.ts), once esbuild has run. */
const compactStyles = (): Plugin => ({
  name: 'samtykke-compact-css',
  transform(code, id) {
    return /[\\/]src[\\/](ui|banner|runtime|blocker[\\/]release)[\\/][\w-]*styles\.ts$/.test(id)
      ? { code: compactCssModule(code), map: null }
      : null;
  },
});
/** `window.SamtykkeLoader`'s members, minified to short names in every bundle that uses them (scripts/short-names.ts). */
const SHORT_NAMES = shortNames(exportedNames(readFileSync('src/loader/provides.ts', 'utf8')));
const minify = (shared = false) =>
  terser({
    ecma: 2020,
    toplevel: true,
    compress: { passes: 3, pure_getters: true },
    mangle: shared ? { properties: SHORT_NAMES } : true,
    // The licence line, and V8's compile hint where a bundle carries it (EAGER).
    format: { comments: /^!|^# allFunctionsCalledOnLoad$/ },
  });
const browser = (shared = false): Plugin[] => [
  nodeResolve({ browser: true, dedupe: ['preact'] }),
  typescript(),
  compactStyles(),
  minify(shared),
];
const banner = '/*! samtykke | MIT */';
/**
 * V8's explicit compile hint (Chromium 136 and later): every function of the file is compiled with it, off the main
 * thread while the file streams in, instead of one by one on the main thread at its first call. Almost every
 * function of the critical loader runs while the page waits for it (the patches' installers, the reader, the boot),
 * so a returning visitor's main-thread script time drops by about a quarter (Chromium 156, CDP ScriptDuration,
 * median of 25 fresh contexts: 11.0 → 8.1 ms); other engines read a comment. It must come first in the file.
 */
const EAGER = `//# allFunctionsCalledOnLoad\n${banner}`;

/**
 * A module that exports `name` as `{ [language]: table }` for the one language a bundle ships, in place of
 * the module that lists every language (each language file exports its table as `member`).
 */
function oneLanguageTable(name: string, language: string, member: string): string {
  return `import { ${member} as ${language} } from './${language}.js';\nexport const ${name} = { ${language} };`;
}

/**
 * Builds a UI that carries one language: each adds about 0.8 kB brotli and a visitor reads only one. Every
 * language file has every key, so nothing falls back; a language we do not ship gets `samtykke-ui.js`. Only the
 * tables are swapped: the code that reads them (`i18n/translate.ts`, `i18n/vendor-purposes.ts`) is the same.
 */
function onlyLanguage(language: string): Plugin {
  return {
    name: 'samtykke-only-language',
    load(id) {
      const path = id.replaceAll('\\', '/');
      if (path.endsWith('/src/i18n/messages.ts')) return oneLanguageTable('MESSAGES', language, language);
      // The vendors' purposes in this language, or in English where it has no list of its own.
      if (path.endsWith('/src/i18n/purposes/index.ts')) {
        const own = existsSync(`src/i18n/purposes/${language}.ts`) ? language : 'en';
        return oneLanguageTable('PURPOSES', own, 'purposes');
      }
      return null;
    },
  };
}

/**
 * The npm build's texts tables start empty: `src/i18n/language-chunks.ts` fills them with the visitor's language,
 * a chunk of its own, when the first layer or the preferences load. Without this each of those would carry all
 * eight languages.
 */
function languageChunks(): Plugin {
  return {
    name: 'samtykke-language-chunks',
    load(id) {
      const path = id.replaceAll('\\', '/');
      if (path.endsWith('/src/i18n/messages.ts')) return 'export const MESSAGES = {};';
      if (path.endsWith('/src/i18n/purposes/index.ts')) return 'export const PURPOSES = {};';
      return null;
    },
  };
}

/** The npm build's lazily loaded parts by name, so budgets and readers can find them. */
const NPM_PARTS: Readonly<Record<string, string>> = {
  'src/banner/index.ts': 'banner',
  'src/ui/index.ts': 'ui',
  'src/ledger/index.ts': 'ledger',
};

/**
 * `chunks/ui.js`, `chunks/texts.nb.js`, `chunks/purposes.nb.js`: the npm build's lazily loaded parts and
 * per-language chunks by name; shared chunks keep rollup's names. No content hash: the app that bundles samtykke
 * names its own files (and a CDN's URL carries the version), while a hash here changed the bytes of every chunk that
 * imports one whose code changed, and with them budgets that no change of theirs had moved.
 */
function npmChunkName(chunk: { facadeModuleId: string | null }): string {
  const path = chunk.facadeModuleId?.replaceAll('\\', '/') ?? '';
  const language = /\/src\/i18n\/(purposes\/)?([a-z]{2})\.ts$/.exec(path);
  if (language) return `chunks/${language[1] ? 'purposes' : 'texts'}.${language[2]}.js`;
  const part = Object.entries(NPM_PARTS).find(([file]) => path.endsWith(`/${file}`));
  return `chunks/${part ? part[1] : '[name]'}.js`;
}

/** Empties dist/chunks first: chunks of an earlier build that this one no longer writes would otherwise be packed too. */
function cleanChunks(): Plugin {
  return { name: 'samtykke-clean-chunks', buildStart: () => rm('dist/chunks', { recursive: true, force: true }) };
}

/**
 * The first layer's texts, picked at build time from the language files (`src/i18n/`, their one home): a banner
 * file carries the keys of `src/banner/texts.ts` in `languages`, and nothing the first layer cannot show.
 */
function bannerTexts(languages: readonly string[]): Plugin {
  return {
    name: 'samtykke-banner-texts',
    load(id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/i18n/messages.ts')) return null;
      const pick = (l: string) => `${l}: { ${BANNER_TEXTS.map((key) => `${key}: ${l}.${key}`).join(', ')} }`;
      const imports = languages.map((l) => `import { ${l} } from './${l}.js';`).join('\n');
      return `${imports}\nexport const MESSAGES = { ${languages.map(pick).join(', ')} };`;
    },
  };
}

/**
 * The built-in vendors' names and providers for the first layer, picked at build time from their one home
 * (`src/core/vendors.ts`): the banner files name the third parties but need none of the cookies and storage keys.
 */
function vendorNames(): Plugin {
  // In the catalogue's order, which the loader's VENDOR_HOSTS shares: no ids needed.
  const names = VENDORS.map(({ name, provider }) => [name, provider]);
  return {
    name: 'samtykke-vendor-names',
    load(id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/core/vendor-names.ts')) return null;
      return `import { VENDOR_HOSTS } from './vendor-hosts.js';
const NAMES = ${JSON.stringify(names)};
export const namedVendors = () => VENDOR_HOSTS.map((vendor, i) => ({ ...vendor, name: NAMES[i][0], provider: NAMES[i][1] }));`;
    },
  };
}

/**
 * The critical loader and the runtime load on the same visit, so they share code instead of each carrying a copy:
 * every module the loader's bundle renders is, in the runtime's bundle, read from `window.SamtykkeLoader` (what
 * `src/loader/provides.ts` exports). The decide part (`samtykke-decide.js`) loads after both and reads the
 * loader's modules the same way and the runtime's from `window.SamtykkeRuntime` (`src/runtime/provides.ts`). Each
 * file is built after the ones it borrows from; a binding it needs from one of their modules that they do not
 * export fails the build, so nothing is silently undefined.
 */
interface Lender {
  global: string;
  modules: Set<string>;
  exports: Set<string>;
  /** What the bundles that borrow from it read there. */
  borrowed: Set<string>;
}
const makeLender = (global: string): Lender => ({
  global,
  modules: new Set(),
  exports: new Set(),
  borrowed: new Set(),
});
const LOADER = makeLender('SamtykkeLoader');
const RUNTIME = makeLender('SamtykkeRuntime');
const LOADER_GLOBAL = LOADER.global;

/** Remembers what a lending bundle renders and exports. */
function collectModules(lender: Lender): Plugin {
  return {
    name: 'samtykke-collect-modules',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, module] of Object.entries(chunk.modules)) if (module.renderedLength > 0) lender.modules.add(id);
        for (const name of chunk.exports) lender.exports.add(name);
      }
    },
  };
}

const lenderOf = (lenders: readonly Lender[], id: string) => lenders.find((lender) => lender.modules.has(id));

function shareWith(lenders: readonly Lender[]): Plugin {
  // The bundle names its external imports by relative path; the lender knows them by absolute id.
  const lent = (path: string) => {
    const tail = path.replace(/^(\.\.?\/)+/, '/');
    return lenders.find((lender) => [...lender.modules].some((id) => id.replaceAll('\\', '/').endsWith(tail)));
  };
  return {
    name: 'samtykke-share',
    async resolveId(source, importer, options) {
      if (!importer) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // The version stays the file's own: the loader checks it against its own before it runs the part.
      if (!resolved || !lenderOf(lenders, resolved.id) || resolved.id.endsWith('/core/version.ts')) return null;
      return { id: resolved.id, external: true };
    },
    generateBundle(_, bundle) {
      const missing: string[] = [];
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, names] of Object.entries(chunk.importedBindings)) {
          const lender = lent(id);
          for (const name of names) {
            lender?.borrowed.add(name);
            if (!lender?.exports.has(name)) missing.push(`${name} (${id}, from ${lender?.global ?? '?'})`);
          }
        }
      }
      if (missing.length)
        this.error(
          `a bundle this one borrows from renders but does not export: ${missing.join(', ')}. Add them to its provides.ts`,
        );
    },
  };
}

/** A script-tag bundle: everything inlined, minified, no module syntax. */
const iife = (input: string, file: string, name?: string, shared = false): RollupOptions => ({
  input,
  // `extend` assigns the global as a property, which the top-level mangler leaves alone. The maps are written for
  // local debugging but not referenced: the package does not ship them, and a comment to a missing map is noise.
  output: { file, format: 'iife', name, extend: Boolean(name), banner, sourcemap: 'hidden' },
  plugins: browser(shared),
});

/**
 * A script-tag bundle that loads on the same visit as the critical loader (the runtime, the first layer, the
 * decide part): what the files before it bundle it reads from their globals instead of carrying a copy.
 */
function sharingLoader(
  input: string,
  file: string,
  name: string,
  plugins: Plugin[] = [],
  lenders: readonly Lender[] = [LOADER],
): RollupOptions {
  const own = iife(input, file, name);
  return {
    ...own,
    plugins: [shareWith(lenders), ...plugins, ...browser(true)],
    output: { ...(own.output as object), globals: (id) => lenderOf(lenders, id)?.global ?? LOADER_GLOBAL },
  };
}

/** A bundle with V8's compile hint first (EAGER): for files whose functions nearly all run as soon as they load. */
const eager = (options: RollupOptions): RollupOptions => ({
  ...options,
  output: { ...(options.output as object), banner: EAGER },
});

/** Publishes the receipt JSON Schema as `samtykke/receipt.schema.json`. */
function copySchema(): Plugin {
  return {
    name: 'samtykke-receipt-schema',
    async generateBundle() {
      const source = await readFile('src/ledger/receipt.schema.json', 'utf8');
      this.emitFile({ type: 'asset', fileName: 'receipt.schema.json', source });
    },
  };
}

/**
 * What the per-site loader does not lend although the other files borrow it: they call `readConfig` only to read a
 * page's config again (`Kernel.input`), and a per-site loader's config is complete already.
 */
const SITE_OMITS = new Set(['readConfig']);

/**
 * The per-site loader's template lends exactly what the runtime, the first layer and the decide part borrow from the
 * critical loader (built before it), so it carries no export nobody reads, such as the config reader.
 */
function siteExports(): Plugin {
  return {
    name: 'samtykke-site-exports',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/loader/site-entry.ts')) return null;
      const names = [...LOADER.borrowed].filter((name) => !SITE_OMITS.has(name)).sort();
      if (names.length === 0) this.error('the per-site loader is built after the files that borrow from the loader');
      return `${code}\nexport { ${names.join(', ')} } from './provides.js';`;
    },
  };
}

/**
 * The per-site loader's template for a config with Consent Mode off, which `build-loader` picks for such a config:
 * `consent-mode.ts` is `consent-mode-off.ts` there (the same exports, doing what the full module does when
 * `consentMode.enabled` is false). A name it does not export fails the build.
 */
function withoutConsentMode(): Plugin {
  return {
    name: 'samtykke-without-consent-mode',
    load(id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/integrations/consent-mode.ts')) return null;
      return "export { consentModeState, createConsentMode } from './consent-mode-off.js';";
    },
  };
}

const CRITICAL_LOADER = iife('src/loader/entry.ts', 'dist/samtykke.js', LOADER_GLOBAL);

/** The per-site loader's template as `file`, which `samtykke build-loader` fills with an owner's normalized config. */
const siteTemplate = (file: string, plugins: Plugin[] = []): RollupOptions => ({
  ...iife('src/loader/site-entry.ts', file, LOADER_GLOBAL),
  output: { ...(CRITICAL_LOADER.output as object), file, banner: EAGER },
  plugins: [siteExports(), ...plugins, ...browser(true)],
});

/** `SAMTYKKE_ONLY=loader|runtime npx rollup -c …` builds only the bundles whose input matches, while iterating. */
const only = (all: RollupOptions[]) =>
  process.env.SAMTYKKE_ONLY
    ? all.filter((c) => new RegExp(process.env.SAMTYKKE_ONLY ?? '').test(String(c.input)))
    : all;

const config: RollupOptions[] = only([
  // npm entry: ESM for bundlers; the UI stays a separate chunk behind a dynamic import.
  {
    input: { index: 'src/index.ts', react: 'src/react/index.ts' },
    external: [/^preact(\/|$)/, /^idb-keyval(\/|$)/, /^react(\/|$)/],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: npmChunkName,
      // A lazily loaded part imports the entry's chunk only for what it uses: the entry has run already, and a
      // bare import of it (rollup's hoisting) makes esbuild warn in every app that bundles samtykke.
      hoistTransitiveImports: false,
      // Rollup drops module directives; samtykke/react's is written back so a React Server Components app
      // (Next.js App Router) can import it straight into a server component.
      banner: (chunk) => (chunk.isEntry && chunk.name === 'react' ? "'use client';" : ''),
    },
    onwarn(warning, warn) {
      // The directive it drops, and the source-map note that comes with that warning.
      const directive = warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR';
      if (directive && warning.id?.endsWith('/src/react/index.ts')) return;
      warn(warning);
    },
    plugins: [cleanChunks(), languageChunks(), typescript(), compactStyles()],
  },
  // samtykke/server and the samtykke-ledger CLI: Node only, drivers stay optional peer dependencies.
  {
    input: {
      'server/index': 'src/server/index.ts',
      'server/cli': 'src/server/cli.ts',
      'server/express': 'src/server/express.ts',
      'server/fastify': 'src/server/fastify.ts',
      // Loaded by its file name, next to the server's chunks, as the SQLite writer thread.
      'server/sqlite-writer-thread': 'src/server/sqlite-writer-thread.ts',
    },
    external: [/^node:/, 'better-sqlite3', 'pg', 'fastify'],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'server/[name]-[hash].js',
      banner: (chunk) => (chunk.name === 'server/cli' ? '#!/usr/bin/env node' : ''),
    },
    plugins: [typescript(), copySchema()],
  },
  // The `samtykke` bin (copy-assets) and the Vite plugin: Node only, they copy the script-tag files above.
  {
    input: { cli: 'src/assets/cli.ts', vite: 'src/assets/vite.ts' },
    external: [/^node:/, /^vite(\/|$)/],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    },
    plugins: [typescript()],
  },
  // samtykke/scan and the samtykke-scan CLI: Node only; playwright-core is an optional peer dependency.
  {
    input: { 'scan/index': 'src/scan/index.ts', 'scan/cli': 'src/scan/cli.ts' },
    external: [/^node:/, 'playwright-core'],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'scan/[name]-[hash].js',
      banner: (chunk) => (chunk.name === 'scan/cli' ? '#!/usr/bin/env node' : ''),
    },
    plugins: [typescript()],
  },
  {
    ...CRITICAL_LOADER,
    output: { ...(CRITICAL_LOADER.output as object), banner: EAGER },
    plugins: [...browser(true), collectModules(LOADER)],
  },
  eager(
    sharingLoader('src/runtime/entry.ts', 'dist/samtykke-runtime.js', 'SamtykkeRuntime', [collectModules(RUNTIME)]),
  ),
  // What makes and changes decisions, fetched when first needed; it shares the loader's and the runtime's code.
  sharingLoader('src/runtime/decide/entry.ts', 'dist/samtykke-decide.js', 'SamtykkeDecide', [], [LOADER, RUNTIME]),
  // The development loader shares with the runtime what the critical loader does (the same exports).
  iife('src/loader/dev-entry.ts', 'dist/samtykke.dev.js', LOADER_GLOBAL, true),
  iife('src/ui/entry.ts', 'dist/samtykke-ui.js', 'SamtykkeUI'),
  ...LANGUAGES.map((language) => ({
    ...iife('src/ui/entry.ts', `dist/samtykke-ui.${language}.js`, 'SamtykkeUI'),
    plugins: [onlyLanguage(language), ...browser()],
  })),
  // The first layer, plain DOM: one small file per language, and one with every language for any other; like the
  // runtime it shares the loader's code.
  eager(
    sharingLoader('src/banner/entry.ts', 'dist/samtykke-banner.js', 'SamtykkeBanner', [
      bannerTexts(LANGUAGES),
      vendorNames(),
    ]),
  ),
  ...LANGUAGES.map((language) =>
    eager(
      sharingLoader('src/banner/entry.ts', `dist/samtykke-banner.${language}.js`, 'SamtykkeBanner', [
        bannerTexts([language]),
        vendorNames(),
      ]),
    ),
  ),
  // The per-site loader's templates, which `samtykke build-loader` fills with an owner's normalized config: one for
  // any config, one for a config with Consent Mode off.
  siteTemplate('dist/samtykke.site.js'),
  siteTemplate('dist/samtykke.site.no-consent-mode.js', [withoutConsentMode()]),
  iife('src/ledger/entry.ts', 'dist/samtykke-ledger.js', 'SamtykkeLedger'),
  iife('src/embed-all.ts', 'dist/samtykke.all.js'),
]);

export default config;
