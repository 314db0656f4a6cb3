import { z } from 'zod';

export const tagNameSchema = z.string().min(1).max(60);
export const tagDataSchema = z
  .object({ add: z.array(tagNameSchema).default([]), remove: z.array(tagNameSchema).default([]) })
  .refine((d) => d.add.length + d.remove.length > 0, { message: 'add or remove at least one tag', path: ['add'] });
export type TagData = z.infer<typeof tagDataSchema>;

export const tagHandles = (_data: TagData): string[] => ['next'];
