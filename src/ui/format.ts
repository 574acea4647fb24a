import type { Translator } from '../i18n/translate.js';

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 duration (`P2Y`, `P1Y6M`, `PT30M`) or `session` in words: "2 years", "2 år". */
export function formatDuration(value: string, tr: Translator): string {
  if (value === 'session') return tr.t('session');
  const match = DURATION.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return value;
  const parts: string[] = [];
  UNITS.forEach((unit, i) => {
    const n = Number(match[i + 1] ?? 0);
    if (n) parts.push(new Intl.NumberFormat(tr.locales, { style: 'unit', unit, unitDisplay: 'long' }).format(n));
  });
  if (!parts.length) return value;
  return new Intl.ListFormat(tr.locales, { type: 'unit', style: 'long' }).format(parts);
}

/** Country names for ISO 3166-1 alpha-2 codes, in the visitor's language. */
export function formatCountries(codes: readonly string[], tr: Translator): string {
  const names = new Intl.DisplayNames(tr.locales, { type: 'region' });
  return new Intl.ListFormat(tr.locales, { type: 'conjunction' }).format(
    codes.map((code) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    }),
  );
}

/** A date and time in the visitor's language. */
export function formatDate(epochMs: number, tr: Translator): string {
  return new Intl.DateTimeFormat(tr.locales, { dateStyle: 'long', timeStyle: 'short' }).format(epochMs);
}
