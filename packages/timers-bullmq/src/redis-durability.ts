import { Redis } from 'ioredis';

/** Why pending timers could be lost by this Redis (RELIABILITY.md R4: without AOF a killed Redis lost 100/100). */
export const DurabilityProblemType = {
  aofOff: 'aof-off',
  evictionPolicy: 'eviction-policy',
  unverifiable: 'unverifiable',
  /** Not a durability problem: timers wake late (Redis `hz` too low). */
  coarseHz: 'coarse-hz',
} as const;
export type DurabilityProblemType = (typeof DurabilityProblemType)[keyof typeof DurabilityProblemType];

export interface DurabilityProblem {
  readonly type: DurabilityProblemType;
  readonly message: string;
}

/** The one ioredis method used here, so a caller may pass any connected client. */
export interface RedisCommandRunner {
  call(command: string, ...args: string[]): Promise<unknown>;
}

async function configValue(redis: RedisCommandRunner, key: string): Promise<string | undefined> {
  const reply = await redis.call('CONFIG', 'GET', key);
  // CONFIG GET answers a flat [name, value] list (RESP2).
  if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
  return undefined;
}

/**
 * Checks that Redis will keep delayed jobs across a restart and under memory pressure: `appendonly yes` and
 * `maxmemory-policy noeviction`. Returns the problems (empty when durable); the server logs them loudly.
 * Managed Redis often disables CONFIG: that is reported as `unverifiable`, not as an error.
 */
export async function checkRedisDurability(redis: RedisCommandRunner): Promise<DurabilityProblem[]> {
  let appendonly: string | undefined;
  let policy: string | undefined;
  try {
    appendonly = await configValue(redis, 'appendonly');
    policy = await configValue(redis, 'maxmemory-policy');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ type: 'unverifiable', message: `cannot read Redis CONFIG (${reason}); make sure AOF is on and maxmemory-policy is noeviction` }];
  }
  const problems: DurabilityProblem[] = [];
  if (appendonly !== 'yes') {
    problems.push({
      type: 'aof-off',
      message: `Redis appendonly is '${appendonly ?? 'unknown'}': a Redis restart loses pending timer jobs until the reconciler restores them; set appendonly yes`,
    });
  }
  if (policy !== 'noeviction') {
    problems.push({
      type: 'eviction-policy',
      message: `Redis maxmemory-policy is '${policy ?? 'unknown'}': Redis may evict queued jobs under memory pressure; set noeviction`,
    });
  }
  return problems;
}

/** The `hz` below which due timers wake late: see {@link checkRedisTimerLatency}. */
export const RECOMMENDED_REDIS_HZ = 100;

/**
 * Checks that Redis wakes due timers promptly. A BullMQ worker waiting for the next delayed job blocks on
 * Redis with a timeout of the time left (down to 1 ms), and Redis times blocked clients out only on its
 * `hz` clock: at the default `hz 10` a wake-up can come up to 100 ms late (measured: lateness p99 of a
 * 10,000-timer burst 76–196 ms at hz 10, 44–63 ms at hz 100). Returns a problem when `hz` is lower than
 * {@link RECOMMENDED_REDIS_HZ}; an unreadable CONFIG is not reported again (the durability check says so).
 */
export async function checkRedisTimerLatency(redis: RedisCommandRunner): Promise<DurabilityProblem[]> {
  const hz = Number(await configValue(redis, 'hz').catch(() => undefined));
  if (!Number.isFinite(hz) || hz >= RECOMMENDED_REDIS_HZ) return [];
  return [{
    type: 'coarse-hz',
    message: `Redis hz is ${hz}: due timers may be woken up to ${Math.round(1000 / hz)} ms late; set hz ${RECOMMENDED_REDIS_HZ}`,
  }];
}

/** Opens a short-lived connection to `url`, checks durability and timer latency, and closes it. */
export async function checkRedisDurabilityAt(url: string): Promise<DurabilityProblem[]> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  // Connection errors reject connect() below; without a listener ioredis would also print them.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const durability = await checkRedisDurability(redis);
    return durability.some((p) => p.type === 'unverifiable') ? durability : [...durability, ...(await checkRedisTimerLatency(redis))];
  } finally {
    redis.disconnect();
  }
}
