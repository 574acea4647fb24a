import type { BaselineDiff, ScanReport } from './types.js';

/**
 * The facts two scans are compared by: each vendor with its status, each leak, each cookie and storage key
 * with its phase. Page order, timings and counts are left out, so a rerun of an unchanged site differs in nothing.
 */
export function scanFacts(report: ScanReport): Set<string> {
  const facts = new Set<string>();
  for (const vendor of report.vendors) facts.add(`vendor ${vendor.id}: ${vendor.status}`);
  for (const leak of report.leaks) facts.add(`leak: ${leak.kind} ${leak.name} on ${pathOf(leak.page)}`);
  for (const page of report.pages) {
    for (const cookie of page.cookies) facts.add(`cookie ${cookie.name} (${cookie.domain}) ${cookie.phase} consent`);
    for (const entry of page.storage) facts.add(`${entry.area} ${entry.key} ${entry.phase} consent`);
  }
  for (const stale of report.stale) facts.add(`stale declaration: ${stale.service}`);
  return facts;
}

/** What is new in `current` and what is gone since `baseline`. */
export function diffScans(baseline: ScanReport, current: ScanReport, name: string): BaselineDiff {
  const before = scanFacts(baseline);
  const now = scanFacts(current);
  return {
    baseline: name,
    added: [...now].filter((fact) => !before.has(fact)).sort(),
    removed: [...before].filter((fact) => !now.has(fact)).sort(),
  };
}

/** Checks that a parsed file is a samtykke-scan report, so a wrong --baseline file is named, not misread. */
export function asScanReport(value: unknown, name: string): ScanReport {
  const report = value as Partial<ScanReport> | null;
  if (report?.tool !== 'samtykke-scan' || report.version !== 1 || !Array.isArray(report.pages))
    throw new Error(`${name}: expected a samtykke-scan JSON report (version 1)`);
  return report as ScanReport;
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
