import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npm run demo` on a port something else holds: one line that says what to do, not a stack trace. */
let busy: Server;
let port: number;
let data: string;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
  data = await mkdtemp(join(tmpdir(), 'samtykke-demo-port-'));
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await rm(data, { recursive: true, force: true });
});

function demo(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['demo/serve.js', '--data', data, ...args],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

describe('the demo on a port that is taken', () => {
  it('with --port: exits 1 with one line naming the port and the way out', async () => {
    const { code, stderr } = await demo(['--port', String(port)]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `Port ${port} is taken; start the demo on another: npm run demo -- --port 8081 (or PORT=8081)`,
    ]);
  });

  it('with PORT: the same', async () => {
    const { code, stderr } = await demo([], { PORT: String(port) });
    expect(code).toBe(1);
    expect(stderr).toContain(`Port ${port} is taken`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
