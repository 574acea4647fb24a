import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactCss, compactCssModule } from '../../scripts/compact-css.js';
import { BANNER_CSS } from '../../src/banner/styles.js';
import { EMBED_CSS } from '../../src/blocker/release/embed-styles.js';
import { FLOATING_BUTTON_CSS } from '../../src/runtime/floating-button-styles.js';
import { BASE_CSS } from '../../src/ui/base-styles.js';
import { CSS, DECLARATION_CSS } from '../../src/ui/styles.js';

/** What a CSS parser reads of a sheet: no comments, and whitespace only where it separates two tokens, as one space. */
const tokens = (css: string) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/@media \(/g, '@media(')
    .trim();

const SHEETS = { BASE_CSS, BANNER_CSS, CSS, DECLARATION_CSS, EMBED_CSS, FLOATING_BUTTON_CSS };

describe('compactCss', () => {
  it.each(Object.entries(SHEETS))('leaves %s one line without comments, every token as it was', (_, css) => {
    const compact = compactCss(css);
    expect(compact).not.toMatch(/\n|\/\*/);
    expect(compact.length).toBeLessThan(css.length);
    expect(compact).toBe(tokens(css));
  });

  it('keeps one space where a line break separates two words of a value', () => {
    expect(compactCss('.a{border:2px\n  solid red;\n  color:red}\n.b{x:y}\n')).toBe(
      '.a{border:2px solid red;color:red}.b{x:y}',
    );
  });

  it('compacts every template literal of a stylesheet module and nothing outside them', () => {
    const code = 'export const A = `\n.a{b:c}\n`;\nexport const B = "x\\n y";\nconst C = `\n@media (x:y){.d{e:f}}\n`;';
    expect(compactCssModule(code)).toBe(
      'export const A = `.a{b:c}`;\nexport const B = "x\\n y";\nconst C = `@media(x:y){.d{e:f}}`;',
    );
  });

  it('is what the built first layer carries (rollup.config.ts runs it on the stylesheet modules)', () => {
    expect(existsSync('dist/samtykke-banner.en.js'), 'dist/ is missing: run `npm run build` first').toBe(true);
    const built = readFileSync('dist/samtykke-banner.en.js', 'utf8');
    expect(built).toContain(compactCss(BASE_CSS));
    expect(built).toContain(compactCss(BANNER_CSS));
  });

  it.each([
    ['samtykke-runtime.js', 'the floating button', FLOATING_BUTTON_CSS],
    ['samtykke-decide.js', 'the embed placeholders', EMBED_CSS],
  ])('is what dist/%s carries for %s', (file, _, css) => {
    expect(existsSync(`dist/${file}`), 'dist/ is missing: run `npm run build` first').toBe(true);
    expect(readFileSync(`dist/${file}`, 'utf8')).toContain(compactCss(css));
  });
});
