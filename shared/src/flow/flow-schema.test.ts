import { validateGraph } from '../validation/validate-graph';
import { draftGraphSchema, flowDocumentSchema, flowVersionSchema, graphSchema } from './flow-schema';

const halfDoneReply = { id: 'r', type: 'reply', position: { x: 10, y: 20 }, data: { messages: [] } };
const trigger = { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'any_message' } };

describe('draft graph', () => {
  it('keeps a node whose data is unfinished exactly as it was drawn', () => {
    const graph = { nodes: [trigger, halfDoneReply, { id: 'a', type: 'ask', position: { x: 0, y: 40 }, data: { question: 'Name?' } }], edges: [] };
    const draft = draftGraphSchema.parse(graph);
    expect(draft).toEqual(graph);
    // The same graph is no version: publish needs every node finished.
    expect(graphSchema.safeParse(graph).success).toBe(false);
    expect(flowVersionSchema.shape.graph.safeParse(graph).success).toBe(false);
  });

  it('leaves the unfinished fields to validation, which names node and field', () => {
    const { errors } = validateGraph(draftGraphSchema.parse({ nodes: [trigger, halfDoneReply], edges: [] }));
    expect(errors).toContainEqual(expect.objectContaining({ code: 'invalid_node_data', nodeId: 'r', path: ['nodes', 1, 'data', 'messages'] }));
  });

  it('still refuses an unknown node type, a missing id and a malformed edge, naming the path', () => {
    const issuesOf = (graph: unknown) => draftGraphSchema.safeParse(graph).error?.issues.map((issue) => issue.path) ?? [];
    expect(issuesOf({ nodes: [{ id: 'x', type: 'teleport', data: {} }], edges: [] })).toEqual([['nodes', 0, 'type']]);
    expect(issuesOf({ nodes: [{ type: 'reply', data: {} }], edges: [] })).toEqual([['nodes', 0, 'id']]);
    expect(issuesOf({ nodes: [{ id: 'r', type: 'reply', data: 'text' }], edges: [] })).toEqual([['nodes', 0, 'data']]);
    expect(issuesOf({ nodes: [], edges: [{ id: 'e', source: 'a', target: 'b' }] })).toEqual([['edges', 0, 'sourceHandle']]);
  });

  it('refuses node data too large for any finished node', () => {
    const huge = { id: 'r', type: 'reply', data: { note: 'x'.repeat(300_000) } };
    const result = draftGraphSchema.safeParse({ nodes: [huge], edges: [] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['nodes', 0, 'data']]);
  });
});

describe('flow names', () => {
  const doc = { id: 'f', graph: { nodes: [], edges: [] } };

  it('refuses a name that is only white space, naming the field', () => {
    const result = flowDocumentSchema.safeParse({ ...doc, name: ' \t\u3000 ' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['name']]);
  });

  it('keeps a name without the white space around it', () => {
    expect(flowDocumentSchema.parse({ ...doc, name: '  Welcome ' }).name).toBe('Welcome');
  });
});
