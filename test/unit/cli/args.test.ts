import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/cli/args.js';
import { runBuildLoader } from '../../../src/cli/build-loader.js';
import { runCheckConfig } from '../../../src/cli/check-config.js';

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

describe('the commands print the hint above their help and exit 2', () => {
  const capture = () => {
    const io = { out: '', err: '' };
    const channels = {
      out: (text: string) => {
        io.out += text;
      },
      err: (text: string) => {
        io.err += text;
      },
      stdin: async () => '',
    };
    return { io, channels };
  };

  it('check-config --jsno', async () => {
    const { io, channels } = capture();
    expect(await runCheckConfig(['site.json', '--jsno'], channels)).toBe(2);
    expect(io.err).toMatch(/^samtykke check-config: unknown option --jsno \(did you mean --json\?\)\n/);
    expect(io.err).toContain('Usage: samtykke check-config');
  });

  it('build-loader --ou', async () => {
    const { io, channels } = capture();
    const built = { dir: '/nonexistent', template: 'samtykke.site.js', parts: [] };
    expect(await runBuildLoader(['site.json', '--ou', 'dir'], channels, built)).toBe(2);
    expect(io.err).toMatch(/^samtykke build-loader: unknown option --ou \(did you mean --out\?\)\n/);
    expect(io.out).toBe('');
  });
});
