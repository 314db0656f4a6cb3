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

export const CHANNEL_KINDS = ['web', 'webhook', 'whatsapp', 'wecom', 'api'] as const;
export const channelKindSchema = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof channelKindSchema>;

/**
 * A channel: a kind ("webhook"), or one account of that kind ("webhook.shop", two WhatsApp numbers, two
 * WeCom corps). Each channel is its own address space: a contact is a channel plus an address on it.
 */
export const channelSchema = z
  .string()
  .regex(/^(web|webhook|whatsapp|wecom|api)(\.[a-z0-9_-]{1,40})?$/, 'channel: a kind (web, webhook, whatsapp, wecom, api), optionally with an account, e.g. webhook.shop');
export type Channel = z.infer<typeof channelSchema>;

/** The kind of a channel: "webhook.shop" → "webhook"; the adapter that delivers its messages. */
export function channelKind(channel: Channel): ChannelKind {
  const dot = channel.indexOf('.');
  return channelKindSchema.parse(dot < 0 ? channel : channel.slice(0, dot));
}

/** A channel filter (trigger, condition) names a whole kind ("webhook": every account) or one account. */
export function channelMatches(filter: Channel, channel: Channel): boolean {
  return filter === channel || (channel.startsWith(filter) && channel[filter.length] === '.');
}

export const inboundMessageTypeSchema = z.enum(['text', 'image', 'video', 'audio', 'file', 'location', 'sticker']);
export type InboundMessageType = z.infer<typeof inboundMessageTypeSchema>;
