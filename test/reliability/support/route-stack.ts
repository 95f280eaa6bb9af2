/**
 * The routes of a running zhifa app, read from Express 5's router stack (router 2.x keeps each layer's mount
 * path in `rawPath`): every `METHOD /path` of every router, plus the path-mounted handlers that are not
 * routers (opaque to the walk, e.g. the queue dashboard), so a test can compare them to a checked-in table.
 */
import type { RequestHandler } from 'express';
import type { StartZhifaOptions } from '@zhifa/server';

export interface RouteStack {
  /** `METHOD /path`, in mount order, duplicates kept once. */
  readonly routes: readonly string[];
  /** Mount paths of handlers that are neither routes nor routers (their routes cannot be listed). */
  readonly opaqueMounts: readonly string[];
}

interface Layer {
  readonly rawPath?: unknown;
  readonly name?: string;
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

/** A public router that remembers the Express app of the first request it sees (`req.app`). */
export function appCatcher(): { readonly routers: NonNullable<StartZhifaOptions['routers']>; app(): unknown } {
  let app: unknown;
  const catcher: RequestHandler = (req, _res, next) => {
    app ??= req.app;
    next();
  };
  return {
    routers: () => ({ public: [catcher] }),
    app: () => {
      if (app === undefined) throw new Error('no request has reached the app yet');
      return app;
    },
  };
}

/** Walks `app.router.stack` (Express 5). */
export function routeStack(app: unknown): RouteStack {
  const router: unknown = typeof app === 'object' || typeof app === 'function' ? Reflect.get(app as object, 'router') : undefined;
  const stack: unknown = router ? Reflect.get(router as object, 'stack') : undefined;
  if (!Array.isArray(stack)) throw new Error('not an Express 5 app: no app.router.stack');
  const routes = new Set<string>();
  const opaque = new Set<string>();
  const walk = (layers: readonly Layer[], prefix: string): void => {
    for (const layer of layers) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`a route with a non-string path under '${prefix}'`);
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, prefix + mount);
      } else if (mount && mount !== '/api') {
        opaque.add(`${prefix}${mount}`);
      }
    }
  };
  walk(stack as Layer[], '');
  return { routes: [...routes], opaqueMounts: [...opaque] };
}

/** POST / PUT / PATCH / DELETE routes. */
export function stateChanging(stack: RouteStack): string[] {
  return stack.routes.filter((r) => /^(POST|PUT|PATCH|DELETE) /.test(r));
}

/** GET routes under /api whose path has no parameter: the list endpoints (and other collection reads). */
export function parameterlessGets(stack: RouteStack): string[] {
  return stack.routes.filter((r) => r.startsWith('GET /api/') && !r.includes('/:'));
}
