import { once } from 'node:events';
import { type AddressInfo, connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inSlices } from '../../src/server/turn-slices.js';

// Node accepts one new connection per turn of the event loop: work run in slices lets one in between them.

/** Keep this thread busy for `ms` (the work of parsing a batch, say). */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** A listening server that records, in `events`, when it accepted a connection. */
async function listening(events: string[]) {
  const server = createServer((socket) => {
    events.push('accepted');
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

describe('work in slices', () => {
  it('runs in order, and a connection that arrives meanwhile is accepted before the rest of the work', async () => {
    const events: string[] = [];
    const server = await listening(events);
    try {
      const port = (server.address() as AddressInfo).port;
      const done = Array.from({ length: 30 }, (_, index) =>
        inSlices(async () => {
          busy(1);
          events.push(`work ${index}`);
          return index;
        }),
      );
      // The kernel completes the connection at once; the server sees it on its next turn's I/O.
      const client = connect(port, '127.0.0.1');
      client.on('error', () => {});
      expect(await Promise.all(done)).toEqual(done.map((_, index) => index));
      await expect.poll(() => events.includes('accepted')).toBe(true);
      const work = events.filter((event) => event !== 'accepted');
      expect(work).toEqual(done.map((_, index) => `work ${index}`));
      // 30 ms of work in slices of about 2 ms: the connection was accepted long before the last item.
      expect(events.indexOf('accepted')).toBeLessThan(events.indexOf('work 29'));
      client.destroy();
    } finally {
      server.close();
    }
  });

  it('control: the same work in one turn keeps the connection waiting until it is all done', async () => {
    const events: string[] = [];
    const server = await listening(events);
    try {
      const port = (server.address() as AddressInfo).port;
      const client = connect(port, '127.0.0.1');
      client.on('error', () => {});
      // On loopback the kernel queues the connection during connect() itself; then everything runs in this turn.
      for (let index = 0; index < 30; index++) {
        busy(1);
        events.push(`work ${index}`);
      }
      await expect.poll(() => events.includes('accepted')).toBe(true);
      expect(events.indexOf('accepted')).toBe(30);
      client.destroy();
    } finally {
      server.close();
    }
  });

  it('a work item that throws rejects its own promise only', async () => {
    const failing = inSlices<number>(() => {
      throw new Error('bad body');
    });
    const fine = inSlices(async () => 7);
    await expect(failing).rejects.toThrow('bad body');
    expect(await fine).toBe(7);
  });
});
