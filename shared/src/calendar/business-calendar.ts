// Business hours in the calendar's own time zone: a day's hours are its exception's if it has one, else
// closed on a holiday, else the weekly hours minus the daily breaks. Compared on wall-clock time, via Luxon.
import { DateTime } from 'luxon';
import type { BusinessCalendar, TimeRange, Weekday } from './calendar-schema';

/** Luxon numbers weekdays 1 (Monday) to 7 (Sunday). */
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const SEARCH_DAYS = 400;

/** Minutes since local midnight, [from, to). */
type Span = { from: number; to: number };

export function isOpen(calendar: BusinessCalendar, at: number): boolean {
  const local = localTime(calendar.timezone, at);
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  return openSpans(calendar, local).some((span) => span.from <= minute && minute < span.to);
}

/** `at` when open, else the first instant after it that is open; null when closed for the next 400 days. */
export function nextOpening(calendar: BusinessCalendar, at: number): number | null {
  if (isOpen(calendar, at)) return at;
  const today = localTime(calendar.timezone, at).startOf('day');
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = today.plus({ days: offset });
    const starts = openSpans(calendar, day)
      .map((span) => wallClock(calendar.timezone, day, span.from))
      // A start inside a DST gap lands later (Luxon moves it forward); re-check it is really open.
      .filter((instant) => instant > at && isOpen(calendar, instant))
      .sort((a, b) => a - b);
    if (starts[0] !== undefined) return starts[0];
  }
  return null;
}

/** The next instant strictly after `at` at which the wall clock in `timezone` reads `time` (HH:mm). */
export function nextTimeOfDay(timezone: string, time: string, at: number): number {
  const minutes = parseClock(time);
  const today = localTime(timezone, at).startOf('day');
  const candidate = wallClock(timezone, today, minutes);
  return candidate > at ? candidate : wallClock(timezone, today.plus({ days: 1 }), minutes);
}

/** The local calendar day of `at` as YYYY-MM-DD: the bucket for daily stats. */
export function dayKey(timezone: string, at: number): string {
  // Every event is counted under its day: the day last asked for in a zone answers without luxon.
  const known = lastDay.get(timezone);
  if (known && at >= known.from && at < known.to) return known.key;
  const local = localTime(timezone, at);
  const start = local.startOf('day');
  const day = { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis(), key: local.toFormat('yyyy-MM-dd') };
  lastDay.set(timezone, day);
  return day.key;
}

const lastDay = new Map<string, { from: number; to: number; key: string }>();

function localTime(timezone: string, at: number): DateTime {
  const local = DateTime.fromMillis(at, { zone: timezone });
  // Schemas validate zones; an unknown one here is a bug, better loud than a silent NaN.
  if (!local.isValid) throw new Error(`cannot read ${at} in time zone "${timezone}": ${local.invalidExplanation ?? 'invalid'}`);
  return local;
}

function openSpans(calendar: BusinessCalendar, day: DateTime): Span[] {
  const date = day.toFormat('yyyy-MM-dd');
  // An exception is a deliberate choice for one date, so it wins over a holiday and is taken as written.
  const exception = calendar.exceptions.find((e) => e.date === date);
  if (exception) return exception.hours.map(toSpan);
  if (calendar.holidays.some((h) => h.date === date)) return [];
  const weekday = WEEKDAYS[day.weekday - 1];
  const weekly = weekday === undefined ? [] : (calendar.weekly[weekday] ?? []).map(toSpan);
  return calendar.breaks.map(toSpan).reduce(subtract, weekly);
}

function subtract(spans: Span[], cut: Span): Span[] {
  return spans.flatMap((s) =>
    [
      { from: s.from, to: Math.min(s.to, cut.from) },
      { from: Math.max(s.from, cut.to), to: s.to },
    ].filter((piece) => piece.from < piece.to),
  );
}

function toSpan(range: TimeRange): Span {
  return { from: parseClock(range.from), to: parseClock(range.to) };
}

function parseClock(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes >= 0 && minutes <= 24 * 60)) throw new Error(`expected a time of day as HH:mm, got "${time}"`);
  return minutes;
}

/** The instant the wall clock reads `minutes` past midnight on `day` (24:00 is the next midnight). */
function wallClock(timezone: string, day: DateTime, minutes: number): number {
  const date = minutes >= 24 * 60 ? day.plus({ days: 1 }) : day;
  const m = minutes % (24 * 60);
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(m / 60), minute: m % 60 },
    { zone: timezone },
  ).toMillis();
}
