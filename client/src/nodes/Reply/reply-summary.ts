import type { OutMessage, ReplyData } from '@parley/shared';
import { quoted, type NodeSummary } from '../summary-text';

export function replySummary(data: ReplyData): NodeSummary {
  const lines = data.messages.map(messageText);
  if (data.typingDelayMs > 0) lines.push(`Typing ${data.typingDelayMs / 1000} s first`);
  return { lines };
}

function messageText(message: OutMessage): string {
  switch (message.type) {
    case 'text':
      return message.buttons.length === 0 ? quoted(message.text) : `${quoted(message.text, 40)} [${message.buttons.map((b) => b.title).join(' | ')}]`;
    case 'image':
      return `Image ${message.caption === '' ? quoted(message.url, 40) : quoted(message.caption, 40)}`;
    case 'video':
      return `Video ${message.caption === '' ? quoted(message.url, 40) : quoted(message.caption, 40)}`;
    case 'file':
      return `File ${quoted(message.name === '' ? message.url : message.name, 40)}`;
    case 'card':
      return `Card ${quoted(message.title, 40)}`;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}
