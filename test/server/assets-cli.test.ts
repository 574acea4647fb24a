import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssetsCli } from '../../src/assets/cli-main.js';
import { ASSET_FILES } from '../../src/assets/files.js';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runAssetsCli(
    argv,
    (text) => {
      out += text;
    },
    (text) => {
      err += text;
    },
  );
  return { code, out, err };
}

describe('samtykke copy-assets', () => {
  it('copies the loader and every lazily loaded file, unchanged, and prints their SRI hashes', async () => {
    const target = join(await mkdtemp(join(tmpdir(), 'samtykke-assets-')), 'public/samtykke');
    const { code, out } = await run(['copy-assets', target, '--integrity']);
    expect(code).toBe(0);
    expect((await readdir(target)).sort()).toEqual([...ASSET_FILES].sort());
    for (const file of ASSET_FILES) {
      expect(await readFile(join(target, file))).toEqual(await readFile(join('dist', file)));
    }
    const ui = createHash('sha384')
      .update(await readFile('dist/samtykke-ui.nb.js'))
      .digest('base64');
    expect(out).toContain(`"samtykke-ui.nb.js": "sha384-${ui}"`);
    const printed = JSON.parse(out.slice(out.indexOf('{'))) as Record<string, string>;
    expect(Object.keys(printed)).not.toContain('samtykke.js');
  });

  it('answers --version and --help, and refuses an unknown command or a missing folder with exit 2', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect((await run(['--help'])).out).toContain('copy-assets <dir>');
    expect(await run(['copy-assests', 'x'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command'),
    });
    expect(await run(['copy-assets'])).toMatchObject({ code: 2, err: expect.stringContaining('one target folder') });
    expect(await run(['--frobnicate'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown option --frobnicate\n'),
    });
    expect(await run(['copy-assets', 'public', '--integrty'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown option --integrty (did you mean --integrity?)'),
    });
  });
});
