/**
 * R4: a private Redis (AOF, noeviction) holding N pending timer wake-ups is killed -9 and restarted: every
 * timer fires, each once, never before it is due. CI: 200 timers; chaos: ZHIFA_R4_TIMERS=1000.
 * R5 (Redis flushed, server restarted, reconciler restores) is in known-broken/r5-redis-flushed.pending.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/private-redis.js';
import { startServer, type TestServer } from './support/api.js';
import { awaitFires, startTimers } from './support/timer-fires.js';

const timers = Number(process.env['ZHIFA_R4_TIMERS'] ?? 200);

describe('R4 Redis fault with pending timers', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it(`R4: given ${timers} pending timers on a private AOF Redis, when Redis is killed -9 and restarted, then each fires once`, async () => {
    const redis = await new PrivateRedis({ aof: true }).start();
    cleanups.push(() => redis.dispose());
    const server: TestServer = await startServer({ clock: 'system', workers: true, redisUrl: redis.url });
    cleanups.push(() => server.close());
    const dueAt = new Date(Date.now() + 5000 + timers * 20).toISOString();
    const ids = await startTimers(server.zhifa, 'r4', dueAt, timers);
    const queued = Number(await redis.cli('DBSIZE'));
    await redis.restart();
    const report = await awaitFires(server.zhifa, ids, dueAt, 60_000 + timers * 20);
    console.log(`R4: ${timers} timers, Redis (AOF, ${queued} keys) killed -9 and restarted → fired ${report.fired}, missing ${report.missing}, duplicates ${report.duplicates}, early ${report.early}, latest ${report.lateMaxMs} ms after due`);
    expect(report).toMatchObject({ fired: timers, missing: 0, duplicates: 0, early: 0 });
  }, Math.max(180_000, timers * 200));

});
