import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLedgerHandler, type LedgerHandler, type LedgerHandlerOptions } from './handler.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Read the client address from `X-Forwarded-For` (only behind a proxy you run). @default false */
  trustProxy?: boolean;
}

/** The client address: the socket's, or the last `X-Forwarded-For` hop added by a trusted proxy. */
function clientIpOf(request: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',').at(-1)?.trim() || undefined;
  return request.socket.remoteAddress;
}

/**
 * The request body as a web stream that reads from the socket only as fast as the handler pulls, so
 * the handler's size limit stops a huge body after the first bytes past it. Cancelling pauses the
 * socket instead of destroying it, so the 413 can still be sent.
 */
function bodyStream(request: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      request.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) request.pause();
      });
      request.once('end', () => controller.close());
      request.once('error', (error) => controller.error(error));
      request.pause();
    },
    pull() {
      request.resume();
    },
    cancel() {
      request.removeAllListeners('data');
      request.pause();
    },
  });
}

/** Turn a web-standard handler into a `node:http` request listener. */
export function createNodeListener(
  handler: LedgerHandler,
  options: NodeListenerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      // Only the path and query matter to the handler; a hostile Host header must not break URL parsing.
      const url = new URL(request.url ?? '/', 'http://localhost');
      const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
      const webRequest = new Request(`http://localhost${url.pathname}${url.search}`, {
        method,
        headers,
        ...(hasBody ? { body: bodyStream(request), duplex: 'half' } : {}),
      } as RequestInit);
      const ip = clientIpOf(request, options.trustProxy ?? false);
      const webResponse = await handler(webRequest, ip ? { clientIp: ip } : {});
      const outHeaders: Record<string, string> = {};
      webResponse.headers.forEach((value, name) => {
        outHeaders[name] = value;
      });
      // A body left unread (refused early, or cut off at the limit) cannot be skipped on a kept-alive connection.
      if (hasBody && !request.complete) outHeaders.connection = 'close';
      response.writeHead(webResponse.status, outHeaders);
      if (!webResponse.body) return void response.end();
      const reader = webResponse.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Respect backpressure: a slow export client must not make the server buffer the ledger.
        if (!response.write(value)) await new Promise((resolve) => response.once('drain', resolve));
      }
      response.end();
    })().catch(() => {
      // A failure after the headers went out (a broken export stream) can only cut the connection.
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: 'internal error' }));
      } else {
        response.destroy();
      }
    });
  };
}

/** Options of {@link serveLedger}: the handler's, plus where to listen. */
export interface ServeLedgerOptions extends LedgerHandlerOptions, NodeListenerOptions {
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
  const server = createServer(createNodeListener(handler, { trustProxy: options.trustProxy ?? false }));
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
