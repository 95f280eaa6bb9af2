/**
 * The processes of the scale test on one PostgreSQL schema and one Redis database: API servers
 * (`start --no-workers`) and timer workers (`worker`), each a real OS process that can be killed -9.
 * Cleanup drops the schema and deletes only this schema's queue keys (the Redis is shared: never FLUSHALL).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { ChildRunner } from '../../support/child-process.js';
import { dropSchemas, randomSchemaName, TEST_DATABASE_URL } from '../../support/pg-faults.js';
import { freePort } from '../../support/private-redis.js';
import { zhifaProcess, type ZhifaSettings } from './zhifa-process.js';

export interface ApiNode {
  readonly name: string;
  readonly url: string;
  readonly process: ChildRunner;
}

export class ScaleCluster {
  readonly apis: ApiNode[] = [];
  readonly workers: ChildRunner[] = [];

  private constructor(
    readonly settings: ZhifaSettings,
    readonly redisUrl: string,
  ) {}

  static async create(redisBaseUrl: string, redisDb: number): Promise<ScaleCluster> {
    const dataDir = await mkdtemp(join(tmpdir(), 'zhifa-scale-'));
    const redisUrl = `${redisBaseUrl.replace(/\/\d*$/, '')}/${redisDb}`;
    return new ScaleCluster(
      {
        databaseUrl: TEST_DATABASE_URL,
        schema: randomSchemaName('scale'),
        redisUrl,
        jwtSecret: randomBytes(32).toString('hex'),
        demoPassword: 'scale-test-password',
        dataDir,
      },
      redisUrl,
    );
  }

  /** Starts an API server and waits until it serves. */
  async addApi(name: string): Promise<ApiNode> {
    const port = await freePort();
    const node = { name, url: `http://127.0.0.1:${port}`, process: zhifaProcess('api', this.settings, port) };
    await node.process.start();
    this.apis.push(node);
    return node;
  }

  async addWorker(): Promise<ChildRunner> {
    const worker = zhifaProcess('worker', this.settings);
    await worker.start();
    this.workers.push(worker);
    return worker;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.apis.map((a) => a.process.dispose()), ...this.workers.map((w) => w.dispose())]);
    await dropSchemas(this.settings.schema);
    await deleteQueueKeys(this.redisUrl, this.settings.schema);
    await rm(this.settings.dataDir, { recursive: true, force: true });
  }
}

/** Deletes the keys of this schema's BullMQ queues (`bull:<kind>-<schema>:*`: timers, deadlines, …) and nothing else. */
async function deleteQueueKeys(redisUrl: string, schema: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:*-${schema}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
