// `bench/trace-returning.ts [--library samtykke] [--warm] [--profile] [--throttle 1] [--out trace.json]`, bundled
// with esbuild as `npm run bench` bundles bench/browser.ts, then run with node: one returning visit (Accept all on a
// first visit, then the page again) in Chromium with a performance trace, printing the main thread's script events
// (compile, code cache, run) until the gated script ran + 500 ms and each file's share; `--profile` adds the self
// time per source file and function. `--warm` keeps one profile on disk that loaded the page twice before, so V8's
// code cache is there, as for `npm run bench`'s warm variant. `--out` writes the trace. With `--warm`, `--profile`
// distorts the compile: with the profiler on, reading the code cache (V8.CompileDeserialize) took 7 ms of the main
// thread against 0.05 ms without it, so compile figures come from a run without it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from '../scripts/chromium.js';
import { decide, VIEWPORT } from './measure.js';
import { initScript } from './page.js';
import type { TraceEvent } from './trace-event.js';
import { printProfile } from './trace-profile.js';
import { rendererMain, traceSite } from './trace-site.js';

const { values: args } = parseArgs({
  options: {
    throttle: { type: 'string', default: '1' },
    library: { type: 'string', default: 'samtykke' },
    warm: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const throttle = Number(args.throttle);
if (args.warm && args.profile) {
  console.error(
    'trace-returning: --profile makes the code cache slow to read; take compile times from a run without it',
  );
}

const { lib, site, browser } = await traceSite(args.library);
const dir = mkdtempSync(join(tmpdir(), 'samtykke-trace-returning-'));
let persistent: BrowserContext | undefined;

/** One page view in `context`, resolved once the gated script ran. */
async function view(context: BrowserContext, trace: boolean) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1 && trace) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  let gated = () => {};
  const ran = new Promise<void>((resolve) => (gated = resolve));
  await page.exposeFunction('__benchNotify', (what: string) => what === 'gated' && gated());
  await page.addInitScript({ content: initScript(lib, false) });
  if (trace && args.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  if (trace) {
    await cdp.send('Tracing.start', {
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8',
          'v8.execute',
          'disabled-by-default-v8.compile',
          'loading',
        ],
      },
      transferMode: 'ReturnAsStream',
    });
  }
  await page.goto(site.url(lib), { waitUntil: 'load' });
  await ran;
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { page, cdp };
}

async function stopTrace(cdp: Awaited<ReturnType<typeof view>>['cdp']): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream ?? '')),
  );
  await cdp.send('Tracing.end');
  const handle = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

try {
  let context: BrowserContext;
  if (args.warm) {
    const { chromium } = await import('playwright-core');
    persistent = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...site.browserArgs],
      viewport: VIEWPORT,
    });
    context = persistent;
  } else context = await browser.newContext({ viewport: VIEWPORT });
  await decide(context, lib, site.url(lib));
  if (args.warm) {
    for (let i = 0; i < 2; i++) await (await view(context, false)).page.close();
  }
  const { page, cdp } = await view(context, true);
  const events = await stopTrace(cdp);
  if (args.out) writeFileSync(args.out, JSON.stringify(events));
  const main = rendererMain(events);
  if (!main) throw new Error('no renderer main thread in the trace');
  const start = events.filter((e) => e.name === 'navigationStart').at(-1)?.ts ?? events[0]?.ts ?? 0;
  const short = (url: unknown) => String(url ?? '').replace(/^https?:\/\/[^/]+/, '');
  const lines: string[] = [];
  /** Per script file: time in its top-level evaluation, its compile, and the calls into it (wall clock, ms). */
  const perFile = new Map<string, { evaluate: number; compile: number; calls: number; cpu: number }>();
  const of = (url: string) => {
    const entry = perFile.get(url) ?? { evaluate: 0, compile: 0, calls: 0, cpu: 0 };
    perFile.set(url, entry);
    return entry;
  };
  const TOP =
    /^(EvaluateScript|FunctionCall|TimerFire|FireAnimationFrame|v8\.compile|v8\.produceCache|v8\.consumeCache|v8\.compileModule|v8\.parseOnBackground|RunMicrotasks)$/;
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !TOP.test(e.name)) continue;
    const data = (e.args?.data ?? {}) as Record<string, unknown>;
    const a = (e.args ?? {}) as Record<string, unknown>;
    const url = short(data.url ?? a.fileName ?? data.fileName ?? '');
    const ms = (e.dur ?? 0) / 1000;
    if (url.includes('/lib/') || url.includes('/gtag/')) {
      const entry = of(url);
      if (e.name === 'EvaluateScript') entry.evaluate += ms;
      if (e.name === 'v8.compile') entry.compile += ms;
      if (e.name === 'FunctionCall') entry.calls += ms;
      if (e.name === 'EvaluateScript' || e.name === 'FunctionCall') entry.cpu += (e.tdur ?? 0) / 1000;
    }
    if (ms < 0.1 && !/Cache/.test(e.name)) continue;
    const extra = Object.entries({ ...a, ...data })
      .filter(([key]) => /cache|Cache|streamed|Eligible|Reason|lazy/.test(key))
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(' ');
    lines.push(
      `${((e.ts - start) / 1000).toFixed(1).padStart(7)} +${ms.toFixed(2).padStart(6)} cpu ${((e.tdur ?? 0) / 1000)
        .toFixed(2)
        .padStart(6)} ${e.name} ${url || String(data.functionName ?? '')} ${extra}`,
    );
  }
  for (const line of lines) console.log(line);
  for (const [url, t] of perFile)
    console.log(
      `${url}: evaluate ${t.evaluate.toFixed(2)} ms (compile ${t.compile.toFixed(2)}), calls ${t.calls.toFixed(2)} ms, cpu ${t.cpu.toFixed(2)} ms`,
    );
  if (args.profile) {
    const { profile } = await cdp.send('Profiler.stop');
    await printProfile(
      { ...profile, samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] },
      '/lib/',
      Number.POSITIVE_INFINITY,
    );
  }
  await page.close();
} finally {
  await persistent?.close();
  await browser.close();
  await site.server.close();
  rmSync(dir, { recursive: true, force: true });
}
