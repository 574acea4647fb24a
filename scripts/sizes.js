// Prints raw, gzip and brotli sizes of the browser bundles: `npm run sizes` (after `npm run build`).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const files = [
  'dist/samtykke.js',
  'dist/samtykke-ui.js',
  'dist/samtykke-ledger.js',
  'dist/samtykke.all.js',
  'dist/index.js',
];
const rows = files.map((file) => {
  const bytes = readFileSync(file);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file, raw: bytes.length, gzip, brotli };
});
console.log('| file | raw | gzip | brotli |\n|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.file} | ${r.raw} B | ${r.gzip} B | ${r.brotli} B |`);
