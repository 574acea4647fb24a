// @vitest-environment node
// The server benchmark's HTTP client reads every answer the ledger server can give as node:http's own client would:
// a body of known length, a chunked one, none, a closed connection, a reset; and it keeps to its connection limit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection, ConnectionPool, requestBytes } from '../../../bench/http-client.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void) {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => handle(request, body, response));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/receipts?x=1`);
}

const post = (url: URL, body = '{"receipts":[]}') =>
  requestBytes(url, 'POST', { 'content-type': 'application/json', origin: 'https://a.example' }, Buffer.from(body));

describe('bench HTTP client', () => {
  it('sends the request line, headers and body the server reads', async () => {
    const seen: unknown[] = [];
    const url = await serve((request, body, response) => {
      seen.push([request.method, request.url, request.headers.origin, request.headers['content-type'], body]);
      response.end('{"ok":true}');
    });
    const connection = new Connection(Number(url.port), url.hostname);
    expect(await connection.send(post(url, '{"receipts":[1]}'))).toEqual({ status: 200 });
    expect(seen).toEqual([['POST', '/receipts?x=1', 'https://a.example', 'application/json', '{"receipts":[1]}']]);
    connection.close();
  });

  it('reads bodies of known length, chunked bodies and none, on one kept connection, and Retry-After', async () => {
    let turn = 0;
    const url = await serve((_request, _body, response) => {
      turn++;
      if (turn === 1) response.end('x'.repeat(200_000));
      else if (turn === 2) {
        response.write('{"a":');
        setTimeout(() => response.end('1}'), 5);
      } else if (turn === 3) {
        response.statusCode = 204;
        response.end();
      } else {
        response.writeHead(503, { 'retry-after': '2', 'content-type': 'application/json' });
        response.end('{"error":"busy"}');
      }
    });
    const connection = new Connection(Number(url.port), url.hostname);
    const answers = [];
    for (let index = 0; index < 4; index++) answers.push(await connection.send(post(url)));
    expect(answers).toEqual([{ status: 200 }, { status: 200 }, { status: 204 }, { status: 503, retryAfter: '2' }]);
    expect(connection.open).toBe(true);
    connection.close();
  });

  it('answers 0 for a reset or a close before the answer, and does not reuse a connection the server closes', async () => {
    let turn = 0;
    const url = await serve((request, _body, response) => {
      turn++;
      if (turn === 1) request.socket.destroy();
      else {
        response.setHeader('connection', 'close');
        response.end('bye');
      }
    });
    const pool = new ConnectionPool(url, 1);
    expect(await pool.send(post(url))).toEqual({ status: 0 });
    expect(await pool.send(post(url))).toEqual({ status: 200 });
    expect(await pool.send(post(url))).toEqual({ status: 200 });
    expect(turn).toBe(3);
    pool.close();
  });

  it('keeps to its connection limit, the rest waiting their turn', async () => {
    const sockets = new Set<unknown>();
    const url = await serve((request, _body, response) => {
      sockets.add(request.socket);
      setTimeout(() => response.end('ok'), 10);
    });
    const pool = new ConnectionPool(url, 3);
    const answers = await Promise.all(Array.from({ length: 12 }, () => pool.send(post(url))));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(sockets.size).toBe(3);
    pool.close();
  });

  it('answers 0 when nothing listens', async () => {
    const url = await serve((_request, _body, response) => response.end());
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    expect(await new Connection(Number(url.port), url.hostname).send(post(url))).toEqual({ status: 0 });
  });
});
