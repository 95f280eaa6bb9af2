/**
 * Helpers for this package's integration tests: real Redis and PostgreSQL, fresh names per test, cleanup.
 * Not exported from the package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BackendOptions } from './backend.js';

/** A Redis database number of its own, so FLUSHDB in a test never touches other data. */
export const TEST_REDIS_URL = process.env['ZHIFA_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/7';
/** Admin connection used to create and drop a database per test file. */
export const TEST_POSTGRES_ADMIN_URL = process.env['ZHIFA_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export function randomName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name on the test server. */
export async function createTestDatabase(prefix = 'zhifa_timers'): Promise<TestDatabase> {
  const name = randomName(prefix);
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The two queue backends every queue test runs against. */
export const BACKENDS = ['redis', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendFixture {
  readonly options: BackendOptions;
  close(): Promise<void>;
}

/**
 * Redis: the test DB number, or with `privateRedis` a `redis-server` of the test's own (for tests that flush
 * it while other test files run). PostgreSQL: a fresh database. `close` drops what was created.
 */
export async function openBackendFixture(name: BackendName, { privateRedis = false } = {}): Promise<BackendFixture> {
  if (name === 'redis' && privateRedis) {
    const redis = await startPrivateRedis([]);
    return { options: { redisUrl: redis.url }, close: () => redis.stop() };
  }
  if (name === 'redis') return { options: { redisUrl: TEST_REDIS_URL }, close: async () => undefined };
  const database = await createTestDatabase();
  return { options: { postgresUrl: database.url }, close: () => database.drop() };
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

export interface PrivateRedis {
  readonly url: string;
  /** Kills the server (default SIGKILL, like a crash) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory (an AOF file, if any, is replayed). */
  restart(): Promise<void>;
  /** Stops it and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * A throw-away `redis-server` of our own on a free port, so a test can choose its configuration, kill it
 * and restart it without touching the shared Redis.
 */
export async function startPrivateRedis(config: readonly string[]): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'zhifa-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...config], { stdio: 'ignore' });
    await waitFor('redis-server to accept connections', () => accepts(port), 10_000);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    async stop() {
      await kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
