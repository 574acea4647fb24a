import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const target = 'es2020';
const typescript = () => esbuild({ target, tsconfig: 'tsconfig.build.json' });
const minify = () =>
  terser({ ecma: 2020, toplevel: true, compress: { passes: 3, pure_getters: true }, format: { comments: /^!/ } });
const browser = (): Plugin[] => [nodeResolve({ browser: true, dedupe: ['preact'] }), typescript(), minify()];
const banner = '/*! samtykke | MIT */';

/** A script-tag bundle: everything inlined, minified, no module syntax. */
const iife = (input: string, file: string, name?: string): RollupOptions => ({
  input,
  // `extend` assigns the global as a property, which the top-level mangler leaves alone.
  output: { file, format: 'iife', name, extend: Boolean(name), banner, sourcemap: true },
  plugins: browser(),
});

const config: RollupOptions[] = [
  // npm entry: ESM for bundlers; the UI stays a separate chunk behind a dynamic import.
  {
    input: { index: 'src/index.ts' },
    external: [/^preact(\/|$)/, /^idb-keyval(\/|$)/],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [typescript()],
  },
  iife('src/embed.ts', 'dist/samtykke.js'),
  iife('src/ui/entry.ts', 'dist/samtykke-ui.js', 'SamtykkeUI'),
  iife('src/ledger/entry.ts', 'dist/samtykke-ledger.js', 'SamtykkeLedger'),
  iife('src/embed-all.ts', 'dist/samtykke.all.js'),
];

export default config;
