/** One timer job picked up by a worker, reported before the handler runs. */
export interface WakeupObservation {
  readonly timerId: string;
  /** Worker clock minus the timer's due time; what R11 / the benchmark call lateness. */
  readonly latenessMs: number;
  /** 1 on the first delivery; more after a handler failure or a crashed worker. */
  readonly attempt: number;
}

/** Jobs per state; the server exports them as a gauge (`zhifa_queue_jobs{queue,state}`). */
export interface QueueDepth {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly failed: number;
  readonly prioritized: number;
}

/**
 * Hooks the server maps to prom-client (a histogram of lateness, counters of failures); kept as plain
 * callbacks so this package does not pick the metrics library. Observers must not throw.
 */
export interface TimerMetricsObserver {
  onWakeup?(observation: WakeupObservation): void;
  onHandlerError?(timerId: string, error: unknown): void;
}

export async function readDepth(queue: {
  getJobCounts(...types: ('waiting' | 'delayed' | 'active' | 'failed' | 'prioritized')[]): Promise<Record<string, number>>;
}): Promise<QueueDepth> {
  const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
  return {
    waiting: counts['waiting'] ?? 0,
    delayed: counts['delayed'] ?? 0,
    active: counts['active'] ?? 0,
    failed: counts['failed'] ?? 0,
    prioritized: counts['prioritized'] ?? 0,
  };
}
