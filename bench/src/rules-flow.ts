// The peer workload's rule set as a Parley flow: one keyword trigger per rule (priority = the rule's
// priority, so the first rule in the list wins), each leading to its reply, and a catch-all trigger of
// the lowest priority for the fallback. Triggers listen on one hook account, so the K = 10 and
// K = 1000 flows can be live in one server side by side.
import type { FlowDocument } from '@parley/shared';
import type { PeerWorkload } from './peer-workload';

const LOWEST_PRIORITY = 1_000_000;

export function rulesFlow(workload: PeerWorkload, account: string): FlowDocument {
  const channels = [`webhook.${account}`];
  // The harness's placeholder is the contact's id: the contact's address on the channel.
  const template = (text: string) => text.split('{{contactId}}').join('{{contact.id}}');
  const nodes: FlowDocument['graph']['nodes'] = [];
  const edges: FlowDocument['graph']['edges'] = [];
  const addRule = (id: string, trigger: Record<string, unknown>, reply: string, row: number) => {
    nodes.push({ id: `t-${id}`, type: 'trigger', position: { x: 0, y: row * 120 }, data: { ...trigger, channels } });
    nodes.push({ id: `r-${id}`, type: 'reply', position: { x: 320, y: row * 120 }, data: { messages: [{ type: 'text', text: template(reply) }] } });
    edges.push({ id: `e-${id}`, source: `t-${id}`, sourceHandle: 'next', target: `r-${id}` });
  };
  workload.ruleSet.rules.forEach((rule, row) => {
    addRule(rule.id, { kind: 'keyword', keywords: [{ text: rule.keyword, match: 'contains' }], priority: rule.priority }, rule.reply, row);
  });
  addRule('fallback', { kind: 'any_message', priority: LOWEST_PRIORITY }, workload.ruleSet.fallback, workload.ruleSet.rules.length);
  return {
    schemaVersion: 1,
    id: `keywords-${workload.k}`,
    name: `Keyword auto-replies (${workload.k} rules)`,
    description: `The peer benchmark's rules-${workload.k}.json, one trigger and reply per rule`,
    settings: { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null },
    graph: { nodes, edges },
  };
}
