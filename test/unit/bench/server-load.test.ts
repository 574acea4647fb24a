// @vitest-environment node
// The server benchmark's open loop: with a warm-up, the measured requests start on the connections the warm-up
// opened (the steady state of the load), and only they are measured; without one (the control), the first
// measured request opens a connection of its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type PacedRequest, pacedLoop } from '../../../bench/server-load.js';
import type { Receipt } from '../../../src/types.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** What the server saw per request: its bench id (none for the warm-up's) and the how-manieth on its socket. */
interface Seen {
  id: string | undefined;
  onSocket: number;
}

async function serve(seen: Seen[]): Promise<string> {
  const perSocket = new WeakMap<Socket, number>();
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const onSocket = (perSocket.get(request.socket) ?? 0) + 1;
      perSocket.set(request.socket, onSocket);
      seen.push({ id: request.headers['x-bench-id'] as string | undefined, onSocket });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// The server here reads no receipt; any objects stand in for them.
const receipts = (count: number, from: number) =>
  Array.from({ length: count }, (_, index) => ({ receiptId: `r${from + index}` }) as unknown as Receipt);

describe('bench open loop', () => {
  it('measures after a warm-up on the same connections, and only the measured requests', async () => {
    const seen: Seen[] = [];
    const url = await serve(seen);
    const trace: PacedRequest[] = [];
    let warmedUp = -1;
    const cell = await pacedLoop(url, receipts(20, 0), {
      batch: 1,
      perSecond: 200,
      seconds: 0.1,
      warmups: receipts(10, 100),
      trace,
      measuring: () => {
        warmedUp = seen.length;
      },
    });
    expect(warmedUp).toBe(10);
    expect(seen.slice(0, 10).every((request) => request.id === undefined)).toBe(true);
    expect(trace.map((request) => request.id).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(cell.stored).toBe(20);
    // The first measured request went on a connection that had carried warm-up requests before it.
    expect(seen.find((request) => request.id === '0')?.onSocket).toBeGreaterThan(1);
  });

  it('without a warm-up, the first measured request opens a connection (control)', async () => {
    const seen: Seen[] = [];
    const url = await serve(seen);
    await pacedLoop(url, receipts(20, 0), { batch: 1, perSecond: 200, seconds: 0.1, trace: [] });
    expect(seen.length).toBe(20);
    expect(seen.find((request) => request.id === '0')?.onSocket).toBe(1);
  });
});
