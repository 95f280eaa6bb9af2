import type { PendingTimer, ReconcileResult } from './timer-scheduler.js';

/** Lists what should have a job (pending timers, undelivered notifications), read from the database. */
export type PendingSource<T> = () => AsyncIterable<T> | Promise<readonly T[]>;
export type PendingTimerSource = PendingSource<PendingTimer>;

export interface ReconcilerOptions {
  /** Pause between the end of one run and the start of the next. Default 60 s. */
  readonly intervalMs?: number;
  /** Pause before retrying after a failed or timed-out pass. Default min(intervalMs, 5 s). */
  readonly retryMs?: number;
  /**
   * A pass that has not finished after this long is given up (reported through `onError`) and the schedule
   * goes on, so one hung call (a connection that never answers) cannot stop reconciliation for good.
   * Default 5 minutes.
   */
  readonly passTimeoutMs?: number;
  readonly onResult?: (result: ReconcileResult) => void;
  /** A failed run (Redis or PostgreSQL down) is reported and retried at the next interval. */
  readonly onError?: (error: unknown) => void;
}

export interface Reconciler {
  /** Runs one pass now (waits for a pass already running instead of overlapping it). */
  runOnce(): Promise<ReconcileResult>;
  /** Stops the schedule and waits for a running pass. */
  stop(): Promise<void>;
}

/**
 * One reconciliation pass over `listPending` (the database's truth): every item whose job the queue no longer
 * has is enqueued again. Job states are read `batchSize` at a time in parallel; enqueuing is one by one.
 */
export async function reenqueueMissing<T>(
  listPending: PendingSource<T>,
  queue: { hasJob(item: T): Promise<boolean>; enqueue(item: T): Promise<void> },
  batchSize = 500,
): Promise<ReconcileResult> {
  let checked = 0;
  let enqueued = 0;
  let batch: T[] = [];
  const flush = async (): Promise<void> => {
    const known = await Promise.all(batch.map((item) => queue.hasJob(item)));
    for (const [i, item] of batch.entries()) {
      if (known[i]) continue;
      await queue.enqueue(item);
      enqueued += 1;
    }
    checked += batch.length;
    batch = [];
  };
  const source = listPending();
  const items: AsyncIterable<T> | Iterable<T> = source instanceof Promise ? await source : source;
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { checked, enqueued };
}

export class ReconcilePassTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timer reconciliation did not finish within ${timeoutMs} ms; starting a new pass`);
    this.name = 'ReconcilePassTimeoutError';
  }
}

/**
 * Runs `scheduler.reconcile` at start and then periodically, so a timer whose job was lost (Redis flushed,
 * replaced, restarted without AOF) is woken at most one interval late. A failed or hung pass is retried
 * after `retryMs`; the schedule never stops until `stop()`.
 */
export function startReconciler<T = PendingTimer>(
  scheduler: { reconcile(source: PendingSource<T>): Promise<ReconcileResult> },
  listPendingTimers: PendingSource<T>,
  options: ReconcilerOptions = {},
): Reconciler {
  const intervalMs = options.intervalMs ?? 60_000;
  const retryMs = options.retryMs ?? Math.min(intervalMs, 5000);
  const passTimeoutMs = options.passTimeoutMs ?? 300_000;
  let running: Promise<ReconcileResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = (): Promise<ReconcileResult> => {
    if (running) return running;
    const pass: Promise<ReconcileResult> = scheduler.reconcile(listPendingTimers).finally(() => {
      if (running === pass) running = undefined;
    });
    running = pass;
    return pass;
  };

  const withTimeout = (pass: Promise<ReconcileResult>): Promise<ReconcileResult> => {
    let guard: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      guard = setTimeout(() => {
        // Forget the hung pass so the next tick starts a fresh one instead of waiting on it forever.
        if (running === pass) running = undefined;
        reject(new ReconcilePassTimeoutError(passTimeoutMs));
      }, passTimeoutMs);
      guard.unref();
    });
    return Promise.race([pass, timeout]).finally(() => clearTimeout(guard));
  };

  const tick = async (): Promise<void> => {
    let delay = intervalMs;
    try {
      options.onResult?.(await withTimeout(runOnce()));
    } catch (error) {
      delay = retryMs;
      options.onError?.(error);
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), delay);
      timer.unref();
    }
  };

  void tick();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
