// `npm run bench [-- --runs 9 --one-file]`: samtykke, vanilla-cookieconsent, Klaro and a static inline banner (the
// floor) side by side in headless Chromium, in one run; `--one-file` adds samtykke's one-tag build
// (samtykke.all.js). Writes bench/results.md. Exits non-zero if any banner never shows or its gated script never
// runs. `-- --paint` measures only when each banner paints on a first visit and prints it, writing nothing.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../scripts/chromium.js';
import { fileSize } from '../scripts/sizes.js';
import { FLOOR, type Library, libraries, libraryPath, PEERS } from './libraries.js';
import { decide, measure, measurePaint, measureWarm, type Sample } from './measure.js';
import { persistentProfile } from './profile.js';
import { serveBench } from './setup.js';
import { IMMUTABLE } from './static-server.js';
import { bytes, FRAME_MS, median, metricTable, ms, quantile, shift, table } from './stats.js';
import { type BareVisits, bareVisits } from './trace-startup.js';

const THROTTLES = [1, 4];
const COMMAND = 'npm run bench';
const DEFAULT_RUNS = 9;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: String(DEFAULT_RUNS) },
    'one-file': { type: 'boolean', default: false },
    paint: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`bench: --runs: expected a positive integer, got "${args.runs}"`);

/** Raw, gzip and brotli sizes of a set of files, each compressed on its own as it is served. */
function fileSizes(files: readonly string[]) {
  const sizes = files.map((file) => fileSize(file));
  const total = (key: 'raw' | 'gzip' | 'brotli') => sizes.reduce((sum, s) => sum + s[key], 0);
  return { raw: total('raw'), gzip: total('gzip'), br: total('brotli') };
}

/** The file set most runs loaded, and whether every run agreed. */
function usualFiles(samples: readonly Sample[], pick: (s: Sample) => string[]) {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const key = pick(sample).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [key = ''] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return { paths: key ? key.split(' ') : [], unanimous: counts.size <= 1 };
}

const fileName = (path: string) => `\`${path.split('/').pop()}\``;

function sizeSection(libs: readonly Library[], samples: readonly Sample[]): string {
  const rows = libs.map((lib) => {
    const mine = samples.filter((s) => s.library === lib.id);
    const onDisk = (paths: readonly string[]) =>
      paths.map((path) => {
        const file = lib.files.find((f) => f.url === path);
        if (!file) throw new Error(`${lib.id}: loaded ${path}, which it does not ship`);
        return libraryPath(file);
      });
    const banner = usualFiles(mine, (s) => s.bannerFiles);
    const first = usualFiles(mine, (s) => s.firstVisitFiles);
    const back = usualFiles(mine, (s) => s.returnFiles);
    const critical = fileSizes(onDisk(banner.paths));
    const all = fileSizes(onDisk(first.paths));
    const returning = fileSizes(onDisk(back.paths));
    const varied = [banner, first, back].some((set) => !set.unanimous)
      ? ' (varied between runs; most common shown)'
      : '';
    const names = banner.paths.length ? `${banner.paths.map(fileName).join(' + ')}${varied}` : 'none';
    const values = [critical.raw, critical.gzip, critical.br, all.br, returning.br];
    return [lib.label, names, ...values.map(bytes)];
  });
  return table(
    [
      'library',
      'files loaded before the banner painted',
      'raw',
      'gzip',
      'brotli',
      'whole first visit, choice included (brotli)',
      'returning visitor (brotli)',
    ],
    rows,
    2,
  );
}

/** Every file that had arrived before the banner painted, with its body as transferred (median over runs). */
function perFileSection(libs: readonly Library[], samples: readonly Sample[], inline: Map<string, number>): string {
  const rows = libs.flatMap((lib) => {
    const mine = samples.filter((s) => s.library === lib.id);
    const { paths } = usualFiles(mine, (s) => s.bannerFiles);
    const files = paths.map((path) => {
      const sizes = mine.map((s) => s.bannerBodies[path]).filter((n): n is number => n !== undefined);
      return [lib.label, fileName(path), bytes(median(sizes))];
    });
    const inlined = inline.get(lib.id);
    return inlined === undefined
      ? files
      : [...files, [lib.label, 'banner markup, styles and script inline in the page', bytes(inlined)]];
  });
  return table(['library', 'file', 'brotli, as transferred'], rows, 2);
}

/** One summary row: every library's median; samtykke's cells add its ratio to each peer's median. */
interface SummaryRow {
  title: string;
  throttle?: number;
  pick: (s: Sample) => number;
  format: (n: number) => string;
  /** Ratios mean nothing where the values sit near zero (frames behind the floor). */
  noRatio?: boolean;
}

function summarySection(libs: readonly Library[], samples: readonly Sample[], rows: readonly SummaryRow[]): string {
  const peers = libs.filter((lib) => (PEERS as readonly string[]).includes(lib.id));
  const subject = (lib: Library) => lib.id.startsWith('samtykke');
  const medianOf = (lib: Library, row: SummaryRow) =>
    median(
      samples
        .filter((s) => s.library === lib.id && (row.throttle === undefined || s.throttle === row.throttle))
        .map(row.pick),
    );
  const body = rows.map((row) => {
    const cells = libs.map((lib) => {
      const value = medianOf(lib, row);
      if (!subject(lib) || row.noRatio) return row.format(value);
      const ratios = peers.map((peer) => {
        const base = medianOf(peer, row);
        return base > 0 ? `×${(value / base).toFixed(2)} ${peer.id === 'klaro' ? 'Klaro' : 'vcc'}` : `— ${peer.id}`;
      });
      return `${row.format(value)} (${ratios.join(', ')})`;
    });
    return [row.title, ...cells];
  });
  return table(['median of the runs', ...libs.map((lib) => lib.label)], body);
}

/** samtykke's performance goals, each with this run's figure and whether it holds. */
function goalSection(
  samples: readonly Sample[],
  beforeBanner: (s: Sample) => number,
  floorBanner: (throttle: number) => number,
): string {
  const of = (library: string, throttle: number, pick: (s: Sample) => number) =>
    median(samples.filter((s) => s.library === library && s.throttle === throttle).map(pick));
  const verdict = (held: boolean) => (held ? 'holds' : '**not met**');
  const lines = [
    (() => {
      const value = of('samtykke', 1, beforeBanner);
      return `bytes before the banner ≤ 9 kB: ${bytes(value)}, ${verdict(value <= 9000)}`;
    })(),
    ...THROTTLES.flatMap((throttle) => {
      const mine = of('samtykke', throttle, (s) => s.bannerMs);
      const vcc = of('vanilla-cookieconsent', throttle, (s) => s.bannerMs);
      const behind = (mine - floorBanner(throttle)) / FRAME_MS;
      return [
        `banner painted no later than vanilla-cookieconsent's, ${throttle}× CPU: ${ms(mine)} against ${ms(vcc)}, ${verdict(mine <= vcc)}`,
        `banner within 2 frames of the static floor, ${throttle}× CPU: ${behind.toFixed(1)} frames, ${verdict(behind <= 2)}`,
      ];
    }),
    ...THROTTLES.flatMap((throttle) =>
      (
        [
          ['cold', (s: Sample) => s.returnScriptMs],
          ['warm', (s: Sample) => s.warmScriptMs],
        ] as const
      ).map(([variant, pick]) => {
        const mine = of('samtykke', throttle, pick);
        const vcc = of('vanilla-cookieconsent', throttle, pick);
        return `returning visitor's script time ≤ vanilla-cookieconsent's, ${variant}, ${throttle}× CPU: ${ms(mine)} against ${ms(vcc)}, ${verdict(mine <= vcc)}`;
      }),
    ),
  ];
  return lines.map((line) => `- ${line}`).join('\n');
}

/** `--paint`: each library's banner paint on a first visit, rounds interleaved as in the whole run; prints medians. */
async function paintOnly(libs: readonly Library[], site: Awaited<ReturnType<typeof serveBench>>): Promise<void> {
  const browser = await launchChromium(site.browserArgs);
  const painted = new Map<string, number[]>();
  const arrived = new Map<string, number>();
  try {
    for (let round = 0; round < runs; round++) {
      const order = libs.map((_, i) => libs[(i + round) % libs.length] as Library);
      for (const throttle of THROTTLES) {
        for (const lib of order) {
          const { bannerMs, bytes: before } = await measurePaint(browser, lib, site.url(lib), throttle);
          const key = `${lib.id} ${throttle}`;
          painted.set(key, [...(painted.get(key) ?? []), bannerMs]);
          if (throttle === 1) arrived.set(lib.id, before + (site.inline.get(lib.id) ?? 0));
        }
      }
    }
  } finally {
    await browser.close();
    await site.server.close();
  }
  const floor = (throttle: number) => median(painted.get(`${FLOOR} ${throttle}`) ?? [Number.NaN]);
  const rows = libs.map((lib) => [
    lib.label,
    bytes(arrived.get(lib.id) ?? Number.NaN),
    ...THROTTLES.flatMap((throttle) => {
      const value = median(painted.get(`${lib.id} ${throttle}`) ?? [Number.NaN]);
      return [ms(value), `${((value - floor(throttle)) / FRAME_MS).toFixed(1)}`];
    }),
  ]);
  const header = [
    'library',
    'bytes before the banner',
    ...THROTTLES.flatMap((t) => [`painted, ${t}×`, 'frames behind floor']),
  ];
  const load = loadavg()[0]?.toFixed(1);
  console.log(`banner paint, median of ${runs} runs (load average ${load}):\n\n${table(header, rows)}`);
}

async function main(): Promise<void> {
  const libs = libraries({ oneFile: args['one-file'] });
  if (args.paint) return paintOnly(libs, await serveBench(libs));
  const site = await serveBench(libs);
  const { url, browserArgs, inline } = site;
  // One persistent profile per library for the warm returning visitor, decided once, reused all run long.
  const profiles = new Map<string, Awaited<ReturnType<typeof persistentProfile>>>();
  const profileOf = (lib: Library) => {
    const profile = profiles.get(lib.id);
    if (!profile) throw new Error(`bench: no warm profile for ${lib.id}`);
    return profile.context;
  };

  const browser = await launchChromium(browserArgs);
  let bare: BareVisits | undefined;
  const samples: Sample[] = [];
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? Number.NaN;
  try {
    // The decision cookies each library left, for its returning visits without DevTools.
    const cookies = new Map<string, string[]>();
    for (const lib of libs) {
      const profile = await persistentProfile(browserArgs);
      profiles.set(lib.id, profile);
      await decide(profile.context, lib, url(lib));
      const jar = await profile.context.cookies();
      cookies.set(
        lib.id,
        jar.map((c) => `${c.name}=${c.value}; path=${c.path}; max-age=3600`),
      );
    }
    bare = await bareVisits(site, cookies);
    for (let round = 0; round < runs; round++) {
      // Rotate the order every round so no library always runs first (or right after another).
      const order = libs.map((_, i) => libs[(i + round) % libs.length] as Library);
      for (const throttle of THROTTLES) {
        for (const lib of order) {
          const cold = await measure(browser, lib, url(lib), throttle);
          const warm = await measureWarm(profileOf(lib), lib, url(lib), throttle);
          site.checkNothingMissing(lib);
          // Without DevTools there is no CPU throttling: those visits run once a round, beside the 1× samples.
          const bareCold = throttle === 1 ? await bare.cold(lib) : undefined;
          const bareWarm = throttle === 1 ? await bare.warm(lib) : undefined;
          const sample: Sample = {
            ...cold,
            warmGatedMs: warm.gatedMs,
            warmScriptMs: warm.scriptMs,
            warmCpuMs: warm.cpuMs,
            bareColdMs: bareCold?.scriptMs,
            bareWarmMs: bareWarm?.scriptMs,
            bareColdCpuMs: bareCold?.cpuMs,
            bareWarmCpuMs: bareWarm?.cpuMs,
          };
          samples.push(sample);
          console.error(
            `round ${round + 1}/${runs} cpu ${throttle}x ${lib.id}: banner ${ms(sample.bannerMs)}, ` +
              `returning script ${ms(sample.returnScriptMs)} cold, ${ms(sample.warmScriptMs)} warm`,
          );
        }
      }
    }
    const load = [loadBefore, loadavg()[0] ?? Number.NaN];
    const report = render(libs, samples, inline, browser.version(), Math.round((Date.now() - started) / 1000), load);
    writeFileSync(join(process.cwd(), 'bench/results.md'), report);
    console.log(report);
  } finally {
    await bare?.close();
    bare?.dispose();
    for (const profile of profiles.values()) await profile.close();
    await browser.close();
    await site.server.close();
  }
}

/**
 * Main-thread CPU time, shown only without throttling: the pauses Chromium's CPU throttling inserts are counted
 * as thread time (measured: ~17× more at 4×), so under it ThreadTime tracks wall-clock time instead of work.
 */
const cpuColumn = (throttle: number, pick: (s: Sample) => number) =>
  throttle === 1 ? [{ title: 'main-thread CPU', pick, format: ms }] : [];

function render(
  libs: readonly Library[],
  samples: readonly Sample[],
  inline: Map<string, number>,
  chromiumVersion: string,
  seconds: number,
  load: readonly number[],
) {
  const cpu = cpus();
  const options = [...(runs === DEFAULT_RUNS ? [] : [`--runs ${runs}`]), ...(args['one-file'] ? ['--one-file'] : [])];
  const command = options.length ? `${COMMAND} -- ${options.join(' ')}` : COMMAND;
  // Other work on the machine stretches every wall-clock time; say so rather than let it pass for the libraries.
  const busy = Math.max(...load) > cpu.length / 2;
  const loadNote = `load average ${load.map((n) => n.toFixed(1)).join(' → ')} during the run${busy ? ' (the machine was shared with other work, so wall-clock times are noisy; main-thread CPU time much less so, bytes not at all)' : ''}`;
  const floorBanner = (throttle: number) =>
    median(samples.filter((s) => s.library === FLOOR && s.throttle === throttle).map((s) => s.bannerMs));
  const beforeBanner = (s: Sample) =>
    Object.values(s.bannerBodies).reduce((total, n) => total + n, 0) + (inline.get(s.library) ?? 0);
  const frames = (n: number) => `${n.toFixed(1)} frames`;
  const goals = goalSection(samples, beforeBanner, floorBanner);
  const summary = summarySection(libs, samples, [
    {
      title: 'bytes before the banner (library files as transferred, brotli)',
      throttle: 1,
      pick: beforeBanner,
      format: bytes,
    },
    { title: 'the page itself, inline config included (brotli)', throttle: 1, pick: (s) => s.pageBytes, format: bytes },
    ...THROTTLES.flatMap((throttle): SummaryRow[] => [
      { title: `banner painted, ${throttle}× CPU`, throttle, pick: (s) => s.bannerMs, format: ms },
      {
        title: `frames behind the static floor, ${throttle}× CPU (median − floor's median, 60 Hz)`,
        throttle,
        pick: (s) => s.bannerMs,
        format: (n) => frames((n - floorBanner(throttle)) / FRAME_MS),
        noRatio: true,
      },
    ]),
    ...THROTTLES.flatMap((throttle): SummaryRow[] => [
      {
        title: `returning visitor, script time, cold (fresh context), ${throttle}× CPU`,
        throttle,
        pick: (s) => s.returnScriptMs,
        format: ms,
      },
      {
        title: `returning visitor, script time, warm (code cache), ${throttle}× CPU`,
        throttle,
        pick: (s) => s.warmScriptMs,
        format: ms,
      },
    ]),
    // Chromium alone, tracing itself: what the visitor's browser spends with no DevTools attached.
    ...(
      [
        ['script time without DevTools (Chromium alone, its own trace)', 'cold', (s: Sample) => s.bareColdMs],
        ['script time without DevTools (Chromium alone, its own trace)', 'warm', (s: Sample) => s.bareWarmMs],
        ['CPU time of those script events without DevTools', 'cold', (s: Sample) => s.bareColdCpuMs],
        ['CPU time of those script events without DevTools', 'warm', (s: Sample) => s.bareWarmCpuMs],
      ] as const
    ).map(([what, cache, value]) => ({
      title: `returning visitor, ${what}, ${cache}, 1× CPU`,
      throttle: 1,
      pick: (s: Sample) => value(s) ?? Number.NaN,
      format: ms,
    })),
    { title: 'returning visitor, main-thread CPU, cold, 1× CPU', throttle: 1, pick: (s) => s.returnCpuMs, format: ms },
    { title: 'returning visitor, main-thread CPU, warm, 1× CPU', throttle: 1, pick: (s) => s.warmCpuMs, format: ms },
    {
      title: 'returning visitor, library bytes loaded (cache or network)',
      throttle: 1,
      pick: (s) => s.returnDecoded,
      format: bytes,
    },
  ]);
  const sections = THROTTLES.map((throttle) => {
    const rows = libs.map((lib) => ({
      label: lib.label,
      samples: samples.filter((s) => s.library === lib.id && s.throttle === throttle),
    }));
    const title = throttle === 1 ? 'No CPU throttling' : `${throttle}× CPU slowdown`;
    const first = metricTable(rows, [
      { title: 'page first paint', pick: (s) => s.fcpMs, format: ms },
      { title: 'banner painted', pick: (s) => s.bannerMs, format: ms },
      { title: 'total blocking time', pick: (s) => s.tbtMs, format: ms },
      { title: 'layout shift', pick: (s) => s.cls, format: shift },
      { title: 'script time', pick: (s) => s.firstScriptMs, format: ms },
      ...cpuColumn(throttle, (s) => s.firstCpuMs),
      { title: 'library bytes transferred', pick: (s) => s.firstTransfer, format: bytes },
    ]);
    const back = metricTable(rows, [
      { title: 'gated script runs, cold', pick: (s) => s.returnGatedMs, format: ms },
      { title: 'gated script runs, warm', pick: (s) => s.warmGatedMs, format: ms },
      { title: 'script time, cold', pick: (s) => s.returnScriptMs, format: ms },
      { title: 'script time, warm', pick: (s) => s.warmScriptMs, format: ms },
      ...cpuColumn(throttle, (s) => s.returnCpuMs),
      { title: 'library bytes transferred', pick: (s) => s.returnTransfer, format: bytes },
      { title: 'library bytes loaded (cache or network)', pick: (s) => s.returnDecoded, format: bytes },
    ]);
    const spread = (pick: (s: Sample) => number) =>
      rows.map((row) => {
        const values = row.samples.map(pick);
        return `${row.label} ${ms(quantile(values, 0.25))}–${ms(quantile(values, 0.75))}`;
      });
    return [
      `### ${title}`,
      `First visit (no decision yet):\n\n${first}`,
      `Returning visitor (accepted all on the first visit):\n\n${back}`,
      `Run-to-run spread (25th–75th percentile): banner painted: ${spread((s) => s.bannerMs).join(', ')}; ` +
        `returning visitor's script time, cold: ${spread((s) => s.returnScriptMs).join(', ')}; ` +
        `warm: ${spread((s) => s.warmScriptMs).join(', ')}.`,
    ].join('\n\n');
  });
  return `# Consent banners side by side in Chromium

Generated by \`${command}\`; do not edit.

- ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Chromium ${chromiumVersion} (headless), ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${loadNote}.
- ${runs} runs per library and CPU setting, ${seconds} s in all. Medians; 1 kB = 1000 B, as size-limit and the README count.
- Reproduce: \`${COMMAND}\` (\`${COMMAND} -- --runs 15\` for more runs, \`-- --one-file\` to add \`samtykke.all.js\`).

## Summary: samtykke against its peers, same run

×n after a samtykke figure is its ratio to vanilla-cookieconsent's (vcc) and Klaro's median in this run; below 1
means samtykke needs less. The static floor is the page with its banner as plain markup: nothing a script-driven
banner can beat.

${summary}

Goals for samtykke, checked against this run's medians:

${goals}

## Bytes before the banner, per file

${perFileSection(libs, samples, inline)}

## Bytes (the files each library loaded in the browser; sizes from the files, gzip level 9, brotli quality 11)

${sizeSection(libs, samples)}

## In the browser

${sections.join('\n\n')}

## How measured

- **Page.** One small content page (heading, paragraphs, a sized image placeholder), the same for every library,
  with the same three categories (necessary, statistics, marketing) and the same gtag-style snippet (an external
  script from a second origin plus an inline config), marked so each library holds it back.
- **Placement, as each library's docs say.** samtykke: its loader synchronously first in \`<head>\`; it fetches
  the rest it needs (the first layer for the page's language while the visitor has not decided, the ledger once
  there is a decision) from its own folder.
  vanilla-cookieconsent: stylesheet in \`<head>\`, UMD build deferred, \`run()\` at DOMContentLoaded. Klaro: config
  inline, \`klaro.js\` (CSS and all translations built in, the file its README loads) deferred. The static floor:
  the banner as markup at the end of \`<body>\` with its styles in \`<head>\` and a few inline lines that remember
  "Accept all" and then run the held-back snippet. The browser reports \`navigator.webdriver = false\` like a
  visitor's, since vanilla-cookieconsent hides its banner from automation.
- **Delivery.** A \`node:http\` server on 127.0.0.1 serves every file brotli-compressed (the browser asks for it),
  library files with \`cache-control: ${IMMUTABLE}\` as a CDN serves versioned files, the HTML with \`no-cache\`.
  The network is loopback and the same for everyone, so the times show CPU and parsing cost, not latency.
- **Runs.** Every cold run uses a fresh browser context (empty cache and cookies). Libraries are interleaved and
  their order rotates every round; each round runs without and with CPU slowdown (CDP
  \`Emulation.setCPUThrottlingRate\`).
- **Bytes.** The library files the browser actually loaded (Resource Timing): those that had arrived when the banner
  was painted (per file: the body as transferred, \`encodedBodySize\`), all of them up to 500 ms after "Accept all",
  and those a returning visitor's page loaded; the raw/gzip/brotli table computes sizes from the files.
- **Banner painted.** An init script checks on every animation frame whether a banner element is laid out in the
  viewport, not hidden and not fully transparent (samtykke: any \`[role=region]\` or \`[role=dialog]\` in an open
  shadow root; the others: their notice element) and records \`performance.now()\` (from navigation start) at the
  next frame, the one that painted it. *Frames behind the static floor* is the difference of the medians in
  frames of ${FRAME_MS.toFixed(1)} ms. *Page first paint* is the page's first contentful paint (a synchronous script
  in \`<head>\` delays it, a deferred one does not); Chromium stamps it when the frame is presented, later than
  the animation frame that drew it, so a banner in the page's first frame (the floor) can read earlier than it.
- **Total blocking time** sums (long task − 50 ms) from navigation start until 1 s after the banner was painted;
  **layout shift** sums \`layout-shift\` entries without recent input over the same window; **script time** is
  Chromium's ScriptDuration (CDP \`Performance.getMetrics\`, wall clock) over the same window, page scripts
  included; **main-thread CPU** is the renderer main thread's CPU time (ThreadTime), which other processes on the
  machine barely disturb (shown without slowdown only: the pauses the slowdown inserts count as thread time).
- **Returning visitor, cold.** The bench clicks "Accept all" and requires the gated script to run, then opens the
  page again in the same fresh context (cookies and HTTP cache kept, no code cache yet: V8 caches a script's
  code on its second load) and requires that no banner shows: time until the gated script runs, script time until
  then + 500 ms, and the library's bytes over the network and loaded at all.
- **Returning visitor, warm.** One persistent profile on disk per library, which accepted once at the start, loads
  the page twice unmeasured (the second load writes V8's code cache) and then the measured time, as above.
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
