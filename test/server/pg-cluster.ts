import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

/** A running PostgreSQL for tests and benchmarks. */
export interface TestPostgres {
  url: string;
  stop(): void;
  /** Stop the server under its clients (`pg_ctlcluster stop -m fast|immediate`); only on a cluster of our own. */
  halt?(mode: 'fast' | 'immediate'): void;
  /** Start it again after {@link TestPostgres.halt}. */
  resume?(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drop clusters left by test runs that were killed before their teardown (their process is gone). */
function dropLeftovers(version: string, ours: string, run: (command: string, args: string[]) => Buffer): void {
  const listing = run('pg_lsclusters', ['--no-header']).toString();
  for (const line of listing.split('\n')) {
    const [clusterVersion, cluster] = line.trim().split(/\s+/);
    const pid = Number(/^samtykke_test_(\d+)(?:_[a-z]+)?$/.exec(cluster ?? '')?.[1]);
    // A live process's cluster is in use (the test workers share the global setup's pid), unless it has our name.
    if (clusterVersion !== version || !pid || (alive(pid) && cluster !== ours)) continue;
    try {
      run('pg_dropcluster', ['--stop', version, cluster as string]);
    } catch {
      // Someone else dropped it meanwhile.
    }
  }
}

/**
 * `PG_TEST_URL` when set; otherwise a throwaway cluster made with Debian's postgresql-common tools
 * (as root), dropped by `stop()`. Throws when PostgreSQL is not installed: tests never skip silently.
 * `own` asks for a cluster of this caller's even when `PG_TEST_URL` is set (for tests that stop it).
 */
export async function startPostgres(own?: string): Promise<TestPostgres> {
  if (process.env.PG_TEST_URL && !own) return { url: process.env.PG_TEST_URL, stop: () => {} };
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions[0];
  if (!version || !existsSync('/usr/bin/pg_createcluster')) {
    const where = process.env.CI ? 'CI' : 'this machine';
    throw new Error(
      `PostgreSQL is not installed on ${where}; the ledger server tests need it. Run: apt-get install postgresql (or set PG_TEST_URL=postgres://…)`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      'Creating a throwaway PostgreSQL cluster needs root (pg_createcluster); or set PG_TEST_URL=postgres://…',
    );
  }
  const port = await freePort();
  const name = `samtykke_test_${process.pid}${own ? `_${own}` : ''}`;
  const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  dropLeftovers(version, name, run);
  run('pg_createcluster', [version, name, '-p', String(port), '-d', `/tmp/${name}`, '--start-conf=manual', '--start']);
  const stop = () => {
    try {
      run('pg_dropcluster', ['--stop', version, name]);
    } catch {
      // Already gone.
    }
  };
  try {
    const sql = ["CREATE ROLE samtykke LOGIN PASSWORD 'samtykke' CREATEDB", 'CREATE DATABASE samtykke OWNER samtykke'];
    run('su', ['postgres', '-c', `psql -q -p ${port} ${sql.map((statement) => `-c "${statement}"`).join(' ')}`]);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url: `postgres://samtykke:samtykke@127.0.0.1:${port}/samtykke`,
    stop,
    halt: (mode) => void run('pg_ctlcluster', [version, name, 'stop', '-m', mode]),
    resume: () => void run('pg_ctlcluster', [version, name, 'start']),
  };
}
