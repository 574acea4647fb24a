// The load the server bench (server.ts) and its profiler (profile-server.ts) put on a ledger server: keep-alive
// clients POSTing batches of receipts, in a closed loop or paced.
import { Agent, request } from 'node:http';
import type { Receipt } from '../src/types.js';

export const ORIGIN = 'https://fjordkaffe.no';

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

// The request bodies, written before the clock starts: the visitors' browsers that write them are not on the
// server's machine, so writing them while measuring would take CPU from the server under test.
const written = new WeakMap<Receipt[], Map<number, Buffer[]>>();

/** `receipts` in batches of `batch`, each a `POST /receipts` body; written once per set and batch size. */
function bodiesOf(receipts: Receipt[], batch: number): Buffer[] {
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
  return bodies;
}

/** The status of one POST (and its Retry-After), or 0 when the connection failed (refused at accept, reset). */
function post(
  agent: Agent,
  url: URL,
  body: Buffer,
  id?: number,
  written?: (at: number) => void,
): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          'content-length': body.length,
          ...(id === undefined ? {} : { 'x-bench-id': String(id) }),
        },
      },
      (response) => {
        response.resume();
        const retryAfter = response.headers['retry-after'];
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ...(retryAfter ? { retryAfter } : {}) }));
        response.on('error', () => resolve({ status: 0 }));
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    if (written) req.once('finish', () => written(performance.now()));
    req.end(body);
  });
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
}

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
  const bodies = bodiesOf(receipts, batch);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(`${url}/receipts`);
  const latencies: number[] = [];
  let next = 0;
  let stored = 0;
  let requests = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length && performance.now() < deadline) {
        const body = bodies[next++] as Buffer;
        for (;;) {
          const sent = performance.now();
          const { status, retryAfter } = await post(agent, target, body);
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
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rate: stored / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: refused / Math.max(1, requests),
    stored,
  };
}

export interface PacedCell extends Cell {
  /** p99 of the time a refusal (503) took to arrive. */
  refusedP99: number;
  /** Share of requests whose connection failed (refused at accept or reset): neither answered nor stored. */
  failed: number;
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

/**
 * Open loop: requests leave on a fixed schedule whatever the answers, each on a connection of its own when
 * the earlier ones are still waiting (as many visitors' browsers would), up to 1,000 (under the server's
 * connection cap); latency counts from the scheduled time, so a wait for a free connection counts too.
 */
export async function pacedLoop(
  url: string,
  receipts: Receipt[],
  batch: number,
  perSecond: number,
  seconds: number,
  trace?: PacedRequest[],
  /**
   * The most connections open at once. {@link VISITOR_CONNECTIONS} (the default) stands for visitors' browsers,
   * each request on a connection of its own while the earlier ones wait; a few dozen stand for a reverse proxy in
   * front of the server, which keeps that many connections to it open and sends every request over them, so the
   * server accepts no new connection under load. Either way latency counts from the scheduled time.
   */
  connections = VISITOR_CONNECTIONS,
): Promise<PacedCell> {
  const bodies = bodiesOf(receipts, batch);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(`${url}/receipts`);
  const requests = Math.min(Math.floor((perSecond / batch) * seconds), bodies.length);
  const interval = 1000 / (perSecond / batch);
  const latencies: number[] = [];
  const refusals: number[] = [];
  let failed = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let index = 0; index < requests; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    let written = Number.NaN;
    const onWritten = trace
      ? (at: number) => {
          written = at;
        }
      : undefined;
    pending.push(
      post(agent, target, bodies[index] as Buffer, trace ? index : undefined, onWritten).then(({ status }) => {
        const at = performance.timeOrigin;
        trace?.push({
          id: index,
          due: at + due,
          sent: at + sent,
          written: at + written,
          answered: at + performance.now(),
          status,
        });
        if (status === 503) refusals.push(performance.now() - due);
        else if (status === 0) failed++;
        else if (status !== 200) throw new Error(`status ${status}`);
        else latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  refusals.sort((a, b) => a - b);
  return {
    rate: (latencies.length * batch) / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: refusals.length / Math.max(1, requests),
    refusedP99: percentile(refusals, 99),
    failed: failed / Math.max(1, requests),
    stored: latencies.length * batch,
  };
}
