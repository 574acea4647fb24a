import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/server/chain.js';
import { normalizeOrigin, runCli } from '../../src/server/cli-main.js';
import { generateKeyPair, loadSigningKeyFile } from '../../src/server/keys.js';
import { openSqliteStorage } from '../../src/server/sqlite-storage.js';
import { makeReceipts, missingFixtureNotices } from './fixtures.js';
import { freshPostgresUrl } from './helpers.js';
import { bundleCli, runCliProcess } from './spawn.js';

const NOBODY = { uid: 65534, gid: 65534 };
let dir: string;
let cli: string;
let ledgerFile: string;
let keyFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samtykke-auditor-'));
  chmodSync(dir, 0o755);
  cli = await bundleCli();
  ledgerFile = join(dir, 'ledger.db');
  keyFile = join(dir, 'key.pem');
  const key = await loadSigningKeyFile(keyFile, true);
  chmodSync(keyFile, 0o644);
  const storage = await openSqliteStorage({ path: ledgerFile });
  for (const receipt of await makeReceipts(4)) {
    await storage.append([{ receipt, site: 'https://fjordkaffe.no', client: null }], createSealer(key));
  }
  await storage.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: () => out.join(''),
    err: () => err.join(''),
    io: { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) },
  };
}

describe('samtykke-ledger for an auditor', () => {
  it.each(['verify', 'export', 'prune'])(
    '%s on a mistyped path refuses (exit 2) and creates nothing',
    async (command) => {
      const typo = join(dir, 'ledgr.db');
      const io = capture();
      const extra = command === 'prune' ? ['--older-than', 'P2Y'] : command === 'verify' ? ['--key', keyFile] : [];
      expect(await runCli([command, '--database', typo, ...extra], io.io)).toBe(2);
      expect(io.err()).toBe(`samtykke-ledger ${command}: no database at ${typo}\n`);
      expect(io.out()).toBe('');
      expect(existsSync(typo)).toBe(false);
    },
  );

  it('verify, export and stats work on a read-only copy, run unprivileged, and leave it untouched', async () => {
    const copies = join(dir, 'copies');
    mkdirSync(copies);
    const copy = join(copies, 'ledger.db');
    copyFileSync(ledgerFile, copy);
    const before = readFileSync(copy);
    chownSync(copies, NOBODY.uid, NOBODY.gid);
    chmodSync(copy, 0o444);
    chmodSync(copies, 0o555);
    try {
      const verified = await runCliProcess(cli, ['verify', '--database', copy, '--key', keyFile], NOBODY);
      expect(verified).toEqual({
        code: 0,
        stdout: '4 records (0 erased) in 1 site chain(s): verified\n',
        stderr: missingFixtureNotices(4, 'https://fjordkaffe.no'),
      });
      const exported = await runCliProcess(cli, ['export', '--database', copy], NOBODY);
      expect(exported.code).toBe(0);
      expect(exported.stdout.trim().split('\n')).toHaveLength(4);
      const stats = await runCliProcess(cli, ['stats', '--database', copy, '--json', '--min-count', '1'], NOBODY);
      expect(stats.code).toBe(0);
      expect(JSON.parse(stats.stdout).totals.decisions).toBe(4);
      expect(readFileSync(copy).equals(before)).toBe(true);
      expect(existsSync(`${copy}-wal`)).toBe(false);
    } finally {
      chmodSync(copies, 0o755);
    }
  });

  it('verify on a file that is no ledger says so, without migrating it', async () => {
    const other = join(dir, 'other.db');
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(other);
    raw.exec('CREATE TABLE notes (text TEXT)');
    raw.close();
    const io = capture();
    expect(await runCli(['verify', '--database', other, '--key', keyFile], io.io)).toBe(1);
    expect(io.err()).toContain('no samtykke ledger in this SQLite file');
    const check = new Database(other, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]);
    check.close();
  });

  it('verify and export refuse a PostgreSQL database that holds no ledger, and create no tables', async () => {
    const url = await freshPostgresUrl();
    for (const command of ['verify', 'export']) {
      const io = capture();
      const args = command === 'verify' ? ['--key', keyFile] : [];
      expect(await runCli([command, '--database', url, ...args], io.io)).toBe(1);
      expect(io.err()).toContain('no samtykke ledger in this PostgreSQL database');
    }
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'samtykke%'");
    await client.end();
    expect(tables.rows).toEqual([]);
  });

  it('a key that signed none of the records says so in one line, not one "inserted" per record', async () => {
    const wrong = join(dir, 'wrong.pem');
    const io = capture();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(wrong, generateKeyPair().publicKey);
    expect(await runCli(['verify', '--database', ledgerFile, '--key', wrong], io.io)).toBe(1);
    expect(io.err()).toMatch(
      /^none of the records was signed by the given key\(s\) \(key id [\w-]{16}\); the records carry key id [\w-]{16}\n$/,
    );
    expect(io.out()).toBe('4 records in 1 site chain(s): not verified\n');
    const right = capture();
    expect(await runCli(['verify', '--database', ledgerFile, '--key', keyFile, '--key', wrong], right.io)).toBe(0);
  });

  it('prune that would erase every receipt needs --yes', async () => {
    const copy = join(dir, 'prune.db');
    copyFileSync(ledgerFile, copy);
    const refused = capture();
    expect(await runCli(['prune', '--database', copy, '--older-than', 'P0D'], refused.io)).toBe(2);
    expect(refused.err()).toMatch(/--older-than P0D would erase every receipt in the ledger .*add --yes/);
    const kept = capture();
    expect(await runCli(['prune', '--database', copy, '--older-than', 'P1Y'], kept.io)).toBe(0);
    expect(kept.out()).toMatch(/^erased 0 receipt\(s\)/);
    const confirmed = capture();
    expect(await runCli(['prune', '--database', copy, '--older-than', 'P0D', '--yes'], confirmed.io)).toBe(0);
    expect(confirmed.out()).toMatch(/^erased 4 receipt\(s\)/);
  });

  it('--origin is normalised to scheme://host[:port], or refused with the fix', () => {
    expect(normalizeOrigin('https://fjordkaffe.no/')).toBe('https://fjordkaffe.no');
    expect(normalizeOrigin('HTTPS://FjordKaffe.NO:443')).toBe('https://fjordkaffe.no');
    expect(normalizeOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(() => normalizeOrigin('fjordkaffe.no')).toThrow(
      '--origin: expected scheme://host[:port] like https://fjordkaffe.no, got "fjordkaffe.no" (no scheme; did you mean https://fjordkaffe.no?)',
    );
    expect(() => normalizeOrigin('https://fjordkaffe.no/meny')).toThrow(
      '(an origin has no path, query or fragment; did you mean https://fjordkaffe.no?)',
    );
    expect(() => normalizeOrigin('ftp://fjordkaffe.no')).toThrow('only http and https pages send receipts');
  });

  it('serve refuses a bad --origin, --port, --trusted-proxies, --max-body-memory or --max-event-loop-lag before opening anything', async () => {
    for (const [flag, value, message] of [
      ['--origin', 'fjordkaffe.no', '--origin: expected scheme://host[:port]'],
      ['--port', '', '--port: expected a whole number 0–65535, got ""'],
      ['--port', '0x4A63', '--port: expected a whole number 0–65535, got "0x4A63"'],
      ['--trusted-proxies', 'two', '--trusted-proxies: expected a whole number 0–10'],
      ['--max-body-memory', '0', '--max-body-memory: expected a whole number 1–65536, got "0"'],
      ['--max-body-memory', '64M', '--max-body-memory: expected a whole number 1–65536, got "64M"'],
      ['--max-event-loop-lag', '0.5', '--max-event-loop-lag: expected a whole number 0–60000, got "0.5"'],
    ] as const) {
      const io = capture();
      const database = join(dir, 'never.db');
      expect(await runCli(['serve', '--database', database, flag, value], io.io)).toBe(2);
      expect(io.err()).toContain(message);
      expect(existsSync(database)).toBe(false);
    }
  });

  it('an unknown flag or command gets a "did you mean"', async () => {
    const flag = capture();
    expect(await runCli(['verify', '--databse', 'x.db'], flag.io)).toBe(2);
    expect(flag.err()).toMatch(/^Unknown option '--databse'.* \(did you mean --database\?\)\n/);
    const command = capture();
    expect(await runCli(['verfy'], command.io)).toBe(2);
    expect(command.err()).toBe('samtykke-ledger verfy: unknown command "verfy" (did you mean verify?)\n');
    const far = capture();
    expect(await runCli(['verify', '--zzzzzz'], far.io)).toBe(2);
    expect(far.err()).not.toContain('did you mean');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    const io = capture();
    expect(await runCli(['--version'], io.io)).toBe(0);
    expect(io.out()).toBe(`samtykke-ledger ${version}\n`);
    const bundled = await runCliProcess(cli, ['--version']);
    expect(bundled).toEqual({ code: 0, stdout: `samtykke-ledger ${version}\n`, stderr: '' });
  });
});
