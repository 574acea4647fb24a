import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/cli/args.js';

const OPTIONS = { out: { type: 'string' }, html: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

describe('parseCommand: the flags of every samtykke command', () => {
  it('reads flags and positionals', () => {
    const { values, positionals } = parseCommand(['site.json', '--out', 'public/samtykke', '--html'], OPTIONS);
    expect(positionals).toEqual(['site.json']);
    expect(values).toEqual({ out: 'public/samtykke', html: true });
  });

  it('refuses an unknown flag and names the flag it is a slip of', () => {
    expect(() => parseCommand(['site.json', '--ot', 'dir'], OPTIONS)).toThrow(
      /^unknown option --ot \(did you mean --out\?\)$/,
    );
    expect(() => parseCommand(['--hmtl'], OPTIONS)).toThrow(/did you mean --html\?/);
    expect(() => parseCommand(['-x'], OPTIONS)).toThrow(/^unknown option -x$/);
  });

  it('gives no hint when nothing known is near', () => {
    expect(() => parseCommand(['--integrity'], OPTIONS)).toThrow(/^unknown option --integrity$/);
    expect(() => parseCommand(['--integrity'], OPTIONS)).not.toThrow(/did you mean/);
  });
});
