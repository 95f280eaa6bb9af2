/**
 * R5: timers pending, then Redis loses every job — flushed in place, or replaced by an empty Redis on another
 * address — and the server restarts on the same schema. The reconciler started with the workers re-enqueues
 * every pending timer from the timer table: 0 lost, 0 duplicate fires, none early.
 * CI: 200 timers per case; chaos: ZHIFA_R5_TIMERS=1000.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/private-redis.js';
import { dropSchemas, randomSchemaName } from '../support/pg-faults.js';
import { startServer } from './support/api.js';
import { awaitFires, startTimers } from './support/timer-fires.js';

const timers = Number(process.env['ZHIFA_R5_TIMERS'] ?? 200);

describe('R5 Redis flushed or replaced', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it.each(['flushed', 'replaced'] as const)(
    `given ${timers} pending timers, when Redis is %s and the server restarts, then the reconciler restores them and each fires once`,
    async (fault) => {
      const redis = await new PrivateRedis({ aof: true }).start();
      cleanups.push(() => redis.dispose());
      const schema = randomSchemaName('r5');
      cleanups.push(() => dropSchemas(schema));
      const first = await startServer({ schema, clock: 'system', workers: true, redisUrl: redis.url });
      const dueAt = new Date(Date.now() + 8000 + timers * 20).toISOString();
      const ids = await startTimers(first.zhifa, 'r5', dueAt, timers);
      await first.zhifa.close();

      let redisUrl = redis.url;
      if (fault === 'flushed') {
        await redis.flushAll();
      } else {
        const empty = await new PrivateRedis({ aof: true }).start();
        cleanups.push(() => empty.dispose());
        redisUrl = empty.url;
      }
      const second = await startServer({ schema, clock: 'system', workers: true, redisUrl, seedDemo: false });
      cleanups.push(() => second.zhifa.close());
      const report = await awaitFires(second.zhifa, ids, dueAt, 60_000 + timers * 20);
      console.log(`R5 (${fault}): ${timers} pending timers → fired ${report.fired}, missing ${report.missing}, duplicates ${report.duplicates}, early ${report.early}, last ${report.lateMaxMs} ms after due`);
      expect(report).toMatchObject({ fired: timers, missing: 0, duplicates: 0, early: 0 });
    },
    Math.max(180_000, timers * 200),
  );
});
