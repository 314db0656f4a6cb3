// A range of days for the analytics: a preset counted back from today in a time zone (a flow's, or UTC
// for the missed-keywords report), or two days the analyst picked, sent as picked for the server to judge
// (an inverted or too long one comes back as a 400 whose message is shown).
import { addDays, dayKey } from '@parley/shared';
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

/** The days a choice covers, both ends included; a preset ends today in `timezone`. */
export function dayRange(choice: RangeChoice, timezone: string, now: number): StatsRange {
  switch (choice.kind) {
    case 'preset': {
      const to = dayKey(timezone, now);
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
