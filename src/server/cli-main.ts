import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { closest } from '../core/errors.js';
import { checkRetention } from './erasure.js';
import type { IpStorage } from './ip.js';
import { parseIsoTime } from './iso-time.js';
import { generateKeyPair, loadSigningKeyFile } from './keys.js';
import { serveLedger } from './node.js';
import { noticeCommand } from './notice-command.js';
import { openStorage, POSTGRES_URL } from './open-storage.js';
import { isPostgresUnreachable } from './postgres-storage.js';
import type { RateLimitOptions } from './rate-limit.js';
import { pruneLedger, subtractDuration } from './retention.js';
import { NoDatabaseError, type SqliteLedgerStorage } from './sqlite-storage.js';
import { StatsQueryError } from './stats.js';
import { formatStatsTables } from './stats-table.js';
import { type LedgerStorage, scanLedger } from './storage.js';
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
              --trust-proxy         take the client address from X-Forwarded-For (one proxy in front)
              --trusted-proxies <n> as --trust-proxy, with n proxies in front appending to it
              --max-connections <n> open connections at most (default 1024)
              --max-pending <n>     receipts waiting for their commit at most, then 503 (default 1000)
              --max-body-memory <MiB>  request bodies held in memory at once, all connections together,
                                    then 503 (default 64)
              --max-event-loop-lag <ms>  shed posts with 503 while the event loop runs this late
                                    (default 200; 0 turns it off)
              --max-queue-time <ms>  shed posts with 503 that waited this long since they arrived, counting
                                    the wait the requests ahead will add (default 0: off; e.g. 20)
              --rate-limit <b/r>    per-client burst/refill per second (default 60/10), or off
              --no-writer-thread    SQLite: commit on the event loop instead of a writer thread of its own
                                    (for comparison; the thread takes more receipts per second)
              --erasure-retention <d>  keep a visitor's erased receipts for an ISO 8601 duration (e.g. P3Y)
                                    before they become tombstones (prune carries it out); default: at once
  keygen    Write a new Ed25519 key pair: --out <file> (default ./samtykke-ledger-key.pem) and <file>.pub
  verify    Check signatures, receipt hashes and hash chains, and that each stored notice hashes to its
            hash; exit 1 and list each problem. Notice hashes with no stored document are listed too.
              --database <db>  --key <file> (private or public PEM; repeat for rotated keys)
              Opens the database read-only: it can check a read-only copy, and never creates one.
  notice    Print what a visitor was shown: notice <hash> prints the stored notice document;
            notice --record <consent id> prints each receipt of that consent id with both its
            documents (the notice view and the texts rendered). --database <db> (read-only, like verify)
  export    Write the ledger as NDJSON to stdout: --database <db> [--from <ISO time>] [--to <ISO time>]
              (read-only, like verify)
  prune     Erase receipts received longer ago than a duration into tombstones, and carry out the
            visitors' erasures whose --erasure-retention has ended
              --database <db> --older-than <ISO 8601 duration, e.g. P2Y>
              [--yes] needed when that would erase every receipt
  stats     Consent statistics (aggregates only; groups under --min-count decisions suppressed)
              --database <db> [--site <origin>] [--since <YYYY-MM-DD>] [--period day|week]
              [--min-count <n>] (default 5) [--json]

Options for every command: --help, --version
A --database path with no database behind it is refused (exit 2), never created, except by serve.`;

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
  version: { type: 'boolean' },
  yes: { type: 'boolean' },
  'trusted-proxies': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-pending': { type: 'string' },
  'max-body-memory': { type: 'string' },
  'max-event-loop-lag': { type: 'string' },
  'max-queue-time': { type: 'string' },
  'no-writer-thread': { type: 'boolean' },
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
  'erasure-retention': { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'older-than': { type: 'string' },
  site: { type: 'string' },
  since: { type: 'string' },
  period: { type: 'string' },
  'min-count': { type: 'string' },
  json: { type: 'boolean' },
  record: { type: 'string' },
} as const;

class UsageError extends Error {}

const COMMANDS = ['serve', 'keygen', 'verify', 'notice', 'export', 'prune', 'stats'];

/** ` (did you mean --database?)` when a known name is a slip of the typed one (core's `closest`), else nothing. */
function didYouMean(typed: string, known: readonly string[], prefix: string): string {
  const hint = closest(typed, known);
  return hint === undefined ? '' : ` (did you mean ${prefix}${hint}?)`;
}

/** The installed package's version, read from its package.json (two folders up from the bundle or the source). */
function packageVersion(): string {
  try {
    const manifest = createRequire(import.meta.url)('../../package.json') as { name?: string; version?: string };
    return manifest.name === 'samtykke' && manifest.version ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A site origin as browsers send it in `Origin`: scheme://host[:port], lower case, no default port. A
 * trailing slash is dropped; a path, query, credentials or a missing scheme is refused with the fix.
 */
export function normalizeOrigin(value: string): string {
  const refuse = (why: string, hint?: string) =>
    new UsageError(
      `--origin: expected scheme://host[:port] like https://fjordkaffe.no, got ${JSON.stringify(value)} (${why}${hint ? `; did you mean ${hint}?` : ''})`,
    );
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw refuse('no scheme', /^[\w.-]+(:\d+)?\/?$/.test(value) ? `https://${value.replace(/\/$/, '')}` : undefined);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('only http and https pages send receipts');
  if (url.username || url.password) throw refuse('credentials are never part of an origin', url.origin);
  if (url.pathname !== '/' || url.search || url.hash)
    throw refuse('an origin has no path, query or fragment', url.origin);
  return url.origin;
}

/** Run the `samtykke-ledger` command line; resolves to the exit code (serve resolves when stopped). */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const hint = unknown ? didYouMean(unknown.replace(/^-+/, ''), Object.keys(OPTIONS), '--') : '';
    io.stderr(`${message}${hint}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    await io.stdout(`samtykke-ledger ${packageVersion()}\n`);
    return 0;
  }
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
        const keys = await Promise.all(keyFiles.map((file) => readFile(file, 'utf8')));
        const storage = await openStorage(database, { readOnly: true });
        try {
          const result = await verifyLedger(storage, keys);
          if (result.unmatchedKeys) {
            // One clear line instead of every record labelled "inserted": the wrong key was given.
            const { given, found } = result.unmatchedKeys;
            io.stderr(
              `none of the records was signed by the given key(s) (key id ${given.join(', ')}); the records carry key id ${found.join(', ')}\n`,
            );
            await io.stdout(`${result.records} records in ${result.sites} site chain(s): not verified\n`);
            return 1;
          }
          for (const problem of result.problems)
            io.stderr(`${problem.site} seq ${problem.seq} ${problem.kind}: ${problem.message}\n`);
          const { notices } = result;
          for (const hash of notices.altered) io.stderr(`notice ${hash} altered: its content no longer hashes to it\n`);
          for (const missing of notices.missing)
            io.stderr(
              `notice ${missing.hash} missing: named by ${missing.receipts} receipt(s), first ${missing.site} seq ${missing.seq}\n`,
            );
          if (notices.missingCount > notices.missing.length)
            io.stderr(`… and ${notices.missingCount - notices.missing.length} more notice hash(es) missing\n`);
          if (notices.missingCount > 0)
            io.stderr(
              `${notices.missingCount} notice hash(es) named by receipts have no stored document: what those visitors were shown cannot be shown from the ledger alone\n`,
            );
          const summary = `${result.records} records (${result.tombstones} erased) in ${result.sites} site chain(s): `;
          const problems = result.problems.length + notices.altered.length;
          await io.stdout(`${summary}${result.ok ? 'verified' : `${problems} problem(s)`}\n`);
          return result.ok ? 0 : 1;
        } finally {
          await storage.close();
        }
      }
      case 'notice': {
        const hash = positionals[1];
        if ((hash === undefined) === (values.record === undefined))
          throw new UsageError('notice needs a notice hash (notice sha256-…) or --record <consent id>, not both');
        const storage = await openStorage(database, { readOnly: true });
        try {
          const result = await noticeCommand(
            storage,
            hash === undefined ? { recordId: values.record as string } : { hash },
          ).catch((error: unknown) => {
            throw error instanceof RangeError ? new UsageError(error.message) : error;
          });
          for (const warning of result.warnings) io.stderr(`samtykke-ledger notice: ${warning}\n`);
          if (result.output) await io.stdout(result.output);
          return result.ok ? 0 : 1;
        } finally {
          await storage.close();
        }
      }
      case 'export': {
        const range = { from: isoOption(values.from, 'from'), to: isoOption(values.to, 'to') };
        const storage = await openStorage(database, { readOnly: true });
        try {
          for await (const row of scanLedger(storage, range)) await io.stdout(`${JSON.stringify(row)}\n`);
          return 0;
        } finally {
          await storage.close();
        }
      }
      case 'prune': {
        if (!values['older-than']) throw new UsageError('prune needs --older-than <ISO 8601 duration>, e.g. P2Y');
        const now = new Date();
        const cutoff = subtractDuration(values['older-than'], now).toISOString();
        const storage = await openStorage(database, { mustExist: true });
        try {
          // Nothing received since the cutoff: this would erase every receipt. Only on purpose.
          const kept = await storage.page({ limit: 1, from: cutoff });
          const any = await storage.page({ limit: 1 });
          if (kept.length === 0 && any.length > 0 && !values.yes) {
            throw new UsageError(
              `--older-than ${values['older-than']} would erase every receipt in the ledger (none was received after ${cutoff}); add --yes if that is what you want`,
            );
          }
          const { erased, erasuresDue } = await pruneLedger(storage, values['older-than'], now);
          await io.stdout(`erased ${erased} receipt(s) received before ${cutoff}\n`);
          if (erasuresDue > 0) await io.stdout(`erased ${erasuresDue} receipt(s) whose erasure retention ended\n`);
          return 0;
        } finally {
          await storage.close();
        }
      }
      case 'stats': {
        const minCount = values['min-count'];
        if (minCount !== undefined && !/^\d{1,9}$/.test(minCount))
          throw new UsageError(`--min-count: expected a whole number, got ${JSON.stringify(minCount)}`);
        // Aggregates only read: like verify and export, it works on a read-only copy and never migrates.
        const storage = await openStorage(database, { readOnly: true });
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
        throw new UsageError(`unknown command ${JSON.stringify(command)}${didYouMean(command, COMMANDS, '')}`);
    }
  } catch (error) {
    io.stderr(`samtykke-ledger ${command}: ${(error as Error).message}\n`);
    return error instanceof UsageError || error instanceof NoDatabaseError ? 2 : 1;
  }
}

/** A whole-number option in min…max written in decimal digits (no '', 0x…, 1e3), or its default. */
function wholeNumber(value: string | undefined, name: string, fallback: number, max: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) > max || Number(value) < min) {
    throw new UsageError(`--${name}: expected a whole number ${min}–${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
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
  const time = parseIsoTime(value);
  if (!time) {
    throw new UsageError(
      `--${name}: expected a real ISO 8601 date or time like 2026-01-01 or 2026-01-01T12:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  return time.toISOString();
}

/**
 * The ledger for `serve`. A PostgreSQL server that cannot be reached yet (starting, failing over, or a
 * container started before it) is waited for, one log line per attempt, instead of exiting: in a
 * failover every instance would otherwise exit at once and stay down. Anything else (a wrong password,
 * a schema from a newer version) is a mistake, reported at once.
 */
async function openServedStorage(database: string, io: CliIo, writerThread: boolean): Promise<LedgerStorage> {
  for (let attempt = 0; ; attempt++) {
    try {
      // SQLite commits on a writer thread, so the event loop takes the next requests during each fsync.
      return await openStorage(database, { writerThread });
    } catch (error) {
      if (!POSTGRES_URL.test(database) || !isPostgresUnreachable(error)) throw error;
      const retryInMs = Math.min(10_000, 500 * 2 ** Math.min(attempt, 5));
      const line = {
        time: new Date().toISOString(),
        level: 'warn',
        msg: 'database unreachable, retrying',
        error: ((error as Error)?.message ?? String(error)).slice(0, 300),
        retryInMs,
      };
      await io.stdout(`${JSON.stringify(line)}\n`);
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}

async function serve(
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'],
  database: string,
  keyFile: string,
  io: CliIo,
) {
  const port = wholeNumber(values.port, 'port', 8787, 65_535);
  const origins = (values.origin ?? []).map(normalizeOrigin);
  const trustedProxies = wholeNumber(values['trusted-proxies'], 'trusted-proxies', values['trust-proxy'] ? 1 : 0, 10);
  const maxConnections = wholeNumber(values['max-connections'], 'max-connections', 1024, 1_000_000);
  const maxPendingReceipts = wholeNumber(values['max-pending'], 'max-pending', 1000, 1_000_000);
  const maxBodyMemory = wholeNumber(values['max-body-memory'], 'max-body-memory', 64, 65_536, 1);
  const maxEventLoopLagMs = wholeNumber(values['max-event-loop-lag'], 'max-event-loop-lag', 200, 60_000);
  const maxQueueMs = wholeNumber(values['max-queue-time'], 'max-queue-time', 0, 60_000);
  const basePath = values['base-path'] && `/${values['base-path'].replace(/^\/+|\/+$/g, '')}`;
  const ipStorage = (values.ip ?? 'truncate') as IpStorage;
  if (!['truncate', 'hash', 'drop'].includes(ipStorage))
    throw new UsageError(`--ip: expected truncate|hash|drop, got ${values.ip}`);
  const rateLimit = rateLimitOption(values['rate-limit']);
  const erasureRetention = values['erasure-retention'];
  if (erasureRetention !== undefined) {
    try {
      checkRetention(erasureRetention);
    } catch (error) {
      throw new UsageError(`--erasure-retention: ${(error as Error).message.replace(/^erasureRetention: /, '')}`);
    }
  }
  const signingKey = await loadSigningKeyFile(keyFile, true);
  const storage = await openServedStorage(database, io, !values['no-writer-thread']);
  const adminToken = values['admin-token'] ?? process.env.SAMTYKKE_ADMIN_TOKEN;
  const ipHashKey = values['ip-hash-key'] ?? process.env.SAMTYKKE_IP_HASH_KEY;
  const running = await serveLedger({
    storage,
    signingKey,
    origins,
    port,
    host: values.host ?? '127.0.0.1',
    trustedProxies,
    maxConnections,
    maxPendingReceipts,
    maxBufferedBodyBytes: maxBodyMemory * 1024 * 1024,
    maxEventLoopLagMs,
    maxQueueMs,
    ipStorage,
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(adminToken ? { adminToken } : {}),
    ...(ipHashKey ? { ipHashKey } : {}),
    ...(values['default-site'] ? { defaultSite: values['default-site'] } : {}),
    ...(erasureRetention ? { erasureRetention } : {}),
    ...(basePath && basePath !== '/' ? { basePath } : {}),
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
    ...('writerThread' in storage
      ? { writerThread: (storage as SqliteLedgerStorage).writerThread() !== undefined }
      : {}),
    keyId: signingKey.keyId,
  };
  await io.stdout(`${JSON.stringify(line)}\n`);
  if (!origins.length)
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
