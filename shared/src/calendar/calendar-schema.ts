import { z } from 'zod';

/** "HH:mm", 00:00–24:00 (24:00 closes a day at midnight). */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day as HH:mm');

export const timeRangeSchema = z
  .object({ from: clockTimeSchema, to: clockTimeSchema })
  .refine((r) => r.from < r.to, { message: '"from" must be before "to"', path: ['to'] });
export type TimeRange = z.infer<typeof timeRangeSchema>;

/** "YYYY-MM-DD", a calendar day in the calendar's time zone. */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

export const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Shanghai' },
);

/**
 * Business hours: weekly opening intervals (several a day), daily breaks cut out of them,
 * holidays (closed all day) and one-off exceptions (a day with its own hours; empty = closed).
 */
export const businessCalendarSchema = z.object({
  timezone: timezoneSchema,
  weekly: z.partialRecord(weekdaySchema, z.array(timeRangeSchema)).default({}),
  breaks: z.array(timeRangeSchema).default([]),
  holidays: z.array(z.object({ date: isoDateSchema, name: z.string().default('') })).default([]),
  exceptions: z.array(z.object({ date: isoDateSchema, hours: z.array(timeRangeSchema) })).default([]),
});
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;
