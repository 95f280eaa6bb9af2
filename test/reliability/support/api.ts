/** An in-process zhifa server on a fresh schema (manual clock, demo organisation) and a tiny fetch client. */
import { createLogger, type RunningZhifa, type StartZhifaOptions } from '@zhifa/server';
import { startTestServer } from '../../api/support/harness.js';
import { randomSchemaName } from '../../support/pg-faults.js';

export const DEMO_PASSWORD = 'reliability-demo-password';

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && typeof body !== 'string' && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  get<T = unknown>(path: string): Promise<Reply<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Reply<T>> {
    return this.call<T>('POST', path, body, headers);
  }

  async as(username: string, password = DEMO_PASSWORD): Promise<Api> {
    const reply = await new Api(this.baseUrl).post<{ token: string }>('/api/auth/login', { username, password });
    if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.status} ${reply.text}`);
    return new Api(this.baseUrl, reply.body.token);
  }
}

export interface TestServer {
  readonly zhifa: RunningZhifa;
  readonly api: Api;
  readonly schema: string;
  close(): Promise<void>;
}

/** The API tests' server harness (test/api/support) with a quieter log and no login rate limit to speak of. */
export async function startServer(overrides: StartZhifaOptions = {}): Promise<TestServer> {
  const server = await startTestServer({
    schema: randomSchemaName('api'),
    demoPassword: DEMO_PASSWORD,
    loginRateLimit: 100_000,
    logger: createLogger(process.env['LOG_LEVEL'] ?? 'silent'),
    ...overrides,
  });
  return { zhifa: server.zhifa, api: new Api(server.url), schema: server.schema, close: () => server.close() };
}

/** start → user task (assignee) → end, deployable through the API. */
export function userTaskModel(key: string, assignee: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="${key}" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
<bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="${assignee}" /></bpmn:extensionElements></bpmn:userTask>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;
}

/** Deploys XML through the API as `client`; throws unless 201. */
export async function deploy(client: Api, name: string, xml: string): Promise<void> {
  const reply = await client.post('/api/deployments', { name, resources: [{ name: `${name}.bpmn`, content: xml }] });
  if (reply.status !== 201) throw new Error(`deploy failed: ${reply.status} ${reply.text}`);
}
