// One entry per node type: what the palette, the canvas and the inspector panel need to know about it.
// A new node type fails to compile here until it has an entry (the map is a Record over NodeType).
import {
  askDataSchema,
  conditionDataSchema,
  endDataSchema,
  gotoDataSchema,
  handoffDataSchema,
  httpDataSchema,
  replyDataSchema,
  setDataSchema,
  splitDataSchema,
  tagDataSchema,
  triggerDataSchema,
  waitDataSchema,
  type NodeType,
} from '@parley/shared';
import type { NodeProps } from '@xyflow/react';
import {
  CircleStop,
  CornerDownRight,
  GitBranch,
  Globe,
  Headset,
  Hourglass,
  MessageCircleQuestionMark,
  MessageSquare,
  Split,
  Tag,
  Variable,
  Zap,
  type LucideIcon,
} from 'lucide-react';
import type { ComponentType } from 'react';
import type { z } from 'zod';
import type { BuilderNode } from '../builder/store/builder-state';
import { AskInspector } from './Ask/AskInspector';
import { AskNode } from './Ask/AskNode';
import { askSummary } from './Ask/ask-summary';
import { ConditionInspector } from './Condition/ConditionInspector';
import { ConditionNode } from './Condition/ConditionNode';
import { conditionSummary } from './Condition/condition-summary';
import { EndInspector } from './End/EndInspector';
import { EndNode } from './End/EndNode';
import { endSummary } from './End/end-summary';
import { GotoInspector } from './Goto/GotoInspector';
import { GotoNode } from './Goto/GotoNode';
import { gotoSummary } from './Goto/goto-summary';
import { HandoffInspector } from './Handoff/HandoffInspector';
import { HandoffNode } from './Handoff/HandoffNode';
import { handoffSummary } from './Handoff/handoff-summary';
import { HttpInspector } from './Http/HttpInspector';
import { HttpNode } from './Http/HttpNode';
import { httpSummary } from './Http/http-summary';
import type { InspectorProps } from './inspector-props';
import { ReplyInspector } from './Reply/ReplyInspector';
import { ReplyNode } from './Reply/ReplyNode';
import { replySummary } from './Reply/reply-summary';
import { SetInspector } from './Set/SetInspector';
import { SetNode } from './Set/SetNode';
import { setSummary } from './Set/set-summary';
import { SplitInspector } from './Split/SplitInspector';
import { SplitNode } from './Split/SplitNode';
import { splitSummary } from './Split/split-summary';
import type { NodeSummary } from './summary-text';
import { TagInspector } from './Tag/TagInspector';
import { TagNode } from './Tag/TagNode';
import { tagSummary } from './Tag/tag-summary';
import { TriggerInspector } from './Trigger/TriggerInspector';
import { TriggerNode } from './Trigger/TriggerNode';
import { triggerSummary } from './Trigger/trigger-summary';
import { WaitInspector } from './Wait/WaitInspector';
import { WaitNode } from './Wait/WaitNode';
import { waitSummary } from './Wait/wait-summary';

export interface NodeKind {
  label: string;
  /** One line for the palette: what the node does. */
  description: string;
  icon: LucideIcon;
  /** CSS colour (a token) for the node's header, palette entry and minimap. */
  accent: string;
  Node: ComponentType<NodeProps<BuilderNode>>;
  Inspector: ComponentType<InspectorProps>;
  /** Data a new node starts with: finished where a sensible default exists, so it can be connected at once. */
  defaultData: () => Record<string, unknown>;
  /** The card's summary, or null while the draft data is unfinished (does not parse). */
  summary: (data: unknown) => NodeSummary | null;
}

function summarizer<S extends z.ZodType>(schema: S, summarize: (data: z.output<S>) => NodeSummary): (data: unknown) => NodeSummary | null {
  return (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? summarize(parsed.data) : null;
  };
}

export const nodeRegistry: Record<NodeType, NodeKind> = {
  trigger: {
    label: 'Trigger',
    description: 'Starts the flow: keywords, any message, first contact, a button, a tag, an API call',
    icon: Zap,
    accent: 'var(--node-trigger)',
    Node: TriggerNode,
    Inspector: TriggerInspector,
    defaultData: () => ({ kind: 'keyword', keywords: [{ text: 'hello', match: 'contains' }], channels: [], activeFrom: null, activeUntil: null, priority: 100 }),
    summary: summarizer(triggerDataSchema, triggerSummary),
  },
  condition: {
    label: 'Condition',
    description: 'Branches on text, tags, attributes, channel, business hours, message rate',
    icon: GitBranch,
    accent: 'var(--node-condition)',
    Node: ConditionNode,
    Inspector: ConditionInspector,
    defaultData: () => ({ branches: [{ id: 'vip', label: 'VIP', match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip' }] }] }),
    summary: summarizer(conditionDataSchema, conditionSummary),
  },
  reply: {
    label: 'Reply',
    description: 'Sends text, images, files, cards and quick-reply buttons',
    icon: MessageSquare,
    accent: 'var(--node-reply)',
    Node: ReplyNode,
    Inspector: ReplyInspector,
    defaultData: () => ({ messages: [{ type: 'text', text: 'Hello {{contact.name}}!', buttons: [] }], typingDelayMs: 0 }),
    summary: summarizer(replyDataSchema, replySummary),
  },
  ask: {
    label: 'Ask',
    description: 'Asks a question, checks the answer and saves it to a variable',
    icon: MessageCircleQuestionMark,
    accent: 'var(--node-ask)',
    Node: AskNode,
    Inspector: AskInspector,
    defaultData: () => ({ question: 'What is your email address?', validate: 'email', choices: [], variable: 'email', retries: 2, timeoutMinutes: null }),
    summary: summarizer(askDataSchema, askSummary),
  },
  wait: {
    label: 'Wait',
    description: 'Waits a while, until a time or business hours, or for a reply',
    icon: Hourglass,
    accent: 'var(--node-wait)',
    Node: WaitNode,
    Inspector: WaitInspector,
    defaultData: () => ({ mode: 'delay', amount: 5, unit: 'minutes' }),
    summary: summarizer(waitDataSchema, waitSummary),
  },
  handoff: {
    label: 'Handoff',
    description: 'Hands the conversation to a team of people',
    icon: Headset,
    accent: 'var(--node-handoff)',
    Node: HandoffNode,
    Inspector: HandoffInspector,
    defaultData: () => ({ team: 'support', strategy: 'least_busy', message: 'Connecting you with a person…', timeoutMinutes: null }),
    summary: summarizer(handoffDataSchema, handoffSummary),
  },
  tag: {
    label: 'Tag',
    description: 'Adds and removes contact tags',
    icon: Tag,
    accent: 'var(--node-tag)',
    Node: TagNode,
    Inspector: TagInspector,
    defaultData: () => ({ add: ['lead'], remove: [] }),
    summary: summarizer(tagDataSchema, tagSummary),
  },
  set: {
    label: 'Set',
    description: 'Sets variables and contact attributes from templates',
    icon: Variable,
    accent: 'var(--node-set)',
    Node: SetNode,
    Inspector: SetInspector,
    defaultData: () => ({ assignments: [{ target: 'variable', name: 'last_message', value: '{{message.text}}' }] }),
    summary: summarizer(setDataSchema, setSummary),
  },
  split: {
    label: 'Split',
    description: 'Weighted A/B split, sticky per contact',
    icon: Split,
    accent: 'var(--node-split)',
    Node: SplitNode,
    Inspector: SplitInspector,
    defaultData: () => ({ variants: [{ id: 'a', label: 'A', weight: 50 }, { id: 'b', label: 'B', weight: 50 }] }),
    summary: summarizer(splitDataSchema, splitSummary),
  },
  http: {
    label: 'HTTP request',
    description: 'Calls a URL and saves parts of the response',
    icon: Globe,
    accent: 'var(--node-http)',
    Node: HttpNode,
    Inspector: HttpInspector,
    defaultData: () => ({ method: 'POST', url: 'https://example.com/webhook', headers: [], body: '', timeoutMs: 10_000, saveAs: [] }),
    summary: summarizer(httpDataSchema, httpSummary),
  },
  goto: {
    label: 'Go to flow',
    description: 'Continues in another flow',
    icon: CornerDownRight,
    accent: 'var(--node-goto)',
    Node: GotoNode,
    Inspector: GotoInspector,
    // No flow is a sensible default: the node stays unfinished until one is chosen.
    defaultData: () => ({ flowId: '' }),
    summary: summarizer(gotoDataSchema, gotoSummary),
  },
  end: {
    label: 'End',
    description: 'Ends the flow, optionally closing the conversation',
    icon: CircleStop,
    accent: 'var(--node-end)',
    Node: EndNode,
    Inspector: EndInspector,
    defaultData: () => ({ closeConversation: false }),
    summary: summarizer(endDataSchema, endSummary),
  },
};
