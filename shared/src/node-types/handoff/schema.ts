import { z } from 'zod';

export const handoffStrategySchema = z.enum(['least_busy', 'sticky', 'round_robin', 'broadcast']);
export type HandoffStrategy = z.infer<typeof handoffStrategySchema>;

export const handoffDataSchema = z.object({
  team: z.string().min(1).default('support'),
  strategy: handoffStrategySchema.default('least_busy'),
  /** Sent to the customer when the conversation is handed over (template). */
  message: z.string().default(''),
  /** Unresolved after this many minutes leaves by `timeout`; null waits for an agent forever. */
  timeoutMinutes: z.number().min(0.01).max(60 * 24 * 60).nullable().default(null),
});
export type HandoffData = z.infer<typeof handoffDataSchema>;

export const handoffHandles = (_data: HandoffData): string[] => ['resolved', 'no_agent', 'timeout'];
