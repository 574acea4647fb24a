// What each source module costs a built bundle, brotli-compressed: the bundle's size less its size without that
// module's characters (found through the source map the build writes beside it). Modules compress better together
// than alone, so this is what removing one would save, not its size on its own.
// usage, after `npm run build`: node scripts/attribute.mjs dist/samtykke.js
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const file = process.argv[2] ?? 'dist/samtykke.js';
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const brotli = (text) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The source map's segments as [offset in the bundle, source index], decoded from its base64 VLQ `mappings`. */
function segments() {
  const found = [];
  let lineStart = 0;
  let source = 0;
  const lines = code.split('\n');
  map.mappings.split(';').forEach((line, i) => {
    let column = 0;
    for (const segment of line.split(',').filter(Boolean)) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length > 1) source += fields[1] ?? 0;
      found.push([lineStart + column, fields.length > 1 ? source : -1]);
    }
    lineStart += (lines[i]?.length ?? 0) + 1;
  });
  return found.sort((a, b) => a[0] - b[0]);
}

/** The source of every character; what no mapping covers (the wrapper, the banner) is `(bundle)`. */
const owner = new Array(code.length).fill('(bundle)');
const found = segments();
found.forEach(([start, index], i) => {
  const name = map.sources[index];
  const source = name ? name.replace(/.*\/src\//, 'src/') : '(bundle)';
  const end = i + 1 < found.length ? found[i + 1][0] : code.length;
  for (let at = start; at < end; at++) owner[at] = source;
});

const total = brotli(code);
const rows = [...new Set(owner)].map((source) => {
  let without = '';
  let minified = 0;
  for (let at = 0; at < code.length; at++) {
    if (owner[at] === source) minified++;
    else without += code[at];
  }
  return { source, minified, brotli: total - brotli(without) };
});
rows.sort((a, b) => b.brotli - a.brotli);
console.log(`${file}: ${code.length} B minified, ${total} B brotli`);
console.log('minified  brotli  source (brotli: what the file would lose without it)');
for (const row of rows)
  console.log(`${String(row.minified).padStart(8)}  ${String(row.brotli).padStart(6)}  ${row.source}`);
