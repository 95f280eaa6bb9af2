import { afterEach, describe, expect, it } from 'vitest';
import { createTimerScheduler, type BullmqTimerScheduler, type PendingTimer } from './timer-scheduler.js';
import { randomName, sleep, startPrivateRedis, waitFor, type PrivateRedis } from './test-support.js';

const TIMERS = 1000;

/** RELIABILITY R4 / R5 with a real crash: a private Redis is killed with -9 while 1,000 timers wait. */
describe('timers across a Redis crash', () => {
  let redis: PrivateRedis | undefined;
  let scheduler: BullmqTimerScheduler | undefined;
  afterEach(async () => {
    await scheduler?.close();
    await redis?.stop();
    scheduler = undefined;
    redis = undefined;
  });

  async function crashWithPendingTimers(config: string[]): Promise<{ pending: PendingTimer[]; fires: Map<string, number> }> {
    redis = await startPrivateRedis(config);
    scheduler = createTimerScheduler({ redisUrl: redis.url, queueName: randomName('crash'), concurrency: 50 });
    await scheduler.ready();
    const dueAt = new Date(Date.now() + 2500);
    const pending = Array.from({ length: TIMERS }, (_, i) => ({ id: `r-${i}`, dueAt }));
    await scheduler.scheduleMany(pending);
    const fires = new Map<string, number>();
    scheduler.start(async (id) => void fires.set(id, (fires.get(id) ?? 0) + 1));
    await redis.kill('SIGKILL');
    await redis.restart();
    return { pending, fires };
  }

  /** The producer fails fast while Redis is away; retry the first call until it has reconnected. */
  async function reconcileOnceReachable(pending: PendingTimer[]) {
    let result: Awaited<ReturnType<BullmqTimerScheduler['reconcile']>> | undefined;
    await waitFor('the producer to reconnect', async () => {
      result = await scheduler!.reconcile(async () => pending).catch(() => undefined);
      return result !== undefined;
    });
    return result!;
  }

  it('keeps every pending timer with AOF on: each fires once after the restart', async () => {
    // given a Redis with AOF (fsync per write, so the kill below cannot outrun it) and 1,000 pending timers
    const { pending, fires } = await crashWithPendingTimers(['--appendonly', 'yes', '--appendfsync', 'always']);
    // when Redis was killed and restarted, the reconciler finds nothing missing
    expect(await reconcileOnceReachable(pending)).toEqual({ checked: TIMERS, enqueued: 0 });
    // then the worker reconnected by itself and every timer fired exactly once
    await waitFor('all timers to fire', () => fires.size === TIMERS, 20_000);
    await sleep(300);
    expect([...fires.values()].every((count) => count === 1)).toBe(true);
  });

  it('loses the jobs without AOF, and the reconciler restores them: each fires once', async () => {
    // given a Redis without persistence and 1,000 pending timers
    const { pending, fires } = await crashWithPendingTimers(['--appendonly', 'no']);
    // when Redis was killed and came back empty, the reconciler re-enqueues all of them
    expect(await reconcileOnceReachable(pending)).toEqual({ checked: TIMERS, enqueued: TIMERS });
    // then every timer fires exactly once
    await waitFor('all timers to fire', () => fires.size === TIMERS, 20_000);
    await sleep(300);
    expect([...fires.values()].every((count) => count === 1)).toBe(true);
  });
});
