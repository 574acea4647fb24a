import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { configWarnings } from '../../src/core/config-warnings.js';
import { configProblems, normalizeConfig } from '../../src/core/index.js';
import { runCliProcess } from './spawn.js';

let cli: string;
let dir: string;

/** The `samtykke` bin, bundled the way the package ships it. */
beforeAll(async () => {
  const outdir = resolve('test-results', `samtykke-cli-${process.pid}`);
  mkdirSync(outdir, { recursive: true });
  cli = join(outdir, 'cli.mjs');
  await build({
    entryPoints: ['src/assets/cli.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: cli,
    logLevel: 'silent',
  });
  dir = await mkdtemp(join(tmpdir(), 'samtykke-check-'));
});

function run(args: string[], stdin?: string) {
  return runCliProcess(cli, ['check-config', ...args], undefined, stdin);
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The message normalizeConfig throws for a config. */
function thrown(config: unknown): string {
  try {
    normalizeConfig(config);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

const TYPOS = {
  revison: 2,
  categories: { marketing: { enabled: true, services: ['meta-pixl'] }, statistics: { services: ['google-analytics'] } },
  cookie: { maxAgeDays: 900 },
  blocking: { rules: [{ pattern: 'cdn.example', service: 'google-analytic' }] },
};

describe('samtykke check-config', () => {
  it('prints every error of a JSON config with its path, expectation and hint, exactly as the loader words it; exit 1', async () => {
    const { code, stdout } = await run([await file('site.json', JSON.stringify(TYPOS, null, 2))]);
    expect(code).toBe(1);
    const printed = stdout
      .split('\n')
      .filter((line) => line.includes(': error: '))
      .map((line) => `samtykke: ${line.slice(line.indexOf(': error: ') + ': error: '.length)}`);
    expect(printed).toEqual(configProblems(TYPOS).map((problem) => problem.message));
    expect(printed[0]).toBe(thrown(TYPOS));
    expect(printed).toEqual([
      'samtykke: config.revison: unknown option. Did you mean "revision"?',
      'samtykke: config.categories.marketing.enabled: a category other than "necessary" cannot be on before the visitor chooses (consent must be an active opt-in)',
      'samtykke: config.categories.marketing.services[0]: unknown built-in service "meta-pixl". Did you mean "meta-pixel"?',
      'samtykke: config.cookie.maxAgeDays: expected a whole number from 1 to 395, got 900',
      'samtykke: config.blocking.rules[0].service: no service "google-analytic" in the config. Did you mean "google-analytics"?',
    ]);
    expect(stdout).toContain('5 errors; the loader would refuse this config and grant nothing');
  });

  it('--json gives CI the errors and warnings with their paths; a valid config with warnings exits 0', async () => {
    const bad = JSON.parse((await run([await file('bad.json', JSON.stringify(TYPOS)), '--json'])).stdout);
    expect(bad).toMatchObject({ ok: false, warnings: [] });
    expect(bad.errors[0]).toEqual({
      path: 'config.revison',
      message: 'samtykke: config.revison: unknown option. Did you mean "revision"?',
    });
    expect(bad.errors).toHaveLength(5);

    const risky = {
      categories: { necessary: { services: ['hotjar'] } },
      consentMode: { mode: 'advanced', urlPassthrough: true },
    };
    const result = await run([await file('risky.json', JSON.stringify(risky)), '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, errors: [] });
    expect(report.warnings.map((w: { message: string }) => w.message)).toEqual(configWarnings(normalizeConfig(risky)));
    expect(report.warnings.map((w: { path: string }) => w.path)).toEqual([
      'config.categories.necessary.services',
      'config.consentMode.mode',
      'config.consentMode.urlPassthrough',
    ]);
  });

  it('says a good config is usable, and reads standard input for -', async () => {
    const good = await run([await file('good.json', '{ "controller": { "name": "Fjordkaffe AS" } }')]);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toContain('the config is usable');
    const piped = await run(['-'], JSON.stringify({ gpc: 'yes' }));
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain('-: error: config.gpc: expected true or false, got "yes"');
  });

  it('reads window.samtykkeConfig from a script as text: comments, single quotes, trailing commas', async () => {
    const script = `// Config for fjordkaffe.no
window.samtykkeConfig = {
  revision: 3,
  categories: {
    statistics: { services: ['google-analytic'], }, /* typo on purpose */
  },
  language: { default: "nb" },
};
`;
    const { code, stdout } = await run([await file('samtykke-config.js', script)]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'error: config.categories.statistics.services[0]: unknown built-in service "google-analytic". Did you mean "google-analytics"?',
    );
  });

  it('never runs the code of a script or a page it checks (control: node runs the same script)', async () => {
    const mark = join(dir, 'ran');
    const code = `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'ran');`;
    const body = `var window = globalThis; ${code} window.samtykkeConfig = { revision: 1, gpc: 'no' };`;
    const page = `<!doctype html><head><script>${body}</script><script src="/samtykke/samtykke.js"></script></head>`;
    const checked = await run(['--html', await file('page.html', page)]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('error: config.gpc: expected true or false, got "no"');
    const computed = await run([await file('computed.js', `window.samtykkeConfig = { revision: ${code} };`)]);
    expect(computed.code).toBe(1);
    expect(computed.stdout).toContain('the config is not a plain value: "require" is code, not a plain value');
    expect(existsSync(mark)).toBe(false);
    // The control: the same script does write the file when something runs it.
    spawnSync(process.execPath, ['-e', body]);
    expect(existsSync(mark)).toBe(true);
  });

  it("reads a page's #samtykke-config JSON; a page with no config or broken JSON is an error, not a crash", async () => {
    const json = '{ "categories": { "statistic": {} } }';
    const page = `<html><head><!-- <script>window.samtykkeConfig = {}</script> -->
<script type="application/json" id="samtykke-config">${json}</script></head></html>`;
    const found = await run([await file('index.html', page)]);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(
      'error: config.categories.statistic: unknown category "statistic". Did you mean "statistics"?',
    );
    const none = await run(['--html', await file('plain.txt', '<html><body>hei</body></html>')]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('no <script type="application/json" id="samtykke-config">');
    const broken = await run([await file('broken.json', '{ "revision": 2, }')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('not valid JSON');
    expect(broken.stderr).toBe('');
  });

  it('exits 2 for a usage mistake or a file it cannot read', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a.json', 'b.json'])).code).toBe(2);
    const unknown = await run(['a.json', '--strict']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --strict\n') });
    const slip = await run(['a.json', '--jsno']);
    expect(slip).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown option --jsno (did you mean --json?)'),
    });
    const missing = await run([join(dir, 'missing.json')]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('ENOENT') });
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Exit status: 0 usable') });
  });
});
