import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Jobs per state of one queue (BullMQ counts). */
export type QueueDepthReader = () => Promise<Readonly<Record<string, number>>>;

/** Prometheus metrics of one server (its own registry, so several servers in one test process don't clash). */
export class Metrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly requests: Counter<'method' | 'route' | 'status'>;

  /** Worker clock minus due time of each timer wake-up (R11 / bench:timers call it lateness). */
  readonly timerLateness: Histogram<'attempt'>;
  readonly timerHandlerErrors: Counter;
  private readonly queues = new Map<string, QueueDepthReader>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'zhifa_' });
    this.timerLateness = new Histogram({
      name: 'zhifa_timer_lateness_seconds',
      help: 'Delay between a timer being due and a worker picking it up',
      labelNames: ['attempt'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
      registers: [this.registry],
    });
    this.timerHandlerErrors = new Counter({
      name: 'zhifa_timer_handler_errors_total',
      help: 'Timer wake-ups whose firing failed (retried with backoff)',
      registers: [this.registry],
    });
    const queues = this.queues;
    new Gauge({
      name: 'zhifa_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [queue, read] of queues) {
          // A queue that cannot be read (Redis down) is left out of this scrape rather than failing it.
          const counts = await read().catch(() => undefined);
          for (const [state, value] of Object.entries(counts ?? {})) this.set({ queue, state }, value);
        }
      },
    });
    this.duration = new Histogram({
      name: 'zhifa_http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.requests = new Counter({
      name: 'zhifa_http_requests_total',
      help: 'HTTP requests by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
  }

  watchQueue(name: string, read: QueueDepthReader): void {
    this.queues.set(name, read);
  }

  /** Times every request; the label is the route template (`/api/tasks/:id`), never the raw URL. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.on('finish', () => {
        const route: unknown = req.route?.path;
        const template = typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
        const labels = { method: req.method, route: template, status: String(res.statusCode) };
        end(labels);
        this.requests.inc(labels);
      });
      next();
    };
  }
}
