const formatter = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

// Largest unit first; a month and a year are rounded lengths, close enough for "how long ago".
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long before `now` an epoch-ms time was, as the user's locale says it ("3 hours ago"). */
export function relativeTime(ms: number, now: number): string {
  const elapsed = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(elapsed) >= size) return formatter.format(Math.trunc(elapsed / size), unit);
  }
  return formatter.format(Math.trunc(elapsed / 1000), 'second');
}
