import fc from 'fast-check';
import { canPublish, GRAPH_ISSUE, validateGraph, type GraphIssue, type GraphIssueCode } from './validate-graph';

const trigger = (id: string, data: object = { kind: 'any_message' }) => ({ id, type: 'trigger', position: { x: 0, y: 0 }, data });
const reply = (id: string) => ({ id, type: 'reply', position: { x: 0, y: 0 }, data: { messages: [{ type: 'text', text: `This is ${id}` }] } });
const condition = (id: string, branchIds: string[]) => ({
  id,
  type: 'condition',
  position: { x: 0, y: 0 },
  data: { branches: branchIds.map((branch) => ({ id: branch, rules: [{ field: 'tag', op: 'has', value: branch }] })) },
});
const ask = (id: string, data: object = {}) => ({
  id,
  type: 'ask',
  position: { x: 0, y: 0 },
  data: { question: 'What is your order number?', variable: 'order_id', ...data },
});
const set = (id: string) => ({ id, type: 'set', position: { x: 0, y: 0 }, data: { assignments: [{ target: 'variable', name: 'seen', value: 'yes' }] } });
const end = (id: string) => ({ id, type: 'end', position: { x: 0, y: 0 }, data: {} });
const edge = (id: string, source: string, sourceHandle: string, target: string) => ({ id, source, sourceHandle, target });

/** trigger → condition (vip | new | else) → replies → end; the else path asks, and re-asks through a reply on invalid answers. */
const multiBranch = () => ({
  nodes: [
    trigger('t1'),
    condition('c1', ['vip', 'new']),
    reply('r_vip'),
    reply('r_new'),
    ask('a1'),
    reply('r_thanks'),
    reply('r_retry'),
    end('end1'),
  ],
  edges: [
    edge('e1', 't1', 'next', 'c1'),
    edge('e2', 'c1', 'vip', 'r_vip'),
    edge('e3', 'c1', 'new', 'r_new'),
    edge('e4', 'c1', 'else', 'a1'),
    edge('e5', 'r_vip', 'next', 'end1'),
    edge('e6', 'r_new', 'next', 'end1'),
    edge('e7', 'a1', 'answered', 'r_thanks'),
    edge('e8', 'a1', 'invalid', 'r_retry'),
    edge('e9', 'r_retry', 'next', 'a1'),
    edge('e10', 'r_thanks', 'next', 'end1'),
  ],
});

/** The smallest valid graph, to which each test adds its one fault. */
const base = () => ({ nodes: [trigger('t1'), reply('r1'), end('end1')], edges: [edge('e1', 't1', 'next', 'r1'), edge('e2', 'r1', 'next', 'end1')] });

const withCode = (issues: GraphIssue[], code: GraphIssueCode) => issues.filter((issue) => issue.code === code);

describe('validateGraph', () => {
  it('accepts a multi-branch graph with an ask loop that waits, without errors or warnings', () => {
    const result = validateGraph(multiBranch());
    expect(result).toEqual({ errors: [], warnings: [] });
    expect(canPublish(result)).toBe(true);
  });

  describe('errors', () => {
    it('invalid_node_data names the node and the field', () => {
      const graph = base();
      graph.nodes.push({ ...ask('ask1', { variable: '1st answer' }) });
      graph.edges.push(edge('e3', 'ask1', 'answered', 'end1'));
      const [issue, ...rest] = validateGraph(graph).errors;
      expect(rest).toEqual([]);
      expect(issue).toEqual({
        severity: 'error',
        code: GRAPH_ISSUE.invalidNodeData,
        message: 'Node "ask1" (ask): data.variable — variable: a name like order_id',
        nodeId: 'ask1',
        path: ['nodes', 3, 'data', 'variable'],
      });
    });

    it('reports every bad node and still checks the graph rules on the nodes that parsed', () => {
      const graph = {
        nodes: [trigger('t1'), { ...reply('r1'), data: { messages: [] } }, condition('c1', ['vip']), { ...set('s1'), data: { assignments: [] } }],
        edges: [edge('e1', 't1', 'next', 'c1'), edge('e2', 'c1', 'vip', 'r1'), edge('e3', 'c1', 'gold', 's1')],
      };
      const { errors } = validateGraph(graph);
      expect(errors.map((issue) => [issue.code, issue.nodeId ?? issue.edgeId])).toEqual([
        [GRAPH_ISSUE.invalidNodeData, 'r1'],
        [GRAPH_ISSUE.invalidNodeData, 's1'],
        [GRAPH_ISSUE.edgeUnknownHandle, 'c1'],
      ]);
      expect(errors[0]?.message).toBe('Node "r1" (reply): data.messages — Too small: expected array to have >=1 items');
      expect(errors[2]?.edgeId).toBe('e3');
      // An edge into a node whose data is broken is not also reported as leading nowhere.
      expect(withCode(errors, GRAPH_ISSUE.edgeMissingTarget)).toEqual([]);
    });

    it('invalid_graph names a node by its position when it has no id, and an edge by its id', () => {
      const graph = base();
      const nodes: unknown[] = [...graph.nodes, { type: 'end', data: {} }, { id: 'x1', type: 'teleport', data: {} }];
      const edges: unknown[] = [...graph.edges, { id: 'e9', source: 'r1', sourceHandle: 'next' }];
      const { errors } = validateGraph({ nodes, edges });
      expect(errors.map((issue) => [issue.code, issue.path])).toEqual([
        [GRAPH_ISSUE.invalidGraph, ['nodes', 3, 'id']],
        [GRAPH_ISSUE.invalidGraph, ['nodes', 4, 'type']],
        [GRAPH_ISSUE.invalidGraph, ['edges', 2, 'target']],
      ]);
      expect(errors[0]?.message).toMatch(/^Node 4 \(end\): id — /);
      expect(errors[1]).toMatchObject({ nodeId: 'x1', message: expect.stringMatching(/^Node "x1": type — /) });
      expect(errors[2]).toMatchObject({ edgeId: 'e9', message: expect.stringMatching(/^Edge "e9": target — /) });
    });

    it('duplicate_node_id names the repeated id on the second node', () => {
      const graph = base();
      graph.nodes.push(reply('r1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.duplicateNodeId);
      expect(issues).toEqual([expect.objectContaining({ nodeId: 'r1', path: ['nodes', 3, 'id'] })]);
      expect(issues[0]?.message).toContain('Node "r1" (reply)');
    });

    it('duplicate_edge_id names the edge', () => {
      const graph = base();
      graph.edges[1] = edge('e1', 'r1', 'next', 'end1');
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.duplicateEdgeId);
      expect(issues).toEqual([expect.objectContaining({ edgeId: 'e1', path: ['edges', 1, 'id'] })]);
      expect(issues[0]?.message).toContain('Edge "e1"');
    });

    it('edge_unknown_source names the edge and the missing node', () => {
      const graph = base();
      graph.edges.push(edge('e3', 'ghost', 'next', 'end1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.edgeUnknownSource);
      expect(issues).toEqual([expect.objectContaining({ edgeId: 'e3' })]);
      expect(issues[0]?.message).toBe('Edge "e3" starts at node "ghost", which is not in the flow');
    });

    it('edge_missing_target names the edge and the missing node', () => {
      const graph = base();
      graph.edges[1] = edge('e2', 'r1', 'next', 'gone');
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.edgeMissingTarget);
      expect(issues).toEqual([expect.objectContaining({ edgeId: 'e2', path: ['edges', 1, 'target'] })]);
      expect(issues[0]?.message).toBe('Edge "e2" leads to node "gone", which is not in the flow');
    });

    it('edge_unknown_handle names the edge, the node and the outputs it does have', () => {
      const graph = base();
      graph.nodes.push(condition('c1', ['vip']));
      graph.edges.push(edge('e3', 'r1', 'yes', 'c1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.edgeUnknownHandle);
      expect(issues).toEqual([expect.objectContaining({ edgeId: 'e3', nodeId: 'r1' })]);
      expect(issues[0]?.message).toBe('Edge "e3" leaves Node "r1" (reply) by output "yes", which that node does not have (its outputs: "next")');
    });

    it('edge_unknown_handle follows handles derived from data, and says when a node has no outputs', () => {
      const graph = base();
      graph.nodes.push(condition('c1', ['vip']));
      graph.edges[1] = edge('e2', 'r1', 'next', 'c1');
      graph.edges.push(edge('e3', 'c1', 'vip', 'end1'), edge('e4', 'c1', 'else', 'end1'), edge('e5', 'end1', 'next', 'r1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.edgeUnknownHandle);
      expect(issues.map((issue) => issue.edgeId)).toEqual(['e5']);
      expect(issues[0]?.message).toContain('it has no outputs');
    });

    it('handle_has_many_edges names the extra edge and the one already on the output', () => {
      const graph = base();
      graph.nodes.push(reply('r2'));
      graph.edges.push(edge('e3', 'r1', 'next', 'r2'), edge('e4', 'r2', 'next', 'end1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.handleHasManyEdges);
      expect(issues).toEqual([expect.objectContaining({ edgeId: 'e3', nodeId: 'r1' })]);
      expect(issues[0]?.message).toContain('output "next" of Node "r1" (reply) is already connected by edge "e2"');
    });

    it('edge_into_trigger names the edge and the trigger', () => {
      const graph = base();
      graph.nodes.push(trigger('t2', { kind: 'keyword', keywords: [{ text: 'refund' }] }), ask('a1'));
      graph.edges.push(edge('e3', 't2', 'next', 'a1'), edge('e4', 'a1', 'answered', 't1'), edge('e5', 'a1', 'invalid', 'end1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.edgeIntoTrigger);
      expect(issues).toEqual([expect.objectContaining({ edgeId: 'e4', nodeId: 't1' })]);
      expect(issues[0]?.message).toContain('Edge "e4" leads into Node "t1" (trigger)');
    });

    it('no_trigger when nothing can start the flow', () => {
      const graph = { nodes: [reply('r1'), end('end1')], edges: [edge('e1', 'r1', 'next', 'end1')] };
      const { errors, warnings } = validateGraph(graph);
      expect(errors.map((issue) => issue.code)).toEqual([GRAPH_ISSUE.noTrigger]);
      // Without any trigger every node is unreachable; saying so for each would only bury the one fix.
      expect(withCode(warnings, GRAPH_ISSUE.unreachableNode)).toEqual([]);
      expect(validateGraph({ nodes: [], edges: [] }).errors.map((issue) => issue.code)).toEqual([GRAPH_ISSUE.noTrigger]);
    });

    it('a broken trigger is reported as broken, not as missing', () => {
      const graph = base();
      graph.nodes[0] = trigger('t1', { kind: 'keyword', keywords: [] });
      expect(validateGraph(graph).errors.map((issue) => [issue.code, issue.nodeId])).toEqual([[GRAPH_ISSUE.invalidNodeData, 't1']]);
    });

    it('cycle_without_wait: reply → condition → reply names both nodes', () => {
      const graph = base();
      graph.nodes.push(condition('c1', ['again']));
      graph.edges[1] = edge('e2', 'r1', 'next', 'c1');
      graph.edges.push(edge('e3', 'c1', 'again', 'r1'), edge('e4', 'c1', 'else', 'end1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.cycleWithoutWait);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.nodeId).toBe('r1');
      expect(issues[0]?.message).toBe(
        'Nodes "r1" (reply), "c1" (condition) form a loop with no waiting step (ask, wait, handoff or http) in it, so a conversation would go round it without stopping',
      );
    });

    it('cycle_without_wait: a node wired to itself is a loop; an ask wired to itself is not', () => {
      const graph = base();
      graph.nodes.push(set('s1'), ask('a1'));
      graph.edges[1] = edge('e2', 'r1', 'next', 's1');
      graph.edges.push(edge('e3', 's1', 'next', 's1'), edge('e4', 'a1', 'invalid', 'a1'));
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.cycleWithoutWait);
      expect(issues.map((issue) => issue.nodeId)).toEqual(['s1']);
      expect(issues[0]?.message).toMatch(/^Node "s1" \(set\) leads back to itself/);
    });

    it('cycle_without_wait: one error per loop, even a loop of 5000 nodes', () => {
      const count = 4998;
      const ids = Array.from({ length: count }, (_, i) => `s${i}`);
      const graph = {
        nodes: [trigger('t1'), ...ids.map(set), reply('r1')],
        edges: [
          edge('in', 't1', 'next', 's0'),
          ...ids.map((id, i) => edge(`e${i}`, id, 'next', ids[(i + 1) % count] ?? 's0')),
          edge('self', 'r1', 'next', 'r1'),
        ],
      };
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.cycleWithoutWait);
      expect(issues.map((issue) => issue.nodeId)).toEqual(['s0', 'r1']);
      expect(issues[0]?.message).toContain('and 4988 more form a loop');
    });

    it('unknown_goto_flow names the goto node, and is only checked when the known flows are given', () => {
      const graph = base();
      graph.nodes.push({ id: 'g1', type: 'goto', position: { x: 0, y: 0 }, data: { flowId: 'refunds' } });
      graph.edges[1] = edge('e2', 'r1', 'next', 'g1');
      const issues = withCode(validateGraph(graph, { knownFlowIds: new Set(['welcome']) }).errors, GRAPH_ISSUE.unknownGotoFlow);
      expect(issues).toEqual([expect.objectContaining({ nodeId: 'g1', path: ['nodes', 3, 'data', 'flowId'] })]);
      expect(issues[0]?.message).toBe('Node "g1" (goto): continues in flow "refunds", which does not exist');
      expect(validateGraph(graph, { knownFlowIds: new Set(['refunds']) }).errors).toEqual([]);
      expect(validateGraph(graph).errors).toEqual([]);
    });

    it('invalid_regex names the trigger and the keyword; valid and non-regex keywords pass', () => {
      const graph = base();
      graph.nodes[0] = trigger('t1', {
        kind: 'keyword',
        keywords: [
          { text: 'refund(', match: 'contains' },
          { text: '^order\\s*\\d+$', match: 'regex' },
          { text: 'refund(', match: 'regex' },
        ],
      });
      const { errors } = validateGraph(graph);
      expect(errors).toEqual([
        expect.objectContaining({ code: GRAPH_ISSUE.invalidRegex, nodeId: 't1', path: ['nodes', 0, 'data', 'keywords', 2, 'text'] }),
      ]);
      expect(errors[0]?.message).toBe('Node "t1" (trigger): keyword "refund(" is not a valid regular expression');
    });

    it('invalid_regex also covers regex rules in conditions', () => {
      const graph = base();
      graph.nodes.push({
        ...condition('c1', []),
        data: { branches: [{ id: 'digits', rules: [{ field: 'text', op: 'regex', value: '[0-9' }] }] },
      });
      graph.edges[1] = edge('e2', 'r1', 'next', 'c1');
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.invalidRegex);
      expect(issues).toEqual([expect.objectContaining({ nodeId: 'c1', path: ['nodes', 3, 'data', 'branches', 0, 'rules', 0, 'value'] })]);
    });

    it('duplicate_handle_id: branches, choices and variants whose ids would make the same output', () => {
      const graph = base();
      graph.nodes.push(
        condition('c1', ['vip', 'vip']),
        ask('a1', {
          validate: 'choice',
          choices: [
            { id: 'yes', label: 'Yes' },
            { id: 'timeout', label: 'Later' },
          ],
        }),
        {
          id: 'sp1',
          type: 'split',
          position: { x: 0, y: 0 },
          data: {
            variants: [
              { id: 'a', weight: 50 },
              { id: 'a', weight: 50 },
            ],
          },
        },
      );
      const issues = withCode(validateGraph(graph).errors, GRAPH_ISSUE.duplicateHandleId);
      expect(issues.map((issue) => [issue.nodeId, issue.path])).toEqual([
        ['c1', ['nodes', 3, 'data', 'branches', 1, 'id']],
        ['a1', ['nodes', 4, 'data', 'choices', 1, 'id']],
        ['sp1', ['nodes', 5, 'data', 'variants', 1, 'id']],
      ]);
      expect(issues[0]?.message).toBe('Node "c1" (condition): two branches share the id "vip"; each branch needs its own id');
      expect(issues[1]?.message).toContain('choice id "timeout" is also the name of the built-in output "timeout"');
    });
  });

  describe('warnings', () => {
    it('unreachable_node names a node no trigger leads to, and does not block publishing', () => {
      const graph = base();
      graph.nodes.push(reply('orphan'), end('end2'));
      graph.edges.push(edge('e3', 'orphan', 'next', 'end2'));
      const result = validateGraph(graph);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        {
          severity: 'warning',
          code: GRAPH_ISSUE.unreachableNode,
          message: 'Node "orphan" (reply) cannot be reached from any trigger, so it never runs',
          nodeId: 'orphan',
          path: ['nodes', 3],
        },
        expect.objectContaining({ code: GRAPH_ISSUE.unreachableNode, nodeId: 'end2' }),
      ]);
      expect(canPublish(result)).toBe(true);
    });

    it('nodes behind a node with broken data are not called unreachable', () => {
      const graph = base();
      graph.nodes[1] = { ...reply('r1'), data: { messages: [] } };
      expect(validateGraph(graph).warnings).toEqual([]);
    });

    it('unconnected_output names the node and each output without an edge', () => {
      const graph = base();
      graph.nodes.push(condition('c1', ['vip']));
      graph.edges[1] = edge('e2', 'r1', 'next', 'c1');
      graph.edges.push(edge('e3', 'c1', 'vip', 'end1'));
      const { errors, warnings } = validateGraph(graph);
      expect(errors).toEqual([]);
      expect(warnings).toEqual([
        {
          severity: 'warning',
          code: GRAPH_ISSUE.unconnectedOutput,
          message: 'Node "c1" (condition): output "else" is not connected; a conversation leaving by it ends the flow there',
          nodeId: 'c1',
          path: ['nodes', 3],
        },
      ]);
    });

    it('unconnected_output skips the timeout of an ask or handoff that never times out', () => {
      const graph = base();
      graph.nodes.push(ask('a1'), { id: 'h1', type: 'handoff', position: { x: 0, y: 0 }, data: { timeoutMinutes: null } });
      graph.edges[1] = edge('e2', 'r1', 'next', 'a1');
      graph.edges.push(
        edge('e3', 'a1', 'answered', 'h1'),
        edge('e4', 'a1', 'invalid', 'end1'),
        edge('e5', 'h1', 'resolved', 'end1'),
        edge('e6', 'h1', 'no_agent', 'end1'),
      );
      expect(validateGraph(graph).warnings).toEqual([]);

      graph.nodes[3] = ask('a1', { timeoutMinutes: 30 });
      const warnings = validateGraph(graph).warnings;
      expect(warnings.map((issue) => [issue.nodeId, issue.message])).toEqual([
        ['a1', 'Node "a1" (ask): output "timeout" is not connected; a conversation leaving by it ends the flow there'],
      ]);
    });
  });

  it('lists issues in the order their nodes, then edges, appear', () => {
    const graph = {
      nodes: [reply('r1'), { ...ask('a1'), data: {} }, trigger('t1'), condition('c1', ['x', 'x'])],
      edges: [edge('e1', 't1', 'next', 'r1'), edge('e2', 'r1', 'next', 'nowhere'), edge('e3', 'c1', 'x', 't1')],
    };
    const { errors } = validateGraph(graph);
    expect(errors.map((issue) => [issue.code, issue.nodeId ?? issue.edgeId])).toEqual([
      [GRAPH_ISSUE.invalidNodeData, 'a1'],
      [GRAPH_ISSUE.invalidNodeData, 'a1'],
      [GRAPH_ISSUE.duplicateHandleId, 'c1'],
      [GRAPH_ISSUE.edgeMissingTarget, 'e2'],
      [GRAPH_ISSUE.edgeIntoTrigger, 't1'],
    ]);
  });

  it.each([
    ['null', null],
    ['a string', 'nodes and edges'],
    ['a number', 42],
    ['an array', []],
    ['nodes that are not an array', { nodes: 'r1', edges: [] }],
    ['edges that are not an array', { nodes: [], edges: { e1: {} } }],
    ['nodes and edges that are not objects', { nodes: [null, 'r1', 7, []], edges: [null, 'e1'] }],
  ])('garbage input (%s) gives errors and never throws', (_name, input) => {
    const result = validateGraph(input);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((issue) => issue.message.length > 0)).toBe(true);
    expect(canPublish(result)).toBe(false);
  });

  describe('on random graphs', () => {
    const nodeIds = ['t1', 't2', 'c1', 'r1', 'r2', 'a1', 'w1', 's1', 'sp1', 'end1'];
    const handles = ['next', 'else', 'vip', 'new', 'answered', 'invalid', 'timeout', 'replied', 'a', 'b', 'nope'];
    const dataByType = {
      trigger: fc.constantFrom<object>({ kind: 'any_message' }, { kind: 'keyword', keywords: [{ text: 'hi(', match: 'regex' }] }),
      condition: fc
        .subarray(['vip', 'new', 'vip'], { minLength: 1 })
        .map((ids) => ({ branches: ids.map((id) => ({ id, rules: [{ field: 'tag', op: 'has', value: id }] })) })),
      reply: fc.constant({ messages: [{ type: 'text', text: 'Hello' }] }),
      ask: fc.constantFrom<object>({ question: 'Name?', variable: 'name' }, { question: 'Ok?', variable: 'ok', validate: 'choice', choices: [{ id: 'a', label: 'A' }] }),
      wait: fc.constant({ mode: 'reply', amount: 5, unit: 'minutes' }),
      set: fc.constant({ assignments: [{ target: 'variable', name: 'x', value: '1' }] }),
      split: fc.constant({ variants: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }] }),
      end: fc.constant({}),
    };
    const nodeArb = fc.oneof(
      ...Object.entries(dataByType).map(([type, data]) => fc.record({ id: fc.constantFrom(...nodeIds), type: fc.constant(type), data })),
    );
    const edgeArb = fc.record({
      id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'),
      source: fc.constantFrom(...nodeIds, 'ghost'),
      sourceHandle: fc.constantFrom(...handles),
      target: fc.constantFrom(...nodeIds, 'ghost'),
    });
    const graphArb = fc.record({ nodes: fc.array(nodeArb, { maxLength: 12 }), edges: fc.array(edgeArb, { maxLength: 20 }) });
    const edgeLevel = new Set<string>([
      GRAPH_ISSUE.duplicateEdgeId,
      GRAPH_ISSUE.edgeUnknownSource,
      GRAPH_ISSUE.edgeMissingTarget,
      GRAPH_ISSUE.edgeUnknownHandle,
      GRAPH_ISSUE.handleHasManyEdges,
      GRAPH_ISSUE.edgeIntoTrigger,
    ]);

    it('never throws, and every issue names an edge or node that exists', () => {
      fc.assert(
        fc.property(graphArb, (graph) => {
          const result = validateGraph(graph);
          const edgeIds = new Set<string>(graph.edges.map((e) => e.id));
          const ids = new Set<string>(graph.nodes.map((n) => n.id));
          for (const issue of [...result.errors, ...result.warnings]) {
            if (edgeLevel.has(issue.code)) expect(edgeIds.has(issue.edgeId ?? '')).toBe(true);
            if (issue.nodeId !== undefined) expect(ids.has(issue.nodeId)).toBe(true);
          }
          expect(validateGraph(graph)).toEqual(result);
        }),
        { numRuns: 500 },
      );
    });
  });
});
