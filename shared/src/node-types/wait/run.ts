import { nextOpening, isOpen, nextTimeOfDay } from '../../calendar/business-calendar';
import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';
import type { durationUnitSchema } from './schema';
import type { z } from 'zod';

const UNIT_MS: Record<z.infer<typeof durationUnitSchema>, number> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

export function runWait(node: NodeOfType<'wait'>, ctx: NodeContext): NodeResult {
  const { data } = node;
  if (ctx.resumed !== null) {
    // Woken by its own timer (the step only wakes a node with its own token), or by the contact.
    const byTimer = ctx.resumed.event.type === 'timer';
    return { handle: data.mode === 'reply' ? (byTimer ? 'timeout' : 'replied') : 'next' };
  }
  switch (data.mode) {
    case 'delay':
      // No delay means go on now: a timer due at once would only add a round trip, and in a loop it would
      // re-arm itself for ever where the step's loop guard can stop a loop that never waits.
      return data.amount === 0 ? { handle: 'next' } : { wait: ctx.armTimer('timer', ctx.now + data.amount * UNIT_MS[data.unit]) };
    case 'time_of_day':
      return { wait: ctx.armTimer('timer', nextTimeOfDay(ctx.settings.timezone, data.time, ctx.now)) };
    case 'business_hours': {
      const calendar = ctx.settings.calendar;
      if (calendar === null || isOpen(calendar, ctx.now)) return { handle: 'next' };
      const opening = nextOpening(calendar, ctx.now);
      // Closed for the foreseeable future (a calendar with no hours): waiting would be forever.
      return opening === null ? { handle: 'next' } : { wait: ctx.armTimer('timer', opening) };
    }
    case 'reply':
      return { wait: ctx.armTimer('reply', ctx.now + data.amount * UNIT_MS[data.unit]) };
    default: {
      const never: never = data;
      throw new Error(`unknown wait mode ${JSON.stringify(never)}`);
    }
  }
}
