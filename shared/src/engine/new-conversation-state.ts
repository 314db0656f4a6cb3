import type { Channel } from '../flow/message-schema';
import type { ConversationState } from './engine-types';

/** The state of a conversation nobody has written in yet: no tags, no history, nothing running. */
export function newConversationState(conversationId: string, channel: Channel, contact: { id: string; name: string }): ConversationState {
  return {
    conversationId,
    channel,
    contact: { id: contact.id, name: contact.name, tags: [], attributes: {} },
    session: null,
    activity: { lastInboundAt: null, inbound: [], automated: [], texts: [], flowsEntered: {} },
    handedOff: false,
    tokenSeq: 0,
  };
}
