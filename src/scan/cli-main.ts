import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { asScanReport } from './baseline.js';
import { ChromiumNotFoundError } from './chromium.js';
import { emitConfig } from './emit-config.js';
import { renderHtmlReport } from './html.js';
import { scanSite } from './index.js';
import type { ScanReport } from './types.js';

const HELP = `samtykke-scan — crawl a site in Chromium and report what it stores and sends, before and after consent

Usage: samtykke-scan <url> [<url>…] [options]

  --max-pages <n>        pages to scan at most (default 20)
  --depth <n>            link depth from the start URLs (default 2)
  --no-robots            ignore robots.txt (it is honoured by default)
  --chromium <path>      the Chromium to drive (default: CHROMIUM_PATH, then the PATH, then the usual places)
  --chromium-arg <flag>  an extra Chromium flag; repeat for several (e.g. --host-resolver-rules=…)
  --ignore-https-errors  accept self-signed certificates (staging)
  --settle <ms>          quiet time that counts as a settled page (default 1000)
  --out <file>           the JSON report (default samtykke-scan.json)
  --html <file>          the HTML report (default samtykke-scan.html)
  --baseline <file>      a previous JSON report: list what is new and what is gone
  --emit-config <file>   write a config skeleton with the services found, in categories
  --fail-on <list>       exit 1 when any of: leak, undeclared, stale, changed (default leak,undeclared; none)
  --quiet                no progress lines

Exit codes: 0 clean, 1 findings matched --fail-on, 2 usage error, 3 the scan could not run.`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'max-pages': { type: 'string' },
  depth: { type: 'string' },
  'no-robots': { type: 'boolean' },
  chromium: { type: 'string' },
  'chromium-arg': { type: 'string', multiple: true },
  'ignore-https-errors': { type: 'boolean' },
  settle: { type: 'string' },
  out: { type: 'string' },
  html: { type: 'string' },
  baseline: { type: 'string' },
  'emit-config': { type: 'string' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

const FAIL_ON = ['leak', 'undeclared', 'stale', 'changed'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** Where the CLI writes; injectable for tests. */
export interface ScanCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: ScanCliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

class UsageError extends Error {}

function whole(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name}: expected a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function failOn(value: string | undefined): Set<FailOn> {
  if (value === undefined) return new Set(['leak', 'undeclared']);
  if (value === 'none') return new Set();
  const wanted = value.split(',').map((part) => part.trim());
  for (const part of wanted)
    if (!(FAIL_ON as readonly string[]).includes(part))
      throw new UsageError(
        `--fail-on: expected a list of ${FAIL_ON.join(', ')} (or none), got ${JSON.stringify(part)}`,
      );
  return new Set(wanted as FailOn[]);
}

/** Run `samtykke-scan`; resolves to the exit code. */
export async function runScanCli(argv: readonly string[], io: ScanCliIo = defaultIo): Promise<number> {
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>>;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${HELP}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('expected at least one start URL');
    const conditions = failOn(values['fail-on']);
    const maxPages = whole(values['max-pages'], 'max-pages', 20, 1);
    const depth = whole(values.depth, 'depth', 2, 0);
    const settleMs = whole(values.settle, 'settle', 1000, 0);
    let baseline: { report: ScanReport; name: string } | undefined;
    if (values.baseline) {
      const name = values.baseline;
      let text: string;
      try {
        text = await readFile(name, 'utf8');
      } catch (error) {
        throw new UsageError(`--baseline: cannot read ${name}: ${(error as Error).message}`);
      }
      try {
        baseline = { report: asScanReport(JSON.parse(text), `--baseline ${name}`), name };
      } catch (error) {
        throw new UsageError(
          error instanceof SyntaxError ? `--baseline ${name}: not JSON (${error.message})` : (error as Error).message,
        );
      }
    }
    for (const url of positionals) {
      if (!/^https?:\/\//i.test(url)) throw new UsageError(`expected an http(s) start URL, got ${JSON.stringify(url)}`);
    }

    const report = await scanSite({
      urls: positionals,
      maxPages,
      depth,
      robots: !values['no-robots'],
      chromiumArgs: values['chromium-arg'] ?? [],
      ignoreHttpsErrors: values['ignore-https-errors'] ?? false,
      settleMs,
      ...(values.chromium ? { chromium: values.chromium } : {}),
      ...(baseline ? { baseline } : {}),
      onProgress: values.quiet
        ? undefined
        : ({ done, queued, url, error }) =>
            io.stderr(`[${done} done, ${queued} queued] ${url}${error ? ` failed: ${error}` : ''}\n`),
    });
    const out = values.out ?? 'samtykke-scan.json';
    const html = values.html ?? 'samtykke-scan.html';
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(html, renderHtmlReport(report));
    if (values['emit-config'])
      await writeFile(values['emit-config'], `${JSON.stringify(emitConfig(report), null, 2)}\n`);
    const { summary } = report;
    const changed = report.baseline ? report.baseline.added.length + report.baseline.removed.length : 0;
    io.stdout(
      `${summary.pages} page(s) scanned, ${summary.skipped} skipped: ${summary.leaks} leak(s) before consent, ` +
        `${summary.undeclared} undeclared tracker(s), ${summary.stale} stale declaration(s)` +
        `${report.baseline ? `, ${changed} change(s) since ${report.baseline.baseline}` : ''}\n` +
        `wrote ${out} and ${html}${values['emit-config'] ? ` and ${values['emit-config']}` : ''}\n`,
    );
    for (const leak of report.leaks) io.stdout(`leak: ${leak.kind} ${leak.name} on ${leak.page}\n`);
    for (const entry of report.undeclared) io.stdout(`undeclared ${entry.kind}: ${entry.id}\n`);
    for (const entry of report.stale) io.stdout(`stale: ${entry.service} (${entry.category})\n`);
    const failed =
      (conditions.has('leak') && summary.leaks > 0) ||
      (conditions.has('undeclared') && summary.undeclared > 0) ||
      (conditions.has('stale') && summary.stale > 0) ||
      (conditions.has('changed') && changed > 0) ||
      summary.pages === 0;
    if (summary.pages === 0) io.stderr('samtykke-scan: no page could be scanned\n');
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`samtykke-scan: ${error.message}\n\n${HELP}\n`);
      return 2;
    }
    const message = (error as Error)?.message ?? String(error);
    io.stderr(`samtykke-scan: ${error instanceof ChromiumNotFoundError ? '' : 'the scan failed: '}${message}\n`);
    return 3;
  }
}
