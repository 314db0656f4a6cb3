import { channelKind, channelMatches, channelSchema } from './message-schema';

describe('channels', () => {
  it('are a kind or one account of a kind', () => {
    for (const ok of ['web', 'webhook', 'webhook.shop', 'whatsapp.sales-2', 'wecom.corp_1']) expect(channelSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', 'sms', 'webhook.', 'webhook.Shop', 'webhook.a.b', 'webhook:shop', `webhook.${'x'.repeat(41)}`]) {
      expect(channelSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('name the adapter kind that delivers them', () => {
    expect(channelKind('webhook.shop')).toBe('webhook');
    expect(channelKind('web')).toBe('web');
  });

  it('match a filter naming the kind or exactly the account', () => {
    expect(channelMatches('webhook', 'webhook.shop')).toBe(true);
    expect(channelMatches('webhook.shop', 'webhook.shop')).toBe(true);
    expect(channelMatches('webhook.shop', 'webhook')).toBe(false);
    expect(channelMatches('webhook.shop', 'webhook.shopping')).toBe(false);
    expect(channelMatches('web', 'webhook')).toBe(false);
  });
});
