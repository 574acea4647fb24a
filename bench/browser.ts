// `npm run bench [-- --runs 9 --one-file]`: samtykke, vanilla-cookieconsent and Klaro side by side in
// headless Chromium; `--one-file` adds samtykke's one-tag build (samtykke.all.js) as a fourth contender.
// Writes bench/results.md. Exits non-zero if any library's banner never shows or its gated script never runs.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../scripts/chromium.js';
import { fileSize } from '../scripts/sizes.js';
import { type Library, libraries, libraryPath } from './libraries.js';
import { measure, type Sample } from './measure.js';
import { benchPage, GATED_SCRIPT, HERO_SVG, SITE_CSS } from './page.js';
import { type Asset, fileAsset, IMMUTABLE, REVALIDATE, startServer, textAsset } from './static-server.js';
import { bytes, metricTable, ms, quantile, shift, table, withRatio } from './stats.js';

// A visitor's browser reports navigator.webdriver = false; vanilla-cookieconsent hides its banner from
// automated browsers by default (hideFromBots), which would leave it nothing to measure.
const EXTRA_ARGS = ['--disable-blink-features=AutomationControlled'];
const THROTTLES = [1, 4];

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, 'one-file': { type: 'boolean', default: false } },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`bench: --runs: expected a positive integer, got "${args.runs}"`);

/** Raw, gzip (level 9) and brotli (quality 11) sizes of a set of files. */
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
    const names = `${banner.paths.map((path) => `\`${path.split('/').pop()}\``).join(' + ')}${varied}`;
    return { lib, names, values: [critical.raw, critical.gzip, critical.br, all.br, returning.br] };
  });
  const best = rows[0]?.values.map((_, c) => Math.min(...rows.map((r) => r.values[c] as number))) ?? [];
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
    rows.map((r) => [r.lib.label, r.names, ...r.values.map((v, c) => withRatio(v, best[c] as number, bytes))]),
  );
}

async function main(): Promise<void> {
  const libs = libraries({ oneFile: args['one-file'] });
  const assets = new Map<string, Asset>();
  const server = await startServer(assets);
  const gtagSrc = `${server.thirdPartyOrigin}/gtag/js?id=G-BENCH`;
  for (const lib of libs) {
    for (const file of lib.files) assets.set(file.url, fileAsset(libraryPath(file), IMMUTABLE));
    assets.set(`/${lib.id}.html`, textAsset(benchPage(lib, gtagSrc), '.html', REVALIDATE));
  }
  assets.set('/site.css', textAsset(SITE_CSS, '.css', 'public, max-age=3600'));
  assets.set('/hero.svg', textAsset(HERO_SVG, '.svg', 'public, max-age=3600'));
  // gtag.js is served with a short private lifetime, as Google serves it.
  assets.set('/gtag/js', textAsset(GATED_SCRIPT, '.js', 'private, max-age=900'));

  const browser = await launchChromium(EXTRA_ARGS);
  const samples: Sample[] = [];
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? Number.NaN;
  try {
    for (let round = 0; round < runs; round++) {
      // Rotate the order every round so no library always runs first (or right after another).
      const order = libs.map((_, i) => libs[(i + round) % libs.length] as Library);
      for (const throttle of THROTTLES) {
        for (const lib of order) {
          const sample = await measure(browser, lib, `${server.origin}/${lib.id}.html`, throttle);
          // A missing file would quietly turn a measurement into a measurement of an error page.
          const missing = server.log.filter((entry) => entry.status === 404).map((entry) => entry.path);
          if (missing.length)
            throw new Error(`${lib.id}: the page asked for files the bench lacks: ${missing.join(', ')}`);
          samples.push(sample);
          console.error(
            `round ${round + 1}/${runs} cpu ${throttle}x ${lib.id}: banner ${ms(sample.bannerMs)}, ` +
              `TBT ${ms(sample.tbtMs)}, returning gated ${ms(sample.returnGatedMs)}`,
          );
        }
      }
    }
    const load = [loadBefore, loadavg()[0] ?? Number.NaN];
    const report = render(libs, samples, browser.version(), Math.round((Date.now() - started) / 1000), load);
    writeFileSync(join(process.cwd(), 'bench/results.md'), report);
    console.log(report);
  } finally {
    await browser.close();
    await server.close();
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
  chromiumVersion: string,
  seconds: number,
  load: readonly number[],
) {
  const cpu = cpus();
  // Other work on the machine stretches every wall-clock time; say so rather than let it pass for the libraries.
  const busy = Math.max(...load) > cpu.length;
  const loadNote = `load average ${load.map((n) => n.toFixed(1)).join(' → ')} during the run${busy ? ' (busy: other processes shared the CPUs, so wall-clock times are noisy; main-thread CPU time much less so, bytes not at all)' : ''}`;
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
      { title: 'gated script runs', pick: (s) => s.returnGatedMs, format: ms },
      { title: 'script time', pick: (s) => s.returnScriptMs, format: ms },
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
        `returning visitor's gated script: ${spread((s) => s.returnGatedMs).join(', ')}.`,
    ].join('\n\n');
  });
  return `# Consent banners side by side in Chromium

- ${new Date().toISOString().slice(0, 10)}, Chromium ${chromiumVersion} (headless), ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${loadNote}.
- ${runs} runs per library and CPU setting, ${seconds} s in all. Medians; ×n is the ratio to the best (lowest) value in its column.
- Reproduce: \`npm run bench\` (\`npm run bench -- --runs 15\` for more runs, \`-- --one-file\` to add \`samtykke.all.js\`).

## Bytes (the files each library loaded in the browser; sizes from the files, gzip level 9, brotli quality 11)

${sizeSection(libs, samples)}

## In the browser

${sections.join('\n\n')}

## How measured

- **Page.** One small content page (heading, paragraphs, a sized image placeholder), the same for every library,
  with the same three categories (necessary, statistics, marketing) and the same gtag-style snippet (an external
  script from a second origin plus an inline config), marked so each library holds it back.
- **Placement, as each library's docs say.** samtykke: its loader synchronously first in \`<head>\`; it fetches
  its UI for the page's language only when the banner must show, and its ledger once there is a decision.
  vanilla-cookieconsent: stylesheet in \`<head>\`, UMD build deferred, \`run()\` at DOMContentLoaded. Klaro: config
  inline, \`klaro.js\` (CSS and all translations built in, the file its README loads) deferred. The browser reports
  \`navigator.webdriver = false\` like a visitor's, since vanilla-cookieconsent hides its banner from automation.
- **Delivery.** A \`node:http\` server on 127.0.0.1 serves every file brotli-compressed (the browser asks for it),
  library files with \`cache-control: ${IMMUTABLE}\` as a CDN serves versioned files, the HTML with \`no-cache\`.
  The network is loopback, so the times show CPU and parsing cost, not latency.
- **Runs.** Every run uses a fresh browser context (empty cache and cookies). Libraries are interleaved and their
  order rotates every round; each round runs without and with CPU slowdown (CDP \`Emulation.setCPUThrottlingRate\`).
- **Bytes.** The library files the browser actually loaded (Resource Timing): those that had arrived when the banner
  was painted, all of them up to 500 ms after "Accept all", and those a returning visitor's page loaded; sizes are
  computed from the files.
- **Banner painted.** An init script checks on every animation frame whether a banner element is laid out in the
  viewport, not hidden and not fully transparent (samtykke: any \`[role=region]\` or \`[role=dialog]\` in an open
  shadow root; the others: their notice element) and records \`performance.now()\` (from navigation start) at the
  next frame, the one that painted it. *Page first paint* is the page's first contentful paint (a synchronous
  script in \`<head>\` delays it, a deferred one does not).
- **Total blocking time** sums (long task − 50 ms) from navigation start until 1 s after the banner was painted;
  **layout shift** sums \`layout-shift\` entries without recent input over the same window; **script time** is
  Chromium's ScriptDuration (CDP \`Performance.getMetrics\`, wall clock) over the same window, page scripts
  included; **main-thread CPU** is the renderer main thread's CPU time (ThreadTime), which other processes on the
  machine barely disturb (shown without slowdown only: the pauses the slowdown inserts count as thread time).
- **Returning visitor.** The bench clicks "Accept all" and requires the gated script to run, then opens the page
  again in the same profile (cookies and HTTP cache kept) and requires that no banner shows: time until the gated
  script runs, script time until then + 500 ms, and the library's bytes over the network and loaded at all.
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
