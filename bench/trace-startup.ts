import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Library } from './libraries.js';
import { VIEWPORT } from './measure.js';
import type { BenchSite } from './setup.js';
import type { TraceEvent } from './trace-event.js';

/**
 * A returning visit as a visitor's browser runs it: Chromium started directly, with no DevTools client attached.
 * Playwright's CDP session makes Chromium record the JavaScript stack at every script-initiated request and cookie
 * read, and V8 then re-parses each function on that stack for its source positions; a visitor's browser does none of
 * it. Here Chromium traces itself (`--trace-startup`) and the script time is read from the trace: the main thread's
 * top-level script events (EvaluateScript, FunctionCall, callbacks) of the bench page's renderer, wall clock and CPU.
 * No CPU throttling (that needs DevTools too).
 */
export interface BareVisits {
  /** A cold visit: a fresh profile, so no HTTP or code cache. */
  cold(library: Library): Promise<BareSample>;
  /** A warm visit: the library's own profile, which loaded the page twice before (V8's code cache made). */
  warm(library: Library): Promise<BareSample>;
  close(): Promise<void>;
  /** The profiles' folders go. */
  dispose(): void;
}

export interface BareSample {
  scriptMs: number;
  cpuMs: number;
}

/** Script events whose time counts; nested ones are inside a counted one and count once, with it. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.callFunction', 'TimerFire', 'FireAnimationFrame']);
const TRACE_SECONDS = 4;

/**
 * Visits without DevTools for each library's returning visitor: `cookies` are the decision cookies a Playwright run
 * left (by library id), set by a redirect in front of the bench page so the profile holds them as a visitor's does.
 */
export async function bareVisits(site: BenchSite, cookies: ReadonlyMap<string, string[]>): Promise<BareVisits> {
  const pages = new Map<string, string>();
  const front = createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('library') ?? '';
    res.writeHead(302, { 'set-cookie': cookies.get(id) ?? [], location: pages.get(id) ?? '/' }).end();
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as AddressInfo).port;
  const root = mkdtempSync(join(tmpdir(), 'samtykke-bench-bare-'));
  const warmed = new Set<string>();

  /** One page view in a Chromium of its own on `profile`; with `trace`, the script time its trace shows. */
  const view = async (library: Library, profile: string, trace: boolean): Promise<BareSample> => {
    pages.set(library.id, site.url(library));
    const file = join(root, `trace-${process.hrtime.bigint()}.json`);
    const chromium = spawn(
      process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        `--user-data-dir=${profile}`,
        `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
        ...site.browserArgs,
        ...(trace
          ? [
              '--trace-startup=devtools.timeline,v8',
              '--trace-startup-format=json',
              `--trace-startup-file=${file}`,
              `--trace-startup-duration=${TRACE_SECONDS}`,
            ]
          : []),
        `http://127.0.0.1:${port}/?library=${encodeURIComponent(library.id)}`,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => chromium.once('exit', resolve));
    try {
      if (!trace) {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        return { scriptMs: Number.NaN, cpuMs: Number.NaN };
      }
      const events = await readTrace(file, (TRACE_SECONDS + 20) * 1000);
      return scriptTime(events, site.url(library));
    } finally {
      chromium.kill();
      await exited;
      rmSync(file, { force: true });
    }
  };

  return {
    async cold(library) {
      const profile = mkdtempSync(join(root, 'cold-'));
      try {
        return await view(library, profile, true);
      } finally {
        removeProfile(profile);
      }
    },
    async warm(library) {
      const profile = join(root, `warm-${library.id}`);
      if (!warmed.has(library.id)) {
        warmed.add(library.id);
        for (let i = 0; i < 2; i++) await view(library, profile, false);
      }
      return view(library, profile, true);
    },
    close: () => new Promise<void>((resolve) => front.close(() => resolve())),
    dispose: () => removeProfile(root),
  };
}

/**
 * Chromium's helper processes may still be writing into a profile for a moment after its browser process exited;
 * removing it is retried, and a folder that stays behind in the temporary directory does not fail the run.
 */
function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.error(`bench: could not remove ${dir} (${(error as Error).message})`);
  }
}

/** The trace file once Chromium has written all of it (it writes the JSON when the trace duration is over). */
async function readTrace(file: string, timeoutMs: number): Promise<TraceEvent[]> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!existsSync(file)) continue;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
      return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    } catch {
      // Still being written.
    }
  }
  throw new Error(`bench: Chromium wrote no complete trace to ${file} within ${timeoutMs} ms`);
}

/** The page's main thread: the one that evaluated the page's own inline script; its top-level script events. */
export function scriptTime(events: readonly TraceEvent[], pageUrl: string): BareSample {
  const page = events.find((e) => e.name === 'EvaluateScript' && e.args?.data?.url === pageUrl);
  if (!page) throw new Error(`bench: the trace shows no script of ${pageUrl}`);
  const counted = events
    .filter((e) => e.pid === page.pid && e.tid === page.tid && e.ph === 'X' && SCRIPT_EVENTS.has(e.name))
    .sort((a, b) => a.ts - b.ts);
  let end = Number.NEGATIVE_INFINITY;
  let wall = 0;
  let cpu = 0;
  for (const event of counted) {
    if (event.ts < end) continue;
    end = event.ts + (event.dur ?? 0);
    wall += (event.dur ?? 0) / 1000;
    cpu += (event.tdur ?? 0) / 1000;
  }
  return { scriptMs: wall, cpuMs: cpu };
}
