// `npx tsx bench/trace-paint.ts [--throttle 4] [--library samtykke]`: one first visit in Chromium with a
// performance trace, printing the renderer's main-thread tasks from navigation to the frame that painted the
// banner, with the requests of the library's files: what runs before the banner shows, and when its files start.
// `--out trace.json` writes the trace.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { VIEWPORT } from './measure.js';
import { initScript } from './page.js';
import type { TraceEvent } from './trace-event.js';
import { printProfile } from './trace-profile.js';
import { rendererMain, traceSite } from './trace-site.js';

const { values: args } = parseArgs({
  options: {
    throttle: { type: 'string', default: '4' },
    library: { type: 'string', default: 'samtykke' },
    profile: { type: 'boolean', default: false },
    from: { type: 'string', default: 'samtykke-banner' },
    out: { type: 'string' },
  },
});
const throttle = Number(args.throttle);

const { lib, site, browser } = await traceSite(args.library);
try {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  let painted = () => {};
  const done = new Promise<void>((resolve) => (painted = resolve));
  await page.exposeFunction('__benchNotify', (what: string) => what === 'painted' && painted());
  await page.addInitScript({ content: initScript(lib, true) });
  if (args.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'v8.execute',
      'disabled-by-default-v8.compile',
      'blink.user_timing',
      'loading',
    ],
  });
  await page.goto(site.url(lib), { waitUntil: 'load' });
  await done;
  const paintedAt = await page.evaluate(
    () => (window as unknown as { __bench: { paintedAt: number } }).__bench.paintedAt,
  );
  const buffer = await browser.stopTracing();
  if (args.out) writeFileSync(args.out, buffer);
  if (args.profile) {
    const end = (traceEvents: TraceEvent[]) => traceEvents.find((e) => e.name === 'navigationStart')?.ts ?? 0;
    const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
    const { profile } = await cdp.send('Profiler.stop');
    await printProfile(
      { ...profile, samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] },
      args.from,
      end(traceEvents) + paintedAt * 1000,
    );
  }
  const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
  const start = traceEvents.find((e) => e.name === 'navigationStart' || e.name === 'NavigationTiming')?.ts;
  const main = rendererMain(traceEvents);
  if (!main || start === undefined) throw new Error('no renderer main thread or navigation start in the trace');
  const at = (ts: number) => ((ts - start) / 1000).toFixed(1).padStart(7);
  const lines: Array<[number, string]> = [];
  const urls = new Map<unknown, string>();
  for (const e of traceEvents) {
    const data = e.args?.data ?? {};
    if (e.name === 'ResourceSendRequest') urls.set(data.requestId, String(data.url));
    if (e.name === 'ResourceSendRequest' || e.name === 'ResourceFinish' || e.name === 'ResourceReceiveResponse') {
      const url = String(data.url ?? urls.get(data.requestId) ?? data.requestId ?? '');
      lines.push([
        e.ts,
        `${at(e.ts)}          net ${e.name.replace('Resource', '')} ${url.replace(/^https?:\/\/[^/]+/, '')}`,
      ]);
    }
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || (e.dur ?? 0) < 300) continue;
    const interesting =
      /^(ParseHTML|EvaluateScript|FunctionCall|v8\.compile|v8\.parseOnBackground|UpdateLayoutTree|Layout|Paint|PrePaint|Commit|ParseAuthorStyleSheet|TimerFire|FireAnimationFrame|RunMicrotasks|v8\.callFunction|v8\.run|CompileScript|EventDispatch|HitTest|ScheduleStyleRecalculation|RecalculateStyles|UpdateLayerTree|Layerize|v8\.evaluateModule)$/;
    if (!interesting.test(e.name)) continue;
    const what = String(data.url ?? data.functionName ?? data.type ?? '').replace(/^https?:\/\/[^/]+/, '');
    const cpu = `cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}`.padStart(9);
    lines.push([e.ts, `${at(e.ts)} +${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ${cpu} ${e.name} ${what}`]);
  }
  lines.sort((a, b) => a[0] - b[0]);
  const end = start + (paintedAt + 50) * 1000;
  for (const [ts, line] of lines) if (ts <= end) console.log(line);
  console.log(`banner painted (bench's rAF) at ${paintedAt.toFixed(1)} ms, ${throttle}× CPU`);
} finally {
  await browser.close();
  await site.server.close();
}
