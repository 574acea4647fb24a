import { parseDuration } from '../core/formats.js';
import type { TextKey, Translator } from '../i18n/translate.js';
import type { RecipientRole, TransferMechanism } from '../types.js';

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
const DAYS_PER_MONTH = 365.25 / 12;

/**
 * An ISO 8601 duration (`P2Y`, `P1Y6M`, `PT30M`) or `session` in words: "2 years", "2 år". A lifetime
 * given in days reads as people say it: `P365D` is "1 year", `P182D` "6 months" (within a day of a
 * whole number of months), `P90D` stays "90 days" — in the words of the texts, because CLDR's Norwegian
 * and Swedish unit name is "døgn"/"dygn" (24 hours), not the "dager"/"dagar" of a cookie's lifetime.
 */
export function formatDuration(value: string, tr: Translator): string {
  if (value === 'session') return tr.t('session');
  const amounts = parseDuration(value);
  if (!amounts) return value;
  const [years, months, weeks, days, ...time] = amounts as [number, number, number, number, ...number[]];
  if (!years && !months && !weeks && days && time.every((n) => !n)) {
    if (days % 365 === 0) amounts.splice(0, 4, days / 365, 0, 0, 0);
    else if (days >= 28 && Math.abs(days - Math.round(days / DAYS_PER_MONTH) * DAYS_PER_MONTH) <= 1) {
      amounts.splice(0, 4, 0, Math.round(days / DAYS_PER_MONTH), 0, 0);
    }
  }
  const parts: string[] = [];
  UNITS.forEach((unit, i) => {
    const n = amounts[i] ?? 0;
    if (!n) return;
    parts.push(
      unit === 'day'
        ? tr.count('dayOne', 'dayOther', n)
        : new Intl.NumberFormat(tr.locales, { style: 'unit', unit, unitDisplay: 'long' }).format(n),
    );
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

const ROLE_TEXT = {
  processor: 'roleProcessor',
  'joint-controller': 'roleJointController',
  controller: 'roleController',
} as const satisfies Record<RecipientRole, TextKey>;

const TRANSFER_TEXT = {
  adequacy: 'transferAdequacy',
  scc: 'transferScc',
  bcr: 'transferBcr',
  derogation: 'transferDerogation',
} as const satisfies Record<TransferMechanism, TextKey>;

/** Who receives a service's data and, where its terms say, what it is to the site (GDPR Art. 13(1)(e)). */
export function formatRecipient(name: string, role: RecipientRole | undefined, tr: Translator): string {
  return role ? `${name} (${tr.t(ROLE_TEXT[role])})` : name;
}

/**
 * The countries outside the EEA a service's data goes to, with the ground it goes there on (GDPR Art. 13(1)(f)),
 * or that none is stated; nothing where it stays inside.
 */
export function formatTransfer(
  codes: readonly string[],
  transfer: TransferMechanism | undefined,
  tr: Translator,
): string | undefined {
  if (!codes.length) return undefined;
  return `${formatCountries(codes, tr)} (${tr.t(transfer ? TRANSFER_TEXT[transfer] : 'transferNone')})`;
}

/** A date and time in the visitor's language (English as in the UK unless the page says `en-US`). */
export function formatDate(epochMs: number, tr: Translator): string {
  return new Intl.DateTimeFormat(tr.locales, { dateStyle: 'long', timeStyle: 'short' }).format(epochMs);
}
