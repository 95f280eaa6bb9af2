import { DEMO_PASSWORD } from './harness.js';

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A tiny HTTP client over fetch for a real listening server. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        // Strings go as given (with the caller's content type); FormData sets its own multipart boundary.
        ...(body !== undefined && typeof body !== 'string' && !(body instanceof FormData) && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body) }),
    };
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    // Callers assert on the shape; the cast only names what they expect.
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }

  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }

  delete<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('DELETE', path, body);
  }

  /** Logs in a demo user and returns a client carrying their token. */
  async as(username: string, password = DEMO_PASSWORD): Promise<ApiClient> {
    const reply = await new ApiClient(this.baseUrl).post<{ token: string }>('/api/auth/login', { username, password });
    if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return new ApiClient(this.baseUrl, reply.body.token);
  }
}
