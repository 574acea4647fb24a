import { isUtf8 } from 'node:buffer';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseIsoTime } from './iso-time.js';

/** An error that becomes a JSON response `{ error, errors? }` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: string[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * A request as the ledger's routes see it: the little they need, so the same routes run behind
 * `node:http` directly (no web Request per request) and behind any web-standard runtime.
 */
export interface LedgerRequest {
  method: string;
  /** Path and query as sent, e.g. `/receipts?x=1`. */
  target: string;
  headers: { get(name: string): string | null };
  /** The whole body, at most `limit` bytes: past it, stop reading and throw 413 (never buffer it all). */
  body(limit: number): Promise<Uint8Array>;
  /**
   * When the request arrived (`performance.now()` time), as well as the adapter can tell: on node:http, when
   * its headers were read, less the time the event loop had been kept from reading them. Unset: when the
   * handler was called.
   */
  arrivedAt?: number;
}

/** A response as the routes produce it; a streamed body is an async iterable of text chunks. */
export interface LedgerResponse {
  status: number;
  headers: Record<string, string>;
  body: string | AsyncIterable<string> | null;
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): LedgerResponse {
  return jsonText(status, JSON.stringify(body), headers);
}

/** A JSON response whose body is already written. */
export function jsonText(status: number, body: string, headers: Record<string, string> = {}): LedgerResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body,
  };
}

/** 413 for a body past the limit, named the same way on every runtime. */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(413, `body is over the limit of ${limit} bytes`);
}

/**
 * Read a request body's bytes; a declared or actual size over `limit` bytes is 413. Decoding them
 * ({@link bodyText}) is left until the request is taken: a post refused as busy costs its read, not its decoding.
 */
export async function readBody(request: LedgerRequest, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new HttpError(413, `body is ${declared} bytes; the limit is ${limit}`);
  return request.body(limit);
}

/** A body's bytes as UTF-8 text; bytes that are not UTF-8 are 400. */
export function bodyText(bytes: Uint8Array): string {
  // Checked, then decoded by Buffer: for text that is not all ASCII this is faster than a fatal TextDecoder.
  if (!isUtf8(bytes)) throw new HttpError(400, 'body is not valid UTF-8');
  // A byte order mark is not part of the text (as TextDecoder drops it).
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start);
}

/** A web `ReadableStream` body read up to `limit` bytes, cancelled as soon as it passes it. */
export async function readWebBody(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/** Chunks joined into one array of `size` bytes. */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Compare a presented secret to the expected one in constant time (hashing first evens out lengths). */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(request: Pick<LedgerRequest, 'headers'>): string | undefined {
  const header = request.headers.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/** A query parameter as a canonical ISO time, or undefined when absent; 400 when it is not a real ISO 8601 time. */
export function isoParam(url: URL, name: string): string | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const time = parseIsoTime(raw);
  if (!time) {
    throw new HttpError(
      400,
      `${name}: expected a real ISO 8601 date or time like 2026-01-01T00:00:00Z, got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return time.toISOString();
}
