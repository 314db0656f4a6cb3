// The report's date range: a preset counted back from today, or two days the analyst picked. The
// report's days are UTC days (an unmatched message belongs to no flow, hence to no flow's time zone).
import { addDays } from '@parley/shared';
import type { StatsRange } from '../api/stats-api';

export const RANGE_PRESETS = ['today', 'week', 'month'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Each preset's button label and how many days it covers, today included. */
export const PRESET_DETAILS: Record<RangePreset, { label: string; days: number }> = {
  today: { label: 'Today', days: 1 },
  week: { label: '7 days', days: 7 },
  month: { label: '30 days', days: 30 },
};

export type RangeChoice = { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; range: StatsRange };

/** Today as a UTC day, YYYY-MM-DD. */
export function utcToday(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The days a choice covers, both ends included. */
export function reportRange(choice: RangeChoice, now: number): StatsRange {
  switch (choice.kind) {
    case 'preset': {
      const to = utcToday(now);
      return { from: addDays(to, 1 - PRESET_DETAILS[choice.preset].days), to };
    }
    case 'custom':
      return choice.range;
    default: {
      const never: never = choice;
      throw new Error(`unknown range ${JSON.stringify(never)}`);
    }
  }
}
