import { Histogram } from 'prom-client';
import type { QueueDepth, TimerMetricsObserver } from '@zhifa/timers-bullmq';
import type { Metrics } from '../../observability/metrics.js';

/**
 * Reminder/escalation lateness (worker clock minus due time) on the server's registry, and the depth of the
 * deadline and delivery queues in the shared `zhifa_queue_jobs{queue,state}` gauge.
 */
export function deadlineTimerObserver(metrics: Metrics): TimerMetricsObserver {
  const lateness = new Histogram({
    name: 'zhifa_deadline_timer_lateness_seconds',
    help: 'Delay between a reminder or escalation being due and a worker picking it up',
    labelNames: ['attempt'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [metrics.registry],
  });
  return {
    onWakeup: (o) => lateness.observe({ attempt: String(Math.min(o.attempt, 5)) }, Math.max(0, o.latenessMs) / 1000),
    onHandlerError: () => metrics.timerHandlerErrors.inc(),
  };
}

export function watchDeadlineQueues(metrics: Metrics, queues: readonly { readonly queueName: string; depth(): Promise<QueueDepth> }[]): void {
  for (const queue of queues) metrics.watchQueue(queue.queueName, async () => ({ ...(await queue.depth()) }));
}
