import type { Logger } from 'pino';
import type { EngineApi, InstanceStore, TimerRecord, TimerScheduler } from '@zhifa/engine';
import type { Metrics } from '../observability/metrics.js';
import { checkRedisDurabilityAt, createTimerScheduler, startReconciler, type Reconciler } from '@zhifa/timers-bullmq';

export interface TimerWorkers {
  readonly scheduler: TimerScheduler;
  /** Throws when the queue's datastore (Redis / PostgreSQL) does not answer. */
  ping(): Promise<void>;
  /** Starts consuming wake-ups and reconciling (needs the engine, which needs the scheduler: two steps). */
  startWorkers(engine: EngineApi): void;
  close(): Promise<void>;
}

/**
 * BullMQ wake-ups for timers (every API process schedules; only worker processes consume): Redis when `redisUrl` is set, else BullMQ's PostgreSQL backend in the same
 * database (schema `<schema>_bullmq`). The timer table stays the truth; the reconciler re-enqueues what a
 * lost queue forgot.
 */
export async function createTimers(input: {
  readonly logger: Logger;
  readonly databaseUrl: string;
  readonly schema: string;
  readonly redisUrl: string | undefined;
  readonly store: InstanceStore;
  readonly metrics: Metrics;
}): Promise<TimerWorkers> {
  const { logger, store } = input;
  if (input.redisUrl) {
    for (const problem of await checkRedisDurabilityAt(input.redisUrl).catch(() => [])) {
      if (problem.type === 'coarse-hz') logger.warn({ problem }, 'Redis wakes due timers late (raise hz)');
      else logger.warn({ problem }, 'REDIS IS NOT DURABLE: timers may be lost on a Redis restart (the reconciler will restore them)');
    }
  }
  const scheduler = createTimerScheduler({
    ...(input.redisUrl ? { redisUrl: input.redisUrl } : { postgresUrl: input.databaseUrl, postgresSchema: `${input.schema}_bullmq` }),
    // One queue per schema, so deployments (and test files) sharing a Redis never take each other's jobs.
    queueName: `timers-${input.schema}`,
    onError: (error) => logger.warn({ err: error }, 'timer queue connection problem'),
    observer: {
      onWakeup: (o) => input.metrics.timerLateness.observe({ attempt: String(Math.min(o.attempt, 5)) }, Math.max(0, o.latenessMs) / 1000),
      onHandlerError: () => input.metrics.timerHandlerErrors.inc(),
    },
  });
  await scheduler.ready();
  input.metrics.watchQueue(scheduler.queueName, async () => ({ ...(await scheduler.depth()) }));
  let reconciler: Reconciler | undefined;
  return {
    scheduler: new ForgivingScheduler(scheduler, logger),
    async ping() {
      await scheduler.depth();
    },
    startWorkers(engine) {
      scheduler.start(async (timerId) => {
        if (await engine.fireTimer(timerId)) return { type: 'fired' };
        // Woken early (clocks of node and database differ a little): ask to be woken again at its due time.
        const timer = await store.transaction((tx) => store.getTimer(tx, timerId));
        const dueAt = timer ? new Date(timer.dueAt) : undefined;
        return dueAt && dueAt.getTime() > Date.now() ? { type: 'not-due', dueAt } : undefined;
      });
      reconciler = startReconciler(scheduler, () => store.listTimers(), {
        onResult: (result) => {
          if (result.enqueued > 0) logger.warn(result, 'timer wake-ups were missing from the queue and were re-enqueued');
          else logger.debug(result, 'timers reconciled');
        },
        onError: (error) => logger.warn({ err: error }, 'timer reconciliation failed; retrying later'),
      });
    },
    async close() {
      await reconciler?.stop();
      await scheduler.close();
    },
  };
}

/**
 * The queue is only an alarm clock: the timer row committed with the instance is the truth and the
 * reconciler re-enqueues whatever is missing. So a queue that is away (Redis down) must not fail the
 * command that armed the timer — the caller's change is already committed and a 500 would invite a
 * duplicate retry. Failures are logged; the reconciler repairs them.
 */
class ForgivingScheduler implements TimerScheduler {
  constructor(
    private readonly inner: TimerScheduler,
    private readonly logger: Logger,
  ) {}

  async schedule(timer: TimerRecord): Promise<void> {
    try {
      await this.inner.schedule(timer);
    } catch (error) {
      this.logger.warn({ err: error, timerId: timer.id }, 'timer not queued now; the reconciler will queue it');
    }
  }

  async cancel(timerId: string): Promise<void> {
    try {
      await this.inner.cancel(timerId);
    } catch (error) {
      // A job left behind fires into a cancelled timer, which the engine ignores.
      this.logger.warn({ err: error, timerId }, 'timer job not removed; its wake-up will be ignored');
    }
  }
}
