import type { Server as HttpServer, RequestListener } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { Server as SocketServer } from 'socket.io';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { contactsRoutes } from './api/contacts/contacts-routes';
import { conversationsRoutes } from './api/conversations/conversations-routes';
import { FlowService } from './api/flows/flow-service';
import { flowsRoutes } from './api/flows/flows-routes';
import { StatsService } from './api/stats/stats-service';
import { statsRoutes } from './api/stats/stats-routes';
import { usersRoutes } from './api/users/users-routes';
import { authRoutes } from './auth/auth-routes';
import { AuthService } from './auth/auth-service';
import { LoginThrottle } from './auth/login-throttle';
import { setupPage } from './auth/setup-page';
import { setupRoutes } from './auth/setup-routes';
import { chatPage } from './channels/web-chat/chat-page';
import { setupChatNamespace } from './channels/web-chat/chat-namespace';
import type { WebChatChannel } from './channels/web-chat/web-chat-channel';
import { hookRoutes } from './channels/hook/hook-routes';
import { webhookRoutes } from './channels/webhook/webhook-routes';
import type { Config } from './config';
import { defineRoute, type Route } from './http/define-route';
import { apiNotFound, errorHandler } from './http/error-handler';
import { mountRoutes } from './http/mount-routes';
import { rawRoutes, type RawRoute } from './http/raw-route';
import { clientApp } from './http/client-app';
import { buildOpenApiDocument } from './http/openapi-document';
import { keepRawBody } from './http/raw-body';
import type { LiveHooks } from './live/live-hooks';
import { setupLiveNamespace } from './live/live-namespace';
import type { Runtime } from './runtime/runtime';
import type { Clock } from './runtime/runtime-types';
import type { Store } from './store/store';

export interface AppDeps {
  store: Store;
  runtime: Runtime;
  config: Pick<Config, 'webhookSecret' | 'webhookSyncDeadlineMs' | 'publicUrl'>;
  logger: Logger;
  clock: Clock;
  /** The runtime's 'web' channel adapter and hooks: they reach sockets once attachSockets runs. */
  webChat: WebChatChannel;
  live: LiveHooks;
}

export interface ParleyApp {
  app: express.Express;
  /** Every registered route: mounted with its validation and the source of the OpenAPI document. */
  routes: readonly Route[];
  /** The hot-path routes, served by `handler` before express; documented with the others. */
  hotRoutes: readonly RawRoute<unknown, unknown>[];
  /** What the HTTP server listens with: the hot-path routes (hooks) straight from node:http, the rest through express. */
  handler: RequestListener;
  /** Attaches socket.io (/chat for visitors, /live for staff) to the listening HTTP server. */
  attachSockets(server: HttpServer): SocketServer;
}

/** The express app, separate from listening: tests drive it with supertest, index.ts listens. */
export function createApp(deps: AppDeps): ParleyApp {
  const { store, runtime, config, logger, clock } = deps;
  const auth = new AuthService(store, clock);
  const flows = new FlowService(store, clock, {
    onLiveChanged: () => runtime.reloadFlows(),
    onFlowChanged: (event) => deps.live.onFlowChanged(event),
    onFlowsOrder: (event) => deps.live.onFlowsOrder(event),
  });
  const stats = new StatsService(store, clock);
  const secureCookies = config.publicUrl?.startsWith('https:') ?? false;

  const routes: Route[] = [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'Liveness, and which store is in use',
      tag: 'meta',
      roles: 'public',
      response: z.object({ ok: z.literal(true), store: z.enum(['sqlite', 'mongo']) }),
      handler: () => ({ ok: true, store: store.kind }),
    }),
    ...setupRoutes(auth, { secureCookies }),
    ...authRoutes(auth, { secureCookies, loginThrottle: new LoginThrottle(clock) }),
    ...usersRoutes(store, auth),
    ...flowsRoutes(flows),
    ...statsRoutes(stats),
    ...conversationsRoutes(store, runtime),
    ...contactsRoutes(store),
    ...webhookRoutes({ runtime, clock, secret: config.webhookSecret, syncDeadlineMs: config.webhookSyncDeadlineMs }),
  ];
  const hot = hookRoutes({ runtime, clock, secret: config.webhookSecret, syncDeadlineMs: config.webhookSyncDeadlineMs });
  const openApi = buildOpenApiDocument([...routes, ...hot], { serverUrl: config.publicUrl });

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb', verify: keepRawBody }));
  mountRoutes(app, routes, auth);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // swagger-ui-express serves its assets from the installed swagger-ui-dist: no CDN.
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'Parley API' }));
  app.get('/setup', setupPage(store));
  app.get('/chat', chatPage);
  // Integrators call /api and /webhooks: a wrong path or method there answers in the API's format.
  app.use(['/api', '/webhooks', '/hooks'], apiNotFound([...routes, ...hot]));
  app.use(clientApp());
  app.use(errorHandler(logger));

  return {
    app,
    routes,
    hotRoutes: hot,
    handler: rawRoutes(hot, app, logger),
    attachSockets(server) {
      const io = new SocketServer(server, { serveClient: true });
      const chat = io.of('/chat');
      const live = io.of('/live');
      setupChatNamespace(chat, { runtime, store, logger });
      setupLiveNamespace(live, auth, clock);
      deps.webChat.attach(chat);
      deps.live.attach(live);
      return io;
    },
  };
}
