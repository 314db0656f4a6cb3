import { randomUUID } from 'node:crypto';
import {
  graphSchema,
  validateGraph,
  type CreateFlowBody,
  type Flow,
  type FlowChangeEvent,
  type FlowDocument,
  type FlowsOrderEvent,
  type FlowSummary,
  type FlowVersion,
  type FlowVersionSummary,
  type GraphIssue,
  type GraphValidation,
  type SaveFlowBody,
} from '@parley/shared';
import { ApiError } from '../../http/api-error';
import type { Clock } from '../../runtime/runtime-types';
import { StoreConflictError, StoreNotFoundError, type Store } from '../../store/store';
import { slugify } from './slugify';

export interface PublishResult {
  flow: Flow;
  version: FlowVersion;
  warnings: GraphIssue[];
}

/** What load-flows did with one document. */
export type LoadOutcome =
  | { id: string; outcome: 'published' | 'unchanged'; version: number }
  | { id: string; outcome: 'refused'; error: ApiError };

/** Who hears of changes: the runtime (to reload) and the live sockets (to tell the builder and list). */
export interface FlowHooks {
  /** After anything that changes which versions are live, or their order. */
  onLiveChanged?(): Promise<void>;
  /** After a flow is created, saved, published, archived or unarchived. */
  onFlowChanged?(event: FlowChangeEvent): void;
  /** After the flows list was reordered. */
  onFlowsOrder?(event: FlowsOrderEvent): void;
}

/** Who made a change, as the live events name them: a user's name, or null for the command line. */
export type Actor = string | null;

/**
 * Flows and their versions: drafts saved with a revision check, publishing only graphs without
 * errors, the flows list order. Used by the REST API and by the CLI's load-flows, so both publish
 * the same way; every change is announced through the hooks from here, whoever asked for it.
 */
export class FlowService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hooks: FlowHooks = {},
  ) {}

  /** In the flows list order. */
  async list(): Promise<FlowSummary[]> {
    const flows = await this.store.listFlows();
    return Promise.all(flows.map(async (flow) => flowSummary(flow, await this.changedSincePublish(flow))));
  }

  /**
   * Sets the flows list order, which is also the order equal-priority triggers fire in: the running
   * flows follow it at once, without a publish. `ids` must name every flow exactly once.
   */
  async setOrder(ids: readonly string[], by: Actor): Promise<FlowSummary[]> {
    const stored = new Set((await this.store.listFlows()).map((flow) => flow.id));
    const given = new Set(ids);
    const unknown = ids.filter((id) => !stored.has(id));
    const missing = [...stored].filter((id) => !given.has(id));
    if (unknown.length > 0 || missing.length > 0) {
      throw ApiError.invalid('body', [
        ...unknown.map((id) => ({ path: ['ids', ids.indexOf(id)], message: `no flow "${id}"`, code: 'unknown_flow' })),
        ...(missing.length > 0 ? [{ path: ['ids'], message: `every flow must be listed; missing: ${missing.join(', ')}`, code: 'missing_flows' }] : []),
      ]);
    }
    try {
      await this.store.setFlowOrder(ids);
    } catch (error) {
      // A flow was created between the check and the write.
      if (error instanceof StoreConflictError && error.code === 'flow_order_mismatch') {
        throw ApiError.conflict('flows_changed', 'the flows changed meanwhile; reload the list and reorder again');
      }
      throw error;
    }
    await this.hooks.onLiveChanged?.();
    this.hooks.onFlowsOrder?.({ ids: [...ids], by });
    return this.list();
  }

  async get(id: string): Promise<Flow> {
    const flow = await this.store.getFlow(id);
    if (!flow) throw ApiError.notFound(`flow "${id}"`);
    return flow;
  }

  async create(body: CreateFlowBody, by: Actor): Promise<Flow> {
    const now = this.clock.now();
    const draft = (id: string): Flow => ({
      schemaVersion: body.schemaVersion,
      id,
      name: body.name,
      description: body.description,
      status: 'draft',
      graph: body.graph,
      settings: body.settings,
      publishedVersion: null,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    });
    if (body.id !== undefined) return this.createExactly(draft(body.id), by);
    // A generated id takes the first free suffix; bounded, then a random tail guarantees an end.
    const base = slugify(body.name);
    for (let n = 1; n <= 50; n++) {
      const id = n === 1 ? base : `${base.slice(0, 60)}-${n}`;
      if (await this.store.getFlow(id)) continue;
      try {
        return this.changed(await this.store.createFlow(draft(id)), 'created', by);
      } catch (error) {
        // Taken between the read and the insert: try the next suffix.
        if (!(error instanceof StoreConflictError && error.code === 'flow_exists')) throw error;
      }
    }
    return this.createExactly(draft(`${base.slice(0, 50)}-${randomUUID().slice(0, 8)}`), by);
  }

  /** A flow document (import): the id is the document's; an existing id is a conflict, not an overwrite. */
  async importDocument(doc: FlowDocument, by: Actor): Promise<Flow> {
    return this.create(doc, by);
  }

  exportDocument(flow: Flow): FlowDocument {
    return { schemaVersion: flow.schemaVersion, id: flow.id, name: flow.name, description: flow.description, settings: flow.settings, graph: flow.graph };
  }

  async save(id: string, body: SaveFlowBody, by: Actor): Promise<Flow> {
    const flow = await this.get(id);
    if (flow.revision !== body.revision) throw revisionConflict(flow.revision);
    const next: Flow = {
      ...flow,
      name: body.name ?? flow.name,
      description: body.description ?? flow.description,
      graph: body.graph ?? flow.graph,
      settings: body.settings ?? flow.settings,
      updatedAt: this.clock.now(),
    };
    return this.changed(await this.saveChecked(next, body.revision), 'saved', by);
  }

  /** Checks a posted graph, or the stored draft when none is posted. */
  async validate(id: string, graph: unknown): Promise<GraphValidation> {
    const flow = await this.get(id);
    return validateGraph(graph === undefined ? flow.graph : graph, { knownFlowIds: await this.knownFlowIds() });
  }

  /** 409 when `revision` is not the draft's; 422 graph_invalid with every error when the draft has errors. */
  async publish(id: string, revision: number, by: Actor): Promise<PublishResult> {
    return this.publishValidated(id, revision, await this.knownFlowIds(), by);
  }

  /** `knownFlowIds`: flows a goto may name (load-flows reads them once for its whole batch). */
  private async publishValidated(id: string, revision: number, knownFlowIds: ReadonlySet<string>, by: Actor): Promise<PublishResult> {
    const flow = await this.get(id);
    if (flow.revision !== revision) throw revisionConflict(flow.revision);
    const validation = validateGraph(flow.graph, { knownFlowIds });
    if (validation.errors.length > 0) throw graphInvalid(validation.errors);
    try {
      const published = await this.store.publishFlow(id, revision, this.clock.now());
      await this.hooks.onLiveChanged?.();
      this.changed(published.flow, 'published', by);
      return { ...published, warnings: validation.warnings };
    } catch (error) {
      throw await this.storeError(id, error);
    }
  }

  async setArchived(id: string, archived: boolean, by: Actor): Promise<Flow> {
    const flow = await this.get(id);
    const status = archived ? 'archived' : flow.publishedVersion === null ? 'draft' : 'published';
    if (flow.status === status) return flow;
    const saved = await this.saveChecked({ ...flow, status, updatedAt: this.clock.now() }, flow.revision);
    await this.hooks.onLiveChanged?.();
    return this.changed(saved, archived ? 'archived' : 'unarchived', by);
  }

  async listVersions(id: string): Promise<FlowVersionSummary[]> {
    await this.get(id);
    return (await this.store.listVersions(id)).map((v) => ({ flowId: v.flowId, version: v.version, name: v.name, nodeCount: v.graph.nodes.length, publishedAt: v.publishedAt, timezone: v.settings.timezone }));
  }

  async getVersion(id: string, version: number): Promise<FlowVersion> {
    await this.get(id);
    const found = await this.store.getVersion(id, version);
    if (!found) throw ApiError.notFound(`version ${version} of flow "${id}"`);
    return found;
  }

  /**
   * For load-flows: makes every document its flow's draft (creating the flows that are new), then
   * publishes them all, so a goto may name any flow of the batch whatever order the documents come in.
   * A document with graph errors is refused before anything is written (no draft left behind), and so
   * is one whose goto names a refused document that is not in the store either; one equal to its live
   * version is left alone.
   * Document ids must be distinct. One outcome per document, in the documents' order.
   */
  async loadAndPublish(docs: readonly FlowDocument[]): Promise<LoadOutcome[]> {
    const outcomes = new Map<string, LoadOutcome>();
    const refuse = (id: string, error: ApiError): void => {
      outcomes.set(id, { id, outcome: 'refused', error });
    };

    // Refusing a document can make another's goto dangle: check again until nothing more is refused
    // (every round but the last refuses one document at least, so it ends).
    const stored = await this.knownFlowIds();
    let accepted = [...docs];
    for (;;) {
      const known = new Set([...stored, ...accepted.map((doc) => doc.id)]);
      const refused = accepted.filter((doc) => {
        const { errors } = validateGraph(doc.graph, { knownFlowIds: known });
        if (errors.length > 0) refuse(doc.id, graphInvalid(errors));
        return errors.length > 0;
      });
      if (refused.length === 0) break;
      accepted = accepted.filter((doc) => !refused.includes(doc));
    }

    const drafts: Flow[] = [];
    for (const doc of accepted) {
      try {
        const existing = await this.store.getFlow(doc.id);
        const live = existing?.status === 'published' && existing.publishedVersion !== null ? await this.store.getVersion(doc.id, existing.publishedVersion) : null;
        // The live version holds the graph as it runs (defaults filled in), the draft as it was saved.
        const runnable = graphSchema.safeParse(doc.graph);
        const sameAsLive = live !== null && runnable.success && sameContent(live, { ...doc, graph: runnable.data });
        if (existing && sameAsLive && sameContent(existing, doc) && existing.description === doc.description) {
          outcomes.set(doc.id, { id: doc.id, outcome: 'unchanged', version: live.version });
          continue;
        }
        drafts.push(
          existing
            ? this.changed(
                await this.saveChecked({ ...existing, name: doc.name, description: doc.description, graph: doc.graph, settings: doc.settings, updatedAt: this.clock.now() }, existing.revision),
                'saved',
                null,
              )
            : await this.createExactly(this.newFlow(doc), null),
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refuse(doc.id, error);
      }
    }

    // Every draft is in the store now: each is checked against them all, like a publish through the API.
    const known = await this.knownFlowIds();
    for (const draft of drafts) {
      try {
        const { version } = await this.publishValidated(draft.id, draft.revision, known, null);
        outcomes.set(draft.id, { id: draft.id, outcome: 'published', version: version.version });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refuse(draft.id, error);
      }
    }
    return docs.flatMap((doc) => {
      const outcome = outcomes.get(doc.id);
      return outcome === undefined ? [] : [outcome];
    });
  }

  private newFlow(doc: FlowDocument): Flow {
    const now = this.clock.now();
    return { ...doc, status: 'draft', publishedVersion: null, revision: 0, createdAt: now, updatedAt: now };
  }

  /** 409 flow_exists when the id is taken: checked first for a clear answer, and by the store against races. */
  private async createExactly(flow: Flow, by: Actor): Promise<Flow> {
    const taken = () => new ApiError(409, 'flow_exists', `a flow with id "${flow.id}" exists already`, [{ path: ['id'], message: 'already taken', code: 'flow_exists' }]);
    if (await this.store.getFlow(flow.id)) throw taken();
    try {
      return this.changed(await this.store.createFlow(flow), 'created', by);
    } catch (error) {
      if (error instanceof StoreConflictError && error.code === 'flow_exists') throw taken();
      throw error;
    }
  }

  private changed(flow: Flow, kind: FlowChangeEvent['kind'], by: Actor): Flow {
    this.hooks.onFlowChanged?.({ flowId: flow.id, kind, revision: flow.revision, by });
    return flow;
  }

  /**
   * Exact: the draft as the engine would run it (defaults filled in, as publishing stores it) against
   * the latest version, in canonical JSON so key order never counts as a change.
   */
  private async changedSincePublish(flow: Flow): Promise<boolean> {
    if (flow.publishedVersion === null) return false;
    const version = await this.store.getVersion(flow.id, flow.publishedVersion);
    if (!version) return true;
    const runnable = graphSchema.safeParse(flow.graph);
    if (!runnable.success) return true;
    return canonicalJson(runnable.data) !== canonicalJson(version.graph) || canonicalJson(flow.settings) !== canonicalJson(version.settings);
  }

  private async saveChecked(flow: Flow, expectedRevision: number): Promise<Flow> {
    try {
      return await this.store.saveFlow(flow, expectedRevision);
    } catch (error) {
      throw await this.storeError(flow.id, error);
    }
  }

  /** Store errors a client can act on, as API errors; anything else is rethrown as it is. */
  private async storeError(id: string, error: unknown): Promise<unknown> {
    if (error instanceof StoreConflictError && error.code === 'revision_conflict') {
      const current = await this.store.getFlow(id);
      return revisionConflict(current?.revision ?? null);
    }
    if (error instanceof StoreNotFoundError) return ApiError.notFound(`flow "${id}"`);
    return error;
  }

  private async knownFlowIds(): Promise<Set<string>> {
    return new Set((await this.store.listFlows()).filter((f) => f.status !== 'archived').map((f) => f.id));
  }
}

function graphInvalid(errors: GraphIssue[]): ApiError {
  const count = errors.length;
  return new ApiError(422, 'graph_invalid', `the graph has ${count} error${count === 1 ? '' : 's'}; fix ${count === 1 ? 'it' : 'them'} before publishing`, errors);
}

function revisionConflict(currentRevision: number | null): ApiError {
  return ApiError.conflict('revision_conflict', `the flow was changed meanwhile (current revision ${currentRevision ?? 'unknown'}); reload it and apply your change again`, { currentRevision });
}

function flowSummary(flow: Flow, changedSincePublish: boolean): FlowSummary {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    status: flow.status,
    publishedVersion: flow.publishedVersion,
    revision: flow.revision,
    nodeCount: flow.graph.nodes.length,
    changedSincePublish,
    createdAt: flow.createdAt,
    updatedAt: flow.updatedAt,
  };
}

function sameContent(a: { name: string; graph: unknown; settings: unknown }, b: { name: string; graph: unknown; settings: unknown }): boolean {
  return a.name === b.name && JSON.stringify(a.graph) === JSON.stringify(b.graph) && JSON.stringify(a.settings) === JSON.stringify(b.settings);
}

/** JSON with object keys sorted at every level. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
