import { z } from 'zod';
import { businessCalendarSchema, timezoneSchema } from '../calendar/calendar-schema';
import { draftNodeSchema, flowNodeSchema } from '../node-types/registry';

/** An edge in React Flow's own shape. */
export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  sourceHandle: z.string().min(1),
  target: z.string().min(1),
  targetHandle: z.string().nullable().optional(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

const MAX_NODES = 5000;
const MAX_EDGES = 20000;

/**
 * A runnable graph: every node's data complete for its type (what a version holds). Structure only;
 * graph rules (edges to known handles, cycles, …) are checked by validateGraph.
 */
export const graphSchema = z.object({
  nodes: z.array(flowNodeSchema).max(MAX_NODES),
  edges: z.array(flowEdgeSchema).max(MAX_EDGES),
});
export type Graph = z.infer<typeof graphSchema>;

/**
 * A graph being drawn (a flow's draft): the same structure, but a node's data may be unfinished, so
 * the builder can save work in progress; validateGraph lists what is missing and publish refuses it.
 */
export const draftGraphSchema = z.object({
  nodes: z.array(draftNodeSchema).max(MAX_NODES),
  edges: z.array(flowEdgeSchema).max(MAX_EDGES),
});
export type DraftGraph = z.infer<typeof draftGraphSchema>;

export const flowStatusSchema = z.enum(['draft', 'published', 'archived']);
export type FlowStatus = z.infer<typeof flowStatusSchema>;

export const flowSettingsSchema = z.object({
  timezone: timezoneSchema.default('UTC'),
  /** Business hours used by `business_hours` conditions and waits; null = always open. */
  calendar: businessCalendarSchema.nullable().default(null),
  /** always: a contact may start the flow any number of times; once: only the first time ever. */
  reentry: z.enum(['always', 'once']).default('always'),
  /**
   * Whether a keyword, postback, tag or API trigger may replace a waiting session of this flow (any
   * wait: reply, timer, http), including this flow's own trigger restarting it. Catch-all triggers
   * never replace a session, and a valid answer to a waiting question is always taken as the answer.
   */
  interrupt: z.enum(['allow', 'block']).default('allow'),
  /**
   * Flow run when an inbound message matches no trigger while no session runs (the message is still
   * reported as missed). The first live flow in trigger order that names one decides.
   */
  fallbackFlowId: z.string().nullable().default(null),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const FLOW_SCHEMA_VERSION = 1;

export const flowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'flow id: 1–64 letters, digits, _ or -');

/** Trimmed first, so a name of spaces alone is refused rather than shown as a blank row. */
export const flowNameSchema = z.string().trim().min(1, 'a name is required (not only spaces)').max(200);

export const flowSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
  id: flowIdSchema,
  name: flowNameSchema,
  description: z.string().max(2000).default(''),
  status: flowStatusSchema,
  /** The draft: saved as drawn, finished or not. */
  graph: draftGraphSchema,
  settings: flowSettingsSchema,
  /** Latest published version number, null before the first publish. */
  publishedVersion: z.number().int().min(1).nullable(),
  /** Bumped on every draft save; a save naming an older revision is refused (no silent overwrite). */
  revision: z.number().int().min(0),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Flow = z.infer<typeof flowSchema>;

/** An immutable snapshot made by publishing. */
export const flowVersionSchema = z.object({
  flowId: flowIdSchema,
  version: z.number().int().min(1),
  name: z.string(),
  graph: graphSchema,
  settings: flowSettingsSchema,
  /** Creation time of the flow (not of the version). Trigger ties follow the flows list order instead. */
  flowCreatedAt: z.number().int(),
  publishedAt: z.number().int(),
});
export type FlowVersion = z.infer<typeof flowVersionSchema>;

/**
 * What an import file or `flows/*.json` holds: a flow without server bookkeeping. Its graph is a
 * draft (an export of unfinished work imports again); load-flows and publish validate it fully.
 */
export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
  id: flowIdSchema,
  name: flowNameSchema,
  description: z.string().max(2000).default(''),
  settings: flowSettingsSchema.default(flowSettingsSchema.parse({})),
  graph: draftGraphSchema,
});
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
