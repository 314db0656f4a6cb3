// Saves "Add as keyword" to a flow's draft: load the draft, edit it, save it with the revision it was
// loaded at. Someone saving in between (409) means: load their draft and apply the edit to it, once.
import type { Flow, Keyword } from '@parley/shared';
import { ApiRequestError } from '../api/api-client';
import { flowsApi } from '../api/flows-api';
import { addKeywordsToDraft, type KeywordTarget } from './add-keywords-to-draft';

export async function saveKeywords(flowId: string, target: KeywordTarget, keywords: readonly Keyword[]): Promise<Flow> {
  const attempt = async (): Promise<Flow> => {
    const flow = await flowsApi.get(flowId);
    const change = addKeywordsToDraft(flow.graph, target, keywords);
    if (!change.ok) throw new Error(change.error);
    return flowsApi.save(flowId, { graph: change.graph, revision: flow.revision });
  };
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'revision_conflict') return attempt();
    throw error;
  }
}
