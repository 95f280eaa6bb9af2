import {
  createPostgresBackend,
  Queue,
  Worker,
  type BulkJobOptions,
  type Job,
  type JobsOptions,
  type JobState,
  type JobType,
  type QueueOptions,
  type RedisOptions,
  type WorkerOptions,
} from 'bullmq';
import { QueueBackendConfigError } from './errors.js';

/**
 * Where BullMQ keeps its jobs. One code path, two datastores: Redis in production, BullMQ's own PostgreSQL
 * backend (its tables live in `schema` of the given database) for the embedded single-process default.
 */
export type QueueBackend =
  | { readonly type: 'redis'; readonly url: string }
  | { readonly type: 'postgres'; readonly url: string; readonly schema: string; readonly poolSize: number };

export interface BackendOptions {
  /** `redis://[user:pass@]host:port[/db]` or `rediss://`; wins when set. */
  readonly redisUrl?: string;
  /** PostgreSQL connection string used when no Redis URL is given. */
  readonly postgresUrl?: string;
  /** Schema holding BullMQ's tables on PostgreSQL (default `bullmq`). */
  readonly postgresSchema?: string;
  /** Connections per queue/worker pool on PostgreSQL (default 5). */
  readonly postgresPoolSize?: number;
}

/** Picks the backend: Redis when `redisUrl` is set, else PostgreSQL; neither is a configuration error. */
export function resolveBackend(options: BackendOptions): QueueBackend {
  if (options.redisUrl) return { type: 'redis', url: options.redisUrl };
  if (options.postgresUrl) {
    return {
      type: 'postgres',
      url: options.postgresUrl,
      schema: options.postgresSchema ?? 'bullmq',
      poolSize: options.postgresPoolSize ?? 5,
    };
  }
  throw new QueueBackendConfigError('set REDIS_URL or a PostgreSQL connection string for the queues');
}

/** BullMQ's Redis connection options; `forWorker` keeps commands waiting across reconnects as workers need. */
export function redisConnection(url: string, forWorker: boolean): RedisOptions {
  // Producers fail fast so the caller (the outbox, the reconciler) retries later; workers wait for Redis.
  return forWorker ? { url, maxRetriesPerRequest: null } : { url, maxRetriesPerRequest: 3, enableOfflineQueue: false };
}

function postgresConnection(backend: Extract<QueueBackend, { type: 'postgres' }>) {
  return { connectionString: backend.url, schema: backend.schema, migrate: true, max: backend.poolSize };
}

type ProducerOptions = Omit<QueueOptions, 'connection'>;
type ConsumerOptions = Omit<WorkerOptions, 'connection'>;

/** The part of a BullMQ queue this package uses; the Redis and the PostgreSQL `Queue` both satisfy it. */
export interface JobQueueClient<T> {
  readonly name: string;
  add(name: string, data: T, opts?: JobsOptions): Promise<unknown>;
  addBulk(jobs: { name: string; data: T; opts?: BulkJobOptions }[]): Promise<unknown>;
  getJobState(jobId: string): Promise<JobState | 'unknown'>;
  remove(jobId: string): Promise<number>;
  getJobCounts(...types: JobType[]): Promise<Record<string, number>>;
  obliterate(opts?: { force?: boolean }): Promise<void>;
  close(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of a BullMQ worker this package uses. */
export interface JobWorkerClient {
  close(force?: boolean): Promise<void>;
  pause(doNotWaitActive?: boolean): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  isRunning(): boolean;
  on(event: 'failed', listener: (job: Job | undefined, error: Error) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Opens a producer on the chosen backend. */
export function openQueue<T>(name: string, backend: QueueBackend, options: ProducerOptions = {}): JobQueueClient<T> {
  switch (backend.type) {
    case 'redis':
      return new Queue(name, { ...options, connection: redisConnection(backend.url, false) });
    case 'postgres':
      return new Queue(name, { ...options, connection: postgresConnection(backend) }, createPostgresBackend);
    default: {
      const unknown: never = backend;
      throw new QueueBackendConfigError(`unknown queue backend ${JSON.stringify(unknown)}`);
    }
  }
}

/** Opens a worker (started immediately unless `autorun: false`) on the chosen backend. */
export function openWorker<T>(
  name: string,
  backend: QueueBackend,
  processor: (job: Job<T>, token?: string) => Promise<unknown>,
  options: ConsumerOptions = {},
): JobWorkerClient {
  switch (backend.type) {
    case 'redis':
      return new Worker(name, processor, { ...options, connection: redisConnection(backend.url, true) });
    case 'postgres':
      return new Worker(name, processor, { ...options, connection: postgresConnection(backend) }, createPostgresBackend);
    default: {
      const unknown: never = backend;
      throw new QueueBackendConfigError(`unknown queue backend ${JSON.stringify(unknown)}`);
    }
  }
}

/** Shared by the timer and notification workers (R9: a SIGTERM must not wait for a hung handler forever). */
export async function closeWorker(worker: JobWorkerClient, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  const drained = await Promise.race([worker.pause().then(() => true), timedOut]);
  clearTimeout(timer);
  await worker.close(!drained);
}
