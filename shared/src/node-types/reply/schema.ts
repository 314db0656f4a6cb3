import { z } from 'zod';
import { outMessageSchema } from '../../flow/message-schema';

export const replyDataSchema = z.object({
  messages: z.array(outMessageSchema).min(1).max(10),
  /** Shown as "typing…" before each message where the channel supports it. */
  typingDelayMs: z.number().int().min(0).max(10_000).default(0),
});
export type ReplyData = z.infer<typeof replyDataSchema>;

export const replyHandles = (_data: ReplyData): string[] => ['next'];
