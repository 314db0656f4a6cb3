import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

const MINUTE_MS = 60_000;

/** Hands the conversation to people and pauses automation until they resolve it, give up, or time runs out. */
export function runHandoff(node: NodeOfType<'handoff'>, ctx: NodeContext): NodeResult {
  const { data } = node;
  if (ctx.resumed !== null) {
    const handle = handleForWake(ctx.resumed.event.type);
    ctx.state.handedOff = false;
    ctx.emit({ type: 'release' });
    return { handle };
  }
  // An empty message (the default) is dropped by the step: nothing is said, the conversation is still handed over.
  ctx.emit({ type: 'send', message: { type: 'text', text: ctx.render(data.message), buttons: [] }, typingDelayMs: 0 });
  ctx.emit({ type: 'assign', team: data.team, strategy: data.strategy, flowId: ctx.session.flowId, nodeId: node.id });
  const wait =
    data.timeoutMinutes === null
      ? { kind: 'handoff' as const, token: null, until: null }
      : ctx.armTimer('handoff', ctx.now + data.timeoutMinutes * MINUTE_MS);
  ctx.state.handedOff = true;
  return { wait };
}

function handleForWake(eventType: string): string {
  switch (eventType) {
    case 'handoff_resolved':
      return 'resolved';
    case 'handoff_unassigned':
      return 'no_agent';
    case 'timer':
      return 'timeout';
    default:
      throw new Error(`a handoff cannot be woken by a ${eventType} event`);
  }
}
