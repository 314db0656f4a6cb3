import type { RequestHandler, Router } from 'express';
import { authenticate, authorize } from '../auth/authenticate';
import type { AuthService } from '../auth/auth-service';
import type { Route } from './define-route';
import { validate } from './validate';

/**
 * Mounts each registry entry as: its own `before` middleware (signature checks), authentication and
 * role check (401/403) unless public, validation (400 naming the field), then the handler, whose
 * return value is the JSON response (nothing returned: 204).
 */
export function mountRoutes(router: Router, routes: readonly Route[], auth: AuthService): void {
  for (const route of routes) {
    const guards = route.roles === 'public' ? [] : [authenticate(auth), authorize(route.roles)];
    const handle: RequestHandler = async (req, res) => {
      const input = res.locals.input;
      const result = await route.handler({ body: input?.body, query: input?.query, params: input?.params }, { req, res, user: res.locals.user ?? null });
      if (res.headersSent) return;
      if (result === undefined) res.status(route.status ?? 204).end();
      else res.status(route.status ?? 200).json(result);
    };
    const handlers = [...(route.before ?? []), ...guards, validate(route), handle];
    switch (route.method) {
      case 'get':
        router.get(route.path, ...handlers);
        break;
      case 'post':
        router.post(route.path, ...handlers);
        break;
      case 'put':
        router.put(route.path, ...handlers);
        break;
      case 'delete':
        router.delete(route.path, ...handlers);
        break;
      default: {
        const never: never = route.method;
        throw new Error(`unknown method ${String(never)}`);
      }
    }
  }
}
