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
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const [zoneHours, zoneMinutes] = [part(10), part(11)];
  if (zoneHours > 23 || zoneMinutes > 59) return undefined;
  const offset = (match[9] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  const milliseconds = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset);
}
