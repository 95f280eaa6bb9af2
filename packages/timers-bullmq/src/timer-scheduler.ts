import type { TimerScheduler } from '@zhifa/engine';
import { DelayedError, type Job } from 'bullmq';
import { closeWorker, openQueue, openWorker, resolveBackend, type BackendOptions, type JobQueueClient, type JobWorkerClient, type QueueBackend } from './backend.js';
import { WorkerAlreadyStartedError } from './errors.js';
import { toJobId } from './job-id.js';
import { readDepth, type QueueDepth, type TimerMetricsObserver } from './metrics.js';
import { reenqueueMissing, type PendingSource } from './reconciler.js';

/** What a wakeup needs to know about a timer; `TimerRecord` of @zhifa/engine fits. */
export interface PendingTimer {
  readonly id: string;
  /** ISO-8601 string or a Date. */
  readonly dueAt: string | Date;
}

/** Job payload: the original id (the job id may be an encoded form of it) and the due time for lateness. */
export interface WakeupJobData {
  readonly timerId: string;
  readonly dueAt: string;
}

export interface Wakeup {
  readonly timerId: string;
  readonly dueAt: Date;
  readonly attempt: number;
}

/**
 * The handler's answer. `not-due` means the engine found the timer not due yet by the database clock (the
 * worker's clock ran ahead, or the deadline was extended): the job goes back to sleep until `dueAt`
 * instead of completing, so the timer is not lost.
 */
export type WakeupOutcome = { readonly type: 'fired' } | { readonly type: 'not-due'; readonly dueAt: Date };

/**
 * Fires the timer through the Engine. Called at least once per scheduled timer, possibly more (a worker
 * that crashed mid-job, a retry after a failure): the engine claims the timer row (`fired_at IS NULL`),
 * so a second call must do nothing. Throwing retries the job with backoff.
 */
export type WakeupHandler = (timerId: string, wakeup: Wakeup) => Promise<void | WakeupOutcome>;

export interface TimerSchedulerOptions {
  /** BullMQ queue name (no `:`). Default `timers`. */
  readonly queueName?: string;
  /** Jobs a worker runs at once. Default 10. */
  readonly concurrency?: number;
  /** Attempts per job when the handler throws (database down ...). Default 10; then the reconciler retries. */
  readonly attempts?: number;
  /** First retry delay, doubled each attempt. Default 1000 ms. */
  readonly backoffMs?: number;
  /** How long a worker holds a job before another may take it over after a crash. BullMQ default 30 s. */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs of crashed workers. BullMQ default 30 s. */
  readonly stalledIntervalMs?: number;
  readonly observer?: TimerMetricsObserver;
  /**
   * Connection errors of the queue and the worker (Redis or PostgreSQL away). Both reconnect by themselves;
   * this is for the log and the health check. Default: ignored.
   */
  readonly onError?: (error: Error) => void;
  /** Epoch milliseconds; injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
}

const LIVE_STATES = new Set(['delayed', 'waiting', 'active', 'prioritized', 'waiting-children']);
const BATCH = 500;
const DAY_SECONDS = 24 * 3600;

/**
 * Implements the engine's `TimerScheduler` port with BullMQ delayed jobs, `jobId` = timer id. The timer
 * table stays the truth: a job only wakes the engine, and `reconcile` puts back jobs that were lost.
 */
export class BullmqTimerScheduler implements TimerScheduler {
  readonly queueName: string;
  private readonly queue: JobQueueClient<WakeupJobData>;
  private readonly now: () => number;
  private worker: JobWorkerClient | undefined;

  constructor(
    readonly backend: QueueBackend,
    private readonly options: TimerSchedulerOptions = {},
  ) {
    this.queueName = options.queueName ?? 'timers';
    this.now = options.now ?? Date.now;
    this.queue = openQueue<WakeupJobData>(this.queueName, backend, {
      defaultJobOptions: {
        attempts: options.attempts ?? 10,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
        removeOnComplete: true,
        // Kept a week for the dashboard; `hasJob` treats them as missing so the reconciler re-enqueues.
        removeOnFail: { age: 7 * DAY_SECONDS },
      },
    });
    // Without a listener an 'error' event would be thrown; both sides reconnect by themselves.
    this.queue.on('error', (error) => options.onError?.(error));
  }

  /** Resolves once the backend is reachable (and, on PostgreSQL, migrated). */
  async ready(): Promise<void> {
    await this.queue.waitUntilReady();
  }

  /**
   * Wakes the engine at `dueAt` (at once when it is past). Scheduling a timer that already has a live job
   * moves a delayed job to the new time and leaves a waiting or running one alone.
   */
  async schedule(timer: PendingTimer): Promise<void> {
    const jobId = toJobId(timer.id);
    const state = await this.queue.getJobState(jobId);
    if (state === 'waiting' || state === 'active' || state === 'prioritized') return;
    if (state !== 'unknown') await this.queue.remove(jobId);
    await this.queue.add('wakeup', this.data(timer), { jobId, delay: this.delayOf(timer) });
  }

  /** Adds many timers in bulk; timers that already have a job are left as they are. */
  async scheduleMany(timers: readonly PendingTimer[]): Promise<void> {
    for (let i = 0; i < timers.length; i += BATCH) {
      const batch = timers.slice(i, i + BATCH).map((timer) => ({
        name: 'wakeup',
        data: this.data(timer),
        opts: { jobId: toJobId(timer.id), delay: this.delayOf(timer) },
      }));
      await this.queue.addBulk(batch);
    }
  }

  /** Removes the timer's job; a job already running finishes (the engine ignores a cancelled timer). */
  async cancel(timerId: string): Promise<void> {
    await this.queue.remove(toJobId(timerId));
  }

  /** True when a job will still wake this timer (delayed, waiting or running). */
  async hasJob(timerId: string): Promise<boolean> {
    return LIVE_STATES.has(await this.queue.getJobState(toJobId(timerId)));
  }

  /**
   * Re-enqueues every pending timer without a live job, e.g. after Redis lost its data. Safe to run at
   * any time and from several processes: a timer with a job is left alone, and a duplicate wakeup is
   * ignored by the engine.
   */
  async reconcile(listPendingTimers: PendingSource<PendingTimer>): Promise<ReconcileResult> {
    return reenqueueMissing(listPendingTimers, { hasJob: (timer) => this.hasJob(timer.id), enqueue: (timer) => this.schedule(timer) }, BATCH);
  }

  /** Starts a worker on this queue that calls `handler` for each due timer. Call once per process. */
  start(handler: WakeupHandler): void {
    if (this.worker) throw new WorkerAlreadyStartedError(this.queueName);
    this.worker = openWorker<WakeupJobData>(this.queueName, this.backend, (job, token) => this.process(handler, job, token), {
      concurrency: this.options.concurrency ?? 10,
      ...(this.options.lockDurationMs ? { lockDuration: this.options.lockDurationMs } : {}),
      ...(this.options.stalledIntervalMs ? { stalledInterval: this.options.stalledIntervalMs } : {}),
    });
    this.worker.on('error', (error) => this.options.onError?.(error));
  }

  /** The running worker, for tests that simulate a crash (`close(true)`). */
  get activeWorker(): JobWorkerClient | undefined {
    return this.worker;
  }

  async depth(): Promise<QueueDepth> {
    return readDepth(this.queue);
  }

  /** Deletes the queue and all its jobs (tests and benchmarks only). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  /**
   * Graceful: stops taking jobs, waits up to `graceMs` for running handlers, then closes the connections.
   * Handlers still running after that are abandoned; their jobs run again elsewhere once their lock expires.
   */
  async close(graceMs = 10_000): Promise<void> {
    if (this.worker) await closeWorker(this.worker, graceMs);
    await this.queue.close();
  }

  private async process(handler: WakeupHandler, job: Job<WakeupJobData>, token: string | undefined): Promise<void> {
    const { timerId } = job.data;
    const dueAt = new Date(job.data.dueAt);
    // attemptsStarted also counts runs cut short by a crashed worker, which attemptsMade does not.
    const attempt = Math.max(job.attemptsStarted, job.attemptsMade + 1);
    this.options.observer?.onWakeup?.({ timerId, latenessMs: this.now() - dueAt.getTime(), attempt });
    let outcome: void | WakeupOutcome;
    try {
      outcome = await handler(timerId, { timerId, dueAt, attempt });
    } catch (error) {
      this.options.observer?.onHandlerError?.(timerId, error);
      throw error;
    }
    if (outcome?.type === 'not-due') {
      await job.updateData({ timerId, dueAt: outcome.dueAt.toISOString() });
      await job.moveToDelayed(outcome.dueAt.getTime(), token);
      throw new DelayedError();
    }
  }

  private data(timer: PendingTimer): WakeupJobData {
    return { timerId: timer.id, dueAt: new Date(timer.dueAt).toISOString() };
  }

  private delayOf(timer: PendingTimer): number {
    return Math.max(0, new Date(timer.dueAt).getTime() - this.now());
  }
}

export interface ReconcileResult {
  /** Pending timers listed by the source of truth. */
  readonly checked: number;
  /** Of those, timers that had no live job and were enqueued again. */
  readonly enqueued: number;
}

export interface CreateTimerSchedulerOptions extends BackendOptions, TimerSchedulerOptions {}

/** Picks Redis when `redisUrl` is set, else BullMQ's PostgreSQL backend on `postgresUrl`. */
export function createTimerScheduler(options: CreateTimerSchedulerOptions): BullmqTimerScheduler {
  return new BullmqTimerScheduler(resolveBackend(options), options);
}
