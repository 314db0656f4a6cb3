import { z } from 'zod';

export const variantSchema = z.object({
  /** Also the variant's output handle id. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'variant id: letters, digits, _ or -'),
  label: z.string().default(''),
  weight: z.number().min(0).max(100),
});

/** Weighted A/B split; a contact always lands in the same variant of a node (sticky). */
export const splitDataSchema = z
  .object({ variants: z.array(variantSchema).min(2).max(10) })
  .refine((d) => d.variants.some((v) => v.weight > 0), { message: 'at least one variant needs a weight above 0', path: ['variants'] });
export type SplitData = z.infer<typeof splitDataSchema>;

export const splitHandles = (data: SplitData): string[] => data.variants.map((v) => v.id);
