import type { z } from 'zod';
import { flowEdgeSchema, graphSchema, type FlowEdge } from '../flow/flow-schema';
import { flowNodeSchema, handlesOf, nodeTypeSchema, WAITING_NODE_TYPES, type FlowNode } from '../node-types/registry';
import { isValidRegex } from '../text/keyword-matcher';
import { friendlyErrorMap } from './friendly-error-map';
import { stronglyConnectedComponents } from './strongly-connected-components';

export const GRAPH_ISSUE = {
  invalidGraph: 'invalid_graph',
  invalidNodeData: 'invalid_node_data',
  duplicateNodeId: 'duplicate_node_id',
  duplicateEdgeId: 'duplicate_edge_id',
  edgeUnknownSource: 'edge_unknown_source',
  edgeMissingTarget: 'edge_missing_target',
  edgeUnknownHandle: 'edge_unknown_handle',
  handleHasManyEdges: 'handle_has_many_edges',
  edgeIntoTrigger: 'edge_into_trigger',
  noTrigger: 'no_trigger',
  cycleWithoutWait: 'cycle_without_wait',
  unknownGotoFlow: 'unknown_goto_flow',
  invalidRegex: 'invalid_regex',
  duplicateHandleId: 'duplicate_handle_id',
  unreachableNode: 'unreachable_node',
  unconnectedOutput: 'unconnected_output',
} as const;
export type GraphIssueCode = (typeof GRAPH_ISSUE)[keyof typeof GRAPH_ISSUE];

export interface GraphIssue {
  severity: 'error' | 'warning';
  code: GraphIssueCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  path?: (string | number)[];
}
export interface GraphValidation {
  errors: GraphIssue[];
  warnings: GraphIssue[];
}
export interface ValidateGraphOptions {
  /** Flows a `goto` may name; without it goto targets are not checked (e.g. while drafting offline). */
  knownFlowIds?: ReadonlySet<string>;
}

/** Publishing is refused while any error remains; warnings never block it. */
export function canPublish(validation: GraphValidation): boolean {
  return validation.errors.length === 0;
}

/** Where a node of the input stands: `node` is null when its own data did not parse. */
interface NodeSlot {
  index: number;
  node: FlowNode | null;
  raw: unknown;
}
interface Link {
  from: number;
  to: number;
}

/**
 * Checks a flow graph the way publish, the builder and the flows/ fixtures need it: structure
 * first (every bad field, node by node), then the graph rules on whatever parsed. Never throws;
 * issues come in the order their nodes, then edges, appear in the input.
 */
export function validateGraph(input: unknown, options: ValidateGraphOptions = {}): GraphValidation {
  const report = new IssueList();
  const { rawNodes, nodes, edges } = parseStructure(input, report);
  const edgeRank = (edgeIndex: number): number => rawNodes.length + edgeIndex;

  // First node with each id; a later node with the same id is an error and takes no further part.
  const slotById = new Map<string, NodeSlot>();
  rawNodes.forEach((raw, index) => {
    const id = idOf(raw);
    if (id === undefined) return;
    const first = slotById.get(id);
    if (first !== undefined) {
      report.error(index, {
        code: GRAPH_ISSUE.duplicateNodeId,
        message: `${nodeLabelOfRaw(raw, index)}: another node already uses the id "${id}"; each node needs its own id`,
        nodeId: id,
        path: ['nodes', index, 'id'],
      });
      return;
    }
    slotById.set(id, { index, node: nodes.get(index) ?? null, raw });
  });

  for (const [index, node] of nodes) {
    checkHandleIds(node, index, report);
    checkRegexes(node, index, report);
    if (node.type === 'goto' && options.knownFlowIds !== undefined && !options.knownFlowIds.has(node.data.flowId)) {
      report.error(index, {
        code: GRAPH_ISSUE.unknownGotoFlow,
        message: `${nodeLabel(node)}: continues in flow "${node.data.flowId}", which does not exist`,
        nodeId: node.id,
        path: ['nodes', index, 'data', 'flowId'],
      });
    }
  }

  // Edges the engine would follow (one per output) drive cycles, reachability and connected outputs.
  const followed: Link[] = [];
  // Edges out of a node whose data is broken: its outputs are unknown, but what lies behind it is not unreachable.
  const outOfBroken: Link[] = [];
  const edgeByOutput = new Map<string, FlowEdge>();
  const seenEdgeIds = new Set<string>();
  for (const [edgeIndex, edge] of edges) {
    const rank = edgeRank(edgeIndex);
    const label = `Edge "${edge.id}"`;
    if (seenEdgeIds.has(edge.id)) {
      report.error(rank, {
        code: GRAPH_ISSUE.duplicateEdgeId,
        message: `${label}: another edge already uses this id; each edge needs its own id`,
        edgeId: edge.id,
        path: ['edges', edgeIndex, 'id'],
      });
    }
    seenEdgeIds.add(edge.id);
    const source = slotById.get(edge.source);
    const target = slotById.get(edge.target);
    if (source === undefined) {
      report.error(rank, {
        code: GRAPH_ISSUE.edgeUnknownSource,
        message: `${label} starts at node "${edge.source}", which is not in the flow`,
        edgeId: edge.id,
        path: ['edges', edgeIndex, 'source'],
      });
    }
    if (target === undefined) {
      report.error(rank, {
        code: GRAPH_ISSUE.edgeMissingTarget,
        message: `${label} leads to node "${edge.target}", which is not in the flow`,
        edgeId: edge.id,
        path: ['edges', edgeIndex, 'target'],
      });
    }
    if (source === undefined || target === undefined) continue;
    if (source.node === null) {
      outOfBroken.push({ from: source.index, to: target.index });
      continue;
    }
    const handles = handlesOf(source.node);
    if (!handles.includes(edge.sourceHandle)) {
      const outputs = handles.length === 0 ? 'it has no outputs' : `its outputs: ${quoteList(unique(handles))}`;
      report.error(rank, {
        code: GRAPH_ISSUE.edgeUnknownHandle,
        message: `${label} leaves ${nodeLabel(source.node)} by output "${edge.sourceHandle}", which that node does not have (${outputs})`,
        edgeId: edge.id,
        nodeId: source.node.id,
        path: ['edges', edgeIndex, 'sourceHandle'],
      });
      continue;
    }
    if (target.node?.type === 'trigger') {
      report.error(rank, {
        code: GRAPH_ISSUE.edgeIntoTrigger,
        message: `${label} leads into ${nodeLabel(target.node)}; a trigger only starts the flow and cannot be entered from another node`,
        edgeId: edge.id,
        nodeId: target.node.id,
        path: ['edges', edgeIndex, 'target'],
      });
      continue;
    }
    const output = outputKey(source.node.id, edge.sourceHandle);
    const taken = edgeByOutput.get(output);
    if (taken !== undefined) {
      report.error(rank, {
        code: GRAPH_ISSUE.handleHasManyEdges,
        message: `${label}: output "${edge.sourceHandle}" of ${nodeLabel(source.node)} is already connected by edge "${taken.id}"; an output leads to one node only (use a split or condition to branch)`,
        edgeId: edge.id,
        nodeId: source.node.id,
        path: ['edges', edgeIndex, 'sourceHandle'],
      });
      continue;
    }
    edgeByOutput.set(output, edge);
    followed.push({ from: source.index, to: target.index });
  }

  const triggerSlots = [...slotById.values()].filter((slot) => rawTypeOf(slot.raw) === 'trigger');
  if (!rawNodes.some((raw) => rawTypeOf(raw) === 'trigger')) {
    report.error(-1, {
      code: GRAPH_ISSUE.noTrigger,
      message: 'The flow has no trigger node, so nothing can start it; add a trigger',
    });
  }

  checkCycles(rawNodes.length, followed, nodes, report);

  if (triggerSlots.length > 0) {
    const reached = reachableFrom(
      rawNodes.length,
      triggerSlots.map((slot) => slot.index),
      [...followed, ...outOfBroken],
    );
    for (const slot of slotById.values()) {
      if (slot.node === null || reached[slot.index] === true) continue;
      report.warning(slot.index, {
        code: GRAPH_ISSUE.unreachableNode,
        message: `${nodeLabel(slot.node)} cannot be reached from any trigger, so it never runs`,
        nodeId: slot.node.id,
        path: ['nodes', slot.index],
      });
    }
  }

  for (const slot of slotById.values()) {
    const node = slot.node;
    if (node === null) continue;
    for (const handle of unique(handlesOf(node))) {
      if (edgeByOutput.has(outputKey(node.id, handle)) || isOptionalTimeout(node, handle)) continue;
      report.warning(slot.index, {
        code: GRAPH_ISSUE.unconnectedOutput,
        message: `${nodeLabel(node)}: output "${handle}" is not connected; a conversation leaving by it ends the flow there`,
        nodeId: node.id,
        path: ['nodes', slot.index],
      });
    }
  }

  return report.result();
}

/** Collects issues with the position of what they name, so the result follows the input's order. */
class IssueList {
  private readonly errors: { rank: number; issue: GraphIssue }[] = [];
  private readonly warnings: { rank: number; issue: GraphIssue }[] = [];

  /** `rank`: -1 for the graph as a whole, a node's index, or node count + an edge's index. */
  error(rank: number, issue: Omit<GraphIssue, 'severity'>): void {
    this.errors.push({ rank, issue: { severity: 'error', ...issue } });
  }

  warning(rank: number, issue: Omit<GraphIssue, 'severity'>): void {
    this.warnings.push({ rank, issue: { severity: 'warning', ...issue } });
  }

  result(): GraphValidation {
    // Array#sort is stable, so issues about the same node keep the order the rules ran in.
    const ordered = (list: { rank: number; issue: GraphIssue }[]) => [...list].sort((a, b) => a.rank - b.rank).map((entry) => entry.issue);
    return { errors: ordered(this.errors), warnings: ordered(this.warnings) };
  }
}

/**
 * Parses the whole graph in one go when it is sound; otherwise reports every structural issue and
 * parses nodes and edges one by one, so the graph rules still see every node that is fine.
 */
function parseStructure(
  input: unknown,
  report: IssueList,
): { rawNodes: readonly unknown[]; nodes: Map<number, FlowNode>; edges: Map<number, FlowEdge> } {
  const whole = graphSchema.safeParse(input);
  if (whole.success) {
    return {
      rawNodes: whole.data.nodes,
      nodes: new Map(whole.data.nodes.map((node, index) => [index, node])),
      edges: new Map(whole.data.edges.map((edge, index) => [index, edge])),
    };
  }
  const rawNodes = isRecord(input) && Array.isArray(input.nodes) ? input.nodes : [];
  const rawEdges = isRecord(input) && Array.isArray(input.edges) ? input.edges : [];
  for (const zodIssue of whole.error.issues) report.error(...structuralIssue(zodIssue, rawNodes, rawEdges));

  const nodes = new Map<number, FlowNode>();
  rawNodes.forEach((raw, index) => {
    const parsed = flowNodeSchema.safeParse(raw, { error: friendlyErrorMap });
    if (parsed.success) nodes.set(index, parsed.data);
  });
  const edges = new Map<number, FlowEdge>();
  rawEdges.forEach((raw, index) => {
    const parsed = flowEdgeSchema.safeParse(raw, { error: friendlyErrorMap });
    if (parsed.success) edges.set(index, parsed.data);
  });
  return { rawNodes, nodes, edges };
}

function structuralIssue(
  zodIssue: z.core.$ZodIssue,
  rawNodes: readonly unknown[],
  rawEdges: readonly unknown[],
): [number, Omit<GraphIssue, 'severity'>] {
  const path = zodIssue.path.map((key) => (typeof key === 'number' ? key : String(key)));
  const [collection, index, ...rest] = path;
  const field = rest.length > 0 ? `${fieldName(rest)} — ` : '';
  if (collection === 'nodes' && typeof index === 'number') {
    const raw = rawNodes[index];
    const nodeId = idOf(raw);
    return [
      index,
      {
        code: rest[0] === 'data' ? GRAPH_ISSUE.invalidNodeData : GRAPH_ISSUE.invalidGraph,
        message: `${nodeLabelOfRaw(raw, index)}: ${field}${zodIssue.message}`,
        ...(nodeId === undefined ? {} : { nodeId }),
        path,
      },
    ];
  }
  if (collection === 'edges' && typeof index === 'number') {
    const edgeId = idOf(rawEdges[index]);
    const label = edgeId === undefined ? `Edge ${index + 1}` : `Edge "${edgeId}"`;
    return [
      rawNodes.length + index,
      { code: GRAPH_ISSUE.invalidGraph, message: `${label}: ${field}${zodIssue.message}`, ...(edgeId === undefined ? {} : { edgeId }), path },
    ];
  }
  const where = path.length > 0 ? `${fieldName(path)} — ` : '';
  return [-1, { code: GRAPH_ISSUE.invalidGraph, message: `Flow graph: ${where}${zodIssue.message}`, path }];
}

/** Ids inside one node that become output handles must differ from each other and from the node's fixed outputs. */
function checkHandleIds(node: FlowNode, index: number, report: IssueList): void {
  const items = handleItemsOf(node);
  if (items === null) return;
  const seen = new Set<string>();
  items.ids.forEach((id, position) => {
    const clash = seen.has(id)
      ? `two ${items.plural} share the id "${id}"; each ${items.noun} needs its own id`
      : items.fixed.includes(id)
        ? `${items.noun} id "${id}" is also the name of the built-in output "${id}"; pick another id`
        : null;
    seen.add(id);
    if (clash === null) return;
    report.error(index, {
      code: GRAPH_ISSUE.duplicateHandleId,
      message: `${nodeLabel(node)}: ${clash}`,
      nodeId: node.id,
      path: ['nodes', index, 'data', items.key, position, 'id'],
    });
  });
}

function handleItemsOf(node: FlowNode): { key: string; noun: string; plural: string; ids: string[]; fixed: string[] } | null {
  switch (node.type) {
    case 'condition':
      return { key: 'branches', noun: 'branch', plural: 'branches', ids: node.data.branches.map((b) => b.id), fixed: ['else'] };
    case 'ask':
      return node.data.validate === 'choice'
        ? { key: 'choices', noun: 'choice', plural: 'choices', ids: node.data.choices.map((c) => c.id), fixed: ['invalid', 'timeout'] }
        : null;
    case 'split':
      return { key: 'variants', noun: 'variant', plural: 'variants', ids: node.data.variants.map((v) => v.id), fixed: [] };
    case 'trigger':
    case 'reply':
    case 'wait':
    case 'handoff':
    case 'tag':
    case 'set':
    case 'http':
    case 'goto':
    case 'end':
      return null;
    default: {
      const never: never = node;
      throw new Error(`unknown node type ${JSON.stringify(never)}`);
    }
  }
}

/** Regexes run on re2js at match time; one it cannot compile would never match, so it is caught here. */
function checkRegexes(node: FlowNode, index: number, report: IssueList): void {
  const invalid = (pattern: string, what: string, path: (string | number)[]) =>
    report.error(index, {
      code: GRAPH_ISSUE.invalidRegex,
      message: `${nodeLabel(node)}: ${what} "${pattern}" is not a valid regular expression`,
      nodeId: node.id,
      path: ['nodes', index, 'data', ...path],
    });
  if (node.type === 'trigger' && node.data.kind === 'keyword') {
    node.data.keywords.forEach((keyword, k) => {
      if (keyword.match === 'regex' && !isValidRegex(keyword.text)) invalid(keyword.text, 'keyword', ['keywords', k, 'text']);
    });
  }
  if (node.type === 'condition') {
    node.data.branches.forEach((branch, b) => {
      branch.rules.forEach((rule, r) => {
        const isRegexRule = (rule.field === 'text' || rule.field === 'attribute' || rule.field === 'variable') && rule.op === 'regex';
        if (isRegexRule && !isValidRegex(rule.value)) invalid(rule.value, `branch "${branch.id}", rule ${r + 1}: pattern`, ['branches', b, 'rules', r, 'value']);
      });
    });
  }
}

/** A loop that never waits would run the engine into its step guard on every message. */
function checkCycles(count: number, followed: readonly Link[], nodes: ReadonlyMap<number, FlowNode>, report: IssueList): void {
  const successors: number[][] = Array.from({ length: count }, () => []);
  const selfLoops = new Set<number>();
  for (const { from, to } of followed) {
    successors[from]?.push(to);
    if (from === to) selfLoops.add(from);
  }
  const waitingKinds = orList([...WAITING_NODE_TYPES]);
  for (const component of stronglyConnectedComponents(successors)) {
    const first = component[0];
    if (first === undefined || (component.length === 1 && !selfLoops.has(first))) continue;
    const members = component.flatMap((index) => {
      const node = nodes.get(index);
      return node === undefined ? [] : [node];
    });
    if (members.some((node) => WAITING_NODE_TYPES.has(node.type))) continue;
    const firstNode = members[0];
    if (firstNode === undefined) continue;
    // A loop can span thousands of nodes; the first few name it well enough.
    const shown = members.slice(0, 10).map((node) => `"${node.id}" (${node.type})`).join(', ');
    const more = members.length > 10 ? ` and ${members.length - 10} more` : '';
    const loop = members.length === 1 ? `${nodeLabel(firstNode)} leads back to itself` : `Nodes ${shown}${more} form a loop`;
    report.error(first, {
      code: GRAPH_ISSUE.cycleWithoutWait,
      message: `${loop} with no waiting step (${waitingKinds}) in it, so a conversation would go round it without stopping`,
      nodeId: firstNode.id,
      path: ['nodes', first],
    });
  }
}

function reachableFrom(count: number, starts: readonly number[], links: readonly Link[]): boolean[] {
  const successors: number[][] = Array.from({ length: count }, () => []);
  for (const { from, to } of links) successors[from]?.push(to);
  const reached = new Array<boolean>(count).fill(false);
  const queue = [...starts];
  for (const start of starts) reached[start] = true;
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head];
    if (current === undefined) continue;
    for (const next of successors[current] ?? []) {
      if (reached[next]) continue;
      reached[next] = true;
      queue.push(next);
    }
  }
  return reached;
}

/** A timeout output only exists in practice when a timeout is set. */
function isOptionalTimeout(node: FlowNode, handle: string): boolean {
  return handle === 'timeout' && (node.type === 'ask' || node.type === 'handoff') && node.data.timeoutMinutes === null;
}

function outputKey(nodeId: string, handle: string): string {
  return JSON.stringify([nodeId, handle]);
}

function nodeLabel(node: FlowNode): string {
  return `Node "${node.id}" (${node.type})`;
}

/** Names a node that may not have parsed: by id when it has one, else by its position. */
function nodeLabelOfRaw(raw: unknown, index: number): string {
  const id = idOf(raw);
  const type = nodeTypeSchema.safeParse(isRecord(raw) ? raw.type : undefined);
  const name = id === undefined ? `Node ${index + 1}` : `Node "${id}"`;
  return type.success ? `${name} (${type.data})` : name;
}

function rawTypeOf(raw: unknown): unknown {
  return isRecord(raw) ? raw.type : undefined;
}

function idOf(raw: unknown): string | undefined {
  return isRecord(raw) && typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data.branches[0].rules[1].value` */
function fieldName(path: readonly (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function quoteList(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
