import { z } from 'zod';
import { channelSchema } from '../../flow/message-schema';

export const keywordMatchSchema = z.enum(['exact', 'contains', 'regex']);
export type KeywordMatch = z.infer<typeof keywordMatchSchema>;

export const keywordSchema = z.object({ text: z.string().min(1).max(200), match: keywordMatchSchema.default('contains') });
export type Keyword = z.infer<typeof keywordSchema>;

const common = {
  /** Channels this trigger listens on; empty = all. */
  channels: z.array(channelSchema).default([]),
  /** Optional active window (epoch ms); outside it the trigger does not fire. */
  activeFrom: z.number().int().nullable().default(null),
  activeUntil: z.number().int().nullable().default(null),
  /** Lower runs first across all published flows; ties go to the older flow, then node order. */
  priority: z.number().int().min(0).max(1_000_000).default(100),
};

/** Which events start the flow. */
export const triggerDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keyword'), keywords: z.array(keywordSchema).min(1), ...common }),
  z.object({ kind: z.literal('any_message'), ...common }),
  z.object({ kind: z.literal('first_contact'), ...common }),
  z.object({ kind: z.literal('returning'), afterDays: z.number().min(0.0001).max(3650), ...common }),
  z.object({ kind: z.literal('postback'), payloads: z.array(z.string().min(1)).min(1), ...common }),
  z.object({ kind: z.literal('tag_added'), tag: z.string().min(1), ...common }),
  z.object({ kind: z.literal('api'), ...common }),
]);
export type TriggerData = z.infer<typeof triggerDataSchema>;

export const triggerHandles = (_data: TriggerData): string[] => ['next'];
