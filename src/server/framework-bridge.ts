import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * What a Node framework hands an adapter: the raw request (unread unless a body parser ran), the path under the
 * mount point, the client address as the framework's proxy settings computed it, and a body it parsed already.
 */
export interface FrameworkRequest {
  raw: IncomingMessage;
  /** Path and query under the mount point, e.g. `/receipts`. */
  target: string;
  clientIp: string | undefined;
  /** `req.body` as a body parser left it; `undefined` when none ran. */
  parsed: unknown;
}

/** Headers of a Node request as web `Headers`. */
function headersOf(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) result.append(name, item);
  }
  return result;
}

/**
 * The body the framework already read, back as bytes: a Buffer (`raw()`), a string (`text()`) or a parsed
 * object (`json()`), which is serialised again. The receipt hash covers canonical JSON, so whitespace the
 * parser dropped changes nothing.
 */
function parsedBody(parsed: unknown): string | Uint8Array<ArrayBuffer> {
  if (typeof parsed === 'string') return parsed;
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  return parsed === undefined ? '' : JSON.stringify(parsed);
}

/**
 * The request body as a web stream that reads from the socket only as fast as the handler pulls, so the
 * handler's size limit stops a huge body after the first bytes past it. Cancelling pauses the socket instead
 * of destroying it, so the 413 can still be sent.
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

/** A web `Request` for the ledger handler, whichever way the framework left the body. */
export function webRequestOf({ raw, target, parsed }: FrameworkRequest): Request {
  const method = raw.method ?? 'GET';
  const headers = headersOf(raw.headers);
  // Only the path and query matter to the handler; a hostile Host header must not break URL parsing.
  const url = new URL(target, 'http://localhost');
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    if (raw.readableEnded) {
      // A body parser consumed the stream: its length is not the length of what we pass on.
      headers.delete('content-length');
      headers.delete('transfer-encoding');
      init.body = parsedBody(parsed);
    } else {
      init.body = bodyStream(raw);
      init.duplex = 'half';
    }
  }
  return new Request(`http://localhost${url.pathname}${url.search}`, init);
}

/** The handler's answer as status, plain headers and a Node stream body (or null), for any framework's reply. */
export function nodeReplyOf(response: Response): {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
} {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    status: response.status,
    headers,
    body: response.body ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream) : null,
  };
}

/** Writes the handler's answer on a Node response, with backpressure; resolves when it is sent. */
export async function sendReply(raw: IncomingMessage, out: ServerResponse, response: Response): Promise<void> {
  const reply = nodeReplyOf(response);
  // A body left unread (refused early, or cut off at the limit) cannot be skipped on a kept-alive connection.
  if (!raw.complete) reply.headers.connection = 'close';
  out.writeHead(reply.status, reply.headers);
  if (!reply.body) return void out.end();
  for await (const chunk of reply.body) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
  out.end();
}
