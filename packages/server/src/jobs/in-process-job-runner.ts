/**
 * Works external jobs of a few types inside the server process (issuing the 一案一码, in-app notifications),
 * the way an external worker would: fetch-and-lock (`lockJobs`: SKIP LOCKED, a lock that expires, retry
 * backoffs respected), run the handler, complete the job through the engine with the handler's variables.
 * A failure goes to `engine.failJob` with one retry less and an exponential backoff, so the engine's own
 * retry and incident handling applies: an incident once the retries are used up (GET /api/incidents), run
 * again after an admin retries it. Jobs locked by a process that died are taken again once their lock expires.
 *
 * It polls, and listens to the engine's effects only to be woken at once when a job of its types is created:
 * the work never runs inside the engine's post-commit dispatch (nor in the request that caused it).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, EffectListener, EngineApi, JobRecord, JsonObject } from '@zhifa/engine';
import { lockJobs, type PostgresDb } from '@zhifa/store-postgres';
import type { Logger } from 'pino';

/** Works the jobs of one type; the variables returned complete the job. Should be idempotent: a job may run again. */
export interface InProcessJobHandler {
  readonly type: string;
  handle(job: JobRecord): Promise<JsonObject | void>;
}

export interface InProcessJobRunnerOptions {
  readonly db: PostgresDb;
  /** The engine's clock: locks and retry backoffs are compared with its time. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Names the lock holder; default unique per runner (host, pid, random). */
  readonly workerId?: string;
  /** How long a claimed job stays ours. Default 60 s. */
  readonly lockMs?: number;
  /** Polling interval. Default 1 s. */
  readonly pollMs?: number;
  /** Handlers running at once. Default 4. */
  readonly concurrency?: number;
  /** Backoff after the first failure, doubled after each further one up to `maxBackoffMs`. Default 5 s / 5 min. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** Attempts of a completion or failure report on version conflicts (beyond the engine's own). */
const CONFLICT_ATTEMPTS = 10;

export class InProcessJobRunner implements EffectListener {
  readonly workerId: string;
  private readonly handlers = new Map<string, InProcessJobHandler>();
  private readonly running = new Map<string, Promise<void>>();
  /** Failures seen by this runner per job (the backoff's exponent; starts again after a restart). */
  private readonly failures = new Map<string, number>();
  private loop: Promise<void> | undefined;
  private closing = false;
  private woken = false;
  private wake: (() => void) | undefined;
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: InProcessJobRunnerOptions) {
    this.workerId = options.workerId ?? `in-process:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.lockMs = options.lockMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.backoffMs = options.backoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  }

  register(handler: InProcessJobHandler): this {
    if (this.handlers.has(handler.type)) throw new Error(`a handler for job type '${handler.type}' is registered already`);
    this.handlers.set(handler.type, handler);
    return this;
  }

  /** Starts polling with this engine (once). Jobs waiting from before (or from a crashed process) are taken up. */
  start(engine: EngineApi): this {
    if (this.loop) throw new Error('the job runner is started already');
    this.loop = this.run(engine);
    return this;
  }

  /** Only a nudge: a job of ours was committed, look now instead of at the next poll. */
  onEffect(effect: JsonObject): Promise<void> {
    if (effect['type'] === 'job.created' && typeof effect['jobType'] === 'string' && this.handlers.has(effect['jobType'])) this.nudge();
    return Promise.resolve();
  }

  /** Stops polling and waits for the handlers still running (their jobs complete or fail as usual). */
  async close(): Promise<void> {
    this.closing = true;
    this.nudge();
    await this.loop;
    await Promise.allSettled([...this.running.values()]);
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(engine: EngineApi): Promise<void> {
    while (!this.closing) {
      this.woken = false;
      try {
        await this.claimAndStart(engine);
      } catch (error) {
        this.options.logger.warn({ err: error, worker: this.workerId }, 'could not fetch in-process jobs; trying again');
      }
      if (!this.woken && !this.closing) await this.sleep();
    }
  }

  /** Waits for the poll interval, a nudge or a freed slot, whichever comes first. */
  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      timer.unref();
      this.wake = done;
    });
  }

  private async claimAndStart(engine: EngineApi): Promise<void> {
    for (const type of this.handlers.keys()) {
      const free = this.concurrency - this.running.size;
      if (free <= 0 || this.closing) return;
      const now = this.options.clock.now();
      const jobs = await this.options.db.transaction((tx) => lockJobs(tx, {
        type, worker: this.workerId, now: now.toISOString(), lockUntil: new Date(now.getTime() + this.lockMs).toISOString(), limit: free,
      }));
      for (const job of jobs) {
        // Our own lock expired while the handler still runs (a jumping manual clock): it stays with this run.
        if (this.running.has(job.id)) continue;
        const work = this.work(engine, job).finally(() => {
          this.running.delete(job.id);
          this.nudge();
        });
        this.running.set(job.id, work);
      }
    }
  }

  private async work(engine: EngineApi, job: JobRecord): Promise<void> {
    const handler = this.handlers.get(job.type);
    if (!handler) return;
    let variables: JsonObject | void;
    try {
      variables = await handler.handle(job);
    } catch (error) {
      await this.fail(engine, job, error);
      return;
    }
    try {
      await retryConflicts(() => engine.completeJob(job.id, variables ?? {}));
      this.failures.delete(job.id);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'NOT_FOUND' || code === 'STALE_STATE') {
        // Completed, cancelled or its instance ended meanwhile: nothing left to do.
        this.failures.delete(job.id);
        this.options.logger.debug({ jobId: job.id, type: job.type }, 'in-process job ended before it was completed');
        return;
      }
      await this.fail(engine, job, error);
    }
  }

  private async fail(engine: EngineApi, job: JobRecord, error: unknown): Promise<void> {
    const failures = (this.failures.get(job.id) ?? 0) + 1;
    const retries = Math.max(0, job.retries - 1);
    if (retries === 0) this.failures.delete(job.id);
    else this.failures.set(job.id, failures);
    const retryBackoff = isoSeconds(Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (failures - 1)));
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn({ err: error, jobId: job.id, type: job.type, retries, retryBackoff }, 'in-process job failed');
    try {
      await retryConflicts(() => engine.failJob(job.id, retries, message.slice(0, 2000) || 'failed', { retryBackoff }));
    } catch (failError) {
      // Not recorded: the lock expires and the job is taken again (or it ended meanwhile).
      this.options.logger.error({ err: failError, jobId: job.id, type: job.type }, 'could not record the failure of an in-process job');
    }
  }
}

/** The job stays locked by us, so a version conflict (a busy instance) only needs another attempt. */
async function retryConflicts(command: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await command();
      return;
    } catch (error) {
      if (codeOf(error) !== 'VERSION_CONFLICT' || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

function codeOf(error: unknown): unknown {
  return error instanceof Error ? Reflect.get(error, 'code') : undefined;
}

function isoSeconds(ms: number): string {
  return `PT${Math.max(1, Math.ceil(ms / 1000))}S`;
}
