import { Redis } from 'ioredis';

/** Why pending timers could be lost by this Redis (RELIABILITY.md R4: without AOF a killed Redis lost 100/100). */
export const DurabilityProblemType = {
  aofOff: 'aof-off',
  evictionPolicy: 'eviction-policy',
  unverifiable: 'unverifiable',
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

/** Opens a short-lived connection to `url`, checks durability and closes it. */
export async function checkRedisDurabilityAt(url: string): Promise<DurabilityProblem[]> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  // Connection errors reject connect() below; without a listener ioredis would also print them.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await checkRedisDurability(redis);
  } finally {
    redis.disconnect();
  }
}
