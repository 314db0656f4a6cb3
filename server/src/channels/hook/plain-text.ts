import type { OutMessage } from '@parley/shared';

/**
 * A message as plain text, for callers that show text only (a passive reply): buttons become a
 * numbered list, media and cards their caption or title and link.
 */
export function plainText(message: OutMessage): string {
  switch (message.type) {
    case 'text':
      return message.buttons.length === 0 ? message.text : [message.text, ...message.buttons.map((button, i) => `${i + 1}. ${button.title}`)].join('\n');
    case 'image':
    case 'video':
      return message.caption === '' ? message.url : `${message.caption}\n${message.url}`;
    case 'file':
      return message.name === '' ? message.url : `${message.name}\n${message.url}`;
    case 'card':
      return [message.title, message.description, message.url].filter((part) => part !== '').join('\n');
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}
