// `npm run sizes` prints README's size table from dist/ (after `npm run build`); `-- --write` puts it in README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { sizeBlock, withBlock } from './sizes.js';

const block = sizeBlock('dist');
if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const updated = withBlock(readme, block);
  writeFileSync('README.md', updated);
  console.log(updated === readme ? 'README.md: size table already up to date' : 'README.md: size table updated');
} else {
  console.log(block);
}
