// A deterministic branching flow of any size for the engine benchmark: a keyword trigger, then
// conditions, replies, tags, sets and splits wired forwards only (so it is acyclic and every event ends),
// and one end node. Each handle leads 1–6 nodes further on, so an event runs through a dozen nodes or so.
import { flowDocumentSchema, type FlowDocument } from '@parley/shared';
import { mulberry32 } from './mulberry32';

export const BRANCHING_KEYWORDS = ['order', 'status', 'help', 'account', 'deliver'];
/** Words the conditions look for in the text. */
const CONDITION_WORDS = ['urgent', 'refund', 'today', 'please', 'thanks', 'late'];
const TAGS = ['vip', 'new', 'angry', 'happy', 'late', 'repeat'];
const MAX_STEP = 6;

type Kind = 'condition' | 'reply' | 'tag' | 'set' | 'split';
const KINDS: readonly { kind: Kind; weight: number }[] = [
  { kind: 'condition', weight: 28 },
  { kind: 'reply', weight: 24 },
  { kind: 'tag', weight: 16 },
  { kind: 'set', weight: 16 },
  { kind: 'split', weight: 16 },
];

interface RawNode {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** Output handles, in the order they are wired. */
  handles: string[];
}

/** A flow document with `nodeCount` nodes (at least 3), the same for the same seed. */
export function branchingFlow(nodeCount: number, seed: number): FlowDocument {
  if (nodeCount < 3) throw new Error('a branching flow needs at least 3 nodes');
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => {
    const item = list[Math.floor(rnd() * list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const nodes: RawNode[] = [
    {
      id: 'n0',
      type: 'trigger',
      data: { kind: 'keyword', keywords: BRANCHING_KEYWORDS.map((text) => ({ text, match: 'contains' })) },
      handles: ['next'],
    },
  ];
  for (let i = 1; i < nodeCount - 1; i++) nodes.push(middleNode(`n${i}`, i, chooseKind(rnd()), rnd, pick));
  nodes.push({ id: `n${nodeCount - 1}`, type: 'end', data: {}, handles: [] });

  const edges = nodes.flatMap((node, i) =>
    node.handles.map((handle) => {
      const target = Math.min(nodeCount - 1, i + 1 + Math.floor(rnd() * MAX_STEP));
      return { id: `${node.id}-${handle}`, source: node.id, sourceHandle: handle, target: `n${target}` };
    }),
  );
  return flowDocumentSchema.parse({
    id: 'branching',
    name: `Branching (${nodeCount} nodes)`,
    settings: { timezone: 'UTC', reentry: 'always', interrupt: 'allow', fallbackFlowId: null },
    graph: { nodes: nodes.map(({ id, type, data }, i) => ({ id, type, position: { x: i * 200, y: 0 }, data })), edges },
  });
}

function chooseKind(r: number): Kind {
  const total = KINDS.reduce((sum, k) => sum + k.weight, 0);
  let left = r * total;
  for (const { kind, weight } of KINDS) {
    left -= weight;
    if (left < 0) return kind;
  }
  return 'reply';
}

function middleNode(id: string, i: number, kind: Kind, rnd: () => number, pick: <T>(list: readonly T[]) => T): RawNode {
  switch (kind) {
    case 'condition': {
      const rule = (): Record<string, unknown> => {
        switch (Math.floor(rnd() * 5)) {
          case 0:
            return { field: 'text', op: 'contains', value: pick(CONDITION_WORDS) };
          case 1:
            return { field: 'tag', op: 'has', value: pick(TAGS) };
          case 2:
            return { field: 'length', op: 'gt', value: 30 };
          case 3:
            return { field: 'message_rate', of: 'inbound', op: 'gte', count: 3, windowMinutes: 60 };
          default:
            return { field: 'variable', name: `v${Math.floor(rnd() * i)}`, op: 'is_not_empty' };
        }
      };
      const branches = ['a', 'b'].map((branch) => ({ id: branch, match: rnd() < 0.5 ? 'all' : 'any', rules: [rule(), rule()] }));
      return { id, type: 'condition', data: { branches }, handles: ['a', 'b', 'else'] };
    }
    case 'reply':
      return { id, type: 'reply', data: { messages: [{ type: 'text', text: `Step ${i} for {{contact.name|friend}}: {{vars.v${Math.floor(rnd() * i)}|noted}}.` }] }, handles: ['next'] };
    case 'tag': {
      const add = pick(TAGS);
      return { id, type: 'tag', data: { add: [add], remove: [pick(TAGS.filter((tag) => tag !== add))] }, handles: ['next'] };
    }
    case 'set':
      return {
        id,
        type: 'set',
        data: {
          assignments: [
            { target: 'variable', name: `v${i}`, value: '{{message.text}}' },
            { target: 'attribute', name: `a${i}`, value: 'seen by {{contact.id}}' },
          ],
        },
        handles: ['next'],
      };
    case 'split':
      return { id, type: 'split', data: { variants: [{ id: 'a', weight: 50 }, { id: 'b', weight: 30 }, { id: 'c', weight: 20 }] }, handles: ['a', 'b', 'c'] };
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}
