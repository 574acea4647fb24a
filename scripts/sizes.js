// Prints raw, gzip and brotli sizes of the browser bundles: `npm run sizes` (after `npm run build`).
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const files = readdirSync('dist')
  .filter((name) => name.startsWith('samtykke') && name.endsWith('.js'))
  .sort()
  .map((name) => `dist/${name}`);
console.log('| file | raw | gzip | brotli |\n|---|---:|---:|---:|');
for (const file of files) {
  const bytes = readFileSync(file);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`| ${file} | ${bytes.length} B | ${gzip} B | ${brotli} B |`);
}
