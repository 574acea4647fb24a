import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { IpStorage } from './ip.js';
import { generateKeyPair, loadSigningKeyFile } from './keys.js';
import { serveLedger } from './node.js';
import { openStorage } from './open-storage.js';
import type { RateLimitOptions } from './rate-limit.js';
import { pruneLedger } from './retention.js';
import { StatsQueryError } from './stats.js';
import { formatStatsTables } from './stats-table.js';
import { scanLedger } from './storage.js';
import { verifyLedger } from './verify.js';

const HELP = `samtykke-ledger — the samtykke consent ledger endpoint

Usage: samtykke-ledger <command> [options]

Commands:
  serve     Run the ledger endpoint
              --port <n>            default 8787
              --host <address>      default 127.0.0.1
              --database <db>       SQLite file path or postgres://… URL (default ./samtykke-ledger.db)
              --origin <url>        allowed site origin; repeat for several
              --admin-token <t>     or env SAMTYKKE_ADMIN_TOKEN; enables the admin routes
              --key <file>          Ed25519 private key PEM (default ./samtykke-ledger-key.pem, created if missing)
              --default-site <s>    chain for requests without Origin (default "default")
              --base-path <path>    mount point, e.g. /ledger
              --ip <mode>           truncate (default) | hash | drop
              --ip-hash-key <k>     or env SAMTYKKE_IP_HASH_KEY; for --ip hash
              --trust-proxy         take the client address from X-Forwarded-For
              --rate-limit <b/r>    per-client burst/refill per second (default 60/10), or off
  keygen    Write a new Ed25519 key pair: --out <file> (default ./samtykke-ledger-key.pem) and <file>.pub
  verify    Check signatures, receipt hashes and hash chains; exit 1 and list each problem
              --database <db>  --key <file> (private or public PEM; repeat for rotated keys)
  export    Write the ledger as NDJSON to stdout: --database <db> [--from <ISO time>] [--to <ISO time>]
  prune     Erase receipts received longer ago than a duration into tombstones
              --database <db> --older-than <ISO 8601 duration, e.g. P2Y>
  stats     Consent statistics (aggregates only; groups under --min-count decisions suppressed)
              --database <db> [--site <origin>] [--since <YYYY-MM-DD>] [--period day|week]
              [--min-count <n>] (default 5) [--json]

Options for every command: --help`;

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  stdout: (text: string) => void | Promise<void>;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (text) =>
    new Promise<void>((resolve) => {
      if (process.stdout.write(text)) resolve();
      else process.stdout.once('drain', () => resolve());
    }),
  stderr: (text) => process.stderr.write(text),
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  database: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'admin-token': { type: 'string' },
  key: { type: 'string', multiple: true },
  'default-site': { type: 'string' },
  'base-path': { type: 'string' },
  ip: { type: 'string' },
  'ip-hash-key': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'rate-limit': { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'older-than': { type: 'string' },
  site: { type: 'string' },
  since: { type: 'string' },
  period: { type: 'string' },
  'min-count': { type: 'string' },
  json: { type: 'boolean' },
} as const;

class UsageError extends Error {}

/** Run the `samtykke-ledger` command line; resolves to the exit code (serve resolves when stopped). */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    await io.stdout(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const database = values.database ?? './samtykke-ledger.db';
  const keyFiles = values.key ?? ['./samtykke-ledger-key.pem'];
  try {
    switch (command) {
      case 'keygen': {
        const out = values.out ?? './samtykke-ledger-key.pem';
        const pair = generateKeyPair();
        await writeFile(out, pair.privateKey, { mode: 0o600, flag: 'wx' });
        await writeFile(`${out}.pub`, pair.publicKey, { flag: 'wx' });
        const key = await loadSigningKeyFile(out);
        await io.stdout(`wrote ${out} (private, keep secret) and ${out}.pub; key id ${key.keyId}\n`);
        return 0;
      }
      case 'serve':
        return await serve(values, database, keyFiles[0] as string, io);
      case 'verify': {
        const storage = await openStorage(database);
        try {
          const keys = await Promise.all(keyFiles.map((file) => readFile(file, 'utf8')));
          const result = await verifyLedger(storage, keys);
          for (const problem of result.problems)
            io.stderr(`${problem.site} seq ${problem.seq} ${problem.kind}: ${problem.message}\n`);
          const summary = `${result.records} records (${result.tombstones} erased) in ${result.sites} site chain(s): `;
          await io.stdout(`${summary}${result.ok ? 'verified' : `${result.problems.length} problem(s)`}\n`);
          return result.ok ? 0 : 1;
        } finally {
          await storage.close();
        }
      }
      case 'export': {
        const range = { from: isoOption(values.from, 'from'), to: isoOption(values.to, 'to') };
        const storage = await openStorage(database);
        try {
          for await (const row of scanLedger(storage, range)) await io.stdout(`${JSON.stringify(row)}\n`);
          return 0;
        } finally {
          await storage.close();
        }
      }
      case 'prune': {
        if (!values['older-than']) throw new UsageError('prune needs --older-than <ISO 8601 duration>, e.g. P2Y');
        const storage = await openStorage(database);
        try {
          const { erased, cutoff } = await pruneLedger(storage, values['older-than']);
          await io.stdout(`erased ${erased} receipt(s) received before ${cutoff}\n`);
          return 0;
        } finally {
          await storage.close();
        }
      }
      case 'stats': {
        const minCount = values['min-count'];
        if (minCount !== undefined && !/^\d{1,9}$/.test(minCount))
          throw new UsageError(`--min-count: expected a whole number, got ${JSON.stringify(minCount)}`);
        const storage = await openStorage(database);
        try {
          const stats = await storage.stats({
            site: values.site,
            since: values.since,
            period: values.period as 'day' | 'week' | undefined,
            minCount: minCount === undefined ? undefined : Number(minCount),
          });
          await io.stdout(values.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStatsTables(stats));
          return 0;
        } catch (error) {
          // The query names its option in camelCase; the command line spells it --min-count.
          if (error instanceof StatsQueryError)
            throw new UsageError(`--${error.message.replace(/^minCount/, 'min-count')}`);
          throw error;
        } finally {
          await storage.close();
        }
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    io.stderr(`samtykke-ledger ${command}: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function rateLimitOption(value: string | undefined): RateLimitOptions | false | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return false;
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new UsageError(
      `--rate-limit: expected <burst>/<per second> like 60/10, or off; got ${JSON.stringify(value)}`,
    );
  }
  return { capacity: Number(match[1]), refillPerSecond: Number(match[2]) };
}

function isoOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new UsageError(`--${name}: expected an ISO 8601 time, got ${JSON.stringify(value)}`);
  return new Date(time).toISOString();
}

async function serve(
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'],
  database: string,
  keyFile: string,
  io: CliIo,
) {
  const port = Number(values.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port: expected 0–65535, got ${values.port}`);
  const ipStorage = (values.ip ?? 'truncate') as IpStorage;
  if (!['truncate', 'hash', 'drop'].includes(ipStorage))
    throw new UsageError(`--ip: expected truncate|hash|drop, got ${values.ip}`);
  const rateLimit = rateLimitOption(values['rate-limit']);
  const signingKey = await loadSigningKeyFile(keyFile, true);
  const storage = await openStorage(database);
  const adminToken = values['admin-token'] ?? process.env.SAMTYKKE_ADMIN_TOKEN;
  const ipHashKey = values['ip-hash-key'] ?? process.env.SAMTYKKE_IP_HASH_KEY;
  const running = await serveLedger({
    storage,
    signingKey,
    origins: values.origin ?? [],
    port,
    host: values.host ?? '127.0.0.1',
    trustProxy: values['trust-proxy'] ?? false,
    ipStorage,
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(adminToken ? { adminToken } : {}),
    ...(ipHashKey ? { ipHashKey } : {}),
    ...(values['default-site'] ? { defaultSite: values['default-site'] } : {}),
    ...(values['base-path'] ? { basePath: values['base-path'] } : {}),
  }).catch(async (error) => {
    await storage.close();
    throw error;
  });
  const line = {
    time: new Date().toISOString(),
    level: 'info',
    msg: 'listening',
    url: running.url,
    storage: storage.kind,
    keyId: signingKey.keyId,
  };
  await io.stdout(`${JSON.stringify(line)}\n`);
  if (!values.origin?.length)
    io.stderr('samtykke-ledger serve: no --origin given, so browsers (which send Origin) are refused\n');
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running
        .close()
        .then(() => storage.close())
        .then(
          () => resolve(0),
          () => resolve(1),
        );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
