import { flowNodeSchema, validateGraph, type NodeType } from '@parley/shared';
import { schemaIssues, type FieldIssue } from './field-issues';

const NODE_ID = 'node';

/**
 * Every problem with one node's data, with paths relative to the data: the type's schema first, then the
 * graph checks that look inside a node (regexes re2js cannot compile, clashing handle ids, unknown goto
 * flows), taken from validateGraph so the form and the validation panel never disagree.
 */
export function nodeDataIssues(type: NodeType, data: unknown, knownFlowIds?: ReadonlySet<string>): FieldIssue[] {
  const node = { id: NODE_ID, type, data };
  const parsed = schemaIssues(flowNodeSchema, node);
  if (parsed.length > 0) return parsed.map((issue) => ({ path: issue.path.slice(1), message: issue.message }));
  const prefix = `Node "${NODE_ID}" (${type}): `;
  return validateGraph({ nodes: [node], edges: [] }, { knownFlowIds }).errors.flatMap((issue) => {
    const path = issue.path ?? [];
    if (issue.nodeId !== NODE_ID || path[0] !== 'nodes' || path[2] !== 'data') return [];
    const message = issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
    return [{ path: path.slice(3), message }];
  });
}
