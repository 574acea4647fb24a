import type { TextKey, Translator } from '../i18n/translate.js';
import type { ErasureReport } from '../types.js';

const SERVER_SAYS: Partial<Record<string, TextKey>> = {
  erased: 'erasedServer',
  unknown: 'erasedUnknown',
  waiting: 'erasedWaiting',
  refused: 'erasedRefused',
};

/**
 * What "Delete my data" did, in the visitor's words, one sentence a line: this browser's copy is gone; then what
 * the site's ledger did with its copy — erased, kept (what, from and until when, on which ground), not said, not
 * reached yet, or refused. Plain strings, rendered as text; a report handed over in sessionStorage may have been
 * written by a page script, so a date that is no date, or a ground that is not a short string, is left out.
 */
export function erasureMessage(report: ErasureReport, tr: Translator): string[] {
  const day = (iso: unknown) => {
    const time = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
    return Number.isNaN(time) ? '' : new Intl.DateTimeFormat(tr.locales, { dateStyle: 'long' }).format(time);
  };
  const lines = [tr.t('erased')];
  const { kept } = report;
  const until = day(kept?.until);
  if (until) {
    const since = day(report.since);
    lines.push(since ? tr.t('erasedKept', { since, until }) : tr.t('erasedKeptUndated', { until }));
    const ground = kept?.ground;
    if (typeof ground === 'string' && ground) lines.push(tr.t('erasedGround', { ground: ground.slice(0, 80) }));
  }
  const says = SERVER_SAYS[report.server];
  if (says) lines.push(tr.t(says));
  return lines;
}
