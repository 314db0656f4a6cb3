import { z } from 'zod';

/** Continues in another published flow's entry (after its first trigger). */
export const gotoDataSchema = z.object({ flowId: z.string().min(1) });
export type GotoData = z.infer<typeof gotoDataSchema>;

export const gotoHandles = (_data: GotoData): string[] => [];
