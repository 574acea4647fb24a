import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { brotli, gzip } from '../scripts/sizes.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A library file: versioned URL, so it is cached for a year like a CDN serves it. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** HTML is revalidated on every view, as most CMSs send it. */
export const REVALIDATE = 'no-cache';

/** One response body, compressed once up front (gzip level 9, brotli quality 11). */
export interface Asset {
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
  type: string;
  cacheControl: string;
  etag: string;
}

/** Compresses a body the way a well-configured server or CDN does. */
export function createAsset(body: string | Buffer, type: string, cacheControl: string): Asset {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    raw,
    gzip: gzip(raw),
    br: brotli(raw),
    type,
    cacheControl,
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}"`,
  };
}

/** Reads a file into an asset; the content type follows the extension. */
export function fileAsset(file: string, cacheControl: string): Asset {
  return createAsset(readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream', cacheControl);
}

/** Builds an asset for a given extension (pages and generated scripts). */
export function textAsset(body: string, extension: string, cacheControl: string): Asset {
  return createAsset(body, TYPES[extension] ?? 'text/plain; charset=utf-8', cacheControl);
}

export interface BenchServer {
  /** `http://127.0.0.1:PORT` — a loopback IP, so Chromium offers brotli as it does on https. */
  origin: string;
  port: number;
  /** Paths requested so far, with the bytes sent on the wire for each. */
  log: Array<{ path: string; status: number; bytes: number }>;
  close(): Promise<void>;
}

/** Serves fixed assets by path (query ignored) with content negotiation, ETags and cache headers. */
export async function startServer(assets: ReadonlyMap<string, Asset>): Promise<BenchServer> {
  const log: BenchServer['log'] = [];
  const respond = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const asset = assets.get(path);
    if (!asset) {
      log.push({ path, status: 404, bytes: 0 });
      return void res.writeHead(404, { 'cache-control': 'no-store' }).end();
    }
    const headers: Record<string, string> = {
      'cache-control': asset.cacheControl,
      etag: asset.etag,
      vary: 'accept-encoding',
      // Resource Timing hides sizes of cross-origin responses without this.
      'timing-allow-origin': '*',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      log.push({ path, status: 304, bytes: 0 });
      return void res.writeHead(304, headers).end();
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    let body = asset.raw;
    if (/\bbr\b/.test(accepted)) {
      body = asset.br;
      headers['content-encoding'] = 'br';
    } else if (/\bgzip\b/.test(accepted)) {
      body = asset.gzip;
      headers['content-encoding'] = 'gzip';
    }
    log.push({ path, status: 200, bytes: body.length });
    res.writeHead(200, { ...headers, 'content-type': asset.type, 'content-length': String(body.length) }).end(body);
  };
  const server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
