/** Real sinks and a real server for the deadline tests: SMTP (smtp-server), a webhook receiver, startZhifa. */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { ManualClock } from '../services/manual-clock.js';
import { startZhifa, type RunningZhifa } from '../composition/start-zhifa.js';
import { createLogger } from '../observability/logger.js';
import type { DeadlineFeature } from './deadline-feature.js';

export const TEST_DATABASE_URL = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const PASSWORD = 'deadline-test-password';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests';

export { startSmtpSink, type ReceivedMail as Mail } from '@zhifa/testing/smtp-sink';

export interface Hook {
  readonly body: string;
  readonly signature: string | undefined;
  readonly delivery: string | undefined;
}

export async function startWebhookReceiver(): Promise<{ url: string; hooks: Hook[]; close(): Promise<void> }> {
  const hooks: Hook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
      hooks.push({ body: Buffer.concat(chunks).toString('utf8'), signature: header('x-zhifa-signature'), delivery: header('x-zhifa-delivery') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/zhifa`, hooks, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface DeadlineTestServer {
  readonly zhifa: RunningZhifa;
  readonly feature: DeadlineFeature;
  readonly clock: ManualClock;
  readonly schema: string;
  close(): Promise<void>;
}

export interface DeadlineServerInput {
  readonly start: Date;
  readonly smtpPort: number;
  readonly webhookUrl: string;
  /** System clock with BullMQ alarms (and this Redis when given) instead of the manual clock. */
  readonly systemClock?: { readonly redisUrl?: string };
}

/** The real server with the deadline feature composed in through startZhifa's hooks. Manual clock by default. */
export async function startDeadlineServer(input: DeadlineServerInput): Promise<DeadlineTestServer> {
  const schema = `t_deadline_${randomBytes(5).toString('hex')}`;
  const logger = createLogger(process.env['LOG_LEVEL'] ?? 'warn');
  const system = input.systemClock;
  const zhifa = await startZhifa({
    port: 0, host: '127.0.0.1', databaseUrl: TEST_DATABASE_URL, schema, clock: system ? 'system' : 'manual', clockStart: input.start, workers: true,
    jwtSecret: randomBytes(32).toString('hex'), demoPassword: PASSWORD, processesDir: false, webDist: false, loginRateLimit: 10_000, logger,
    ...(system?.redisUrl && { redisUrl: system.redisUrl }),
    deadlineChannels: {
      smtp: { host: '127.0.0.1', port: input.smtpPort, from: '"执法监督平台" <noreply@zhifa.test>' },
      webhook: { url: input.webhookUrl, secret: WEBHOOK_SECRET, allowedHosts: ['127.0.0.1'] },
    },
  });
  const feature: DeadlineFeature = zhifa.deadlines;
  return {
    zhifa, feature, clock: zhifa.clock ?? new ManualClock(input.start), schema,
    close: async () => {
      await zhifa.close();
      await dropSchemas(schema);
    },
  };
}

async function dropSchemas(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_bullmq CASCADE`);
  } finally {
    await client.end();
  }
}

/** A minimal JSON client over fetch. */
export class Client {
  constructor(readonly base: string, readonly token?: string) {}

  async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(this.token && { authorization: `Bearer ${this.token}` }), ...(body !== undefined && { 'content-type': contentType }) },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
    return { status: response.status, body: parsed as T };
  }

  async as(username: string): Promise<Client> {
    const reply = await this.call<{ token: string }>('POST', '/api/auth/login', { username, password: PASSWORD });
    if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.status}`);
    return new Client(this.base, reply.body.token);
  }
}

/** Waits (real time) until `check` holds; deliveries run on a queue worker. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
