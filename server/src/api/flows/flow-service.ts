import { randomUUID } from 'node:crypto';
import {
  graphSchema,
  validateGraph,
  type CreateFlowBody,
  type Flow,
  type FlowDocument,
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

/**
 * Flows and their versions: drafts saved with a revision check, publishing only graphs without
 * errors. Used by the REST API and by the CLI's load-flows, so both publish the same way.
 * `onLiveChanged` runs after anything that changes which versions are live (the runtime reloads).
 */
export class FlowService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onLiveChanged: () => Promise<void> = async () => {},
  ) {}

  async list(): Promise<FlowSummary[]> {
    return (await this.store.listFlows()).map(flowSummary);
  }

  async get(id: string): Promise<Flow> {
    const flow = await this.store.getFlow(id);
    if (!flow) throw ApiError.notFound(`flow "${id}"`);
    return flow;
  }

  async create(body: CreateFlowBody): Promise<Flow> {
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
    if (body.id !== undefined) return this.createExactly(draft(body.id));
    // A generated id takes the first free suffix; bounded, then a random tail guarantees an end.
    const base = slugify(body.name);
    for (let n = 1; n <= 50; n++) {
      const id = n === 1 ? base : `${base.slice(0, 60)}-${n}`;
      if (await this.store.getFlow(id)) continue;
      try {
        return await this.store.createFlow(draft(id));
      } catch (error) {
        // Taken between the read and the insert: try the next suffix.
        if (!(error instanceof StoreConflictError && error.code === 'flow_exists')) throw error;
      }
    }
    return this.createExactly(draft(`${base.slice(0, 50)}-${randomUUID().slice(0, 8)}`));
  }

  /** A flow document (import): the id is the document's; an existing id is a conflict, not an overwrite. */
  async importDocument(doc: FlowDocument): Promise<Flow> {
    return this.create(doc);
  }

  exportDocument(flow: Flow): FlowDocument {
    return { schemaVersion: flow.schemaVersion, id: flow.id, name: flow.name, description: flow.description, settings: flow.settings, graph: flow.graph };
  }

  async save(id: string, body: SaveFlowBody): Promise<Flow> {
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
    return this.saveChecked(next, body.revision);
  }

  /** Checks a posted graph, or the stored draft when none is posted. */
  async validate(id: string, graph: unknown): Promise<GraphValidation> {
    const flow = await this.get(id);
    return validateGraph(graph === undefined ? flow.graph : graph, { knownFlowIds: await this.knownFlowIds() });
  }

  /** 409 when `revision` is not the draft's; 422 graph_invalid with every error when the draft has errors. */
  async publish(id: string, revision: number): Promise<PublishResult> {
    return this.publishValidated(id, revision, await this.knownFlowIds());
  }

  /** `knownFlowIds`: flows a goto may name (load-flows reads them once for its whole batch). */
  private async publishValidated(id: string, revision: number, knownFlowIds: ReadonlySet<string>): Promise<PublishResult> {
    const flow = await this.get(id);
    if (flow.revision !== revision) throw revisionConflict(flow.revision);
    const validation = validateGraph(flow.graph, { knownFlowIds });
    if (validation.errors.length > 0) throw graphInvalid(validation.errors);
    try {
      const published = await this.store.publishFlow(id, revision, this.clock.now());
      await this.onLiveChanged();
      return { ...published, warnings: validation.warnings };
    } catch (error) {
      throw await this.storeError(id, error);
    }
  }

  async setArchived(id: string, archived: boolean): Promise<Flow> {
    const flow = await this.get(id);
    const status = archived ? 'archived' : flow.publishedVersion === null ? 'draft' : 'published';
    if (flow.status === status) return flow;
    const saved = await this.saveChecked({ ...flow, status, updatedAt: this.clock.now() }, flow.revision);
    await this.onLiveChanged();
    return saved;
  }

  async listVersions(id: string): Promise<FlowVersionSummary[]> {
    await this.get(id);
    return (await this.store.listVersions(id)).map((v) => ({ flowId: v.flowId, version: v.version, name: v.name, nodeCount: v.graph.nodes.length, publishedAt: v.publishedAt }));
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
            ? await this.saveChecked({ ...existing, name: doc.name, description: doc.description, graph: doc.graph, settings: doc.settings, updatedAt: this.clock.now() }, existing.revision)
            : await this.createExactly(this.newFlow(doc)),
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
        const { version } = await this.publishValidated(draft.id, draft.revision, known);
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
  private async createExactly(flow: Flow): Promise<Flow> {
    const taken = () => new ApiError(409, 'flow_exists', `a flow with id "${flow.id}" exists already`, [{ path: ['id'], message: 'already taken', code: 'flow_exists' }]);
    if (await this.store.getFlow(flow.id)) throw taken();
    try {
      return await this.store.createFlow(flow);
    } catch (error) {
      if (error instanceof StoreConflictError && error.code === 'flow_exists') throw taken();
      throw error;
    }
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

function flowSummary(flow: Flow): FlowSummary {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    status: flow.status,
    publishedVersion: flow.publishedVersion,
    revision: flow.revision,
    nodeCount: flow.graph.nodes.length,
    createdAt: flow.createdAt,
    updatedAt: flow.updatedAt,
  };
}

function sameContent(a: { name: string; graph: unknown; settings: unknown }, b: { name: string; graph: unknown; settings: unknown }): boolean {
  return a.name === b.name && JSON.stringify(a.graph) === JSON.stringify(b.graph) && JSON.stringify(a.settings) === JSON.stringify(b.settings);
}
