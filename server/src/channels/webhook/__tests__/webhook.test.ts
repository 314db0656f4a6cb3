import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signedHeaders, signWebhook, WEBHOOK_SECRET } from '../../../__tests__/support/sign-webhook';
import { createTestParley, keywordReplyFlow, postWebhook, replyTexts, type TestParley } from '../../../__tests__/support/test-parley';

/** A stand-in for the customer's system: records every callback and answers with `status`. */
async function startReceiver() {
  const received: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
  const receiver = { status: 200, received, url: '', server: http.createServer() };
  receiver.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, raw });
      res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/parley-callback`;
  return receiver;
}

const buttonsFlow = {
  id: 'menu',
  name: 'Menu',
  graph: {
    nodes: [
      { id: 't', type: 'trigger', data: { kind: 'postback', payloads: ['MENU_PRICES'] } },
      { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'Prices start at 10 €.' }] } },
    ],
    edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'r' }],
  },
};

describe('generic webhook', () => {
  let t: TestParley;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    receiver = await startReceiver();
    t = await createTestParley({ webhookCallbackUrl: receiver.url });
    const editor = (await t.userWithToken('editor')).headers;
    for (const flow of [keywordReplyFlow('hello', 'hello', 'Hello {{contact.name}}!'), buttonsFlow]) {
      await request(t.app).post('/api/flows').set(editor).send(flow);
      await request(t.app).post(`/api/flows/${flow.id}/publish`).set(editor).send({ revision: 0 });
    }
  });
  afterEach(async () => {
    await t.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  const post = (raw: string, headers: Record<string, string>) => request(t.app).post('/webhooks/generic').set(headers).send(raw);
  const nothingProcessed = async (contactId: string) => {
    expect(await t.store.findConversation('webhook', contactId)).toBeNull();
  };

  it('runs a correctly signed message and returns the replies in the body when sync is asked for', async () => {
    const res = await postWebhook(t.app, t.clock, { contactId: 'c1', name: 'Mia', messageId: 'm1', text: 'hello there' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: true, duplicate: false, conversationId: expect.any(String), replies: [{ type: 'text', text: 'Hello Mia!', buttons: [] }] });
    // Delivered inline: nothing goes to the callback as well.
    await t.runtime.tick();
    expect(receiver.received).toEqual([]);
  });

  it('runs postbacks', async () => {
    const res = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'p1', postback: { payload: 'MENU_PRICES', title: 'Prices' } });
    expect(replyTexts(res)).toEqual(['Prices start at 10 €.']);
  });

  it('refuses a bad signature with 401 and processes nothing', async () => {
    const raw = JSON.stringify({ contactId: 'c1', messageId: 'm1', text: 'hello', sync: true });
    const wrongSecret = await post(raw, signedHeaders(raw, t.clock.now(), 'another-secret-entirely-0123456789'));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error.code).toBe('bad_signature');
    const tampered = await post(raw.replace('hello', 'HELLO'), signedHeaders(raw, t.clock.now()));
    expect(tampered.status).toBe(401);
    const garbage = await post(raw, { ...signedHeaders(raw, t.clock.now()), 'x-parley-signature': 'sha256=00' });
    expect(garbage.status).toBe(401);
    const unsigned = await post(raw, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('missing_signature');
    await nothingProcessed('c1');
    expect(await t.store.inboundReplies('webhook', JSON.stringify(['c1', 'm1']))).toBeNull();
  });

  it('refuses timestamps more than 5 minutes old or ahead with 401 stale_timestamp', async () => {
    const raw = JSON.stringify({ contactId: 'c1', messageId: 'm1', text: 'hello' });
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const res = await post(raw, signedHeaders(raw, t.clock.now() + offset));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('stale_timestamp');
    }
    const notANumber = await post(raw, { ...signedHeaders(raw, t.clock.now()), 'x-parley-timestamp': 'yesterday' });
    expect(notANumber.status).toBe(401);
    await nothingProcessed('c1');
    // Within the window it is accepted.
    expect((await post(raw, signedHeaders(raw, t.clock.now() - 4 * 60_000))).status).toBe(200);
  });

  it('answers a repeated messageId with the replies of the first request, without running it again', async () => {
    // WeChat-style passive reply: the sender retries when the first response did not reach it in time.
    const first = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello' });
    t.clock.advance(5_000);
    const second = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello' });
    expect(replyTexts(first)).toEqual(['Hello !']);
    expect(second.body).toEqual({ accepted: true, duplicate: true, conversationId: first.body.conversationId, replies: first.body.replies });
    const messages = await t.store.listMessages(first.body.conversationId, 10);
    expect(messages.map((m) => m.direction)).toEqual(['in', 'out']);
    await t.runtime.tick();
    expect(receiver.received).toEqual([]);
  });

  it('gives both of two simultaneous deliveries of one message the same replies', async () => {
    const [a, b] = await Promise.all([
      postWebhook(t.app, t.clock, { contactId: 'c1', name: 'Mia', messageId: 'm1', text: 'hello' }),
      postWebhook(t.app, t.clock, { contactId: 'c1', name: 'Mia', messageId: 'm1', text: 'hello' }),
    ]);
    expect([a.body.duplicate, b.body.duplicate].sort()).toEqual([false, true]);
    expect(replyTexts(a)).toEqual(['Hello Mia!']);
    expect(replyTexts(b)).toEqual(['Hello Mia!']);
    expect((await t.store.listMessages(a.body.conversationId, 10)).map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('answers a repeated messageId whose replies went to the callback with no replies, and sends them once', async () => {
    await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello', sync: false });
    const again = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello' });
    expect(again.body).toMatchObject({ duplicate: true, replies: [] });
    await t.runtime.tick();
    expect(receiver.received.map((r) => JSON.parse(r.raw).message.text)).toEqual(['Hello !']);
  });

  it('keeps message ids apart per contact: two contacts may use the same messageId', async () => {
    const mia = await postWebhook(t.app, t.clock, { contactId: 'mia', name: 'Mia', messageId: '1', text: 'hello' });
    const leo = await postWebhook(t.app, t.clock, { contactId: 'leo', name: 'Leo', messageId: '1', text: 'hello' });
    expect(replyTexts(mia)).toEqual(['Hello Mia!']);
    expect(leo.body).toMatchObject({ duplicate: false, conversationId: expect.any(String) });
    expect(replyTexts(leo)).toEqual(['Hello Leo!']);
    // A contact id holding the separator cannot be made to collide with another contact's message.
    const a = await postWebhook(t.app, t.clock, { contactId: 'a:b', messageId: 'c', text: 'hello' });
    const b = await postWebhook(t.app, t.clock, { contactId: 'a', messageId: 'b:c', text: 'hello' });
    expect([a.body.duplicate, b.body.duplicate]).toEqual([false, false]);
  });

  it('derives the message id from the signed request when none is given, so a retried request is one message', async () => {
    const raw = JSON.stringify({ contactId: 'c1', text: 'hello', sync: true });
    const first = await post(raw, signedHeaders(raw, t.clock.now()));
    const again = await post(raw, signedHeaders(raw, t.clock.now()));
    expect(replyTexts(first)).toHaveLength(1);
    expect(again.body.duplicate).toBe(true);
    const other = JSON.stringify({ contactId: 'c1', text: 'hello again', sync: true });
    expect((await post(other, signedHeaders(other, t.clock.now()))).body.duplicate).toBe(false);
  });

  it('runs the same text sent again later as a new message when no messageId is given', async () => {
    // "yes" to one question and, a minute later, "yes" to the next is two messages, not a retry.
    const raw = JSON.stringify({ contactId: 'c1', text: 'hello', sync: true });
    const first = await post(raw, signedHeaders(raw, t.clock.now()));
    t.clock.advance(60_000);
    const later = await post(raw, signedHeaders(raw, t.clock.now()));
    expect(replyTexts(first)).toEqual(['Hello !']);
    expect(later.body.duplicate).toBe(false);
    expect(replyTexts(later)).toEqual(['Hello !']);
  });

  it('names the bad field of a signed but invalid body, and writes nothing', async () => {
    const noContent = JSON.stringify({ contactId: 'c1', messageId: 'm1' });
    const res = await post(noContent, signedHeaders(noContent, t.clock.now()));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: ['text'], message: 'one of text, payload or postback is required' });
    const noContact = JSON.stringify({ text: 'hello' });
    const res2 = await post(noContact, signedHeaders(noContact, t.clock.now()));
    expect(res2.status).toBe(400);
    expect(res2.body.error.details[0].path).toEqual(['contactId']);
    const badType = JSON.stringify({ contactId: 'c1', text: 'x', type: 'hologram' });
    expect((await post(badType, signedHeaders(badType, t.clock.now()))).body.error.details[0].path).toEqual(['type']);
    await nothingProcessed('c1');
    const notJson = await request(t.app).post('/webhooks/generic').set({ ...signedHeaders('hello', t.clock.now()), 'content-type': 'text/plain' }).send('hello');
    expect(notJson.status).toBe(415);
  });

  it('delivers asynchronous replies to the callback URL as signed POSTs', async () => {
    const res = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello', sync: false });
    expect(res.body).toMatchObject({ accepted: true, duplicate: false, replies: [] });
    await t.runtime.tick();
    expect(receiver.received).toHaveLength(1);
    const [call] = receiver.received;
    const timestamp = String(call?.headers['x-parley-timestamp']);
    expect(Math.abs(Number(timestamp) - t.clock.now() / 1000)).toBeLessThan(2);
    const expected = signWebhook(WEBHOOK_SECRET, timestamp, call?.raw ?? '');
    expect(call?.headers['x-parley-signature']).toBe(expected);
    expect(JSON.parse(call?.raw ?? '')).toEqual({
      channel: 'webhook',
      contactId: 'c1',
      conversationId: res.body.conversationId,
      messageId: expect.any(String),
      message: { type: 'text', text: 'Hello !', buttons: [] },
    });
  });

  it('retries a callback the receiver refused, with the same messageId', async () => {
    receiver.status = 503;
    await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello', sync: false });
    await t.runtime.tick();
    expect(receiver.received).toHaveLength(1);
    receiver.status = 200;
    t.clock.advance(10 * 60_000);
    await t.runtime.tick();
    expect(receiver.received).toHaveLength(2);
    const ids = receiver.received.map((r) => JSON.parse(r.raw).messageId);
    expect(ids[0]).toBe(ids[1]);
    t.clock.advance(60 * 60_000);
    await t.runtime.tick();
    expect(receiver.received).toHaveLength(2);
  });
});

describe('generic webhook sync deadline', () => {
  it('sends replies that miss the deadline to the callback instead of the response', async () => {
    const receiver = await startReceiver();
    const t = await createTestParley({ webhookCallbackUrl: receiver.url, webhookSyncDeadlineMs: 0 });
    try {
      const editor = (await t.userWithToken('editor')).headers;
      await request(t.app).post('/api/flows').set(editor).send(keywordReplyFlow('hello', 'hello', 'Hi!'));
      await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
      const res = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello' });
      expect(res.body).toMatchObject({ accepted: true, duplicate: false, replies: [] });
      await t.runtime.tick();
      expect(receiver.received.map((r) => JSON.parse(r.raw).message.text)).toEqual(['Hi!']);
    } finally {
      await t.close();
      await new Promise((resolve) => receiver.server.close(resolve));
    }
  });
});
