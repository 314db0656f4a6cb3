import type { FlowNode } from '../node-types/registry';
import { runAsk } from '../node-types/ask/run';
import { runCondition } from '../node-types/condition/run';
import { runEnd } from '../node-types/end/run';
import { runGoto } from '../node-types/goto/run';
import { runHandoff } from '../node-types/handoff/run';
import { runHttp } from '../node-types/http/run';
import { runReply } from '../node-types/reply/run';
import { runSet } from '../node-types/set/run';
import { runSplit } from '../node-types/split/run';
import { runTag } from '../node-types/tag/run';
import { runTrigger } from '../node-types/trigger/run';
import { runWait } from '../node-types/wait/run';
import type { NodeContext, NodeResult } from './node-context';

/** Runs one node by its type. */
export function runNode(node: FlowNode, ctx: NodeContext): NodeResult {
  switch (node.type) {
    case 'trigger':
      return runTrigger(node, ctx);
    case 'condition':
      return runCondition(node, ctx);
    case 'reply':
      return runReply(node, ctx);
    case 'ask':
      return runAsk(node, ctx);
    case 'wait':
      return runWait(node, ctx);
    case 'handoff':
      return runHandoff(node, ctx);
    case 'tag':
      return runTag(node, ctx);
    case 'set':
      return runSet(node, ctx);
    case 'split':
      return runSplit(node, ctx);
    case 'http':
      return runHttp(node, ctx);
    case 'goto':
      return runGoto(node, ctx);
    case 'end':
      return runEnd(node, ctx);
    default: {
      const never: never = node;
      throw new Error(`unknown node type ${JSON.stringify(never)}`);
    }
  }
}
