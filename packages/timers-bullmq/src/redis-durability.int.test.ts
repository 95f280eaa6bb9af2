import { afterEach, describe, expect, it } from 'vitest';
import { checkRedisDurabilityAt } from './redis-durability.js';
import { startPrivateRedis as startRedis } from './test-support.js';

describe('checkRedisDurability', () => {
  let server: { stop(): Promise<void> } | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('reports a Redis without AOF and with an evicting memory policy', async () => {
    // given a Redis that would lose delayed jobs on restart and under memory pressure
    const redis = await startRedis(['--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru']);
    server = redis;
    // when it is checked
    const problems = await checkRedisDurabilityAt(redis.url);
    // then both problems are named
    expect(problems.map((p) => p.type)).toEqual(['aof-off', 'eviction-policy', 'coarse-hz']);
    expect(problems[0]!.message).toMatch(/appendonly yes/);
    expect(problems[1]!.message).toMatch(/allkeys-lru/);
  });

  it('reports the default hz 10, which wakes due timers up to 100 ms late', async () => {
    // given a durable Redis left at the default hz
    const redis = await startRedis(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
    server = redis;
    // then only the coarse clock is reported
    const problems = await checkRedisDurabilityAt(redis.url);
    expect(problems.map((p) => p.type)).toEqual(['coarse-hz']);
    expect(problems[0]!.message).toMatch(/hz is 10: .* up to 100 ms late; set hz 100/);
  });

  it('finds nothing wrong with AOF on, noeviction and hz 100', async () => {
    // given a durable Redis with a fine clock
    const redis = await startRedis(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--hz', '100']);
    server = redis;
    // then the check is clean
    expect(await checkRedisDurabilityAt(redis.url)).toEqual([]);
  });

  it('says it cannot verify when CONFIG is not available', async () => {
    // given a Redis where CONFIG is disabled, as on many managed services
    const redis = await startRedis(['--rename-command', 'CONFIG', '""']);
    server = redis;
    // then the result says so instead of failing
    const problems = await checkRedisDurabilityAt(redis.url);
    expect(problems.map((p) => p.type)).toEqual(['unverifiable']);
  });
});
