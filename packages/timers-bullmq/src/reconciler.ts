import type { PendingTimer, ReconcileResult } from './timer-scheduler.js';

export type PendingTimerSource = () => AsyncIterable<PendingTimer> | Promise<readonly PendingTimer[]>;

export interface ReconcilerOptions {
  /** Pause between the end of one run and the start of the next. Default 60 s. */
  readonly intervalMs?: number;
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
 * Runs `scheduler.reconcile` at start and then periodically, so a timer whose job was lost (Redis flushed,
 * replaced, restarted without AOF) is woken at most one interval late.
 */
export function startReconciler(
  scheduler: { reconcile(source: PendingTimerSource): Promise<ReconcileResult> },
  listPendingTimers: PendingTimerSource,
  options: ReconcilerOptions = {},
): Reconciler {
  const intervalMs = options.intervalMs ?? 60_000;
  let running: Promise<ReconcileResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = (): Promise<ReconcileResult> => {
    running ??= scheduler.reconcile(listPendingTimers).finally(() => {
      running = undefined;
    });
    return running;
  };

  const tick = async (): Promise<void> => {
    try {
      options.onResult?.(await runOnce());
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), intervalMs);
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
