import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { loopDelayMs } from './event-loop-lag.js';
import {
  createLedgerHandler,
  type LedgerCore,
  type LedgerHandler,
  type LedgerHandlerOptions,
  ledgerCoreOf,
} from './handler.js';
import { bodyTooLarge, HttpError, json, type LedgerRequest, type LedgerResponse } from './http.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Read the client address from `X-Forwarded-For` (only behind a proxy you run); same as `trustedProxies: 1`. */
  trustProxy?: boolean;
  /**
   * How many proxies you run in front of the endpoint, each appending to `X-Forwarded-For`. The client
   * is the hop the outermost of them added; hops to its left are the client's own claims and ignored.
   * @default 0 (1 with `trustProxy`)
   */
  trustedProxies?: number;
  /**
   * Request bodies held in memory at once, across all connections, in bytes; a body that would pass it
   * gets 503 with `Retry-After`, so many slow or large uploads cannot exhaust memory together. @default 67108864 (64 MiB)
   */
  maxBufferedBodyBytes?: number;
}

/**
 * The client address: the socket's, or with `trustedProxies` the hop the outermost trusted proxy wrote,
 * counted from the right. That hop and every one after it must be a plain IP address; otherwise the
 * address is unknown (stored as none, and rate-limited together with every other unknown client).
 */
export function clientIpOf(request: IncomingMessage, trustedProxies: number): string | undefined {
  if (trustedProxies <= 0) return request.socket.remoteAddress;
  const header = request.headers['x-forwarded-for'];
  if (typeof header !== 'string') return request.socket.remoteAddress;
  const hops = header.split(',').map((hop) => hop.trim());
  if (hops.length < trustedProxies) return undefined;
  const written = hops.slice(hops.length - trustedProxies);
  return written.every((hop) => isIP(hop) !== 0) ? written[0] : undefined;
}

/** Bytes of request bodies held by one listener's requests, until each request's response is done. */
interface BodyBudget {
  used: number;
  max: number;
}

const RETRY_AFTER_BUSY = '1';

/**
 * The request body up to `limit` bytes; past it, reading stops (the socket pauses, so 413 can still be
 * sent). Its bytes count against the listener's `budget` until the response closes; past the budget, 503.
 */
function readNodeBody(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
  budget: BodyBudget,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let held = 0;
    response.once('close', () => {
      budget.used -= held;
      held = 0;
    });
    const done = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        done();
        request.pause();
        reject(bodyTooLarge(limit));
        return;
      }
      if (budget.used + chunk.byteLength > budget.max) {
        done();
        request.pause();
        reject(
          new HttpError(503, 'the server holds too many request bodies, retry later', undefined, {
            'retry-after': RETRY_AFTER_BUSY,
          }),
        );
        return;
      }
      budget.used += chunk.byteLength;
      held += chunk.byteLength;
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(new HttpError(400, 'the client closed the connection before the body ended'));
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('close', onClose);
  });
}

/** Headers as the routes read them: one value per name (Node joins repeated ones, or keeps the first). */
function headersOf(request: IncomingMessage): LedgerRequest['headers'] {
  return {
    get(name) {
      const value = request.headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

// A wrapped handler gets its body buffered; this bounds it (the ledger's own handler streams and stops at its limit).
const WRAPPED_BODY_LIMIT = 4 * 1024 * 1024;

/** A handler that is not one of ours (wrapped by the caller) still runs, through web Request/Response. */
function webCore(handler: LedgerHandler, source: IncomingMessage): LedgerCore {
  return async (request, info) => {
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const body = hasBody ? ((await request.body(WRAPPED_BODY_LIMIT)) as BodyInit) : undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(source.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    const response = await handler(
      new Request(`http://localhost${request.target.startsWith('/') ? '' : '/'}${request.target}`, {
        method: request.method,
        headers,
        ...(body ? { body } : {}),
      }),
      info,
    );
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    return { status: response.status, headers: out, body: response.body ? await response.text() : null };
  };
}

/** Write a ledger response, streaming an iterable body with backpressure (a slow export client buffers nothing). */
async function send(request: IncomingMessage, response: ServerResponse, reply: LedgerResponse): Promise<void> {
  const headers: Record<string, string | number> = reply.headers;
  // A body left unread (refused early, or cut off at the limit) cannot be skipped on a kept-alive connection.
  if (!request.complete) headers.connection = 'close';
  const { body } = reply;
  if (body === null || typeof body === 'string') {
    if (body !== null) headers['content-length'] = Buffer.byteLength(body);
    response.writeHead(reply.status, headers);
    response.end(body ?? undefined);
    return;
  }
  response.writeHead(reply.status, headers);
  for await (const chunk of body) {
    if (response.destroyed) break;
    if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

/**
 * Serve a ledger handler on `node:http`. A handler from {@link createLedgerHandler} runs directly on
 * Node's request and response (no web Request, Headers or streams per request); any other web handler
 * is adapted.
 */
export function createNodeListener(
  handler: LedgerHandler,
  options: NodeListenerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const trustedProxies = options.trustedProxies ?? (options.trustProxy ? 1 : 0);
  const budget: BodyBudget = { used: 0, max: options.maxBufferedBodyBytes ?? 64 * 1024 * 1024 };
  const core = ledgerCoreOf(handler);
  return (request, response) => {
    const arrivedAt = performance.now() - loopDelayMs();
    const ip = clientIpOf(request, trustedProxies);
    const ledgerRequest: LedgerRequest = {
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      headers: headersOf(request),
      body: (limit) => readNodeBody(request, response, limit, budget),
      arrivedAt,
    };
    (core ?? webCore(handler, request))(ledgerRequest, ip ? { clientIp: ip } : {})
      .then((reply) => send(request, response, reply))
      .catch((error: unknown) => {
        // A failure after the headers went out (a broken export stream) can only cut the connection.
        if (error instanceof HttpError && !response.headersSent) {
          void send(request, response, json(error.status, { error: error.message }));
        } else if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
          response.end(JSON.stringify({ error: 'internal error' }));
        } else {
          response.destroy();
        }
      });
  };
}

/** Limits on slow and idle clients, so unfinished requests cannot hold memory or sockets for long. */
export interface ConnectionLimits {
  /** Time to receive the request headers. @default 10000 */
  headersTimeoutMs?: number;
  /** Time to receive the whole request, body included. @default 30000 */
  requestTimeoutMs?: number;
  /** A kept-alive connection with no next request is closed after this. @default 5000 */
  keepAliveTimeoutMs?: number;
  /** A socket with no traffic at all is closed after this. @default 30000 */
  idleTimeoutMs?: number;
  /** Connections at once; more are refused at accept. @default 1024 */
  maxConnections?: number;
}

/** Options of {@link serveLedger}: the handler's, plus where to listen. */
export interface ServeLedgerOptions extends LedgerHandlerOptions, NodeListenerOptions, ConnectionLimits {
  /** @default 8787; 0 picks a free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** A running ledger server. */
export interface RunningLedger {
  server: Server;
  /** `http://host:port` it listens on. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Create the handler and serve it on `node:http`. Closing stops the server (the storage stays open). */
export async function serveLedger(options: ServeLedgerOptions): Promise<RunningLedger> {
  const handler = createLedgerHandler(options);
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeout);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5000,
      // How often Node checks the two timeouts above; the default (30 s) would let them overrun that much.
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
    },
    createNodeListener(handler, {
      trustProxy: options.trustProxy ?? false,
      ...(options.trustedProxies === undefined ? {} : { trustedProxies: options.trustedProxies }),
      ...(options.maxBufferedBodyBytes === undefined ? {} : { maxBufferedBodyBytes: options.maxBufferedBodyBytes }),
    }),
  );
  server.maxConnections = options.maxConnections ?? 1024;
  server.setTimeout(options.idleTimeoutMs ?? 30_000);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
