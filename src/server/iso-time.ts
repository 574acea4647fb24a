// A date, or a date and time with seconds optional and a zone (Z or ±HH:MM): the ISO 8601 forms the
// export filters take.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/**
 * The instant an ISO 8601 date or time names, or undefined when it is not one, or names no real
 * instant: `Date.parse` would roll 30 February into March and hour 24 into the next day, so a filter
 * typed wrong would quietly select another range.
 */
export function parseIsoTime(text: string): Date | undefined {
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;
  const part = (index: number) => Number(match[index] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const [zoneHours, zoneMinutes] = [part(10), part(11)];
  if (zoneHours > 23 || zoneMinutes > 59) return undefined;
  const offset = (match[9] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  const milliseconds = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  // Date.UTC would read years 0–99 as 1900–1999; setUTCFullYear takes the year as written.
  const time = new Date(0);
  time.setUTCFullYear(year, month - 1, day);
  time.setUTCHours(hour, minute, second, milliseconds);
  return new Date(time.getTime() - offset);
}

/** Days in a month of the proleptic Gregorian calendar ISO 8601 uses (year 0 is a leap year). */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
