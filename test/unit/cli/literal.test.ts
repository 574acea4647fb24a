import { describe, expect, it } from 'vitest';
import { readLiteral } from '../../../src/cli/literal.js';
import { configFromHtml, configFromScript } from '../../../src/cli/read-config.js';

const read = (text: string) => readLiteral(text).value;
/** `${x}` in a template, written so no linter takes it for a mistake. */
const PLACEHOLDER = `$${'{x}'}`;

describe('reading a config written as a JavaScript value, without running it', () => {
  it('reads what JSON reads, the same way', () => {
    const json = '{"a":[1,-2.5,3e2,"x\\n\\u00e6\\"",true,false,null],"b":{"c":{}}}';
    expect(read(json)).toEqual(JSON.parse(json));
  });

  it('reads hand-written configs: bare keys, single quotes, backticks, comments, trailing commas', () => {
    expect(read("{ a: 'it\\'s', 'b-c': `two words`, // note\n d: [1, 2,], /* x */ e: undefined, }")).toEqual({
      a: "it's",
      'b-c': 'two words',
      d: [1, 2],
      e: undefined,
    });
  });

  it('keeps "__proto__" a plain key, as JSON.parse does', () => {
    const value = read('{ "__proto__": { "polluted": true } }') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses code with its place: calls, variables, templates with placeholders, spreads, methods', () => {
    expect(() => read('{ a: fetch("/x") }')).toThrow(
      '"fetch" is code, not a plain value (only plain values can be checked) at line 1, column 6',
    );
    expect(() => read(`{\n  a: \`${PLACEHOLDER}\` }`)).toThrow(
      'a template with a placeholder (only plain values can be checked) at line 2, column 7',
    );
    expect(() => read('{ ...base }')).toThrow('a spread');
    expect(() => read('{ a() { return 1 } }')).toThrow('":" expected after "a"');
    expect(() => read('{ a: 1')).toThrow('a "," or "}" expected');
    expect(() => read("{ a: 'x }")).toThrow('an unclosed string');
  });

  it('finds the assignment in a script and the config in a page, preferring the inline one as the loader does', () => {
    expect(configFromScript('if (!window.samtykkeConfig) {}\nwindow.samtykkeConfig = { gpc: false };')).toEqual({
      gpc: false,
    });
    expect(configFromScript('export default { revision: 4 }')).toEqual({ revision: 4 });
    const page = `<script type="application/json" id="samtykke-config">{"revision":1}</script>
<script>window.samtykkeConfig = { revision: 2 }</script>`;
    expect(configFromHtml(page)).toEqual({ revision: 2 });
    expect(configFromHtml(`<script type=application/json id=samtykke-config>{"revision":1}</script>`)).toEqual({
      revision: 1,
    });
  });
});
