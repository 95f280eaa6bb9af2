import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger, startZhifa, type RunningZhifa, type StartZhifaOptions } from '@zhifa/server';

/** The real PostgreSQL of the test machine (trust auth); each test file gets its own schema in it. */
export const TEST_DATABASE_URL = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DEMO_PASSWORD = 'demo-password-for-tests';
export const PG_HOST = '127.0.0.1';
export const PG_PORT = 5432;

export interface TestServer {
  readonly zhifa: RunningZhifa;
  readonly url: string;
  readonly schema: string;
  /** Stops the server and drops its schema. */
  close(): Promise<void>;
}

export function randomSchema(prefix = 'api'): string {
  return `t_${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Starts the real server in-process on a fresh schema with the manual clock and the demo organisation. */
export async function startTestServer(overrides: StartZhifaOptions = {}): Promise<TestServer> {
  const schema = overrides.schema ?? randomSchema();
  const zhifa = await startZhifa({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: TEST_DATABASE_URL,
    schema,
    clock: 'manual',
    clockStart: new Date('2026-03-02T01:00:00Z'),
    workers: false,
    jwtSecret: randomBytes(32).toString('hex'),
    demoPassword: DEMO_PASSWORD,
    processesDir: false,
    webDist: false,
    loginRateLimit: 10_000,
    logger: createLogger(process.env['LOG_LEVEL'] ?? 'warn'),
    ...overrides,
  });
  return {
    zhifa,
    url: zhifa.url,
    schema,
    close: async () => {
      await zhifa.close();
      await dropSchemas(schema);
    },
  };
}

/** Drops the schema and the queue schema that may belong to it. */
export async function dropSchemas(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_bullmq CASCADE`);
  } finally {
    await client.end();
  }
}
