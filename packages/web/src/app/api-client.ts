import { ApiPath, pathOf } from '@zhifa/api-types';
import { clearSession, loadSession } from './session.js';

/** A failed API call, carrying the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ResponseKind = 'json' | 'text';

interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | undefined>>;
}

function urlOf(path: ApiPath, options: RequestOptions): string {
  const url = pathOf(path, options.params);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) query.set(name, value);
  const qs = query.toString();
  return qs ? `${url}?${qs}` : url;
}

function send(path: ApiPath, options: RequestOptions): Promise<Response> {
  return sendTo(urlOf(path, options), options);
}

/**
 * Sends a request to a ready URL with the session's token; resolves with a 2xx response, otherwise throws the
 * server's error as an {@link ApiError} (a 401 also ends the session).
 */
export async function sendTo(url: string, options: Pick<RequestOptions, 'method' | 'body'>): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = loadSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.ok) return response;
  const text = await response.text();
  let code = `HTTP_${response.status}`;
  let message = text || response.statusText;
  let details: unknown;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isErrorBody(parsed)) ({ code, message, details } = parsed.error);
  } catch {
    // not JSON: keep the raw text as the message
  }
  if (response.status === 401) {
    clearSession();
    window.dispatchEvent(new CustomEvent('zhifa:unauthenticated'));
  }
  throw new ApiError(response.status, code, message, details);
}

function isErrorBody(value: unknown): value is { error: { code: string; message: string; details?: unknown } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Calls a JSON route; the type parameter is the response schema of that route in @zhifa/api-types. */
export async function apiJson<T>(path: ApiPath, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return response.json();
}

export async function apiText(path: ApiPath, options: RequestOptions = {}): Promise<string> {
  const response = await send(path, options);
  return response.text();
}
