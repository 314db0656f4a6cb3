import { z } from 'zod';
import { businessCalendarSchema, timezoneSchema } from '../calendar/calendar-schema';
import { flowNodeSchema } from '../node-types/registry';

/** An edge in React Flow's own shape. */
export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  sourceHandle: z.string().min(1),
  target: z.string().min(1),
  targetHandle: z.string().nullable().optional(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

/** Structure only; graph rules (edges to known handles, cycles, …) are checked by validateGraph. */
export const graphSchema = z.object({
  nodes: z.array(flowNodeSchema).max(5000),
  edges: z.array(flowEdgeSchema).max(20000),
});
export type Graph = z.infer<typeof graphSchema>;

export const flowStatusSchema = z.enum(['draft', 'published', 'archived']);
export type FlowStatus = z.infer<typeof flowStatusSchema>;

export const flowSettingsSchema = z.object({
  timezone: timezoneSchema.default('UTC'),
  /** Business hours used by `business_hours` conditions and waits; null = always open. */
  calendar: businessCalendarSchema.nullable().default(null),
  /** always: a contact may start the flow any number of times; once: only the first time ever. */
  reentry: z.enum(['always', 'once']).default('always'),
  /** Whether another trigger may replace a session of this flow that waits for a reply. */
  interrupt: z.enum(['allow', 'block']).default('allow'),
  /** Flow run when an inbound message matches no trigger and no session waits for it. */
  fallbackFlowId: z.string().nullable().default(null),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const FLOW_SCHEMA_VERSION = 1;

export const flowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'flow id: 1–64 letters, digits, _ or -');

export const flowSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
  id: flowIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  status: flowStatusSchema,
  graph: graphSchema,
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
  /** Creation time of the flow (not of the version): orders equal-priority triggers across flows. */
  flowCreatedAt: z.number().int(),
  publishedAt: z.number().int(),
});
export type FlowVersion = z.infer<typeof flowVersionSchema>;

/** What an import file or `flows/*.json` holds: a flow without server bookkeeping. */
export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
  id: flowIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  settings: flowSettingsSchema.default(flowSettingsSchema.parse({})),
  graph: graphSchema,
});
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
