import { z } from 'zod';

export const endDataSchema = z.object({ closeConversation: z.boolean().default(false) });
export type EndData = z.infer<typeof endDataSchema>;

export const endHandles = (_data: EndData): string[] => [];
