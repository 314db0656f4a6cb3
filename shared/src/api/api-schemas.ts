import { z } from 'zod';
import { isoDateSchema } from '../calendar/calendar-schema';
import { jsonSchema } from '../engine/engine-types';
import { draftGraphSchema, flowDocumentSchema, flowIdSchema, flowNameSchema, flowSettingsSchema, flowStatusSchema } from '../flow/flow-schema';
import { channelSchema, inboundMessageTypeSchema } from '../flow/message-schema';
import { tagNameSchema } from '../node-types/tag/schema';

// Request (and a few response) shapes of the REST API, the webhook and the web chat socket. The
// server validates with them and generates its OpenAPI document from them; the client reuses them
// for forms and types.

/**
 * Whole numbers in a query or path arrive as strings: plain decimal digits only, so "0x10", "1e2",
 * " 1" and "" are refused instead of being read as 16, 100, 1 and 0. (Numbers pass as they are.)
 */
const digitsToNumber = (value: unknown): unknown => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);
const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'expected a whole number, such as 20' : undefined) })
    .int()
    .min(min)
    .max(max);
const wholeNumberSchema = (min: number, max: number) => z.preprocess(digitsToNumber, wholeNumber(min, max));
/** Limits are bounded so no request can ask for the whole store. */
const limitSchema = (fallback: number, max: number) => z.preprocess(digitsToNumber, wholeNumber(1, max).default(fallback));

export const roleSchema = z.enum(['admin', 'editor', 'analyst', 'agent']);
export type RoleName = z.infer<typeof roleSchema>;

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'expected an email address' }));
/** Long enough to resist guessing, short enough that argon2 never hashes megabytes. */
const newPasswordSchema = z.string().min(10, 'at least 10 characters').max(200);

// ---------- auth, setup, users ----------

export const loginBodySchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const setupBodySchema = z.object({ email: emailSchema, password: newPasswordSchema, name: z.string().trim().min(1).max(100) });
export type SetupBody = z.infer<typeof setupBodySchema>;

export const createApiTokenBodySchema = z.object({ name: z.string().trim().min(1).max(100) });
export type CreateApiTokenBody = z.infer<typeof createApiTokenBodySchema>;

/** A personal API token as it is listed: never its secret, nor the secret's hash. */
export const apiTokenViewSchema = z.object({
  /** Public id: what DELETE /api/auth/tokens/:id takes. */
  id: z.string(),
  name: z.string(),
  createdAt: z.number().int(),
  /** Epoch ms, to about the hour; null when never used. */
  lastUsedAt: z.number().int().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

/** A token just created: the only time its secret is shown. */
export const createdApiTokenSchema = z.object({ id: z.string(), token: z.string(), name: z.string(), createdAt: z.number().int() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

/** Loose on purpose: an id of the wrong shape is just an unknown token (404), like any other. */
export const apiTokenParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const createUserBodySchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  teams: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

/** A user as the API shows it: never the password hash. */
export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  teams: z.array(z.string()),
  createdAt: z.number().int(),
});
export type UserView = z.infer<typeof userViewSchema>;

// ---------- flows ----------

export const flowParamsSchema = z.object({ id: flowIdSchema });
export const flowVersionParamsSchema = z.object({ id: flowIdSchema, version: wholeNumberSchema(1, Number.MAX_SAFE_INTEGER) });

/** A new flow: a flow document whose id may be left out (a slug of the name is generated). */
export const createFlowBodySchema = flowDocumentSchema.extend({
  id: flowIdSchema.optional(),
  graph: draftGraphSchema.default({ nodes: [], edges: [] }),
});
export type CreateFlowBody = z.infer<typeof createFlowBodySchema>;

/**
 * A draft save; its graph may be unfinished (publish checks it). Fields left out keep their current
 * value; `revision` is the revision the editor started from, so a save over someone else's newer
 * save is refused instead of overwriting it.
 */
export const saveFlowBodySchema = z.object({
  name: flowNameSchema.optional(),
  description: z.string().max(2000).optional(),
  graph: draftGraphSchema.optional(),
  settings: flowSettingsSchema.optional(),
  revision: z.number().int().min(0),
});
export type SaveFlowBody = z.infer<typeof saveFlowBodySchema>;

/**
 * Validates the posted graph, or the stored draft when none is posted. The graph is deliberately
 * unknown here: validateGraph reports every structural problem node by node, which is what the
 * builder shows, instead of stopping at the first bad field.
 */
export const validateFlowBodySchema = z.object({ graph: z.unknown().optional() });
export type ValidateFlowBody = z.infer<typeof validateFlowBodySchema>;

export const publishFlowBodySchema = z.object({ revision: z.number().int().min(0) });
export type PublishFlowBody = z.infer<typeof publishFlowBodySchema>;

/** One finding of validateGraph, as the validate and publish endpoints return it. */
export const graphIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export const graphValidationSchema = z.object({ errors: z.array(graphIssueSchema), warnings: z.array(graphIssueSchema) });

export const flowSummarySchema = z.object({
  id: flowIdSchema,
  name: z.string(),
  description: z.string(),
  status: flowStatusSchema,
  publishedVersion: z.number().int().nullable(),
  revision: z.number().int(),
  nodeCount: z.number().int(),
  /** The draft's graph or settings differ from the latest published version's (false before a first publish). */
  changedSincePublish: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

/** The flows list order, which also breaks ties between triggers of equal priority: every flow id once. */
export const flowOrderBodySchema = z.object({
  ids: z
    .array(flowIdSchema)
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, 'each flow may appear only once'),
});
export type FlowOrderBody = z.infer<typeof flowOrderBodySchema>;

/**
 * What `/live` tells staff who read flows when one changes: `flow` events with this body (`by` is the
 * name of who did it, null for the command line), and `flows-order` events `{ ids, by }` on a reorder.
 */
export const flowChangeEventSchema = z.object({
  flowId: flowIdSchema,
  kind: z.enum(['created', 'saved', 'published', 'archived', 'unarchived']),
  revision: z.number().int(),
  by: z.string().nullable(),
});
export type FlowChangeEvent = z.infer<typeof flowChangeEventSchema>;

export const flowsOrderEventSchema = z.object({ ids: z.array(flowIdSchema), by: z.string().nullable() });
export type FlowsOrderEvent = z.infer<typeof flowsOrderEventSchema>;

/** `/live` `stats`: counters of these flows moved, and whether the missed-keywords report did (an event's commit). */
export const statsTickSchema = z.object({ flowIds: z.array(z.string()), unmatched: z.boolean() });
export type StatsTick = z.infer<typeof statsTickSchema>;

export const flowVersionSummarySchema = z.object({
  flowId: flowIdSchema,
  version: z.number().int(),
  name: z.string(),
  nodeCount: z.number().int(),
  publishedAt: z.number().int(),
  /** The time zone of the version's settings: its conversations' stats are counted in its days. */
  timezone: z.string(),
});
export type FlowVersionSummary = z.infer<typeof flowVersionSummarySchema>;

// ---------- conversations and contacts ----------

export const conversationStatusSchema = z.enum(['bot', 'handed_off', 'closed']);

export const conversationParamsSchema = z.object({ id: z.string().min(1).max(200) });

export const conversationListQuerySchema = z.object({
  status: conversationStatusSchema.optional(),
  assignee: z.string().min(1).max(200).optional(),
  channel: channelSchema.optional(),
  limit: limitSchema(50, 500),
});
export type ConversationListQuery = z.infer<typeof conversationListQuerySchema>;

export const messageListQuerySchema = z.object({ limit: limitSchema(100, 1000) });

const sessionViewSchema = z.object({
  flowId: z.string(),
  version: z.number().int(),
  /** The node the session is parked at. */
  nodeId: z.string(),
  waiting: z.object({ kind: z.enum(['reply', 'timer', 'handoff', 'http']), token: z.string().nullable(), until: z.number().int().nullable() }),
  variables: z.record(z.string(), jsonSchema),
  counters: z.record(z.string(), z.number()),
  startedAt: z.number().int(),
  splits: z.record(z.string(), z.object({ handle: z.string(), at: z.number().int() })).optional(),
  seq: z.number().int(),
});

/**
 * A conversation as the API shows it: one per contact and channel, with the contact, the session
 * running in it (null when no flow runs) and the recent activity rate and repeat conditions read.
 */
export const conversationViewSchema = z.object({
  id: z.string(),
  channel: channelSchema,
  /** The contact's address on the channel. */
  externalId: z.string(),
  state: z.object({
    conversationId: z.string(),
    channel: channelSchema,
    contact: z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()), attributes: z.record(z.string(), z.string()) }),
    session: sessionViewSchema.nullable(),
    activity: z.object({
      lastInboundAt: z.number().int().nullable(),
      inbound: z.array(z.number().int()),
      automated: z.array(z.number().int()),
      texts: z.array(z.object({ text: z.string(), at: z.number().int() })),
      flowsEntered: z.record(z.string(), z.number().int()),
    }),
    handedOff: z.boolean(),
    tokenSeq: z.number().int().optional(),
  }),
  status: conversationStatusSchema,
  /** The agent's user id while handed off; null when unassigned. */
  assignee: z.string().nullable(),
  team: z.string().nullable(),
  revision: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/** A message of a conversation; `body` is the inbound message or the outbound reply as sent. */
export const messageViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(['in', 'out']),
  body: jsonSchema,
  at: z.number().int(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const changeTagsBodySchema = z
  .object({ add: z.array(tagNameSchema).max(50).default([]), remove: z.array(tagNameSchema).max(50).default([]) })
  .refine((b) => b.add.length + b.remove.length > 0, { message: 'add or remove at least one tag', path: ['add'] });
export type ChangeTagsBody = z.infer<typeof changeTagsBodySchema>;

export const startFlowBodySchema = z.object({
  flowId: flowIdSchema,
  variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/, 'variable: a name like order_id'), jsonSchema).default({}),
});
export type StartFlowBody = z.infer<typeof startFlowBodySchema>;

export const contactListQuerySchema = z.object({ channel: channelSchema.optional(), limit: limitSchema(100, 1000) });
/**
 * A contact is addressed as "<channel>:<address on the channel>" (e.g. "webhook:c1", "web:3f2a…"):
 * one conversation per contact and channel, and unique without knowing how the runtime names contacts.
 */
export const contactKeySchema = z
  .string()
  .max(300)
  .transform((key, ctx) => {
    const colon = key.indexOf(':');
    const channel = channelSchema.safeParse(key.slice(0, colon));
    const externalId = key.slice(colon + 1);
    if (colon < 1 || !channel.success || externalId === '') {
      ctx.addIssue({ code: 'custom', message: 'expected <channel>:<address>, e.g. webhook:c1' });
      return z.NEVER;
    }
    return { channel: channel.data, externalId };
  });
export const contactParamsSchema = z.object({ id: contactKeySchema });

/** A contact as seen through its conversation (one conversation per contact and channel). */
export const contactViewSchema = z.object({
  /** "<channel>:<externalId>", the id GET /api/contacts/:id takes. */
  id: z.string(),
  conversationId: z.string(),
  name: z.string(),
  channel: channelSchema,
  externalId: z.string(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.string()),
  /** Epoch ms of the contact's last inbound message (the conversation's creation when none). */
  lastSeenAt: z.number().int(),
});
export type ContactView = z.infer<typeof contactViewSchema>;

// ---------- stats ----------

const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The regex alone would let 2025-02-31 through. */
const calendarDaySchema = isoDateSchema.refine((day) => {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}, 'not a calendar day');

function checkRange<T extends { from?: string | undefined; to?: string | undefined }>(range: T, ctx: z.RefinementCtx<T>): void {
  if (range.from === undefined || range.to === undefined) return;
  if (range.from > range.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `"from" (${range.from}) must not be after "to" (${range.to})` });
  else if (daysBetween(range.from, range.to) >= MAX_RANGE_DAYS)
    // The dates are in the message because one end may be a default the client never sent.
    ctx.addIssue({ code: 'custom', path: ['to'], message: `${range.from} to ${range.to} covers ${daysBetween(range.from, range.to) + 1} days; a range covers at most ${MAX_RANGE_DAYS} days` });
}

/** An inclusive range of days; the server checks its filled-in defaults with it too. */
export const dayRangeSchema = z.object({ from: calendarDaySchema, to: calendarDaySchema }).superRefine(checkRange);
export type DayRange = z.infer<typeof dayRangeSchema>;

/** Either end may be left out: the server fills in the last 30 days (in the version's time zone for flow stats; all versions: the latest one's). */
const optionalRangeShape = { from: calendarDaySchema.optional(), to: calendarDaySchema.optional() };

/** What every flow stats query takes: the days (defaults filled in) and a version (all of them when left out). */
const flowStatsFilterShape = { ...optionalRangeShape, version: wholeNumberSchema(1, Number.MAX_SAFE_INTEGER).optional() };
/** What every flow stats answer says it covers: the version asked for (null: all), its time zone and the filled-in days. */
const flowStatsScopeShape = { flowId: z.string(), version: z.number().int().nullable(), timezone: z.string(), from: z.string(), to: z.string() };

export const flowStatsQuerySchema = z.object(flowStatsFilterShape).superRefine(checkRange);
export type FlowStatsQuery = z.infer<typeof flowStatsQuerySchema>;

export const missedKeywordsQuerySchema = z.object({ ...optionalRangeShape, limit: limitSchema(50, 500) }).superRefine(checkRange);
export type MissedKeywordsQuery = z.infer<typeof missedKeywordsQuerySchema>;

export const nodeStatsSchema = z.object({
  nodeId: z.string(),
  nodeType: z.string().nullable(),
  /** Sessions that reached the node (a parked node resumed is not entered again). */
  entered: z.number().int(),
  /** Sessions that left the node by one of its handles. */
  exited: z.number().int(),
  /** Exits by handle. */
  exits: z.record(z.string(), z.number().int()),
  /** Sessions given up at the node without leaving it, by reason ('replaced', 'error'), as the trace recorded them. */
  droppedByReason: z.record(z.string(), z.number().int()),
  /** The sum of droppedByReason: counted when it happens, so never negative. Over all time entered = exited + dropped + waitingNow. */
  dropped: z.number().int(),
  /** Sessions parked at the node now (not bounded by the range). */
  waitingNow: z.number().int(),
  /** exited / entered; null when nothing entered. */
  completionRate: z.number().nullable(),
});
export type NodeStats = z.infer<typeof nodeStatsSchema>;

/**
 * One output of a node: the exits by (source, sourceHandle) and where the graph led them. `target` is null
 * when the handle leads nowhere (an end node, a goto, an unconnected handle): the sessions stopped there.
 */
export const edgeStatsSchema = z.object({
  source: z.string(),
  sourceHandle: z.string(),
  target: z.string().nullable(),
  count: z.number().int(),
  /** count / the source's exits; null when the source has no exits. */
  share: z.number().nullable(),
});
export type EdgeStats = z.infer<typeof edgeStatsSchema>;

/** A proportion with its 95% interval (Wilson score); all null when nothing was counted. */
export const proportionSchema = z.object({ rate: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });
export type Proportion = z.infer<typeof proportionSchema>;

/**
 * An A/B split's variants and how many of the sessions that took each went on to complete the flow (reach
 * an end), counted on the day they took the variant (a cohort: completed ≤ exited for every range).
 */
export const splitStatsSchema = z.object({
  nodeId: z.string(),
  variants: z.array(z.object({ handle: z.string(), exited: z.number().int(), completed: z.number().int(), completion: proportionSchema })),
  /** Each variant after the first against the first: difference in completion rate (points, −1..1), 95% CI (Newcombe). */
  comparisons: z.array(
    z.object({
      baseline: z.string(),
      variant: z.string(),
      difference: z.number().nullable(),
      low: z.number().nullable(),
      high: z.number().nullable(),
      /** The interval excludes 0. */
      significant: z.boolean(),
      sentence: z.string(),
    }),
  ),
});
export type SplitStats = z.infer<typeof splitStatsSchema>;

export const flowStatsSchema = z.object({
  ...flowStatsScopeShape,
  totals: z.object({
    /** Sessions that entered a trigger of the flow. */
    started: z.number().int(),
    /** Sessions that reached an end node. */
    completed: z.number().int(),
    /** Sessions that entered a handoff node. */
    handedOff: z.number().int(),
    /** Distinct contacts that started the flow in the range. */
    uniqueContacts: z.number().int(),
    /** completed / started; null when nothing started. */
    completionRate: z.number().nullable(),
    /** Median time from the start to the end node of the sessions completed in the range (ms, to the second); null when none. */
    medianTimeToCompleteMs: z.number().nullable(),
  }),
  nodes: z.array(nodeStatsSchema),
  edges: z.array(edgeStatsSchema),
  splits: z.array(splitStatsSchema),
});
export type FlowStats = z.infer<typeof flowStatsSchema>;

export const nodeDailyStatsQuerySchema = z
  .object({ ...flowStatsFilterShape, nodeId: z.string().min(1).max(200) })
  .superRefine(checkRange);
export type NodeDailyStatsQuery = z.infer<typeof nodeDailyStatsQuerySchema>;

/**
 * One node in detail: the distinct contacts that entered it over the range (a contact who passed it in two
 * versions or on two days counts once; read per node because it is the one count that grows with the
 * history) and its counters per day of the range (every day listed, zeros included), in the version's time zone.
 */
export const nodeDailyStatsSchema = z.object({
  ...flowStatsScopeShape,
  nodeId: z.string(),
  uniqueContacts: z.number().int(),
  days: z.array(z.object({ day: z.string(), entered: z.number().int(), exited: z.number().int(), dropped: z.number().int() })),
});
export type NodeDailyStats = z.infer<typeof nodeDailyStatsSchema>;

const MAX_FUNNEL_STEPS = 10;

/** `steps`: node ids in path order, comma-separated in the query string (`steps=trigger,ask,thanks`). */
export const flowFunnelQuerySchema = z
  .object({
    ...flowStatsFilterShape,
    steps: z.preprocess(
      (value) => (typeof value === 'string' ? value.split(',') : value),
      z
        .array(z.string().min(1).max(200))
        .min(1)
        .max(MAX_FUNNEL_STEPS, `a funnel has at most ${MAX_FUNNEL_STEPS} steps`)
        .refine((steps) => new Set(steps).size === steps.length, 'a node can be a step of the funnel only once'),
    ),
  })
  .superRefine(checkRange);
export type FlowFunnelQuery = z.infer<typeof flowFunnelQuerySchema>;

/**
 * A funnel over a path of nodes: for each step, the distinct contacts of the range that entered it and
 * every step before it (over the versions asked for, in whatever order), so a step never counts more
 * than the one before; and how many entered the step at all.
 */
export const flowFunnelSchema = z.object({
  ...flowStatsScopeShape,
  steps: z.array(
    z.object({
      nodeId: z.string(),
      /** False when the versions asked for do not have the node (another version does). */
      inVersion: z.boolean(),
      /** Contacts that entered this step and every one before it. */
      contacts: z.number().int(),
      /** Contacts that entered this step, however they came. */
      enteredContacts: z.number().int(),
    }),
  ),
});
export type FlowFunnel = z.infer<typeof flowFunnelSchema>;

/**
 * Unmatched inbound texts, near-duplicates grouped ("refund", "refnd", "refund!" are one group, named by its
 * most frequent text), most frequent first, with a count per day of the range (UTC days) for the trend.
 */
export const missedKeywordsSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Every day of the range; `daily` of each group lines up with it. */
  days: z.array(z.string()),
  /** Every unmatched message of the range, and the distinct texts they hold. */
  messages: z.number().int(),
  texts: z.number().int(),
  /** The texts grouped: the most frequent ones, all of them unless the range holds more than the server reads. */
  textsGrouped: z.number().int(),
  groups: z.array(
    z.object({
      text: z.string(),
      count: z.number().int(),
      lastAt: z.number().int(),
      variants: z.array(z.object({ text: z.string(), count: z.number().int() })),
      daily: z.array(z.number().int()),
    }),
  ),
});
export type MissedKeywords = z.infer<typeof missedKeywordsSchema>;

// ---------- channels ----------

/**
 * The generic webhook's inbound body. `payload` is a quick-reply payload sent with a message;
 * `postback` is a button or menu press. `messageId` (unique per contact) makes retries idempotent;
 * left out, only the very same signed request (timestamp and body) posted again counts once.
 */
export const webhookInboundSchema = z
  .object({
    contactId: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    messageId: z.string().min(1).max(200).optional(),
    text: z.string().max(10_000).optional(),
    type: inboundMessageTypeSchema.optional(),
    payload: z.string().min(1).max(1000).optional(),
    postback: z.object({ payload: z.string().min(1).max(1000), title: z.string().max(200).default('') }).optional(),
    /** Return this event's replies in the response body (within the server's deadline). */
    sync: z.boolean().default(false),
  })
  .refine((b) => b.text !== undefined || b.payload !== undefined || b.postback !== undefined, {
    message: 'one of text, payload or postback is required',
    path: ['text'],
  });
export type WebhookInbound = z.infer<typeof webhookInboundSchema>;

/** The web chat page keeps this random id in localStorage; it is the visitor's address on the channel. */
export const visitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'visitorId: 8–64 letters, digits, _ or -');

export const chatMessageSchema = z.object({ id: z.string().min(1).max(100), text: z.string().min(1).max(10_000) });
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatPostbackSchema = z.object({
  id: z.string().min(1).max(100),
  payload: z.string().min(1).max(1000),
  title: z.string().max(200).default(''),
});
export type ChatPostback = z.infer<typeof chatPostbackSchema>;

/** The body of an API error response. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

// ---------- hook channel (passive replies) ----------

/** The account part of a hook URL: it becomes the channel "webhook.<account>". */
export const hookAccountSchema = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'account: 1–40 lowercase letters, digits, _ or -');

/**
 * A message posted to a hook URL. Without `messageId` every post is a new message; with one, a retry
 * of the same id is answered with the first delivery's replies and runs nothing again.
 */
export const hookInboundSchema = z
  .object({
    contactId: z.string().min(1).max(200),
    text: z.string().max(10_000).optional(),
    payload: z.string().min(1).max(1000).optional(),
    name: z.string().max(200).optional(),
    messageId: z.string().min(1).max(200).optional(),
  })
  .refine((b) => b.text !== undefined || b.payload !== undefined, { message: 'one of text or payload is required', path: ['text'] });
export type HookInbound = z.infer<typeof hookInboundSchema>;

/** The passive reply: what the flow answered, each message as plain text, in order. */
export const hookReplySchema = z.object({ replies: z.array(z.string()) });
export type HookReply = z.infer<typeof hookReplySchema>;
