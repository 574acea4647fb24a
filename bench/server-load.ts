// The load the server bench (server.ts) and its profiler (profile-server.ts) put on a ledger server: keep-alive
// clients POSTing batches of receipts, in a closed loop or paced.
import type { Receipt } from '../src/types.js';
import { ConnectionPool, requestBytes } from './http-client.js';

export const ORIGIN = 'https://fjordkaffe.no';

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

// The requests, written before the clock starts: the visitors' browsers that write them are not on the server's
// machine, so writing them while measuring would take CPU from the server under test. The JSON bodies are written
// once per set of receipts and batch size; each loop puts its own request line and headers before them.
const written = new WeakMap<Receipt[], Map<number, Buffer[]>>();

/** `receipts` in batches of `batch`, each the bytes of a whole `POST /receipts` to `target`. */
function requestsOf(target: URL, receipts: Receipt[], batch: number, id: boolean): Buffer[] {
  let bySize = written.get(receipts);
  if (!bySize) {
    bySize = new Map();
    written.set(receipts, bySize);
  }
  let bodies = bySize.get(batch);
  if (!bodies) {
    bodies = [];
    for (let offset = 0; offset + batch <= receipts.length; offset += batch) {
      bodies.push(Buffer.from(JSON.stringify({ receipts: receipts.slice(offset, offset + batch) })));
    }
    bySize.set(batch, bodies);
  }
  return bodies.map((body, index) =>
    requestBytes(
      target,
      'POST',
      { 'content-type': 'application/json', origin: ORIGIN, ...(id ? { 'x-bench-id': String(index) } : {}) },
      body,
    ),
  );
}

export interface Cell {
  /** Receipts acknowledged per second. */
  rate: number;
  p50: number;
  p99: number;
  /** Share of requests refused with 503 (admission control), which the latencies leave out. */
  refused: number;
  /** Receipts acknowledged. */
  stored: number;
  /** CPU seconds the load generator spent sending and reading (not writing the requests, done before). */
  clientCpu: number;
}

/**
 * Collects this process's garbage (the requests written for the loop before, those just written for this one's
 * setup) before a loop starts, where node runs with --expose-gc (the bench scripts do): a major collection of a
 * heap that grew over the runs before would otherwise stall the load generator in the middle of a measurement.
 */
const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** CPU seconds this process spent since `since` (a `process.cpuUsage()`). */
const cpuSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

// A closed-loop client refused with 503 sends the same batch again after the Retry-After the server asked for,
// as the browser's outbox does (src/ledger/backoff.ts); a client that came back at once would measure the cost of
// refusing a retry storm, not what the server takes.
const retryAfterMs = (header: string | undefined) => Math.min(5000, Math.max(50, Number(header ?? 1) * 1000));

/** Closed loop: each client sends its next request when the previous one is answered. */
export async function closedLoop(
  url: string,
  receipts: Receipt[],
  batch: number,
  clients: number,
  seconds: number,
): Promise<Cell> {
  const target = new URL(`${url}/receipts`);
  const posts = requestsOf(target, receipts, batch, false);
  const pool = new ConnectionPool(target, clients);
  collect();
  const cpu = process.cpuUsage();
  const latencies: number[] = [];
  let next = 0;
  let stored = 0;
  let requests = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < posts.length && performance.now() < deadline) {
        const post = posts[next++] as Buffer;
        for (;;) {
          const sent = performance.now();
          const { status, retryAfter } = await pool.send(post);
          requests++;
          if (status === 503) {
            refused++;
            await new Promise((resolve) => setTimeout(resolve, retryAfterMs(retryAfter)));
            continue;
          }
          if (status !== 200) throw new Error(`status ${status}`);
          latencies.push(performance.now() - sent);
          stored += batch;
          break;
        }
      }
    }),
  );
  pool.close();
  latencies.sort((a, b) => a - b);
  return {
    rate: stored / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: refused / Math.max(1, requests),
    stored,
    clientCpu: cpuSince(cpu),
  };
}

export interface PacedCell extends Cell {
  /** p99 of the time a refusal (503) took to arrive. */
  refusedP99: number;
  /** Share of requests whose connection failed (refused at accept or reset): neither answered nor stored. */
  failed: number;
  /** p99 of how late the load generator sent a request after its scheduled time (its own stalls, its GC). */
  lateP99: number;
}

/** One paced request as the load generator saw it (epoch milliseconds), for profile-server.ts. */
export interface PacedRequest {
  id: number;
  /** When the schedule said it leaves. */
  due: number;
  /** When it was handed to the HTTP client. */
  sent: number;
  /** When the HTTP client had written all of it to its socket. */
  written: number;
  /** When its answer ended. */
  answered: number;
  status: number;
}

/** Connections a paced loop opens at most when each request goes on one of its own (under the server's cap). */
export const VISITOR_CONNECTIONS = 1000;

/** How a paced loop sends: its rate, for how long, over how many connections, after what warm-up. */
export interface Pace {
  /** Receipts per request. */
  batch: number;
  /** Receipts per second offered. */
  perSecond: number;
  /** Seconds measured. */
  seconds: number;
  /**
   * The most connections open at once. {@link VISITOR_CONNECTIONS} (the default) stands for visitors' browsers,
   * each request on a connection of its own while the earlier ones wait; a few dozen stand for a reverse proxy in
   * front of the server, which keeps that many connections to it open and sends every request over them, so the
   * server accepts no new connection under load. Either way latency counts from the scheduled time.
   */
  connections?: number;
  /**
   * Receipts of their own sent first on the same schedule and the same connections for up to
   * {@link WARM_SECONDS}, not measured: the measured loop starts in the steady state of this load, its connections
   * open, instead of opening them all in its first moments (see `pacedLoop`).
   */
  warmups?: Receipt[];
  /** Each measured request's times, for profile-server.ts. */
  trace?: PacedRequest[];
  /** Called as the measured loop begins, after the warm-up: where profile-server.ts reads the server's counters. */
  measuring?: () => void;
}

/** What one schedule saw, before it is summarised. */
interface Schedule {
  latencies: number[];
  refusals: number[];
  lateness: number[];
  failed: number;
  requests: number;
  seconds: number;
}

/** Sends `posts` over `pool` on a fixed schedule, `perRequestMs` apart, for `seconds` at most. */
async function schedule(
  pool: ConnectionPool,
  posts: Buffer[],
  perRequestMs: number,
  seconds: number,
  trace?: PacedRequest[],
): Promise<Schedule> {
  const requests = Math.min(Math.floor((seconds * 1000) / perRequestMs), posts.length);
  const result: Schedule = { latencies: [], refusals: [], lateness: [], failed: 0, requests, seconds: 0 };
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let index = 0; index < requests; index++) {
    const due = started + index * perRequestMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    result.lateness.push(sent - due);
    let written = Number.NaN;
    const onWritten = trace
      ? (at: number) => {
          written = at;
        }
      : undefined;
    pending.push(
      pool.send(posts[index] as Buffer, onWritten).then(({ status }) => {
        const at = performance.timeOrigin;
        trace?.push({
          id: index,
          due: at + due,
          sent: at + sent,
          written: at + written,
          answered: at + performance.now(),
          status,
        });
        if (status === 503) result.refusals.push(performance.now() - due);
        else if (status === 0) result.failed++;
        else if (status !== 200) throw new Error(`status ${status}`);
        else result.latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Open loop: requests leave on a fixed schedule whatever the answers, each on a connection of its own when
 * the earlier ones are still waiting (as many visitors' browsers would), up to 1,000 (under the server's
 * connection cap); latency counts from the scheduled time, so a wait for a free connection counts too.
 *
 * With `warmups`, the same schedule runs first with those receipts on the same connections, and only what
 * follows is measured, as wrk2 leaves out its calibration. Measured from a standing start, the loop's slowest
 * 1 % were its first moments (33 and 35 of 35 due in the first 500 ms at 7,000/s, median 30–41 ms): it opened
 * 40–60 connections at once, and the server accepts one per turn of its event loop (docs/server.md, "the accept
 * delay"), so the last of them waited 40–70 ms to be accepted — the start of the load, not its steady state.
 */
export async function pacedLoop(url: string, receipts: Receipt[], pace: Pace): Promise<PacedCell> {
  const { batch, perSecond, seconds, connections = VISITOR_CONNECTIONS, warmups, trace, measuring } = pace;
  const target = new URL(`${url}/receipts`);
  const perRequestMs = 1000 / (perSecond / batch);
  const pool = new ConnectionPool(target, connections);
  if (warmups && WARM_SECONDS > 0) {
    await schedule(pool, requestsOf(target, warmups, batch, false), perRequestMs, WARM_SECONDS);
  }
  const posts = requestsOf(target, receipts, batch, trace !== undefined);
  collect();
  measuring?.();
  const cpu = process.cpuUsage();
  const run = await schedule(pool, posts, perRequestMs, seconds, trace);
  const clientCpu = cpuSince(cpu);
  pool.close();
  const { latencies, refusals, lateness, requests } = run;
  latencies.sort((a, b) => a - b);
  refusals.sort((a, b) => a - b);
  lateness.sort((a, b) => a - b);
  return {
    rate: (latencies.length * batch) / run.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: refusals.length / Math.max(1, requests),
    refusedP99: percentile(refusals, 99),
    failed: run.failed / Math.max(1, requests),
    lateP99: percentile(lateness, 99),
    stored: latencies.length * batch,
    clientCpu,
  };
}

/**
 * Seconds of load each measurement is preceded by (BENCH_WARM_SECONDS, default 3, or until {@link WARM_RECEIPTS}
 * are sent): a server that has run for a while has compiled its hot code, and the figures are for that server.
 * Started fresh per cell and measured at once, a cell at one client spent a quarter of the server's CPU in V8's
 * optimising compiler, on its background threads (`--no-opt --no-maglev` took that away).
 */
export const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);

/** Receipts for warming up, not the measured ones: a fast cell sends them all in under a second. */
export const WARM_RECEIPTS = 12_000;

/**
 * Warms a fresh server up with `warmups` (receipts of their own: the measured ones must reach it new) in the
 * closed loop it is about to be measured under; a paced loop warms up on its own schedule (`Pace.warmups`).
 */
export async function warmUp(url: string, warmups: Receipt[], batch: number, clients: number): Promise<void> {
  if (WARM_SECONDS > 0) await closedLoop(url, warmups, batch, clients, WARM_SECONDS);
}
