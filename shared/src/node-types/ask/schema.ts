import { z } from 'zod';

export const choiceSchema = z.object({
  /** Also the choice's output handle id. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'choice id: letters, digits, _ or -'),
  label: z.string().min(1).max(40),
  /** Other answers that count as this choice (normalised like keywords). */
  synonyms: z.array(z.string()).default([]),
});
export type Choice = z.infer<typeof choiceSchema>;

export const askDataSchema = z
  .object({
    question: z.string().min(1).max(4096),
    validate: z.enum(['text', 'number', 'email', 'phone', 'choice']).default('text'),
    choices: z.array(choiceSchema).default([]),
    /** Flow variable the answer is saved to (vars.<name>). */
    variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/, 'variable: a name like order_id'),
    /** How many invalid answers are re-asked before leaving by `invalid`. */
    retries: z.number().int().min(0).max(10).default(2),
    retryMessage: z.string().default("Sorry, I didn't get that. {{question}}"),
    /** No answer within this many minutes leaves by `timeout`; null waits forever. */
    timeoutMinutes: z.number().min(0.01).max(60 * 24 * 60).nullable().default(null),
  })
  .refine((d) => d.validate !== 'choice' || d.choices.length > 0, { message: 'a choice question needs choices', path: ['choices'] });
export type AskData = z.infer<typeof askDataSchema>;

export const askHandles = (data: AskData): string[] =>
  data.validate === 'choice' ? [...data.choices.map((c) => c.id), 'invalid', 'timeout'] : ['answered', 'invalid', 'timeout'];
