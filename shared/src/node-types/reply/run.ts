import type { OutMessage } from '../../flow/message-schema';
import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

export function runReply(node: NodeOfType<'reply'>, ctx: NodeContext): NodeResult {
  // A message that renders to nothing sendable (an empty text, an image without address) is dropped by the step.
  for (const message of node.data.messages) ctx.emit({ type: 'send', message: renderMessage(message, ctx.render), typingDelayMs: node.data.typingDelayMs });
  return { handle: 'next' };
}

/** Fills every text field of a message from its template; button payloads stay as written because the flow matches on them. */
export function renderMessage(message: OutMessage, render: (template: string) => string): OutMessage {
  switch (message.type) {
    case 'text':
      return { type: 'text', text: render(message.text), buttons: message.buttons.map((b) => ({ title: render(b.title), payload: b.payload })) };
    case 'image':
    case 'video':
      return { type: message.type, url: render(message.url), caption: render(message.caption) };
    case 'file':
      return { type: 'file', url: render(message.url), name: render(message.name) };
    case 'card':
      return {
        type: 'card',
        title: render(message.title),
        description: render(message.description),
        url: render(message.url),
        imageUrl: render(message.imageUrl),
      };
    default: {
      const never: never = message;
      throw new Error(`unknown message type ${JSON.stringify(never)}`);
    }
  }
}
