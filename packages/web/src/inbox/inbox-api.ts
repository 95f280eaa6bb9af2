import { ApiError, sendTo } from '../app/api-client.js';

/**
 * Calls routes of the inbox contract (issue 6) by plain path (an `ApiPath` of `@zhifa/api-types` or one filled
 * with {@link routeOf}); their shapes are the zod schemas there. Errors are the same {@link ApiError} the rest
 * of the app shows.
 */
export interface InboxRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | undefined>>;
}

function withQuery(path: string, query: InboxRequest['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(name, value);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function send(path: string, options: InboxRequest): Promise<Response> {
  return sendTo(withQuery(path, options.query), options);
}

/** `/api/tasks/:id/transfer` with `{ id }` → `/api/tasks/t-1/transfer`, each value URL-encoded. */
export function routeOf(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter '${name}'`);
    return encodeURIComponent(value);
  });
}

export async function callJson<T>(path: string, options: InboxRequest = {}): Promise<T> {
  const response = await send(path, options);
  const text = await response.text();
  // some operations answer 204 without a body
  return JSON.parse(text || 'null');
}

export async function callText(path: string, options: InboxRequest = {}): Promise<string> {
  return (await send(path, options)).text();
}

/** True when the failure means "this route or resource does not exist (yet)". */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.status} ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
