import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the demo server is plain JavaScript without type declarations
import { startDemo } from '../../demo/serve.js';
import type { ScanReport } from '../../src/scan/index.js';

let demo: { url: string; close(): Promise<void> };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samtykke-scan-demo-'));
  demo = await startDemo({ port: 0, dataDir: join(dir, 'data'), quiet: true });
});
afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the built `samtykke-scan` bin, as `npx samtykke-scan` would. */
function scan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(process.cwd(), 'dist/scan/cli.js'), ...args],
      { cwd: dir, timeout: 240_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('samtykke-scan http://localhost:8080/ (the demo)', () => {
  it('finds every tracker declared and nothing before consent, and a rerun against it as baseline changes nothing', async () => {
    const first = await scan([`${demo.url}/`, '--max-pages', '3', '--depth', '1', '--emit-config', 'skeleton.json']);
    expect(first.stderr).toBe(
      [
        `[1 done, 5 queued] ${demo.url}/`,
        `[2 done, 4 queued] ${demo.url}/da/`,
        `[3 done, 3 queued] ${demo.url}/en/`,
        '',
      ].join('\n'),
    );
    expect(first.stdout).toBe(
      '3 page(s) scanned, 3 skipped: 0 leak(s) before consent, 0 undeclared tracker(s), 0 stale declaration(s)\n' +
        'wrote samtykke-scan.json and samtykke-scan.html and skeleton.json\n',
    );
    expect(first.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'samtykke-scan.json'), 'utf8')) as ScanReport;
    expect(report.leaks).toEqual([]);
    expect(report.undeclared).toEqual([]);
    expect(report.stale).toEqual([]);
    expect(
      report.vendors.map((vendor) => [vendor.id, vendor.status, vendor.beforeConsent, vendor.cookies, vendor.storage]),
    ).toEqual([
      ['google-analytics', 'declared', false, ['_ga', '_ga_FJORD01', '_gid'], []],
      ['hotjar', 'declared', false, ['_hjSessionUser_3712'], ['_hjLocalStorageTest']],
      ['meta-pixel', 'declared', false, ['_fbp'], []],
      ['youtube', 'declared', false, [], []],
    ]);
    // Before consent the demo sets nothing and sends nothing; everything is after Accept all.
    for (const page of report.pages) {
      expect([...page.cookies, ...page.storage, ...page.requests].filter((entry) => entry.phase === 'before')).toEqual(
        [],
      );
      expect(page.accepted).toBe(true);
    }
    expect(readFileSync(join(dir, 'samtykke-scan.html'), 'utf8')).toContain('<h1>Consent scan of');
    expect(JSON.parse(readFileSync(join(dir, 'skeleton.json'), 'utf8'))).toEqual({
      categories: {
        statistics: { services: ['google-analytics', 'hotjar'] },
        marketing: { services: ['meta-pixel', 'youtube'] },
      },
    });

    const again = await scan([
      `${demo.url}/`,
      '--max-pages',
      '3',
      '--depth',
      '1',
      '--baseline',
      'samtykke-scan.json',
      '--out',
      'again.json',
      '--html',
      'again.html',
      '--fail-on',
      'leak,undeclared,stale,changed',
      '--quiet',
    ]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain(', 0 change(s) since samtykke-scan.json\n');
    expect(again.code).toBe(0);
  }, 180_000); // two whole scans, each its own Chromium over three pages, consenting on each

  it('explains bad usage with exit code 2, and a missing browser with 3', async () => {
    const usage = await scan(['--max-pages', 'many', `${demo.url}/`]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^samtykke-scan: --max-pages: expected a whole number of at least 1, got "many"\n/);
    const noUrl = await scan(['ftp://example.test/']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/^samtykke-scan: expected an http\(s\) start URL, got "ftp:\/\/example.test\/"/);
    const badBaseline = await scan([`${demo.url}/`, '--baseline', 'nowhere.json']);
    expect(badBaseline.code).toBe(2);
    expect(badBaseline.stderr).toMatch(/^samtykke-scan: --baseline: cannot read nowhere.json: ENOENT/);
    const noBrowser = await scan([`${demo.url}/`, '--chromium', '/nonexistent/chromium']);
    expect(noBrowser.code).toBe(3);
    expect(noBrowser.stderr).toBe('samtykke-scan: --chromium: /nonexistent/chromium is not an executable file\n');
  });
});
