// CPU profile of `samtykke-ledger serve` (SQLite) under the bench's closed-loop load: the event loop and the
// writer thread each write a .cpuprofile (`node --cpu-prof`), summarised here by self time per function and per
// file, with the server's CPU per receipt measured as the bench measures it.
// Run: npm run bench:server-profile   (env: BENCH_SECONDS, default 5; BENCH_CELL, default 10x64;
// BENCH_SERVE_FLAGS, more `serve` flags; BENCH_NODE_FLAGS, flags for the server's node, e.g. "--max-semi-space-size=32";
// BENCH_PROFILE=0 to measure without profiling; the profiles stay in test-results/profile-server/)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair } from '../src/server/keys.js';
import { makeReceipts } from '../test/server/fixtures.js';
import { bundleCli, startLoadLedger } from '../test/server/spawn.js';
import { closedLoop, ORIGIN } from './server-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const [batch, clients] = (process.env.BENCH_CELL ?? '10x64').split('x').map(Number) as [number, number];
// BENCH_PROFILE=0: the same load and CPU figure without the profiler's own cost.
const PROFILE = process.env.BENCH_PROFILE !== '0';
const SERVE_FLAGS = (process.env.BENCH_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
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

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'samtykke-profile-'));
try {
  const cli = await bundleCli();
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, generateKeyPair().privateKey);
  const receipts = await makeReceipts(Math.max(20_000, 10_000 * SECONDS));
  // The server (and its worker threads) profile; this process does not. --cpu-prof is refused in NODE_OPTIONS.
  const server = await startLoadLedger(
    [...NODE_FLAGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${out}`] : []), cli],
    { database: join(dir, 'ledger.db'), key: keyFile, origin: ORIGIN },
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
  const before = cpu();
  const threadsBefore = threads();
  const cell = await closedLoop(server.url, receipts, batch, clients, SECONDS);
  const used = cpu() - before;
  const perThread = [...threads()]
    .map(([name, seconds]) => [name, seconds - (threadsBefore.get(name) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, seconds]) => `${name} ${((seconds * 1e6) / cell.stored).toFixed(0)}`)
    .join(', ');
  server.child.kill('SIGTERM');
  await server.exited;
  console.log(
    `${batch} × ${clients}, ${SECONDS} s: ${Math.round(cell.rate)} receipts/s, p99 ${cell.p99.toFixed(1)} ms, ` +
      `server CPU ${((used * 1e6) / cell.stored).toFixed(0)} µs/receipt (${perThread}) ${PROFILE ? '(profiling on)' : ''}, load ${loadavg()[0]?.toFixed(1)}`,
  );
  for (const file of readdirSync(out).filter((name) => name.endsWith('.cpuprofile'))) {
    console.log(`\n${file}\n${summarise(JSON.parse(readFileSync(join(out, file), 'utf8')) as Profile, 30)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
