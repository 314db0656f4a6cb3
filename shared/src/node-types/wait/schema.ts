import { z } from 'zod';
import { clockTimeSchema } from '../../calendar/calendar-schema';

export const durationUnitSchema = z.enum(['seconds', 'minutes', 'hours', 'days']);

export const waitDataSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('delay'), amount: z.number().min(0).max(366 * 24 * 3600), unit: durationUnitSchema }),
  /** Until the next time this clock time comes round, in the flow's time zone. */
  z.object({ mode: z.literal('time_of_day'), time: clockTimeSchema }),
  /** Until the flow's business hours next open (immediately if open now). */
  z.object({ mode: z.literal('business_hours') }),
  /** For the contact's next message, or `timeout` after the given time. */
  z.object({ mode: z.literal('reply'), amount: z.number().min(0).max(366 * 24 * 3600), unit: durationUnitSchema }),
]);
export type WaitData = z.infer<typeof waitDataSchema>;

export const waitHandles = (data: WaitData): string[] => (data.mode === 'reply' ? ['replied', 'timeout'] : ['next']);
