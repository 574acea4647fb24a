import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** esbuild's options for the server's files as the package ships them: Node 20 modules, dependencies from node_modules. */
const SERVER_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'silent',
} as const;

/**
 * Bundle the SQLite writer thread's script (which also runs as its checkpointer thread) to `outfile`, inside the
 * repo so that the thread finds better-sqlite3 in node_modules; returns `outfile`.
 */
export async function bundleWriterThread(outfile: string): Promise<string> {
  await build({ ...SERVER_BUNDLE, entryPoints: [join(root, 'src/server/sqlite-writer-thread.ts')], outfile });
  return outfile;
}

/** Bundle the `samtykke-ledger` CLI the way the package ships it; the file sits in the repo so node_modules resolve. */
export async function bundleCli(): Promise<string> {
  const outdir = join(root, 'test-results', `ledger-cli-${process.pid}`);
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'cli.mjs');
  await build({
    ...SERVER_BUNDLE,
    entryPoints: [join(root, 'src/server/cli.ts')],
    outfile,
    banner: { js: '#!/usr/bin/env node' },
  });
  // The SQLite writer thread's script, which the CLI looks for next to itself, as in dist/server/.
  await bundleWriterThread(join(outdir, 'sqlite-writer-thread.js'));
  return outfile;
}

/**
 * Bundle `samtykke/server` as the package ships it, with the SQLite writer thread's script beside it, and
 * import it: the writer thread runs only from JavaScript files, not from this repository's TypeScript.
 */
export async function importBundledServer(): Promise<typeof import('../../src/server/index.js')> {
  const outdir = join(root, 'test-results', `ledger-server-${process.pid}`);
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: {
      index: join(root, 'src/server/index.ts'),
      'sqlite-writer-thread': join(root, 'src/server/sqlite-writer-thread.ts'),
    },
    ...SERVER_BUNDLE,
    outdir,
  });
  return import(join(outdir, 'index.js'));
}

/** A ledger server in its own process. */
export interface LedgerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/**
 * Start `samtykke-ledger serve` and wait for its "listening" line; `onLine` sees each log line before it.
 * `cli` is the bundled CLI, or Node's flags followed by it (e.g. `['--cpu-prof', cli]`).
 */
export function startLedgerProcess(
  cli: string | readonly string[],
  args: string[],
  as?: { uid: number; gid: number },
  onLine?: (entry: Record<string, unknown>) => void,
): Promise<LedgerProcess> {
  const child = spawn(process.execPath, [...[cli].flat(), 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', function onData(chunk) {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        onLine?.(entry);
        if (entry.msg === 'listening' && entry.url) {
          child.stdout?.off('data', onData);
          // Keep draining request logs so the pipe never fills and blocks the server.
          child.stdout?.resume();
          resolvePromise({ child, url: entry.url, exited });
          return;
        }
      }
    });
    void exited.then((code) => reject(new Error(`ledger process exited with ${code} before listening: ${stderr}`)));
  });
}

/** `samtykke-ledger serve` under load: one allowed origin, no rate limit, then `flags` (a later flag wins). */
export function startLoadLedger(
  cli: string | readonly string[],
  ledger: { database: string; key: string; origin: string },
  flags: readonly string[] = [],
): Promise<LedgerProcess> {
  return startLedgerProcess(cli, [
    '--database',
    ledger.database,
    '--key',
    ledger.key,
    '--origin',
    ledger.origin,
    '--rate-limit',
    'off',
    ...flags,
  ]);
}

/** Run the CLI to completion, `stdin` as its standard input; resolves to its exit code and output. */
export function runCliProcess(
  cli: string,
  args: string[],
  as?: { uid: number; gid: number },
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...as });
  // Without input the CLI reads an empty standard input, as from /dev/null.
  child.stdin.end(stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
