import request from 'supertest';
import { WEBHOOK_SECRET } from '../../../__tests__/support/sign-webhook';
import { createTestParley, keywordReplyFlow, type TestParley } from '../../../__tests__/support/test-parley';
import { hookPath } from '../hook-key';
import { plainText } from '../plain-text';

/** A keyword flow that listens on one hook account only. */
function accountFlow(id: string, account: string, keyword: string, text: string) {
  const flow = keywordReplyFlow(id, keyword, text);
  const [trigger, ...rest] = flow.graph.nodes;
  return { ...flow, graph: { ...flow.graph, nodes: [{ ...trigger, data: { ...trigger?.data, channels: [`webhook.${account}`] } }, ...rest] } };
}

describe('hook channel (passive replies)', () => {
  let t: TestParley;

  beforeEach(async () => {
    t = await createTestParley();
    const editor = (await t.userWithToken('editor')).headers;
    const flows = [
      accountFlow('shop-refund', 'shop', 'refund', 'Hi {{contact.id}}, the shop refunds within 24 hours.'),
      accountFlow('support-refund', 'support', 'refund', 'Support: open a ticket for your refund.'),
    ];
    for (const flow of flows) {
      expect((await request(t.app).post('/api/flows').set(editor).send(flow)).status).toBe(201);
      expect((await request(t.app).post(`/api/flows/${flow.id}/publish`).set(editor).send({ revision: 0 })).status).toBe(200);
    }
  });
  afterEach(() => t.close());

  const post = (path: string, body: unknown) => request(t.handler).post(path).set('content-type', 'application/json').send(JSON.stringify(body));

  it('answers in the response with plain-text replies, from the flows of the account the URL names', async () => {
    const shop = await post(hookPath(WEBHOOK_SECRET, 'shop'), { contactId: 'c123', text: 'I want a REFUND' });
    expect(shop.status).toBe(200);
    expect(shop.body).toEqual({ replies: ['Hi c123, the shop refunds within 24 hours.'] });

    const support = await post(hookPath(WEBHOOK_SECRET, 'support'), { contactId: 'c123', text: 'refund please' });
    expect(support.body).toEqual({ replies: ['Support: open a ticket for your refund.'] });

    // Each account is its own address space: c123 is two contacts, each with its conversation and messages.
    const onShop = await t.store.findConversation('webhook.shop', 'c123');
    const onSupport = await t.store.findConversation('webhook.support', 'c123');
    expect(onShop?.id).toBeDefined();
    expect(onSupport?.id).not.toBe(onShop?.id);
    const messages = await t.store.listMessages(onShop?.id ?? '', 10);
    expect(messages.map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('runs every post without a messageId as a new message, and answers a repeated messageId without running it again', async () => {
    const path = hookPath(WEBHOOK_SECRET, 'shop');
    for (let i = 0; i < 2; i++) expect((await post(path, { contactId: 'c1', text: 'refund' })).body.replies).toHaveLength(1);
    const first = await post(path, { contactId: 'c1', text: 'refund', messageId: 'wx-1' });
    const retry = await post(path, { contactId: 'c1', text: 'refund', messageId: 'wx-1' });
    expect(retry.body).toEqual(first.body);
    const conversation = await t.store.findConversation('webhook.shop', 'c1');
    expect((await t.store.listMessages(conversation?.id ?? '', 50)).filter((m) => m.direction === 'in')).toHaveLength(3);
  });

  it('answers with no replies when nothing matches (the text is reported as missed)', async () => {
    const res = await post(hookPath(WEBHOOK_SECRET, 'shop'), { contactId: 'c1', text: 'what time is it' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ replies: [] });
  });

  it('refuses a wrong key before reading the body, and bad bodies with the field named, writing nothing', async () => {
    const wrongKey = await post('/hooks/not-the-key/shop', { contactId: 'c1', text: 'refund' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.error.code).toBe('bad_hook_key');

    const path = hookPath(WEBHOOK_SECRET, 'shop');
    const cases: [unknown, string][] = [
      [{ text: 'refund' }, 'body.contactId: required'],
      [{ contactId: 'c1' }, 'body.text: one of text or payload is required'],
      [{ contactId: 'c1', txt: 'refund' }, 'body.txt: unknown field'],
    ];
    for (const [body, message] of cases) {
      const res = await post(path, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    const badAccount = await post(hookPath(WEBHOOK_SECRET, 'Shop!'), { contactId: 'c1', text: 'refund' });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.error.message).toContain('params.account');

    const notJson = await request(t.handler).post(path).set('content-type', 'text/plain').send('refund');
    expect(notJson.status).toBe(415);
    const broken = await request(t.handler).post(path).set('content-type', 'application/json').send('{"contactId":');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const huge = await post(path, { contactId: 'c1', text: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);

    expect(await t.store.findConversation('webhook.shop', 'c1')).toBeNull();
  });

  it('leaves every other request to the express app', async () => {
    expect((await request(t.handler).get('/healthz')).status).toBe(200);
    const get = await request(t.handler).get(hookPath(WEBHOOK_SECRET, 'shop'));
    expect(get.status).toBe(405);
  });
});

describe('plain text of a message', () => {
  it('keeps text and turns buttons, media and cards into lines', () => {
    expect(plainText({ type: 'text', text: 'Pick one', buttons: [{ title: 'Prices', payload: 'P' }, { title: 'Hours', payload: 'H' }] })).toBe('Pick one\n1. Prices\n2. Hours');
    expect(plainText({ type: 'image', url: 'https://x/y.png', caption: '' })).toBe('https://x/y.png');
    expect(plainText({ type: 'card', title: 'Sale', description: '', url: 'https://x', imageUrl: '' })).toBe('Sale\nhttps://x');
  });
});
