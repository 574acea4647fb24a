// README's size table, generated from the build: `npm run sizes` prints it, `npm run sizes -- --write` puts it in
// README.md between the markers. test/unit/readme-sizes.test.ts fails when README.md and dist/ disagree.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ASSET_FILES, LOADER_FILE, SITE_TEMPLATES } from '../src/assets/files.js';
import { LANGUAGES } from '../src/i18n/languages.js';

/** Brotli at quality 11, as a well-configured server or CDN serves a static file (and the bench server does). */
export const brotli = (raw: Buffer): Buffer =>
  brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });

/** Gzip at level 9, for servers without brotli. */
export const gzip = (raw: Buffer): Buffer => gzipSync(raw, { level: 9 });

export interface FileSize {
  file: string;
  /** Bytes on disk: the minified build. */
  raw: number;
  gzip: number;
  brotli: number;
}

/** Compressed sizes by content hash: brotli at quality 11 takes a while, and most files do not change. */
const compressed = new Map<string, { gzip: number; brotli: number }>();

export function fileSize(path: string, file = path): FileSize {
  const raw = readFileSync(path);
  const hash = createHash('sha256').update(raw).digest('hex');
  let sizes = compressed.get(hash);
  if (!sizes) {
    sizes = { gzip: gzip(raw).length, brotli: brotli(raw).length };
    compressed.set(hash, sizes);
  }
  return { file, raw: raw.length, ...sizes };
}

/**
 * When each browser file loads, by its name. `bannerNeeds`: the banner cannot paint before it has arrived and run
 * (`'language'`: the one for the page's language); `everyPage`: a returning visitor loads it too.
 */
interface Role {
  match: RegExp;
  when: string;
  bannerNeeds?: true | 'language';
  everyPage?: boolean;
}

const ROLES: readonly Role[] = [
  { match: /^samtykke\.js$/, when: 'the loader: every page, first in `<head>`', bannerNeeds: true, everyPage: true },
  // The first layer mounts itself; the runtime is requested once it has painted (src/loader/boot.ts).
  {
    match: /^samtykke-runtime\.js$/,
    when: 'the runtime: every page; after the banner has painted on a first visit',
    everyPage: true,
  },
  {
    match: /^samtykke-decide\.js$/,
    when: 'making or changing a decision, embed placeholders: when the visitor must decide, or on demand',
  },
  {
    match: /^samtykke-banner\.[a-z]{2}\.js$/,
    when: 'the first layer: only until the visitor decides',
    bannerNeeds: 'language',
  },
  { match: /^samtykke-banner\.js$/, when: 'the first layer in every language, for any other' },
  { match: /^samtykke-ui\.[a-z]{2}\.js$/, when: 'preferences and declaration: on "Customise" or a declaration page' },
  { match: /^samtykke-ui\.js$/, when: 'preferences and declaration in every language, for any other' },
  { match: /^samtykke-ledger\.js$/, when: 'the ledger: when a decision is recorded or receipts wait' },
  { match: /^samtykke\.all\.js$/, when: 'instead of all of the above, as one file (every language)' },
  { match: /^samtykke\.dev\.js$/, when: 'the loader with the full config check, for development' },
  {
    match: /^samtykke\.site\.js$/,
    when: "never served: `samtykke build-loader` writes a site's config into it (docs/site-loader.md)",
  },
  {
    match: /^samtykke\.site\.no-consent-mode\.js$/,
    when: 'never served: the same template without Consent Mode, for a config that turns it off',
  },
];

function roleOf(file: string): Role {
  const role = ROLES.find((r) => r.match.test(file));
  if (!role) throw new Error(`sizes: no role for ${file}; say in scripts/sizes.ts (ROLES) when a visitor loads it`);
  return role;
}

/** The brotli size of what a visit downloads, each file compressed on its own as it is served. */
const sum = (sizes: readonly FileSize[]) => sizes.reduce((total, s) => total + s.brotli, 0);

/** kB as size-limit counts them (1 kB = 1000 B), to 10 B. */
const kB = (n: number) => `${(n / 1000).toFixed(2)} kB`;

const names = (sizes: readonly FileSize[]) => sizes.map((s) => `\`${s.file}\``).join(' + ');

export const START = '<!-- sizes:start';
export const END = '<!-- sizes:end -->';

/**
 * The generated block: what a first and a returning visit download, then every browser file the loader may
 * fetch (src/assets/files.ts) with its minified, gzip and brotli size. Throws if dist/ lacks one of them or holds
 * a browser bundle that list leaves out (copy-assets would not ship it).
 */
export function sizeBlock(dist: string, files: readonly string[] = [...ASSET_FILES, ...SITE_TEMPLATES]): string {
  const built = readdirSync(dist).filter((name) => /^samtykke[\w.-]*\.js$/.test(name));
  const unlisted = built.filter((name) => !files.includes(name));
  if (unlisted.length)
    throw new Error(`sizes: ${unlisted.join(', ')} in ${dist}/ but not in src/assets/files.ts (ASSET_FILES)`);
  const missing = files.filter((name) => !built.includes(name));
  if (missing.length) throw new Error(`sizes: ${missing.join(', ')} missing from ${dist}/; run \`npm run build\``);
  const roles = files.map(roleOf);
  const sizes = files.map((file, i) => ({ ...fileSize(join(dist, file), file), role: roles[i] as Role }));
  const loader = sizes.find((s) => s.file === LOADER_FILE);
  if (!loader) throw new Error(`sizes: the loader ${LOADER_FILE} is not among the files`);

  const firstVisit = LANGUAGES.map((lang) => {
    const needed = sizes.filter(
      (s) => s.role.bannerNeeds === true || (s.role.bannerNeeds === 'language' && s.file.includes(`.${lang}.`)),
    );
    return { lang, needed, total: sum(needed) };
  });
  const [english] = firstVisit;
  if (!english?.needed.some((s) => s.role.bannerNeeds === 'language'))
    throw new Error('sizes: no first layer for English in the files');
  const totals = firstVisit.map((v) => v.total);
  const returning = sizes.filter((s) => s.role.everyPage);
  const genericBanner = names(english.needed).replace('.en.js', '.<lang>.js');
  const summary = [
    '| a visit downloads | files | brotli |',
    '|---|---|---:|',
    `| first visit, before the banner can paint | ${genericBanner} | ${kB(english.total)} (en); ${(Math.min(...totals) / 1000).toFixed(2)}–${kB(Math.max(...totals))} over ${LANGUAGES.length} languages |`,
    `| returning visitor | ${names(returning)} | ${kB(sum(returning))} |`,
  ];
  const perFile = [
    '| file | when it loads | minified | gzip | brotli |',
    '|---|---|---:|---:|---:|',
    ...sizes.map((s) => `| \`${s.file}\` | ${s.role.when} | ${kB(s.raw)} | ${kB(s.gzip)} | ${kB(s.brotli)} |`),
  ];
  return [
    `${START} generated from dist/ by \`npm run build && npm run sizes -- --write\`; do not edit -->`,
    ...summary,
    '',
    '<details><summary>Every file (minified, gzip level 9, brotli quality 11; 1 kB = 1000 B)</summary>',
    '',
    ...perFile,
    '',
    '</details>',
    END,
  ].join('\n');
}

/** The block as README.md has it now, markers included; throws if the markers are missing. */
export function readmeBlock(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`sizes: README.md lacks the "${START}" … "${END}" markers`);
  return readme.slice(start, end + END.length);
}

/** README.md with its block replaced by `block`. */
export function withBlock(readme: string, block: string): string {
  return readme.replace(readmeBlock(readme), () => block);
}
