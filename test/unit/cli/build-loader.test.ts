import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { type BuiltFiles, runBuildLoader } from '../../../src/cli/build-loader.js';
import { joinSiteLoader, literal } from '../../../src/cli/site-loader.js';
import {
  type CompiledConfig,
  checkConfig,
  type NormalizedConfig,
  normalizeConfig,
  VENDORS,
  withCatalogue,
} from '../../../src/core/index.js';

/** A template as the build leaves it: the marker where the config goes, in a file that hands the config on. */
const TEMPLATE = `/*! samtykke */var c=JSON.parse('"__SAMTYKKE_SITE_CONFIG__"');site=c;`;
const CONFIG = {
  controller: { name: 'Fjordkaffe AS', country: 'NO' },
  categories: { statistics: { services: ['google-analytics', { id: 'own-stats', hosts: ['stats.fjordkaffe.test'] }] } },
};

let dir: string;
let built: BuiltFiles;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'samtykke-build-loader-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist/samtykke.site.js'), TEMPLATE);
  await writeFile(join(dir, 'dist/samtykke-runtime.js'), 'runtime');
  await writeFile(join(dir, 'dist/samtykke-banner.en.js'), 'banner');
  built = {
    dir: join(dir, 'dist'),
    template: 'samtykke.site.js',
    parts: ['samtykke-runtime.js', 'samtykke-banner.en.js'],
  };
});

async function run(argv: string[], stdin = '') {
  const printed = { out: '', err: '' };
  const io = {
    out: (text: string) => {
      printed.out += text;
    },
    err: (text: string) => {
      printed.err += text;
    },
    stdin: async () => stdin,
  };
  const code = await runBuildLoader(argv, io, built);
  return { code, ...printed };
}

async function configFile(config: unknown, name = 'site-config.json') {
  const file = join(dir, name);
  await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

/** The config a written loader holds, as its code hands it on. */
const configIn = (source: string) => {
  const context: { site?: unknown } = {};
  runInNewContext(source, context);
  return JSON.parse(JSON.stringify(context.site)) as unknown;
};

describe('samtykke build-loader', () => {
  it('writes one loader named by its content, with the normalized config inside, after the files it loads', async () => {
    const out = join(dir, 'public/samtykke');
    const { code, out: printed, err } = await run([await configFile(CONFIG), '--out', out]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const files = (await readdir(out)).sort();
    const loader = files.find((file) => /^samtykke\.[0-9a-f]{12}\.js$/.test(file)) ?? '';
    expect(files).toEqual([loader, 'samtykke-banner.en.js', 'samtykke-runtime.js'].sort());
    const source = await readFile(join(out, loader), 'utf8');
    expect(loader).toBe(`samtykke.${createHash('sha256').update(source).digest('hex').slice(0, 12)}.js`);
    // The whole normalized config: the catalogue's names, the jurisdiction from the country; the built-in vendors'
    // cookies and storage keys are the decide part's catalogue's (core/compiled-config.ts).
    const compiled = configIn(source) as CompiledConfig;
    expect(compiled.categories[1]?.services[0]).not.toHaveProperty('cookies');
    expect(withCatalogue(compiled, VENDORS)).toEqual(JSON.parse(JSON.stringify(normalizeConfig(CONFIG))));
    expect((configIn(source) as NormalizedConfig).jurisdiction).toBe('EEA');
    expect(await readFile(join(out, 'samtykke-runtime.js'), 'utf8')).toBe('runtime');
    const integrity = `sha384-${createHash('sha384').update(source).digest('base64')}`;
    expect(printed).toContain(`<script src="/samtykke/${loader}" integrity="${integrity}" crossorigin="anonymous">`);
  });

  it('a changed config is a new file name; the same config the same one', async () => {
    const names = async (config: unknown, out: string) => {
      expect((await run([await configFile(config), '--out', join(dir, out)])).code).toBe(0);
      return readdir(join(dir, out)).then((files) => files.filter((file) => /^samtykke\.[0-9a-f]+\.js$/.test(file)));
    };
    const first = await names(CONFIG, 'a');
    expect(await names(CONFIG, 'b')).toEqual(first);
    expect(await names({ ...CONFIG, revision: 2 }, 'c')).not.toEqual(first);
  });

  it('refuses a config with errors with exit 2, each error with its path and hint as the npm build words it, and writes nothing', async () => {
    const bad = {
      categories: { statistics: { services: ['google-analytic'] } },
      cookie: { maxAgeDay: 30 },
    };
    const out = join(dir, 'public/samtykke');
    const file = await configFile(bad);
    const { code, out: printed, err } = await run([file, '--out', out]);
    expect(code).toBe(2);
    expect(printed).toBe('');
    const messages = checkConfig(bad).errors.map((error) => error.message);
    expect(messages.length).toBe(2);
    for (const message of messages) expect(err).toContain(`${file}: error: ${message.replace(/^samtykke: /, '')}`);
    expect(err).toContain('config.cookie.maxAgeDay');
    expect(err).toContain('"maxAgeDays"');
    expect(err).toContain('config.categories.statistics.services[0]');
    // The npm build throws the first of them.
    expect(() => normalizeConfig(bad)).toThrow(messages[0]);
    expect(err).toContain(`2 errors; nothing written to ${out}`);
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });

  it('refuses a file that is not JSON, a missing file, a missing --out and a template without its marker with exit 2, writing nothing', async () => {
    const out = join(dir, 'out');
    const broken = await run([await configFile('{"categories": {', 'broken.json'), '--out', out]);
    expect(broken).toMatchObject({ code: 2, err: expect.stringContaining('not valid JSON') });
    expect(await run([join(dir, 'missing.json'), '--out', out])).toMatchObject({
      code: 2,
      err: expect.stringContaining('ENOENT'),
    });
    expect(await run([await configFile(CONFIG)])).toMatchObject({ code: 2, err: expect.stringContaining('--out') });
    expect(await run(['--out', out])).toMatchObject({ code: 2, err: expect.stringContaining('one config file') });
    expect(await run([await configFile(CONFIG), '--ou', out])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown option --ou (did you mean --out?)'),
    });
    await writeFile(join(dir, 'dist/samtykke.site.js'), 'var c = null;');
    expect(await run([await configFile(CONFIG), '--out', out])).toMatchObject({
      code: 2,
      err: expect.stringContaining('0 config markers'),
    });
    expect(existsSync(out)).toBe(false);
  });

  it('reads the config from standard input and from a page, as check-config does', async () => {
    expect((await run(['-', '--out', join(dir, 'a')], JSON.stringify(CONFIG))).code).toBe(0);
    const page = `<script type="application/json" id="samtykke-config">${JSON.stringify(CONFIG)}</script>`;
    expect((await run([await configFile(page, 'index.html'), '--out', join(dir, 'b')])).code).toBe(0);
  });
});

describe('the config written into the loader', () => {
  it('is the value itself, keys unquoted where they are identifiers, booleans as the minifier writes them', () => {
    const value = {
      a: 1,
      'b-c': [true, false, null, 'x"y\u2028'],
      nb: { 'samtykke-ui.nb.js': 'sha384-x' },
      gone: undefined,
    };
    const text = literal(value);
    expect(text).toBe('{a:1,"b-c":[!0,!1,null,"x\\"y\u2028"],nb:{"samtykke-ui.nb.js":"sha384-x"}}');
    expect(runInNewContext(`(${text})`)).toEqual({
      a: 1,
      'b-c': [true, false, null, 'x"y\u2028'],
      nb: { 'samtykke-ui.nb.js': 'sha384-x' },
    });
  });

  it('never sets a prototype: a "__proto__" key is refused', () => {
    expect(() => literal(JSON.parse('{"texts": {"__proto__": {"polluted": "yes"}}}'))).toThrow('__proto__');
  });

  it('needs exactly one marker in the template', () => {
    const config = normalizeConfig(CONFIG);
    expect(() => joinSiteLoader(`${TEMPLATE}${TEMPLATE}`, config)).toThrow('2 config markers');
    expect(joinSiteLoader(TEMPLATE, config).source).not.toContain('__SAMTYKKE_SITE_CONFIG__');
  });
});
