import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReconcilePassTimeoutError, startReconciler, type Reconciler } from './reconciler.js';
import { createTimerScheduler, type BullmqTimerScheduler, type PendingTimer } from './timer-scheduler.js';
import { BACKENDS, openBackendFixture, randomName, sleep, waitFor, type BackendFixture } from './test-support.js';

const TIMERS = 1000;

describe.each(BACKENDS)('reconciling lost timer jobs on %s', (backendName) => {
  let fixture: BackendFixture;
  let scheduler: BullmqTimerScheduler;
  let reconciler: Reconciler | undefined;

  beforeAll(async () => {
    // Its own Redis: FLUSHDB below must not hit the other test files running meanwhile.
    fixture = await openBackendFixture(backendName, { privateRedis: true });
  });
  afterAll(async () => {
    await fixture.close();
  });
  afterEach(async () => {
    await reconciler?.stop();
    reconciler = undefined;
    await scheduler.close();
    const cleaner = createTimerScheduler({ ...fixture.options, queueName: scheduler.queueName });
    await cleaner.obliterate();
    await cleaner.close();
  });

  /** Loses every job: FLUSHDB on the test's own Redis, or wiping the queue on PostgreSQL. */
  async function loseAllJobs(): Promise<void> {
    if (fixture.options.redisUrl) {
      const redis = new Redis(fixture.options.redisUrl);
      await redis.flushdb();
      redis.disconnect();
    } else {
      await scheduler.obliterate();
    }
  }

  function countFires(): Map<string, number> {
    const fires = new Map<string, number>();
    scheduler.start(async (id) => void fires.set(id, (fires.get(id) ?? 0) + 1));
    return fires;
  }

  it(`restores ${TIMERS} pending timers after the queue lost them, each firing exactly once`, async () => {
    // given 1,000 pending timers in the timer table (here: an array), due in 1.5 s, all enqueued
    scheduler = createTimerScheduler({ ...fixture.options, queueName: randomName('flush'), concurrency: 50 });
    await scheduler.ready();
    const dueAt = new Date(Date.now() + 1500);
    const pending: PendingTimer[] = Array.from({ length: TIMERS }, (_, i) => ({ id: `t-${i}`, dueAt }));
    await scheduler.scheduleMany(pending);
    expect((await scheduler.depth()).delayed).toBe(TIMERS);
    // when the queue loses every job
    await loseAllJobs();
    expect(await scheduler.hasJob('t-0')).toBe(false);
    // and the reconciler runs (twice, as two processes might)
    const first = await scheduler.reconcile(async () => pending);
    const second = await scheduler.reconcile(async function* () {
      yield* pending;
    });
    // then every timer was enqueued once more, and the second pass found nothing missing
    expect(first).toEqual({ checked: TIMERS, enqueued: TIMERS });
    expect(second).toEqual({ checked: TIMERS, enqueued: 0 });
    const fires = countFires();
    await waitFor('all timers to fire', () => fires.size === TIMERS, 20_000);
    await sleep(500);
    expect([...fires.values()].every((count) => count === 1)).toBe(true);
    expect(fires.size).toBe(TIMERS);
  });

  it('re-enqueues lost timers periodically without being called', async () => {
    // given a running reconciler over 20 pending timers due in 300 ms; the timer table forgets fired ones
    scheduler = createTimerScheduler({ ...fixture.options, queueName: randomName('periodic') });
    await scheduler.ready();
    const dueAt = new Date(Date.now() + 300);
    const pending: PendingTimer[] = Array.from({ length: 20 }, (_, i) => ({ id: `p-${i}`, dueAt }));
    const fired = new Set<string>();
    const results: number[] = [];
    reconciler = startReconciler(scheduler, async () => pending.filter((timer) => !fired.has(timer.id)), {
      intervalMs: 200,
      onResult: (result) => results.push(result.enqueued),
    });
    await waitFor('the first pass', () => results.length >= 1);
    // when the queue loses its jobs after the first pass
    await loseAllJobs();
    // then a later pass puts them back and every timer fires
    scheduler.start(async (id) => void fired.add(id));
    await waitFor('the timers to fire', () => fired.size === 20, 5000);
    expect(results[0]).toBe(20);
    expect(results.some((enqueued, index) => index > 0 && enqueued === 20)).toBe(true);
  });
});

describe('a reconciler whose pass hangs or fails', () => {
  it('given a first pass that never returns and a second that throws, then it still reconciles later passes', async () => {
    // given a scheduler whose first reconcile hangs forever and whose second throws (a dead connection)
    let calls = 0;
    const results: number[] = [];
    const errors: unknown[] = [];
    const scheduler = {
      reconcile: async (): Promise<{ checked: number; enqueued: number }> => {
        calls += 1;
        if (calls === 1) return new Promise(() => undefined);
        if (calls === 2) throw new Error('connection reset');
        return { checked: 3, enqueued: calls };
      },
    };
    // when the reconciler runs with a short pass timeout and retry pause
    const reconciler = startReconciler(scheduler, async () => [], {
      intervalMs: 60_000,
      retryMs: 20,
      passTimeoutMs: 100,
      onResult: (result) => results.push(result.enqueued),
      onError: (error) => errors.push(error),
    });
    await waitFor('a pass after the hung and the failed one', () => results.length >= 1, 5000);
    await reconciler.stop();
    // then the hung pass was given up, the failed one reported, and the third pass ran
    expect(errors[0]).toBeInstanceOf(ReconcilePassTimeoutError);
    expect(String(errors[1])).toContain('connection reset');
    expect(results).toEqual([3]);
  });
});
