import type { Logger } from 'pino';
import { createApp, type ParleyApp } from './app';
import { WebChatChannel } from './channels/web-chat/web-chat-channel';
import { WebhookChannel } from './channels/webhook/webhook-channel';
import type { Config } from './config';
import { LiveHooks } from './live/live-hooks';
import { Runtime } from './runtime/runtime';
import type { Clock, HttpPerformer } from './runtime/runtime-types';
import type { Store } from './store/store';

export interface ParleyDeps {
  store: Store;
  config: Pick<Config, 'webhookSecret' | 'webhookSyncDeadlineMs' | 'webhookCallbackUrl' | 'publicUrl'>;
  logger: Logger;
  clock: Clock;
  /** The http node's performer; tests point it at a local server. */
  http?: HttpPerformer;
}

/**
 * Wires the pieces together once, for index.ts and for tests alike: the channel adapters and the live
 * hooks exist before the runtime (which takes them) and reach sockets when attachSockets runs.
 */
export function createParley(deps: ParleyDeps): ParleyApp & { runtime: Runtime } {
  const { store, config, logger, clock } = deps;
  const webChat = new WebChatChannel();
  const live = new LiveHooks();
  const webhook = new WebhookChannel({ callbackUrl: config.webhookCallbackUrl, secret: config.webhookSecret, clock, logger });
  const runtime = new Runtime({
    store,
    clock,
    channels: [webChat, webhook],
    hooks: live,
    logger: logger.child({ component: 'runtime' }),
    ...(deps.http ? { http: deps.http } : {}),
  });
  return { ...createApp({ store, runtime, config, logger, clock, webChat, live }), runtime };
}
