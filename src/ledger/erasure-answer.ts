import type { ErasureReport } from '../types.js';

/** What the ledger server did with one consent id's erasure, as far as the browser can tell. */
export type ErasureResult = Pick<ErasureReport, 'server' | 'kept'>;

/**
 * Read a 2xx answer to `DELETE /receipts/:recordId`. The samtykke ledger server answers `{ recordId, erased }`, or,
 * when the controller keeps erased consents for a while, `{ recordId, erased: 0, retained, retainedUntil, reason,
 * ground }`. Anything else (no body, "OK", another id, a malformed date, over 4 KiB) says nothing about what is
 * kept: `unknown`. Nothing of the answer is used but a count, a date and a short ground without markup.
 */
export function erasureAnswerOf(text: string, recordId: string): ErasureResult {
  let answer: Record<string, unknown> | null = null;
  try {
    if (text.length <= 4096) answer = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  if (answer?.recordId !== recordId) return { server: 'unknown' };
  const { retained, retainedUntil: until, ground } = answer;
  if (!retained) return Number.isSafeInteger(answer.erased) ? { server: 'erased' } : { server: 'unknown' };
  if (
    !Number.isSafeInteger(retained) ||
    (retained as number) < 0 ||
    typeof until !== 'string' ||
    !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(until)
  )
    return { server: 'unknown' };
  const kept: NonNullable<ErasureResult['kept']> = { receipts: retained as number, until };
  // A legal citation such as "GDPR Art. 17(3)(b) and (e)": one short line, no markup.
  if (typeof ground === 'string' && /^[^<>&\n]{1,80}$/.test(ground)) kept.ground = ground;
  return { server: 'kept', kept };
}

// When consent ids fared differently, the visitor hears of the one that still needs something first.
const ORDER = ['refused', 'waiting', 'kept', 'unknown', 'erased'];

/** One report for all the consent ids an erasure covered: the least finished state, and the latest `kept`. */
export function combineErasures(results: readonly ErasureResult[], since?: number): ErasureReport {
  const report: ErasureReport = { server: 'none' };
  for (const result of results) {
    if (report.server === 'none' || ORDER.indexOf(result.server) < ORDER.indexOf(report.server))
      report.server = result.server;
    if (result.kept && !(report.kept && report.kept.until > result.kept.until)) report.kept = result.kept;
  }
  if (since !== undefined) report.since = new Date(since).toISOString();
  return report;
}
