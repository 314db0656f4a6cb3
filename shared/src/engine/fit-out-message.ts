// Templates can make a message that no channel takes: a text past the length limit, a button whose title
// rendered to nothing, an image without an address. Every send passes through here so that what the engine
// emits always satisfies outMessageSchema, which the outbox re-reads it with.
import type { Button, OutMessage } from '../flow/message-schema';

const MAX_TEXT = 4096;
const MAX_BUTTON_TITLE = 40;
const ELLIPSIS = '…';

/** The message as a channel will take it, or null when nothing worth sending is left. */
export function fitOutMessage(message: OutMessage): OutMessage | null {
  switch (message.type) {
    case 'text': {
      if (message.text.trim() === '') return null;
      const buttons = message.buttons.flatMap((b): Button[] => (b.title.trim() === '' ? [] : [{ title: clip(b.title, MAX_BUTTON_TITLE), payload: b.payload }]));
      return { type: 'text', text: clip(message.text, MAX_TEXT), buttons };
    }
    case 'image':
    case 'video':
    case 'file':
      return message.url.trim() === '' ? null : message;
    case 'card':
      return message.title.trim() === '' || message.url.trim() === '' ? null : message;
    default: {
      const never: never = message;
      throw new Error(`unknown message type ${JSON.stringify(never)}`);
    }
  }
}

/** At most `max` UTF-16 units, ending in an ellipsis when cut, never splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}
