import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTimerScheduler, type BullmqTimerScheduler, type TimerSchedulerOptions } from './timer-scheduler.js';
import { BACKENDS, openBackendFixture, randomName, sleep, waitFor, type BackendFixture } from './test-support.js';

describe.each(BACKENDS)('BullmqTimerScheduler on %s', (backendName) => {
  let fixture: BackendFixture;
  let opened: BullmqTimerScheduler[] = [];

  beforeAll(async () => {
    fixture = await openBackendFixture(backendName);
  });
  afterAll(async () => {
    await fixture.close();
  });
  afterEach(async () => {
    const first = opened[0];
    await Promise.all(opened.map((scheduler) => scheduler.close()));
    if (first) {
      // A fresh producer to delete the test queue after every worker has stopped.
      const cleaner = createTimerScheduler({ ...fixture.options, queueName: first.queueName });
      await cleaner.obliterate();
      await cleaner.close();
    }
    opened = [];
  });

  async function open(queueName: string, options: TimerSchedulerOptions = {}): Promise<BullmqTimerScheduler> {
    const scheduler = createTimerScheduler({ ...fixture.options, queueName, ...options });
    opened.push(scheduler);
    await scheduler.ready();
    return scheduler;
  }

  it('fires a timer at its due time, not before, with the lateness reported', async () => {
    // given a worker whose handler records when it ran
    const lateness: number[] = [];
    const scheduler = await open(randomName('fire'), { observer: { onWakeup: (o) => lateness.push(o.latenessMs) } });
    const fired: { id: string; at: number }[] = [];
    scheduler.start(async (timerId) => {
      fired.push({ id: timerId, at: Date.now() });
    });
    // when a timer is scheduled 600 ms ahead
    const dueAt = new Date(Date.now() + 600);
    await scheduler.schedule({ id: 'timer-a', dueAt: dueAt.toISOString() });
    expect(await scheduler.hasJob('timer-a')).toBe(true);
    // then it fires once, at or after its due time
    await waitFor('the timer to fire', () => fired.length === 1, 5000);
    expect(fired[0]!.id).toBe('timer-a');
    expect(fired[0]!.at).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(lateness).toHaveLength(1);
    expect(lateness[0]).toBeGreaterThanOrEqual(0);
    expect(lateness[0]).toBeLessThan(1000);
    await waitFor('the job to be removed', async () => !(await scheduler.hasJob('timer-a')));
  });

  it('delivers a timer to exactly one of two workers on the same queue', async () => {
    // given two workers (two processes in production) on one queue
    const queueName = randomName('two');
    const calls: string[] = [];
    const first = await open(queueName);
    const second = await open(queueName);
    first.start(async (id) => void calls.push(`first:${id}`));
    second.start(async (id) => void calls.push(`second:${id}`));
    // when one timer is due
    await first.schedule({ id: 'only-timer', dueAt: new Date(Date.now() + 200) });
    await waitFor('the timer to fire', () => calls.length > 0, 5000);
    await sleep(500);
    // then exactly one handler ran, once
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^(first|second):only-timer$/);
  });

  it('never fires a cancelled timer', async () => {
    // given a worker and a timer 300 ms ahead
    const scheduler = await open(randomName('cancel'));
    const calls: string[] = [];
    scheduler.start(async (id) => void calls.push(id));
    await scheduler.schedule({ id: 'cancelled', dueAt: new Date(Date.now() + 300) });
    await scheduler.schedule({ id: 'kept', dueAt: new Date(Date.now() + 300) });
    // when one of them is cancelled before it is due
    await scheduler.cancel('cancelled');
    // then only the other one fires
    expect(await scheduler.hasJob('cancelled')).toBe(false);
    await waitFor('the kept timer', () => calls.includes('kept'), 5000);
    await sleep(300);
    expect(calls).toEqual(['kept']);
  });

  it('lets a running wakeup finish when its timer is cancelled meanwhile', async () => {
    // given a wakeup whose handler is still running
    const scheduler = await open(randomName('running'));
    let release: () => void = () => undefined;
    const finished: string[] = [];
    scheduler.start(async (id) => {
      await new Promise<void>((resolve) => (release = resolve));
      finished.push(id);
    });
    await scheduler.schedule({ id: 'busy', dueAt: new Date() });
    await waitFor('the handler to start', async () => (await scheduler.depth()).active === 1, 5000);
    // when the timer is cancelled, then cancelling does not fail and the running handler completes
    await expect(scheduler.cancel('busy')).resolves.toBeUndefined();
    release();
    await waitFor('the handler to finish', () => finished.length === 1, 5000);
    await waitFor('the job to be gone', async () => !(await scheduler.hasJob('busy')));
  });

  it('closes within its grace period even when a handler hangs', async () => {
    // given a worker whose handler never returns
    const scheduler = createTimerScheduler({ ...fixture.options, queueName: randomName('hang') });
    await scheduler.ready();
    let started = false;
    scheduler.start(async () => {
      started = true;
      await new Promise<never>(() => undefined);
    });
    await scheduler.schedule({ id: 'hung', dueAt: new Date() });
    await waitFor('the handler to start', () => started, 5000);
    // when it is closed with a 300 ms grace period
    const begun = Date.now();
    await scheduler.close(300);
    // then close returns soon after the grace period instead of waiting for the handler
    expect(Date.now() - begun).toBeLessThan(3000);
    const cleaner = await open(scheduler.queueName);
    expect(await cleaner.hasJob('hung')).toBe(true);
  });

  it('moves a delayed job when the timer is scheduled again with a new due time', async () => {
    // given a timer due in one hour
    const scheduler = await open(randomName('move'));
    const fired: { id: string; dueAt: string }[] = [];
    scheduler.start(async (id, wakeup) => void fired.push({ id, dueAt: wakeup.dueAt.toISOString() }));
    await scheduler.schedule({ id: 'moved', dueAt: new Date(Date.now() + 3_600_000) });
    // when its deadline is brought forward to 200 ms from now
    const newDue = new Date(Date.now() + 200);
    await scheduler.schedule({ id: 'moved', dueAt: newDue });
    // then it fires once at the new time
    await waitFor('the moved timer', () => fired.length === 1, 5000);
    await sleep(300);
    expect(fired).toEqual([{ id: 'moved', dueAt: newDue.toISOString() }]);
  });

  it('puts a wakeup back to sleep when the engine answers not-due, then fires it', async () => {
    // given a handler that reports the timer as not yet due on the first call (worker clock ahead)
    const scheduler = await open(randomName('notdue'));
    const calls: number[] = [];
    const realDue = new Date(Date.now() + 500);
    scheduler.start(async (_id, wakeup) => {
      calls.push(Date.now());
      return wakeup.attempt === 1 && calls.length === 1 ? { type: 'not-due', dueAt: realDue } : { type: 'fired' };
    });
    // when the job wakes up early
    await scheduler.schedule({ id: 'early', dueAt: new Date() });
    // then it is run again at the real due time and then done
    await waitFor('the second wakeup', () => calls.length === 2, 5000);
    expect(calls[1]).toBeGreaterThanOrEqual(realDue.getTime());
    await sleep(300);
    expect(calls).toHaveLength(2);
    expect(await scheduler.hasJob('early')).toBe(false);
  });

  it('retries a wakeup whose handler failed', async () => {
    // given a handler that fails once (database unavailable)
    const scheduler = await open(randomName('retry'), { backoffMs: 100 });
    const attempts: number[] = [];
    scheduler.start(async (_id, wakeup) => {
      attempts.push(wakeup.attempt);
      if (attempts.length === 1) throw new Error('database unavailable');
    });
    // when the timer is due
    await scheduler.schedule({ id: 'flaky', dueAt: new Date() });
    // then it is run a second time
    await waitFor('the retry', () => attempts.length === 2, 5000);
    expect(attempts).toEqual([1, 2]);
  });

  it('reports the queue depth and accepts ids BullMQ would reject', async () => {
    // given timers whose ids contain ':' or are integers
    const scheduler = await open(randomName('depth'));
    await scheduler.scheduleMany([
      { id: 'proc:3:timer', dueAt: new Date(Date.now() + 3_600_000) },
      { id: '42', dueAt: new Date(Date.now() + 3_600_000) },
      { id: 'plain', dueAt: new Date(Date.now() + 3_600_000) },
    ]);
    // then they are all delayed jobs, found by their original ids
    expect((await scheduler.depth()).delayed).toBe(3);
    expect(await scheduler.hasJob('proc:3:timer')).toBe(true);
    expect(await scheduler.hasJob('42')).toBe(true);
    // and scheduling them again in bulk adds nothing
    await scheduler.scheduleMany([{ id: '42', dueAt: new Date(Date.now() + 3_600_000) }]);
    expect((await scheduler.depth()).delayed).toBe(3);
  });
});
