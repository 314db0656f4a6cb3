import { z } from 'zod';
import { ACTIVITY_LIMIT } from '../../engine/activity-text';
import { channelSchema, inboundMessageTypeSchema } from '../../flow/message-schema';

export const textOpSchema = z.enum(['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'regex', 'is_empty', 'is_not_empty']);
export const numberOpSchema = z.enum(['lt', 'lte', 'eq', 'gte', 'gt']);

/** One test inside a branch. Text comparisons use the same normalisation as keywords. */
export const conditionRuleSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('text'), op: textOpSchema, value: z.string().default('') }),
  z.object({ field: z.literal('length'), op: numberOpSchema, value: z.number() }),
  z.object({ field: z.literal('message_type'), op: z.enum(['is', 'is_not']), value: inboundMessageTypeSchema }),
  z.object({ field: z.literal('tag'), op: z.enum(['has', 'has_not']), value: z.string().min(1) }),
  z.object({ field: z.literal('attribute'), name: z.string().min(1), op: textOpSchema, value: z.string().default('') }),
  z.object({ field: z.literal('variable'), name: z.string().min(1), op: textOpSchema, value: z.string().default('') }),
  z.object({ field: z.literal('channel'), op: z.enum(['is', 'is_not']), value: channelSchema }),
  /** Uses the flow's business-hours calendar (settings.calendar). */
  z.object({ field: z.literal('business_hours'), op: z.enum(['open', 'closed']) }),
  /**
   * Counts within the last windowMinutes: inbound messages, or automated replies sent to the contact. A
   * conversation remembers at most ACTIVITY_LIMIT (200) of each, so a larger count could never be reached,
   * and only while some flow's condition reads them (count + 1 within the widest window): a rule published
   * today sees only the messages since a flow with such a rule went live.
   */
  z.object({
    field: z.literal('message_rate'),
    of: z.enum(['inbound', 'automated']),
    op: numberOpSchema,
    count: z.number().int().min(0).max(ACTIVITY_LIMIT, `count: at most ${ACTIVITY_LIMIT}, the most messages a conversation remembers`),
    windowMinutes: z.number().min(1).max(24 * 60),
  }),
  /**
   * The current text was already sent at least `count` times within windowMinutes (before this one). Texts are
   * compared by the first ACTIVITY_TEXT_LENGTH (200) characters of their normalised form: all the conversation
   * keeps of each, so that its stored state stays small. Of its ACTIVITY_LIMIT texts one is the current one.
   */
  z.object({
    field: z.literal('repeated_text'),
    count: z.number().int().min(1).max(ACTIVITY_LIMIT - 1, `count: at most ${ACTIVITY_LIMIT - 1}, the most earlier texts a conversation remembers`),
    windowMinutes: z.number().min(1).max(24 * 60),
  }),
]);
export type ConditionRule = z.infer<typeof conditionRuleSchema>;

export const branchSchema = z.object({
  /** Also the branch's output handle id. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'branch id: letters, digits, _ or -').refine((id) => id !== 'else', 'branch id "else" is reserved'),
  label: z.string().default(''),
  match: z.enum(['all', 'any']).default('all'),
  rules: z.array(conditionRuleSchema).min(1),
});
export type Branch = z.infer<typeof branchSchema>;

/** Ordered branches; the first whose rules hold wins, otherwise `else`. */
export const conditionDataSchema = z.object({ branches: z.array(branchSchema).min(1) });
export type ConditionData = z.infer<typeof conditionDataSchema>;

export const conditionHandles = (data: ConditionData): string[] => [...data.branches.map((b) => b.id), 'else'];
