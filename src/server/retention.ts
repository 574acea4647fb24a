import { parseDuration } from '../core/formats.js';
import type { LedgerStorage } from './storage.js';

/** The instant `duration` (ISO 8601, e.g. `P2Y`, `P6M`, `P30D`, `PT12H`) before `now`, in calendar terms. */
export function subtractDuration(duration: string, now: Date): Date {
  return shiftDuration(duration, now, -1);
}

/** The instant `duration` after `now`, in calendar terms (see {@link subtractDuration}). */
export function addDuration(duration: string, now: Date): Date {
  return shiftDuration(duration, now, 1);
}

function shiftDuration(duration: string, now: Date, sign: 1 | -1): Date {
  const parts = parseDuration(duration);
  if (!parts) {
    throw new Error(
      `expected an ISO 8601 duration like P2Y, P6M or P30D, got ${JSON.stringify(duration.slice(0, 40))}`,
    );
  }
  const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = parts;
  const date = new Date(now.getTime());
  // Whole months, clamped to the month's last day: 31 March minus P1M is 28 (or 29) February.
  const target = new Date(Date.UTC(now.getUTCFullYear() + sign * years, now.getUTCMonth() + sign * months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth(), Math.min(now.getUTCDate(), lastDay));
  date.setUTCDate(date.getUTCDate() + sign * (weeks * 7 + days));
  date.setTime(date.getTime() + sign * (hours * 3600 + minutes * 60 + seconds) * 1000);
  return date;
}

/**
 * Retention: erase (into tombstones) every receipt received more than `olderThan` ago, and carry out the visitors'
 * erasures whose retention period (`erasureRetention`) has ended. Returns the counts and the cutoff.
 */
export async function pruneLedger(
  storage: LedgerStorage,
  olderThan: string,
  now: Date = new Date(),
): Promise<{ erased: number; cutoff: string; erasuresDue: number }> {
  const cutoff = subtractDuration(olderThan, now).toISOString();
  const erased = await storage.eraseReceivedBefore(cutoff, now.toISOString());
  return { erased, cutoff, erasuresDue: await storage.eraseDue(now.toISOString()) };
}
