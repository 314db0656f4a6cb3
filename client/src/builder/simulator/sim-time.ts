// Simulated time as people read and pick it: wall-clock time in a chosen IANA zone (luxon does the
// conversions, so "Saturday 23:00 Asia/Shanghai" is the instant the engine gets).
import { DateTime, IANAZone } from 'luxon';

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** "Saturday 23:00, 12 Oct 2024" in the zone. */
export function formatClock(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('cccc HH:mm, d LLL yyyy');
}

/** "Sat 23:05": short, for timers and trace rows. */
export function formatShort(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ccc HH:mm');
}

/** The value of a datetime-local input showing the instant in the zone. */
export function toLocalInput(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** The instant a datetime-local value means in the zone; null when it is empty or not a time. */
export function fromLocalInput(value: string, zone: string): number | null {
  if (value === '') return null;
  const parsed = DateTime.fromISO(value, { zone });
  return parsed.isValid ? parsed.toMillis() : null;
}
