import { compileFlowSet, edgeKey } from './compile-flow-set';
import { TestChat, flowVersion, keywordReplyFlow, node, textReply, texts } from './test-graphs';
import { triggerIndexOf } from './trigger-index';

describe('compileFlowSet', () => {
  const flow = flowVersion('f', {
    nodes: [textReply('r', 'hello'), node('t1', 'trigger', { kind: 'any_message' }), node('t2', 'trigger', { kind: 'first_contact' })],
    edges: [['t1', 'next', 'r'], ['t2', 'next', 'r']],
  });

  it('indexes nodes by id and edges by (node, handle); the entry is the first trigger in node order', () => {
    const compiled = compileFlowSet([flow]).get('f', 1);
    expect([...(compiled?.nodes.keys() ?? [])]).toEqual(['r', 't1', 't2']);
    expect(compiled?.next.get(edgeKey('t1', 'next'))).toBe('r');
    expect(compiled?.next.get(edgeKey('r', 'next'))).toBeUndefined();
    expect(compiled?.entryNodeId).toBe('t1');
  });

  it('enters through the api trigger when the flow has one, wherever it stands', () => {
    const entered = flowVersion('h', {
      nodes: [node('kw', 'trigger', { kind: 'keyword', keywords: [{ text: 'refund', match: 'contains' }] }), node('api', 'trigger', { kind: 'api' })],
    });
    expect(compileFlowSet([entered]).latest('h')?.entryNodeId).toBe('api');
  });

  it('has no entry for a flow without triggers', () => {
    expect(compileFlowSet([flowVersion('g', { nodes: [textReply('r', 'x')] })]).latest('g')?.entryNodeId).toBeNull();
  });

  it('serves live versions by flow and pinned ones by version; add is idempotent', () => {
    const v1 = flowVersion('f', { nodes: [node('t', 'trigger', { kind: 'any_message' })] });
    const v2 = { ...v1, version: 2 };
    const v3 = { ...v1, version: 3 };
    const set = compileFlowSet([v2], [v1]);
    expect(set.latest('f')?.version.version).toBe(2);
    expect(set.get('f', 1)?.version).toBe(v1);
    expect(set.get('f', 3)).toBeUndefined();
    set.add(v3);
    const added = set.get('f', 3);
    set.add(v3);
    expect(set.get('f', 3)).toBe(added);
    // A pinned version runs sessions but is never live: its triggers do not fire.
    expect(set.live.map((c) => c.version.version)).toEqual([2]);
    expect(set.latest('f')?.version.version).toBe(2);
  });

  it('keeps only the newest of two live versions of one flow, so its triggers fire once', () => {
    const v1 = keywordReplyFlow('f', [{ text: 'hi' }], 'old');
    const v2 = { ...keywordReplyFlow('f', [{ text: 'hi' }], 'new'), version: 2 };
    const set = compileFlowSet([v2, v1]);
    expect(set.live).toHaveLength(1);
    expect(texts(new TestChat(set).say('hi').effects)).toEqual(['new']);
  });

  it('orders triggers by priority, then the flows list order (not age or id), then node order', () => {
    const make = (flowId: string, createdAt: number, priorities: number[]) =>
      flowVersion(flowId, { nodes: priorities.map((priority, i) => node(`${flowId}${i}`, 'trigger', { kind: 'any_message', priority })), createdAt });
    const set = compileFlowSet([make('b', 1, [5, 1]), make('a', 1, [5]), make('c', 0, [5, 5])]);
    expect(triggerIndexOf(set).triggers.map((t) => t.node.id)).toEqual(['b1', 'b0', 'a0', 'c0', 'c1']);
    const reordered = compileFlowSet([make('c', 0, [5, 5]), make('a', 1, [5]), make('b', 1, [5, 1])]);
    expect(triggerIndexOf(reordered).triggers.map((t) => t.node.id)).toEqual(['b1', 'c0', 'c1', 'a0', 'b0']);
  });

  it('keeps a flow where its first live version stands in the list', () => {
    const v1 = keywordReplyFlow('f', [{ text: 'hi' }], 'old');
    const v2 = { ...keywordReplyFlow('f', [{ text: 'hi' }], 'new'), version: 2 };
    const g = keywordReplyFlow('g', [{ text: 'hi' }], 'g');
    expect(compileFlowSet([v1, g, v2]).live.map((c) => [c.version.flowId, c.version.version])).toEqual([['f', 2], ['g', 1]]);
  });

  it('matches one message against thousands of keyword rules, picking the first in trigger order', () => {
    const flows = Array.from({ length: 3000 }, (_, i) => keywordReplyFlow(`f${i}`, [{ text: `word${i}x`, match: 'exact' }, { text: `code${i}z` }], `reply ${i}`, { createdAt: i }));
    const chat = new TestChat(flows);
    expect(texts(chat.say('WORD2999X').effects)).toEqual(['reply 2999']);
    expect(texts(chat.say('codes: code17z and code1234z').effects)).toEqual(['reply 17']);
  });

  it('skips an invalid regex keyword instead of failing every flow', () => {
    const bad = keywordReplyFlow('bad', [{ text: '(', match: 'regex' }, { text: 'bad' }], 'bad flow');
    const good = keywordReplyFlow('good', [{ text: 'good' }], 'good flow');
    const chat = new TestChat([bad, good]);
    expect(texts(chat.say('good').effects)).toEqual(['good flow']);
    expect(texts(chat.say('bad').effects)).toEqual(['bad flow']);
  });
});
