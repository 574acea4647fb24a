import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { runCli } from '../../src/server/cli-main.js';
import { loadSigningKeyFile } from '../../src/server/keys.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { makeReceipts } from './fixtures.js';
import { bundleCli, runCliProcess } from './spawn.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'samtykke-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) },
  };
}

describe('samtykke-ledger CLI', () => {
  it('keygen writes a private key (0600) and its public half, and never overwrites', async () => {
    const file = join(dir, 'ledger-key.pem');
    const first = capture();
    expect(await runCli(['keygen', '--out', file], first.io)).toBe(0);
    const key = await loadSigningKeyFile(file);
    expect(first.out.join('')).toBe(`wrote ${file} (private, keep secret) and ${file}.pub; key id ${key.keyId}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${file}.pub`, 'utf8')).toContain('BEGIN PUBLIC KEY');
    const again = capture();
    expect(await runCli(['keygen', '--out', file], again.io)).toBe(1);
    expect(again.err.join('')).toContain('samtykke-ledger keygen: EEXIST');
  });

  it('export writes NDJSON within a time range, and prune erases old receipts into tombstones', async () => {
    const database = join(dir, 'export.db');
    const keyFile = join(dir, 'export.pem');
    const key = await loadSigningKeyFile(keyFile, true);
    const storage = await openSqliteStorage({ path: database });
    const receipts = await makeReceipts(3);
    const year = 365 * 86_400_000;
    const ago = (years: number) => new Date(Date.now() - years * year);
    for (const [index, receipt] of receipts.entries()) {
      const at = ago([7, 4, 0.01][index] as number);
      await storage.append(
        [{ receipt, site: 'default', client: null }],
        createSealer(key, () => at),
      );
    }
    await storage.close();

    const ranged = capture();
    expect(
      await runCli(
        ['export', '--database', database, '--from', ago(5).toISOString(), '--to', ago(3).toISOString()],
        ranged.io,
      ),
    ).toBe(0);
    expect(ranged.out.map((line) => JSON.parse(line).seq)).toEqual([2]);

    const pruned = capture();
    expect(await runCli(['prune', '--database', database, '--older-than', 'P2Y'], pruned.io)).toBe(0);
    expect(pruned.out.join('')).toMatch(/^erased 2 receipt\(s\) received before \d{4}-\d{2}-\d{2}T/);
    const verified = capture();
    expect(await runCli(['verify', '--database', database, '--key', keyFile], verified.io)).toBe(0);
    expect(verified.out.join('')).toBe('3 records (2 erased) in 1 site chain(s): verified\n');
  });

  it('explains usage errors with exit code 2', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['prune', '--database', join(dir, 'x.db')],
        'samtykke-ledger prune: prune needs --older-than <ISO 8601 duration>, e.g. P2Y\n',
      ],
      [['launch'], 'samtykke-ledger launch: unknown command "launch"\n'],
      [['serve', '--port', '99999'], 'samtykke-ledger serve: --port: expected a whole number 0–65535, got "99999"\n'],
      [
        ['serve', '--rate-limit', 'fast'],
        'samtykke-ledger serve: --rate-limit: expected <burst>/<per second> like 60/10, or off; got "fast"\n',
      ],
      [
        ['export', '--from', 'soon'],
        'samtykke-ledger export: --from: expected a real ISO 8601 date or time like 2026-01-01 or 2026-01-01T12:00:00Z, got "soon"\n',
      ],
      [
        ['export', '--to', '2026-04-31'],
        'samtykke-ledger export: --to: expected a real ISO 8601 date or time like 2026-01-01 or 2026-01-01T12:00:00Z, got "2026-04-31"\n',
      ],
    ];
    for (const [args, message] of cases) {
      const run = capture();
      expect(await runCli(args, run.io)).toBe(2);
      expect(run.err.join('')).toBe(message);
    }
    const bad = capture();
    expect(await runCli(['prune', '--database', join(dir, 'y.db'), '--older-than', '2 years'], bad.io)).toBe(1);
    expect(bad.err.join('')).toBe(
      'samtykke-ledger prune: expected an ISO 8601 duration like P2Y, P6M or P30D, got "2 years"\n',
    );
    const help = capture();
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toContain('Usage: samtykke-ledger <command> [options]');
  });

  it('says exactly what to install when a database driver is missing', async () => {
    // A copy of the bundled CLI outside the project: no node_modules to find better-sqlite3 or pg in.
    const cli = join(dir, 'cli.mjs');
    copyFileSync(await bundleCli(), cli);
    const sqlite = await runCliProcess(cli, [
      'verify',
      '--database',
      join(dir, 'z.db'),
      '--key',
      join(dir, 'ledger-key.pem'),
    ]);
    expect(sqlite).toMatchObject({
      code: 1,
      stderr: 'samtykke-ledger verify: The better-sqlite3 driver is not installed. Run: npm install better-sqlite3\n',
    });
    const postgres = await runCliProcess(cli, ['export', '--database', 'postgres://x@127.0.0.1:1/x']);
    expect(postgres.stderr).toBe('samtykke-ledger export: The pg driver is not installed. Run: npm install pg\n');
  });
});
