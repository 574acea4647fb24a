// CPU profile of `samtykke-ledger serve` (SQLite, or PostgreSQL with BENCH_ENGINE=postgres) under the bench's
// closed-loop load: the event loop and the writer thread each write a .cpuprofile (`node --cpu-prof`), summarised
// here by self time per function and per file, with the server's CPU per receipt measured as the bench measures it.
// Run: npm run bench:server-profile   (env: BENCH_SECONDS, default 5; BENCH_CELL, default 10x64;
// BENCH_SERVE_FLAGS, more `serve` flags; BENCH_NODE_FLAGS, flags for the server's node, e.g. "--max-semi-space-size=32";
// BENCH_PROFILE=0 to measure without profiling; BENCH_ENGINE=postgres serves a fresh PostgreSQL database, on a
// throwaway cluster as bench:server makes one (or PG_TEST_URL); the profiles stay in test-results/profile-server/)
// Paced: BENCH_PACED=<receipts/s> sends BENCH_CELL's batches on a fixed schedule instead (an open loop, as
// bench:server's), and with BENCH_TIMING=1 the server is timed from inside (server-timing.ts): where the slowest
// requests spent their time, from their scheduled send to their answer, and what the server did meanwhile;
// BENCH_CONNECTIONS=64 sends them over that many kept connections, as a reverse proxy does (default: a connection
// of its own for each request while the earlier ones wait, up to 1,000). A paced run warms up on its own schedule
// and connections first, and its figures (the server's CPU, storage writes) count from the measured part.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { build } from 'esbuild';
import { generateKeyPair } from '../src/server/keys.js';
import { makeReceipts } from '../test/server/fixtures.js';
import { startPostgres, type TestPostgres } from '../test/server/pg-cluster.js';
import { bundleCli, startLoadLedger } from '../test/server/spawn.js';
import {
  type Cell,
  closedLoop,
  ORIGIN,
  type PacedRequest,
  pacedLoop,
  percentile,
  VISITOR_CONNECTIONS,
  WARM_RECEIPTS,
  warmUp,
} from './server-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const [batch, clients] = (process.env.BENCH_CELL ?? '10x64').split('x').map(Number) as [number, number];
// BENCH_PROFILE=0: the same load and CPU figure without the profiler's own cost.
const PROFILE = process.env.BENCH_PROFILE !== '0';
const SERVE_FLAGS = (process.env.BENCH_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const PACED = Number(process.env.BENCH_PACED ?? 0);
const TIMING = process.env.BENCH_TIMING === '1';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? VISITOR_CONNECTIONS);
const ENGINE = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const out = resolve('test-results/profile-server');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function and per file of one profile, the idle and GC samples named as V8 names them. */
function summarise(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    const file = url.replace(/^.*\/(node_modules\/[^/]+|[^/]+)\/?/, '$1/') || '(native)';
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
    byFile.set(file, (byFile.get(file) ?? 0) + time);
    if (functionName !== '(idle)') total += time;
  }
  const table = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, time]) =>
          `  ${time.toFixed(0).padStart(7)} ms  ${((time / total) * 100).toFixed(1).padStart(5)} %  ${name}`,
      )
      .join('\n');
  return `busy ${total.toFixed(0)} ms (idle left out)\nby function:\n${table(byFunction)}\nby file:\n${table(byFile)}`;
}

interface ThreadTiming {
  thread: string;
  gcs: Array<{ at: number; ms: number; kind: number }>;
  stalls: Array<{ at: number; ms: number }>;
  delay: { p50: number; p99: number; max: number };
  requests?: Array<{
    id?: string;
    arrived: number;
    read?: number;
    answered?: number;
    status?: number;
    accepted?: number;
    onSocket?: number;
  }>;
  connections?: number[];
  posts?: Array<{ at: number; type: string; requests: number; receipts: number }>;
  replies?: Array<{ at: number; receipts?: number; ms?: number; outcomes: number }>;
  commits?: Array<{ at: number; receipts: number; ms: number }>;
  checkpoints?: Array<{ at: number; ms: number }>;
}

// V8's kinds of collection (PerformanceObserver 'gc' entries' detail.kind).
const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak callbacks' };

/**
 * Where the paced requests spent their time, from the generator's trace and the server's own record
 * (server-timing.ts): per stage, the median and the 99th percentile over all requests and the mean over the
 * slowest 1 %, then the loop's delay, its stalls and collections, and the writer thread's commits.
 */
function timing(trace: PacedRequest[]): string {
  const threads = readdirSync(out)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(out, name), 'utf8')) as ThreadTiming);
  const main = threads.find((thread) => thread.thread === 'main') as ThreadTiming;
  const byId = new Map((main.requests ?? []).map((request) => [Number(request.id), request]));
  const timed = (status: number) =>
    trace
      .map((sent) => ({ sent, server: byId.get(sent.id) }))
      .filter(
        (row) => row.sent.status === status && row.server?.answered !== undefined && row.server.read !== undefined,
      );
  // The acknowledged requests, then (the same stages, below) the refused ones: a refusal (503) should be quick.
  const rows = timed(200);
  const refused = timed(503);
  const stages: Array<[string, (row: (typeof rows)[number]) => number]> = [
    ['generator late (sent − due)', ({ sent }) => sent.sent - sent.due],
    ['written (written − sent)', ({ sent }) => sent.written - sent.sent],
    ['to the server (arrived − written)', ({ sent, server }) => (server?.arrived ?? 0) - sent.written],
    ['body read (read − arrived)', ({ server }) => (server?.read ?? 0) - (server?.arrived ?? 0)],
    ['in the server (answered − read)', ({ server }) => (server?.answered ?? 0) - (server?.read ?? 0)],
    ['back (generator has it − answered)', ({ sent, server }) => sent.answered - (server?.answered ?? 0)],
    ['total (answer − due)', ({ sent }) => sent.answered - sent.due],
  ];
  const total = (row: (typeof rows)[number]) => row.sent.answered - row.sent.due;
  const slowest = [...rows].sort((a, b) => total(b) - total(a)).slice(0, Math.max(1, Math.ceil(rows.length / 100)));
  const lines = [
    `${rows.length} acknowledged requests timed at both ends (${trace.length} sent); ms: p50, p99 of all; mean of the slowest 1 %`,
  ];
  const table = (of: typeof rows, slow: typeof rows) => {
    for (const [name, stage] of stages) {
      const all = of.map(stage).sort((a, b) => a - b);
      const mean = slow.reduce((sum, row) => sum + stage(row), 0) / Math.max(1, slow.length);
      lines.push(
        `  ${name.padEnd(38)} ${percentile(all, 50).toFixed(1).padStart(7)} ${percentile(all, 99).toFixed(1).padStart(7)} ${mean.toFixed(1).padStart(7)}`,
      );
    }
  };
  table(rows, slowest);
  if (refused.length > 0) {
    lines.push(`${refused.length} refused requests (503), the same stages`);
    table(
      refused,
      [...refused].sort((a, b) => total(b) - total(a)).slice(0, Math.max(1, Math.ceil(refused.length / 100))),
    );
  }
  // What the slowest 1 % lived through, from their scheduled send to their answer: the longest stall of the
  // event loop and of the writer thread's loop (a stall ends at `at` and lasted `ms`), the longest commit, and
  // the collections on the event loop.
  const writer = threads.find((thread) => thread.thread !== 'main' && thread.commits?.length);
  const longest = (spans: Array<{ at: number; ms: number }>, start: number, end: number) =>
    spans.reduce((most, span) => (span.at > start && span.at - span.ms < end ? Math.max(most, span.ms) : most), 0);
  const during = (of: (start: number, end: number) => number) =>
    (slowest.reduce((sum, { sent }) => sum + of(sent.due, sent.answered), 0) / slowest.length).toFixed(1);
  lines.push(
    `  the slowest 1 % lived through (means, ms): longest event-loop stall ${during((a, b) => longest(main.stalls, a, b))}, ` +
      `longest writer stall ${during((a, b) => longest(writer?.stalls ?? [], a, b))}, ` +
      `longest commit ${during((a, b) => longest(writer?.commits ?? [], a, b))}, ` +
      `event-loop gc ${during((a, b) => main.gcs.reduce((sum, gc) => (gc.at >= a && gc.at <= b ? sum + gc.ms : sum), 0))}`,
  );
  // Whether they came on a connection of their own: the first request on a connection the server accepted
  // after the request was written waited for the accept.
  const firsts = slowest.filter(({ server }) => server?.onSocket === 1).length;
  const acceptWait = slowest.reduce(
    (sum, { sent, server }) => sum + (server?.onSocket === 1 ? (server.accepted ?? 0) - sent.written : 0),
    0,
  );
  lines.push(
    `  of the slowest 1 %, ${firsts} of ${slowest.length} were the first request on a new connection; ` +
      `their connection was accepted ${(acceptWait / Math.max(1, firsts)).toFixed(1)} ms after the request was written (mean); ` +
      `of all, ${rows.filter(({ server }) => server?.onSocket === 1).length} came first on a new connection`,
  );
  const from = Math.min(...trace.map((sent) => sent.due));
  const to = Math.max(...trace.map((sent) => sent.answered));
  // When in the run they were due: a tail made of the loop's first moments (its connections still being opened)
  // is a start, not the steady state.
  const dueAt = slowest.map(({ sent }) => sent.due - from).sort((a, b) => a - b);
  lines.push(
    `  the slowest 1 % were due ${percentile(dueAt, 0).toFixed(0)}–${percentile(dueAt, 100).toFixed(0)} ms into the run ` +
      `(median ${percentile(dueAt, 50).toFixed(0)}; ${dueAt.filter((at) => at < 500).length} in its first 500 ms)`,
  );
  for (const thread of threads) {
    const gcs = thread.gcs.filter((gc) => gc.at >= from && gc.at <= to);
    const kinds = new Map<string, { n: number; ms: number; max: number }>();
    for (const gc of gcs) {
      const kind = GC_KINDS[gc.kind] ?? String(gc.kind);
      const sum = kinds.get(kind) ?? { n: 0, ms: 0, max: 0 };
      kinds.set(kind, { n: sum.n + 1, ms: sum.ms + gc.ms, max: Math.max(sum.max, gc.ms) });
    }
    const stalls = thread.stalls.filter((stall) => stall.at >= from && stall.at <= to).map((stall) => stall.ms);
    stalls.sort((a, b) => b - a);
    lines.push(
      `${thread.thread}: loop delay p50 ${thread.delay.p50.toFixed(1)} p99 ${thread.delay.p99.toFixed(1)} max ${thread.delay.max.toFixed(1)} ms; ` +
        `stalls > 5 ms: ${stalls.length} (${stalls.reduce((sum, ms) => sum + ms, 0).toFixed(0)} ms, longest ${stalls
          .slice(0, 5)
          .map((ms) => ms.toFixed(0))
          .join(', ')}); gc: ${[...kinds]
          .map(([kind, sum]) => `${kind} ${sum.n}× ${sum.ms.toFixed(0)} ms (max ${sum.max.toFixed(1)})`)
          .join(', ')}`,
    );
    if (thread.checkpoints?.length) {
      const checkpoints = thread.checkpoints.filter((checkpoint) => checkpoint.at >= from && checkpoint.at <= to);
      const ms = checkpoints.map((checkpoint) => checkpoint.ms).sort((a, b) => a - b);
      lines.push(
        `  checkpoints ${checkpoints.length}: ms p50 ${percentile(ms, 50).toFixed(1)} p99 ${percentile(ms, 99).toFixed(1)} max ${(ms.at(-1) ?? 0).toFixed(1)}, ${ms.reduce((sum, one) => sum + one, 0).toFixed(0)} ms in all`,
      );
    }
    if (thread.commits?.length) {
      const commits = thread.commits.filter((commit) => commit.at >= from && commit.at <= to);
      const ms = commits.map((commit) => commit.ms).sort((a, b) => a - b);
      const sizes = commits.map((commit) => commit.receipts).sort((a, b) => a - b);
      lines.push(
        `  commits ${commits.length}: ms p50 ${percentile(ms, 50).toFixed(1)} p99 ${percentile(ms, 99).toFixed(1)} max ${(ms.at(-1) ?? 0).toFixed(1)}; ` +
          `receipts p50 ${percentile(sizes, 50)} max ${sizes.at(-1)}`,
      );
    }
  }
  lines.push(`connections opened: ${(main.connections ?? []).length}`);
  return lines.join('\n');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'samtykke-profile-'));
let postgres: TestPostgres | undefined;
try {
  if (ENGINE === 'postgres') postgres = await startPostgres();
  const cli = await bundleCli();
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, generateKeyPair().privateKey);
  const receipts = await makeReceipts(Math.max(20_000, 10_000 * SECONDS));
  const warmups = await makeReceipts(WARM_RECEIPTS);
  const timingFile = join(out, 'server-timing.mjs');
  if (TIMING) {
    await build({
      entryPoints: [resolve('bench/server-timing.ts')],
      outfile: timingFile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // better-sqlite3 (native) is the server's own, resolved from the project's node_modules.
      packages: 'external',
      logLevel: 'warning',
    });
    process.env.SAMTYKKE_TIMING_DIR = out;
  }
  // The server (and its worker threads) profile; this process does not. --cpu-prof is refused in NODE_OPTIONS.
  const server = await startLoadLedger(
    [
      ...NODE_FLAGS,
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${out}`] : []),
      ...(TIMING ? ['--import', timingFile] : []),
      cli,
    ],
    { database: postgres ? postgres.url : join(dir, 'ledger.db'), key: keyFile, origin: ORIGIN },
    SERVE_FLAGS,
  );
  const pid = server.child.pid as number;
  const cpu = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  // CPU seconds per thread of the server, by name (the event loop is the process's own id), from /proc.
  const threads = () => {
    const times = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name =
          tid === String(pid) ? 'event loop' : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}:${tid}`;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        times.set(name, (times.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // The thread ended meanwhile.
      }
    }
    return times;
  };
  if (!PACED) await warmUp(server.url, warmups, batch, clients);
  // Bytes the server had the kernel write to storage (its WAL, checkpoints, database file), from /proc.
  const written = () => Number(/^write_bytes: (\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN);
  // The server's counters as the measured loop begins (a paced loop warms up first, on its own connections).
  let before = 0;
  let writtenBefore = 0;
  let threadsBefore = new Map<string, number>();
  // This process's own loop: a late generator sends late, and reads answers late.
  const generatorDelay = monitorEventLoopDelay({ resolution: 1 });
  const measuring = () => {
    before = cpu();
    writtenBefore = written();
    threadsBefore = threads();
    generatorDelay.reset();
    generatorDelay.enable();
  };
  const trace: PacedRequest[] = [];
  if (!PACED) measuring();
  const cell: Cell = PACED
    ? await pacedLoop(server.url, receipts, {
        batch,
        perSecond: PACED,
        seconds: SECONDS,
        connections: CONNECTIONS,
        warmups,
        trace,
        measuring,
      })
    : await closedLoop(server.url, receipts, batch, clients, SECONDS);
  const used = cpu() - before;
  const wrote = written() - writtenBefore;
  generatorDelay.disable();
  const perThread = [...threads()]
    .map(([name, seconds]) => [name, seconds - (threadsBefore.get(name) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, seconds]) => `${name} ${((seconds * 1e6) / cell.stored).toFixed(0)}`)
    .join(', ');
  server.child.kill('SIGTERM');
  await server.exited;
  console.log(
    `${PACED ? `paced at ${PACED} receipts/s in batches of ${batch}` : `${batch} × ${clients}`}, ${SECONDS} s: ` +
      `${Math.round(cell.rate)} receipts/s, p50 ${cell.p50.toFixed(1)} ms, p99 ${cell.p99.toFixed(1)} ms, ` +
      `refused ${(cell.refused * 100).toFixed(1)} %, ` +
      `server CPU ${((used * 1e6) / cell.stored).toFixed(0)} µs/receipt (${perThread}) ${PROFILE ? '(profiling on)' : ''}, load ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(
    `load generator: CPU ${((cell.clientCpu * 1e6) / cell.stored || 0).toFixed(0)} µs/receipt, ` +
      `loop delay p50 ${(generatorDelay.percentile(50) / 1e6).toFixed(1)} p99 ${(generatorDelay.percentile(99) / 1e6).toFixed(1)} max ${(generatorDelay.max / 1e6).toFixed(1)} ms`,
  );
  console.log(
    `storage writes: ${(wrote / cell.stored / 1024).toFixed(1)} KiB per receipt, ${(wrote / SECONDS / 2 ** 20).toFixed(0)} MiB/s`,
  );
  if (TIMING && existsSync(join(out, 'main.json'))) {
    writeFileSync(join(out, 'generator.trace'), JSON.stringify(trace));
    console.log(`\n${timing(trace)}`);
  }
  for (const file of readdirSync(out).filter((name) => name.endsWith('.cpuprofile'))) {
    console.log(`\n${file}\n${summarise(JSON.parse(readFileSync(join(out, file), 'utf8')) as Profile, 30)}`);
  }
} finally {
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
