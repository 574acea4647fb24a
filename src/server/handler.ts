import type { KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { UUID } from '../core/formats.js';
import type { Receipt } from '../types.js';
import { createSealer } from './chain.js';
import { authorizeVisitorErasure, checkRetention, ERASURE_KEY_HEADER, visitorErasure } from './erasure.js';
import { eventLoopLagMs } from './event-loop-lag.js';
import {
  bearerToken,
  bodyText,
  HttpError,
  isoParam,
  json,
  jsonText,
  type LedgerRequest,
  type LedgerResponse,
  readBody,
  readWebBody,
  sameSecret,
} from './http.js';
import { anonymizeIp, expandIPv6, type IpStorage } from './ip.js';
import { type SigningKey, signingKeyFrom } from './keys.js';
import { createKnownNotices, keepNotices, namedNotices, noticeAnswer, noticeHashFromPath } from './notices.js';
import { createQueueAdmission } from './queue-admission.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { parseReceipts, type ReceiptsBody } from './receipts-route.js';
import { StatsQueryError, statsQueryOf } from './stats.js';
import {
  type AppendAnswer,
  type AppendItem,
  appendAnswerOf,
  type LedgerStorage,
  ReceiptConflictError,
  type Sealer,
  StorageUnavailableError,
  scanLedger,
} from './storage.js';
import { inSlices } from './turn-slices.js';

/** One structured log line, written per request. Never holds a raw IP or a consent id. */
export interface LedgerLogEntry {
  time: string;
  level: 'info' | 'warn' | 'error';
  method: string;
  /** The route, with the consent id replaced by `:recordId`. */
  route: string;
  status: number;
  durationMs: number;
  client: string | null;
  site?: string;
  receipts?: number;
  stored?: number;
  error?: string;
}

/** Options of {@link createLedgerHandler}. */
export interface LedgerHandlerOptions {
  storage: LedgerStorage;
  /** Ed25519 private key (PEM, KeyObject, or a loaded SigningKey). */
  signingKey: string | KeyObject | SigningKey;
  /** Site origins allowed to post, e.g. `https://fjordkaffe.no`. Requests from other origins get 403. */
  origins?: readonly string[];
  /** The chain for requests without an Origin header (server-to-server). @default 'default' */
  defaultSite?: string;
  /**
   * How long a visitor's erasure keeps their receipts (ISO 8601 duration, e.g. `P3Y`: your limitation period)
   * before they become tombstones; meanwhile only the client address is removed. Unset: erased at once.
   * Admin erasures are always immediate. See docs/ledger.md, "What erasure keeps".
   */
  erasureRetention?: string;
  /** Bearer token for the admin routes; without it they answer 401. */
  adminToken?: string;
  /** Mount point, e.g. `/ledger`. @default '' */
  basePath?: string;
  /** @default 262144 (256 KiB) */
  maxBodyBytes?: number;
  /** @default 100 */
  maxBatch?: number;
  /**
   * Receipts taken but not yet committed, at most; past it, new posts get 503 with `Retry-After` before
   * their body is parsed, so a burst beyond what the database can commit waits in the browsers' outboxes
   * rather than in this process, and the requests taken are answered quickly. @default 1000
   */
  maxPendingReceipts?: number;
  /**
   * Load shedding: while this process's event loop runs later than this (milliseconds; see
   * event-loop-lag.ts), new posts get 503 with `Retry-After` before their body is parsed. Requests then
   * already wait that long in socket buffers, where no queue bound inside the process sees them; refusing
   * some lets the rest be answered in time, and the browsers' outboxes send the refused ones later.
   * Off when unset or 0 (a library user chooses); `samtykke-ledger serve` sets 200 (`--max-event-loop-lag`).
   */
  maxEventLoopLagMs?: number;
  /**
   * Shedding on queueing time: a post that has waited longer than this (milliseconds) since it arrived, counting
   * the wait the requests ahead of it will still cause, gets 503 with `Retry-After` before its body is parsed;
   * one already taken whose commit has not started by then is refused the same way, unstored. Under an
   * overload the requests taken are then answered within about this much more than their own commit, and the
   * rest at once. Off when unset or 0 (`--max-queue-time`); see docs/server.md for what it costs a starved process.
   */
  maxQueueMs?: number;
  /** Per-client token bucket, or false for none. @default { capacity: 60, refillPerSecond: 10 } */
  rateLimit?: RateLimitOptions | false;
  /** How client addresses are stored. @default 'truncate' */
  ipStorage?: IpStorage;
  /** Secret for `ipStorage: 'hash'`. */
  ipHashKey?: string;
  /** Receives one entry per request. @default JSON lines on stdout */
  logger?: (entry: LedgerLogEntry) => void;
  now?: () => Date;
}

/** A web-standard request handler; `clientIp` is the socket's remote address when the adapter knows it. */
export type LedgerHandler = (request: Request, info?: { clientIp?: string }) => Promise<Response>;

/** The handler without web Request/Response objects, for adapters that can skip them (node:http). */
export type LedgerCore = (request: LedgerRequest, info?: { clientIp?: string }) => Promise<LedgerResponse>;

const CORE = Symbol('samtykke.ledgerCore');

/** The core behind a handler made by {@link createLedgerHandler}, or undefined for any other function. */
export function ledgerCoreOf(handler: LedgerHandler): LedgerCore | undefined {
  return (handler as { [CORE]?: LedgerCore })[CORE];
}

// How long a client waits before retrying while the database is unavailable, or while the queue is full.
const RETRY_AFTER_SECONDS = 5;
const BUSY_RETRY_AFTER_SECONDS = 1;
// navigator.sendBeacon sends strings as text/plain, which (unlike application/json) needs no CORS preflight.
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);

/**
 * The ledger endpoint as a `(Request) => Promise<Response>` handler: `POST /receipts`,
 * `GET|DELETE /receipts/:recordId`, `GET /notices/:hash`, `GET /export`, `GET /stats`, `GET /health`,
 * `GET /.well-known/samtykke-key`.
 */
export function createLedgerHandler(options: LedgerHandlerOptions): LedgerHandler {
  const core = createLedgerCore(options);
  const handler: LedgerHandler = async (request, info) => {
    const url = new URL(request.url);
    const response = await core(
      {
        method: request.method,
        target: url.pathname + url.search,
        headers: request.headers,
        body: (limit) => readWebBody(request.body, limit),
      },
      info,
    );
    return toWebResponse(response);
  };
  return Object.assign(handler, { [CORE]: core });
}

function createLedgerCore(options: LedgerHandlerOptions): LedgerCore {
  const { storage } = options;
  const key = isSigningKey(options.signingKey) ? options.signingKey : signingKeyFrom(options.signingKey);
  const now = options.now ?? (() => new Date());
  // Without a clock of the caller's, the sealer is one a SQLite writer thread can make on its side.
  const seal = createSealer(key, options.now);
  const origins = new Set(options.origins ?? []);
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  const maxBody = options.maxBodyBytes ?? 262_144;
  const maxBatch = options.maxBatch ?? 100;
  const maxPending = options.maxPendingReceipts ?? 1000;
  const maxLag = options.maxEventLoopLagMs ?? 0;
  const admission = createQueueAdmission(options.maxQueueMs ?? 0);
  // Receipts of requests waiting for their commit: the group committer's queue, as this handler fed it.
  let pending = 0;
  const ipStorage = options.ipStorage ?? 'truncate';
  if (options.erasureRetention !== undefined) checkRetention(options.erasureRetention);
  if (ipStorage === 'hash' && !options.ipHashKey) throw new Error('ipStorage "hash" needs ipHashKey');
  const limiter =
    options.rateLimit === false
      ? undefined
      : createRateLimiter(options.rateLimit ?? { capacity: 60, refillPerSecond: 10 });
  const log = options.logger ?? writeLogLine;
  const publicJwk = key.publicKey.export({ format: 'jwk' });
  const publicPem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const knownNotices = createKnownNotices();

  function requireAdmin(request: LedgerRequest): void {
    const token = bearerToken(request);
    if (token === undefined)
      throw new HttpError(401, 'admin token required: send Authorization: Bearer <token>', undefined, {
        'www-authenticate': 'Bearer',
      });
    if (!options.adminToken || !sameSecret(token, options.adminToken)) throw new HttpError(403, 'admin token is wrong');
  }

  /**
   * Check a `POST /receipts` body, hand its receipts to the storage and answer once they are durable. Not async,
   * and no closure here holds the body, the parsed receipts or their texts: only what the answer needs waits for
   * the commit, so the rest dies young (hundreds of batches wait at once, and what survives a scavenge is copied).
   */
  function commitReceipts(
    text: string,
    site: string,
    client: string | null,
    entry: Partial<LedgerLogEntry>,
    timed: boolean,
  ): Promise<LedgerResponse> {
    const parseStarted = timed ? performance.now() : 0;
    const body = parseReceipts(text, maxBatch);
    const count = body.receipts.length;
    if (timed) admission.parsed(count, performance.now() - parseStarted);
    const named = namedNotices(body.receipts);
    const documents = body.notices;
    entry.site = site;
    entry.receipts = count;
    pending += count;
    return appendSafely(storage, appendItemsOf(body, site, client), seal).then(
      async (answer) => {
        pending -= count;
        entry.stored = answer.stored;
        const noticesWanted = await keepNotices(storage, knownNotices, named, documents, site, now().toISOString());
        // As JSON.stringify({ acknowledgements, noticesWanted? }) writes it, around the text the storage wrote.
        const wanted = noticesWanted.length > 0 ? `,"noticesWanted":${JSON.stringify(noticesWanted)}` : '';
        return jsonText(200, `{"acknowledgements":${answer.acknowledgements}${wanted}}`);
      },
      (error: unknown) => {
        pending -= count;
        throw error;
      },
    );
  }

  async function route(
    request: LedgerRequest,
    url: URL,
    origin: string | null,
    entry: Partial<LedgerLogEntry>,
    client: string | null,
  ) {
    const path = url.pathname.slice(basePath.length) || '/';
    // HEAD answers wherever GET does, without the body (health checks probe with HEAD).
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const recordMatch = /^\/receipts\/([^/]+)$/.exec(path);
    const noticeMatch = /^\/notices\/(.+)$/.exec(path);
    entry.route = recordMatch ? '/receipts/:recordId' : noticeMatch ? '/notices/:hash' : path.slice(0, 100);

    if (path === '/health') {
      if (method !== 'GET') throw new HttpError(405, 'use GET', undefined, { allow: 'GET' });
      await storage.ping();
      return json(200, { status: 'ok', storage: storage.kind });
    }
    if (path === '/.well-known/samtykke-key') {
      if (method !== 'GET') throw new HttpError(405, 'use GET', undefined, { allow: 'GET' });
      return json(200, {
        keyId: key.keyId,
        algorithm: 'Ed25519',
        jwk: { ...publicJwk, kid: key.keyId },
        pem: publicPem,
      });
    }
    if (path === '/receipts') {
      if (method !== 'POST') throw new HttpError(405, 'use POST', undefined, { allow: 'POST, OPTIONS' });
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!ACCEPTED_TYPES.has(type)) {
        throw new HttpError(
          415,
          `content-type: expected application/json (or text/plain from sendBeacon), got ${JSON.stringify(type.slice(0, 60) || 'nothing')}`,
        );
      }
      // Read in full (a kept-alive connection needs it), decoded only once the post is taken.
      const bytes = await readBody(request, maxBody);
      // Browsers always send Origin on a POST; a request without one is a server, which must prove it is the
      // owner's, or anyone could inject receipts into the default chain.
      if (origin === null) requireAdmin(request);
      // Admitted and parsed in slices, between which the loop accepts and reads (see turn-slices.ts): each post is
      // admitted in its turn, counting the posts parsed before it and the time it waited for its slice.
      return inSlices(() => {
        // Admission control: past the bound, refuse before spending CPU on the body.
        if (pending >= maxPending) throw BUSY;
        if (maxLag > 0 && eventLoopLagMs() > maxLag) throw OVERLOADED;
        // Queueing time, from the request's arrival (see queue-admission.ts); none of its bookkeeping when it is off.
        const shedOnQueueTime = (options.maxQueueMs ?? 0) > 0;
        if (shedOnQueueTime) {
          const arrivedAt = request.arrivedAt ?? performance.now();
          const queueMs = storage.expectedQueueMs?.() ?? 0;
          if (!admission.admit(arrivedAt, pending, queueMs, storage.commitCostMs?.(0) ?? 0)) throw BUSY;
        }
        return commitReceipts(
          bodyText(bytes),
          origin ?? options.defaultSite ?? 'default',
          client,
          entry,
          shedOnQueueTime,
        );
      });
    }
    if (noticeMatch) {
      if (method !== 'GET') throw new HttpError(405, 'use GET', undefined, { allow: 'GET' });
      requireAdmin(request);
      const hash = noticeHashFromPath(noticeMatch[1] as string);
      const notice = await storage.notice(hash);
      if (!notice) throw new HttpError(404, `no notice ${hash} in the ledger`);
      return json(200, noticeAnswer(notice));
    }
    if (recordMatch) {
      const recordId = decodePathSegment(recordMatch[1] as string);
      if (!UUID.test(recordId))
        throw new HttpError(400, `recordId: expected a UUID, got ${JSON.stringify(recordId.slice(0, 40))}`);
      if (method === 'GET') {
        requireAdmin(request);
        return json(200, { recordId, receipts: await storage.byRecord(recordId) });
      }
      if (method === 'DELETE') {
        // The owner erases on every site; a visitor only on the site the receipts came from, with their secret.
        if (bearerToken(request) !== undefined || origin === null) {
          requireAdmin(request);
          return json(200, { recordId, erased: await storage.erase(recordId, now().toISOString()) });
        }
        await authorizeVisitorErasure(storage, origin, recordId, request.headers.get(ERASURE_KEY_HEADER));
        return json(200, await visitorErasure(storage, origin, recordId, now(), options.erasureRetention));
      }
      throw new HttpError(405, 'use GET or DELETE', undefined, { allow: 'GET, DELETE, OPTIONS' });
    }
    if (path === '/export') {
      if (method !== 'GET') throw new HttpError(405, 'use GET', undefined, { allow: 'GET' });
      requireAdmin(request);
      return exportResponse(storage, isoParam(url, 'from'), isoParam(url, 'to'));
    }
    if (path === '/stats') {
      if (method !== 'GET') throw new HttpError(405, 'use GET', undefined, { allow: 'GET' });
      requireAdmin(request);
      const stats = await storage.stats(statsQueryOf(url.searchParams)).catch((error: unknown) => {
        throw error instanceof StatsQueryError ? new HttpError(400, error.message) : error;
      });
      return json(200, stats);
    }
    throw new HttpError(404, `no route ${method} ${path.slice(0, 100)}`);
  }

  return async (request, info = {}) => {
    const started = performance.now();
    const client = anonymizeIp(info.clientIp, ipStorage, options.ipHashKey);
    const entry: Partial<LedgerLogEntry> = { method: request.method.slice(0, 20), client };
    let response: LedgerResponse;
    const origin = request.headers.get('origin');
    const cors: Record<string, string> =
      origin && origins.has(origin)
        ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'retry-after', vary: 'Origin' }
        : {};
    try {
      // Only the path and query matter; the base keeps a hostile Host or an absolute-form target harmless.
      const url = new URL(request.target, 'http://localhost');
      if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
        throw new HttpError(404, 'not found');
      }
      if (origin !== null && !origins.has(origin))
        throw new HttpError(403, `origin ${origin.slice(0, 100)} is not allowed`);
      // Without a usable address (a malformed forwarded header) the request shares one bucket: never none.
      const limited = limiter ? limiter.take(rateLimitKey(info.clientIp)) : { ok: true as const };
      if (!limited.ok) {
        throw new HttpError(429, 'too many requests', undefined, { 'retry-after': String(limited.retryAfterSeconds) });
      }
      if (request.method === 'OPTIONS') {
        entry.route = 'preflight';
        response = {
          status: 204,
          headers: {
            'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
            'access-control-allow-headers': `content-type, authorization, ${ERASURE_KEY_HEADER}`,
            'access-control-max-age': '600',
          },
          body: null,
        };
      } else {
        response = await route(request, url, origin, entry, client);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        response = json(
          error.status,
          error.errors ? { error: error.message, errors: error.errors } : { error: error.message },
          error.headers,
        );
        entry.error = error.message.slice(0, 300);
      } else if (error instanceof ReceiptConflictError) {
        response = json(409, { error: error.message });
        entry.error = error.message;
      } else if (error instanceof StorageUnavailableError) {
        // Nothing was acknowledged; the browser's outbox keeps the receipts and comes back after Retry-After.
        response = json(
          503,
          { error: 'storage unavailable, retry later' },
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        );
        entry.error = error.message.slice(0, 300);
      } else {
        // Never a stack trace in a response; the message goes to the log only.
        response = json(500, { error: 'internal error' });
        entry.error = (error as Error)?.message?.slice(0, 300) ?? String(error);
      }
    }
    Object.assign(response.headers, cors);
    if (request.method === 'HEAD') response.body = null;
    log({
      time: now().toISOString(),
      level: response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info',
      route: entry.route ?? 'unknown',
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...entry,
    } as LedgerLogEntry);
    return response;
  };
}

// The default log: JSON lines on stdout, written once per turn of the event loop rather than once per request
// (a write to a pipe or file is a synchronous system call each), and at exit whatever is left.
let logLines = '';
function flushLog(): void {
  const lines = logLines;
  logLines = '';
  if (lines) process.stdout.write(lines);
}
function writeLogLine(entry: LedgerLogEntry): void {
  if (!logLines) {
    setImmediate(flushLog);
    if (!exitFlush) {
      exitFlush = true;
      process.once('exit', flushLog);
    }
  }
  logLines += `${JSON.stringify(entry)}\n`;
}
let exitFlush = false;

/**
 * The storage's answer to an append (`appendAnswer`, or made of `append`'s results), a synchronous throw of it (a
 * storage of the caller's) turned into a rejection.
 */
function appendSafely(storage: LedgerStorage, items: AppendItem[], seal: Sealer): Promise<AppendAnswer> {
  try {
    return storage.appendAnswer ? storage.appendAnswer(items, seal) : storage.append(items, seal).then(appendAnswerOf);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** What the storage appends for a checked batch. */
function appendItemsOf(body: ReceiptsBody, site: string, client: string | null): AppendItem[] {
  const { receipts, texts, erasureKeys } = body;
  const items: AppendItem[] = [];
  for (let index = 0; index < receipts.length; index++) {
    const receipt = receipts[index] as Receipt;
    items.push({ receipt, site, client, erasureKeyHash: erasureKeys.get(receipt.recordId), text: texts[index] });
  }
  return items;
}

// The refusals of an overload, made once: under an overload most posts get one, and each new error would
// capture a stack trace that nothing reads. The receipts stay in the browser's outbox for a retry.
/** 503 for a post refused because the ledger is busy (its queue is full, or the wait would be too long). */
const BUSY = new HttpError(503, 'the ledger is busy, retry later', undefined, {
  'retry-after': String(BUSY_RETRY_AFTER_SECONDS),
});
/** 503 for a post refused because the event loop runs late (see `maxEventLoopLagMs`). */
const OVERLOADED = new HttpError(503, 'the server is overloaded, retry later', undefined, {
  'retry-after': String(BUSY_RETRY_AFTER_SECONDS),
});

function isSigningKey(value: unknown): value is SigningKey {
  return typeof value === 'object' && value !== null && 'keyId' in value && 'privateKey' in value;
}

function exportResponse(storage: LedgerStorage, from: string | undefined, to: string | undefined): LedgerResponse {
  async function* lines() {
    for await (const row of scanLedger(storage, { from, to })) yield `${JSON.stringify(row)}\n`;
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
    body: lines(),
  };
}

/** A path segment percent-decoded; a malformed escape is the client's mistake (400), not ours. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `path: malformed percent-encoding in ${JSON.stringify(segment.slice(0, 40))}`);
  }
}

/**
 * The rate-limit bucket of an address: an IPv4 address on its own, an IPv6 address by its /64 (one
 * subscriber's allocation, so rotating through it does not buy fresh buckets).
 */
export function rateLimitKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** A web Response for other runtimes. */
function toWebResponse(response: LedgerResponse): Response {
  const { body } = response;
  if (body === null || typeof body === 'string') {
    return new Response(body, { status: response.status, headers: response.headers });
  }
  const iterator = body[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, { status: response.status, headers: response.headers });
}
