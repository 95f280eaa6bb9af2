/** A tiny JSON client for a running zhifa (keep-alive through Node's fetch). */

export interface Reply<T> {
  readonly status: number;
  readonly body: T;
}

export interface LoggedInUser {
  readonly id: string;
  readonly username: string;
  readonly unitId: string | null;
  readonly groups: readonly string[];
}

export class ZhifaClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, headers: Readonly<Record<string, string>> = {}): Promise<Reply<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const parsed: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    // The caller names the shape it expects; the status tells whether it got it.
    return { status: response.status, body: parsed as T };
  }

  get<T = unknown>(path: string): Promise<Reply<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}, headers: Readonly<Record<string, string>> = {}): Promise<Reply<T>> {
    return this.call<T>('POST', path, body, headers);
  }

  /** Logs in and returns a client carrying the bearer token, with the user as the server sees them. */
  static async login(baseUrl: string, username: string, password: string): Promise<{ client: ZhifaClient; user: LoggedInUser }> {
    const reply = await new ZhifaClient(baseUrl).post<{ token: string; user: LoggedInUser }>('/api/auth/login', { username, password });
    if (reply.status !== 200) throw new Error(`login of ${username} at ${baseUrl} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return { client: new ZhifaClient(baseUrl, reply.body.token), user: reply.body.user };
  }
}
