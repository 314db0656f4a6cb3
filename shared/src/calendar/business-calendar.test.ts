import { dayKey, isOpen, nextOpening, nextTimeOfDay } from './business-calendar';
import { businessCalendarSchema } from './calendar-schema';

// Instants are written with explicit offsets so the expectations do not depend on Luxon.
const at = (iso: string) => Date.parse(iso);
const shanghai = (local: string) => at(`${local}+08:00`);

const weekday = [{ from: '09:00', to: '18:00' }];
const office = businessCalendarSchema.parse({
  timezone: 'Asia/Shanghai',
  weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
  breaks: [{ from: '12:00', to: '13:30' }],
  holidays: [{ date: '2026-10-01', name: 'National Day' }],
  exceptions: [
    // A make-up working Saturday with its own hours (the lunch break is not cut out of them)...
    { date: '2026-10-10', hours: [{ from: '10:00', to: '14:00' }] },
    // ...and a weekday closed by an exception with no hours.
    { date: '2026-10-08', hours: [] },
  ],
});

describe('isOpen (Asia/Shanghai, Mon–Fri 09:00–18:00, lunch 12:00–13:30)', () => {
  it('is closed on Saturday night', () => {
    expect(isOpen(office, shanghai('2026-09-26T23:00:00'))).toBe(false);
  });

  it('is open on Monday morning', () => {
    expect(isOpen(office, shanghai('2026-09-28T10:00:00'))).toBe(true);
  });

  it('is closed during the lunch break and open again when it ends', () => {
    expect(isOpen(office, shanghai('2026-09-28T11:59:59'))).toBe(true);
    expect(isOpen(office, shanghai('2026-09-28T12:00:00'))).toBe(false);
    expect(isOpen(office, shanghai('2026-09-28T12:30:00'))).toBe(false);
    expect(isOpen(office, shanghai('2026-09-28T13:30:00'))).toBe(true);
  });

  it('opens at the start of an interval and closes at its end', () => {
    expect(isOpen(office, shanghai('2026-09-28T08:59:59.999'))).toBe(false);
    expect(isOpen(office, shanghai('2026-09-28T09:00:00'))).toBe(true);
    expect(isOpen(office, shanghai('2026-09-28T17:59:59'))).toBe(true);
    expect(isOpen(office, shanghai('2026-09-28T18:00:00'))).toBe(false);
  });

  it('reads the time in the calendar zone, not UTC', () => {
    // Monday 02:00 UTC is Monday 10:00 in Shanghai; Sunday 20:00 UTC is Monday 04:00 there.
    expect(isOpen(office, at('2026-09-28T02:00:00Z'))).toBe(true);
    expect(isOpen(office, at('2026-09-27T20:00:00Z'))).toBe(false);
  });

  it('is closed all day on a holiday', () => {
    expect(isOpen(office, shanghai('2026-10-01T10:00:00'))).toBe(false);
    expect(isOpen(office, shanghai('2026-10-01T15:00:00'))).toBe(false);
  });

  it('uses an exception day’s own hours instead of the weekly ones', () => {
    expect(isOpen(office, shanghai('2026-10-10T09:30:00'))).toBe(false);
    expect(isOpen(office, shanghai('2026-10-10T10:00:00'))).toBe(true);
    expect(isOpen(office, shanghai('2026-10-10T12:30:00'))).toBe(true);
    expect(isOpen(office, shanghai('2026-10-10T14:00:00'))).toBe(false);
  });

  it('is closed on an exception day with no hours', () => {
    expect(isOpen(office, shanghai('2026-10-08T10:00:00'))).toBe(false);
    expect(isOpen(office, shanghai('2026-10-09T10:00:00'))).toBe(true);
  });

  it('lets an exception reopen a holiday', () => {
    const special = businessCalendarSchema.parse({
      ...office,
      exceptions: [{ date: '2026-10-01', hours: [{ from: '10:00', to: '12:00' }] }],
    });
    expect(isOpen(special, shanghai('2026-10-01T11:00:00'))).toBe(true);
    expect(isOpen(special, shanghai('2026-10-01T15:00:00'))).toBe(false);
  });

  it('supports several intervals a day', () => {
    const split = businessCalendarSchema.parse({
      timezone: 'Asia/Shanghai',
      weekly: { sat: [{ from: '08:00', to: '10:00' }, { from: '20:00', to: '24:00' }] },
    });
    expect(isOpen(split, shanghai('2026-09-26T09:00:00'))).toBe(true);
    expect(isOpen(split, shanghai('2026-09-26T15:00:00'))).toBe(false);
    expect(isOpen(split, shanghai('2026-09-26T23:59:59'))).toBe(true);
    expect(isOpen(split, shanghai('2026-09-27T00:00:00'))).toBe(false);
  });
});

describe('nextOpening', () => {
  it('returns the instant itself when open', () => {
    const now = shanghai('2026-09-28T10:15:00');
    expect(nextOpening(office, now)).toBe(now);
  });

  it('goes from Saturday night to Monday 09:00 local', () => {
    expect(nextOpening(office, shanghai('2026-09-26T23:00:00'))).toBe(shanghai('2026-09-28T09:00:00'));
  });

  it('waits out the lunch break', () => {
    expect(nextOpening(office, shanghai('2026-09-28T12:30:00'))).toBe(shanghai('2026-09-28T13:30:00'));
  });

  it('goes from closing time to the next morning', () => {
    expect(nextOpening(office, shanghai('2026-09-28T18:00:00'))).toBe(shanghai('2026-09-29T09:00:00'));
  });

  it('skips a holiday', () => {
    expect(nextOpening(office, shanghai('2026-09-30T19:00:00'))).toBe(shanghai('2026-10-02T09:00:00'));
  });

  it('opens on an exception day at its own hours', () => {
    expect(nextOpening(office, shanghai('2026-10-09T19:00:00'))).toBe(shanghai('2026-10-10T10:00:00'));
  });

  it('skips a weekday closed by an exception', () => {
    expect(nextOpening(office, shanghai('2026-10-07T18:30:00'))).toBe(shanghai('2026-10-09T09:00:00'));
  });

  it('opens right after the spring-forward gap when the hours start inside it (America/New_York)', () => {
    const night = businessCalendarSchema.parse({ timezone: 'America/New_York', weekly: { sun: [{ from: '02:00', to: '05:00' }] } });
    expect(nextOpening(night, at('2026-03-07T23:00:00-05:00'))).toBe(at('2026-03-08T03:00:00-04:00'));
  });

  it('returns null when it never opens', () => {
    const never = businessCalendarSchema.parse({ timezone: 'Asia/Shanghai' });
    expect(nextOpening(never, shanghai('2026-09-28T10:00:00'))).toBeNull();
  });

  it('looks up to 400 days ahead and no further', () => {
    const once = (date: string) =>
      businessCalendarSchema.parse({ timezone: 'Asia/Shanghai', exceptions: [{ date, hours: [{ from: '09:00', to: '10:00' }] }] });
    const from = shanghai('2026-09-28T10:00:00');
    expect(nextOpening(once('2027-07-01'), from)).toBe(shanghai('2027-07-01T09:00:00'));
    expect(nextOpening(once('2028-01-01'), from)).toBeNull();
  });
});

describe('nextTimeOfDay', () => {
  it('is later today when the time has not come yet', () => {
    expect(nextTimeOfDay('Asia/Shanghai', '18:00', shanghai('2026-09-28T10:00:00'))).toBe(shanghai('2026-09-28T18:00:00'));
  });

  it('is strictly after the given instant', () => {
    expect(nextTimeOfDay('Asia/Shanghai', '09:00', shanghai('2026-09-28T09:00:00'))).toBe(shanghai('2026-09-29T09:00:00'));
  });

  it('treats 24:00 as the coming midnight', () => {
    expect(nextTimeOfDay('Asia/Shanghai', '24:00', shanghai('2026-09-28T10:00:00'))).toBe(shanghai('2026-09-29T00:00:00'));
  });

  it('keeps the wall-clock time across the spring-forward transition (America/New_York)', () => {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT: Sunday 09:00 comes 23 hours after Saturday 10:00.
    expect(nextTimeOfDay('America/New_York', '09:00', at('2026-03-07T10:00:00-05:00'))).toBe(at('2026-03-08T09:00:00-04:00'));
  });

  it('moves a time inside the spring-forward gap to just after it', () => {
    // 02:30 does not exist on 2026-03-08; it lands an hour later on the clock.
    expect(nextTimeOfDay('America/New_York', '02:30', at('2026-03-08T00:00:00-05:00'))).toBe(at('2026-03-08T03:30:00-04:00'));
  });

  it('keeps the wall-clock time across the fall-back transition', () => {
    // 2026-11-01 02:00 EDT falls back to 01:00 EST: Sunday 09:00 comes 25 hours after Saturday 09:00.
    expect(nextTimeOfDay('America/New_York', '09:00', at('2026-10-31T09:00:00-04:00'))).toBe(at('2026-11-01T09:00:00-05:00'));
  });

  it('fires a repeated fall-back time once that day, then the next day', () => {
    const first = nextTimeOfDay('America/New_York', '01:30', at('2026-11-01T00:00:00-04:00'));
    expect(dayKey('America/New_York', first)).toBe('2026-11-01');
    expect(nextTimeOfDay('America/New_York', '01:30', first)).toBe(at('2026-11-02T01:30:00-05:00'));
  });

  it('rejects a malformed time', () => {
    expect(() => nextTimeOfDay('Asia/Shanghai', '9am', 0)).toThrow('9am');
  });
});

describe('dayKey', () => {
  it('switches at local midnight in Shanghai, not at UTC midnight', () => {
    expect(dayKey('Asia/Shanghai', at('2026-09-28T15:59:59.999Z'))).toBe('2026-09-28');
    expect(dayKey('Asia/Shanghai', at('2026-09-28T16:00:00Z'))).toBe('2026-09-29');
  });

  it('gives different days for the same instant in different zones', () => {
    const instant = at('2026-09-29T02:00:00Z');
    expect(dayKey('Asia/Shanghai', instant)).toBe('2026-09-29');
    expect(dayKey('America/New_York', instant)).toBe('2026-09-28');
  });

  it('refuses an unknown time zone', () => {
    expect(() => dayKey('Mars/Olympus', 0)).toThrow('Mars/Olympus');
  });
});
