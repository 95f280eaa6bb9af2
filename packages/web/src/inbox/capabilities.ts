import { ApiError } from '../app/api-client.js';
import { callJson } from './inbox-api.js';

/**
 * Which routes the running server offers, read from its OpenAPI document. The inbox routes of issue 6 arrive
 * one by one; a button whose route is missing is shown disabled with a tooltip instead of failing on click.
 */
export interface Capabilities {
  has(method: 'get' | 'post' | 'put' | 'delete', path: string): boolean;
  /** Query parameters a GET route declares (e.g. `view` on `/api/tasks`). */
  queryParams(path: string): ReadonlySet<string>;
  /** Allowed values of a query parameter, when the document lists them. */
  queryValues(path: string, name: string): ReadonlySet<string>;
  /** Routes (`METHOD /path` with `:param`) whose path matches. */
  find(pattern: RegExp): readonly { readonly method: string; readonly path: string }[];
}

interface Operation {
  readonly parameters?: readonly { readonly name?: string; readonly in?: string; readonly schema?: { readonly enum?: readonly unknown[] } }[];
}
type OpenApiPaths = Readonly<Record<string, Readonly<Record<string, Operation>>>>;

/** `/api/tasks/:id/claim` → `/api/tasks/{id}/claim`, the OpenAPI spelling. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

export function capabilitiesOf(paths: OpenApiPaths): Capabilities {
  const parameters = (path: string) => paths[openApiPath(path)]?.['get']?.parameters?.filter((p) => p.in === 'query') ?? [];
  return {
    has: (method, path) => paths[openApiPath(path)]?.[method] !== undefined,
    queryParams: (path) => new Set(parameters(path).flatMap((p) => (p.name === undefined ? [] : [p.name]))),
    queryValues: (path, name) => new Set((parameters(path).find((p) => p.name === name)?.schema?.enum ?? []).map(String)),
    find: (pattern) => Object.entries(paths).flatMap(([path, operations]) => {
      const express = path.replace(/\{([A-Za-z]+)\}/g, ':$1');
      return pattern.test(express) ? Object.keys(operations).map((method) => ({ method, path: express })) : [];
    }),
  };
}

/**
 * Routes of the inbox contract (issue 6) the server may mount without listing them in its OpenAPI document
 * (feature routers). They are probed once: a call on a task or instance that does not exist is refused
 * either by the route (404 for the task, 400 for the body…: the route exists) or by the server's catch-all
 * (`no such route`). Nothing can change: there is no such task.
 */
export const PROBED_ROUTES: readonly (readonly ['get' | 'post', string])[] = [
  ['post', '/api/tasks/:id/transfer'], ['post', '/api/tasks/:id/delegate'], ['post', '/api/tasks/:id/resolve'],
  ['get', '/api/tasks/:id/return-targets'], ['post', '/api/tasks/:id/return'], ['post', '/api/tasks/:id/add-sign'],
  ['post', '/api/tasks/:id/remove-sign'], ['post', '/api/tasks/:id/urge'], ['post', '/api/process-instances/:id/withdraw'],
  ['post', '/api/process-instances/:id/cc'],
];
const PROBE_ID = 'zhifa-route-probe';
const NO_SUCH_ROUTE = 'no such route';

async function probe(method: 'get' | 'post', path: string): Promise<boolean> {
  try {
    await callJson(path.replace(':id', PROBE_ID), { method: method === 'get' ? 'GET' : 'POST', ...(method === 'post' && { body: {} }) });
    return true;
  } catch (error) {
    return !(error instanceof ApiError && error.status === 404 && error.message === NO_SUCH_ROUTE);
  }
}

/** The document's routes plus the probed ones that answered. */
export function withRoutes(paths: OpenApiPaths, extra: readonly (readonly [string, string])[]): OpenApiPaths {
  const merged: Record<string, Record<string, Operation>> = {};
  for (const [path, operations] of Object.entries(paths)) merged[path] = { ...operations };
  for (const [method, path] of extra) merged[openApiPath(path)] = { ...merged[openApiPath(path)], [method]: {} };
  return merged;
}

let cached: Promise<Capabilities> | undefined;

async function discover(): Promise<Capabilities> {
  const doc = await callJson<{ paths?: OpenApiPaths }>('/api/openapi.json');
  const listed = capabilitiesOf(doc.paths ?? {});
  const unlisted = PROBED_ROUTES.filter(([method, path]) => !listed.has(method, path));
  const answered = await Promise.all(unlisted.map(async (route) => ((await probe(...route)) ? [route] : [])));
  return capabilitiesOf(withRoutes(doc.paths ?? {}, answered.flat()));
}

export function loadCapabilities(): Promise<Capabilities> {
  cached ??= discover().catch(() => {
    cached = undefined;
    return capabilitiesOf({});
  });
  return cached;
}
