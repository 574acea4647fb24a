import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type BuiltFiles, runBuildLoader } from '../../../src/cli/build-loader.js';

/** Two templates as the build leaves them, told apart by what they hand on besides the config. */
const template = (kind: string) =>
  `/*! samtykke */var c=JSON.parse('"__SAMTYKKE_SITE_CONFIG__"');site=[${JSON.stringify(kind)},c];`;
const CONFIG = {
  controller: { name: 'Fjordkaffe AS', country: 'NO' },
  categories: { statistics: { services: ['google-analytics'] } },
};

let dir: string;
let built: BuiltFiles;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'samtykke-build-loader-templates-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist/samtykke.site.js'), template('full'));
  await writeFile(join(dir, 'dist/samtykke.site.no-consent-mode.js'), template('without Consent Mode'));
  built = {
    dir: join(dir, 'dist'),
    template: 'samtykke.site.js',
    withoutConsentMode: 'samtykke.site.no-consent-mode.js',
    parts: [],
  };
});

/** Builds `config` and says which template the loader was made from. */
async function templateFor(config: unknown, files = built): Promise<string> {
  const file = join(dir, 'site-config.json');
  await writeFile(file, JSON.stringify(config));
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const io = {
    out: () => {},
    err: (text: string) => void (text.includes(': error:') && expect.fail(text)),
    stdin: async () => '',
  };
  expect(await runBuildLoader([file, '--out', out], io, files)).toBe(0);
  const [loader = ''] = await readdir(out);
  return (await readFile(join(out, loader), 'utf8')).match(/site=\["([^"]+)"/)?.[1] ?? '';
}

describe('samtykke build-loader picks the template for the config', () => {
  it('a config with Consent Mode off gets the template without its code', async () => {
    expect(await templateFor({ ...CONFIG, consentMode: { enabled: false } })).toBe('without Consent Mode');
  });

  it('Consent Mode on, by default or as configured, gets the full template', async () => {
    expect(await templateFor(CONFIG)).toBe('full');
    expect(await templateFor({ ...CONFIG, consentMode: { enabled: true, mode: 'advanced' } })).toBe('full');
  });

  it('without a template for Consent Mode off (an older install of the files), the full one serves every config', async () => {
    const { withoutConsentMode: _, ...older } = built;
    expect(await templateFor({ ...CONFIG, consentMode: { enabled: false } }, older)).toBe('full');
  });
});
