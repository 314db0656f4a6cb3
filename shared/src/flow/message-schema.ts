import { z } from 'zod';

/** A button under a message: pressing it sends a postback with its payload. */
export const buttonSchema = z.object({
  title: z.string().min(1).max(40),
  payload: z.string().min(1).max(200),
});
export type Button = z.infer<typeof buttonSchema>;

/** What the flow sends. Text fields are templates ({{contact.name}}, {{vars.x}}, {{message.text}}). */
export const outMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(4096), buttons: z.array(buttonSchema).max(10).default([]) }),
  z.object({ type: z.literal('image'), url: z.string().min(1), caption: z.string().default('') }),
  z.object({ type: z.literal('video'), url: z.string().min(1), caption: z.string().default('') }),
  z.object({ type: z.literal('file'), url: z.string().min(1), name: z.string().default('') }),
  z.object({
    type: z.literal('card'),
    title: z.string().min(1),
    description: z.string().default(''),
    url: z.string().min(1),
    imageUrl: z.string().default(''),
  }),
]);
export type OutMessage = z.infer<typeof outMessageSchema>;

export const channelSchema = z.enum(['web', 'webhook', 'whatsapp', 'wecom', 'api']);
export type Channel = z.infer<typeof channelSchema>;

export const inboundMessageTypeSchema = z.enum(['text', 'image', 'video', 'audio', 'file', 'location', 'sticker']);
export type InboundMessageType = z.infer<typeof inboundMessageTypeSchema>;
