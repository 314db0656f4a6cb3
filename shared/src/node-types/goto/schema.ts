import { z } from 'zod';

/** Continues in another published flow at its entry (its api trigger, else its first trigger). */
export const gotoDataSchema = z.object({ flowId: z.string().min(1) });
export type GotoData = z.infer<typeof gotoDataSchema>;

export const gotoHandles = (_data: GotoData): string[] => [];
