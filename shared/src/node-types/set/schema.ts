import { z } from 'zod';

export const assignmentSchema = z.object({
  target: z.enum(['variable', 'attribute']),
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/, 'name: a name like order_id'),
  /** A template: "{{message.text}}", "vip", "{{vars.first}} {{vars.last}}". */
  value: z.string().max(4096),
});
export const setDataSchema = z.object({ assignments: z.array(assignmentSchema).min(1) });
export type SetData = z.infer<typeof setDataSchema>;

export const setHandles = (_data: SetData): string[] => ['next'];
