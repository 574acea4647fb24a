import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLedgerHandler, type LedgerHandler, type LedgerHandlerOptions } from './handler.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Bodies past this many bytes are cut off with 413 while they stream in. @default 262144 */
  maxBodyBytes?: number;
  /** Read the client address from `X-Forwarded-For` (only behind a proxy you run). @default false */
  trustProxy?: boolean;
}

function tooLarge(response: ServerResponse, limit: number): void {
  if (response.headersSent) return;
  response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  response.end(JSON.stringify({ error: `body is over the limit of ${limit} bytes` }));
}

/** The client address: the socket's, or the last `X-Forwarded-For` hop added by a trusted proxy. */
function clientIpOf(request: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',').at(-1)?.trim() || undefined;
  return request.socket.remoteAddress;
}

/** Read the body of a Node request, failing as soon as it passes `limit` bytes. */
function readLimited(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (declared > limit) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        // Stop reading the rest; the 413 goes out and the connection closes.
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Turn a web-standard handler into a `node:http` request listener. */
export function createNodeListener(
  handler: LedgerHandler,
  options: NodeListenerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? 262_144;
  return (request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      let body: Buffer | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        body = await readLimited(request, limit);
        if (body === undefined) return tooLarge(response, limit);
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      // Only the path and query matter to the handler; a hostile Host header must not break URL parsing.
      const url = new URL(request.url ?? '/', 'http://localhost');
      const webRequest = new Request(`http://localhost${url.pathname}${url.search}`, {
        method,
        headers,
        ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const ip = clientIpOf(request, options.trustProxy ?? false);
      const webResponse = await handler(webRequest, ip ? { clientIp: ip } : {});
      const outHeaders: Record<string, string> = {};
      webResponse.headers.forEach((value, name) => {
        outHeaders[name] = value;
      });
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
export interface ServeLedgerOptions extends LedgerHandlerOptions, Omit<NodeListenerOptions, 'maxBodyBytes'> {
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
  const server = createServer(
    createNodeListener(handler, {
      maxBodyBytes: options.maxBodyBytes ?? 262_144,
      trustProxy: options.trustProxy ?? false,
    }),
  );
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
