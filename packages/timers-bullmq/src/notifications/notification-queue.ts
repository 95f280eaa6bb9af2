import { UnrecoverableError, type Job } from 'bullmq';
import { closeWorker, openQueue, openWorker, resolveBackend, type BackendOptions, type JobQueueClient, type JobWorkerClient, type QueueBackend } from '../backend.js';
import { ChannelNotConfiguredError, WebhookDeliveryError, WebhookHostNotAllowedError, WorkerAlreadyStartedError } from '../errors.js';
import { toJobId } from '../job-id.js';
import { readDepth, type QueueDepth } from '../metrics.js';
import { reenqueueMissing, type PendingSource } from '../reconciler.js';
import type { ReconcileResult } from '../timer-scheduler.js';
import type { MailMessage, SmtpMailer } from './smtp-mailer.js';
import type { WebhookSender } from './webhook-sender.js';

/**
 * One notification to deliver. `id` is the notification row's id (unique per timer, kind and recipient in
 * the store), and becomes the job id, so enqueuing the same notification twice delivers it once.
 */
export type Delivery =
  | { readonly type: 'email'; readonly id: string; readonly message: MailMessage }
  | { readonly type: 'webhook'; readonly id: string; readonly url: string; readonly body: unknown };

export interface DeliveryHandlers {
  readonly mailer?: Pick<SmtpMailer, 'send'>;
  readonly webhook?: Pick<WebhookSender, 'send'>;
  /** After the last attempt, or at once for a failure no retry can fix (host not allowed, 4xx, SMTP 5xx). */
  readonly onPermanentFailure?: (delivery: Delivery, error: Error, attempts: number) => void | Promise<void>;
  readonly onDelivered?: (delivery: Delivery, attempt: number) => void | Promise<void>;
  /**
   * Asked before each attempt; false skips the delivery (already delivered or given up per the outbox row),
   * so a job enqueued again by the reconciler after a lost acknowledgement sends nothing twice.
   */
  readonly shouldDeliver?: (delivery: Delivery) => boolean | Promise<boolean>;
}

/** Job states in which the delivery is still going to happen or has happened (so nothing is re-enqueued). */
const KNOWN_STATES = new Set(['delayed', 'waiting', 'active', 'prioritized', 'waiting-children', 'completed', 'failed']);

export interface NotificationQueueOptions {
  /** Default `notifications`. */
  readonly queueName?: string;
  /** Default 8 attempts. */
  readonly attempts?: number;
  /** First retry delay, doubled each attempt (2 s, 4 s, ... ≈ 4 min at the 8th). Default 2000 ms. */
  readonly backoffMs?: number;
  readonly concurrency?: number;
  /** Delivered jobs are kept this long so a re-enqueue of the same id stays a no-op. Default 7 days. */
  readonly keepDeliveredSeconds?: number;
  /** Connection errors of the queue and the worker; both reconnect by themselves. Default: ignored. */
  readonly onError?: (error: Error) => void;
}

function isPermanent(error: unknown): boolean {
  if (error instanceof WebhookHostNotAllowedError || error instanceof ChannelNotConfiguredError) return true;
  if (error instanceof WebhookDeliveryError) return !error.retryable;
  // nodemailer sets the SMTP reply code; 5xx means the server will refuse again.
  if (error instanceof Error && 'responseCode' in error && typeof error.responseCode === 'number') {
    return error.responseCode >= 500 && error.responseCode < 600;
  }
  return false;
}

/** E-mail and webhook deliveries with retries and backoff, on the same backend choice as the timers. */
export class BullmqNotificationQueue {
  readonly queueName: string;
  private readonly queue: JobQueueClient<Delivery>;
  private worker: JobWorkerClient | undefined;

  constructor(
    readonly backend: QueueBackend,
    private readonly options: NotificationQueueOptions = {},
  ) {
    this.queueName = options.queueName ?? 'notifications';
    this.queue = openQueue<Delivery>(this.queueName, backend, {
      defaultJobOptions: {
        attempts: options.attempts ?? 8,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
        removeOnComplete: { age: options.keepDeliveredSeconds ?? 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
    this.queue.on('error', (error) => options.onError?.(error));
  }

  async ready(): Promise<void> {
    await this.queue.waitUntilReady();
  }

  /** Queues a delivery; a second call with the same `id` (while its job is kept) does nothing. */
  async enqueue(delivery: Delivery): Promise<void> {
    await this.queue.add(delivery.type, delivery, { jobId: toJobId(delivery.id) });
  }

  /** True when the queue still knows this delivery (waiting, running, retrying, done or failed). */
  async hasJob(id: string): Promise<boolean> {
    return KNOWN_STATES.has(await this.queue.getJobState(toJobId(id)));
  }

  /**
   * Re-enqueues every undelivered delivery (from the outbox table) the queue no longer knows, e.g. after
   * Redis lost its data. Safe to run at any time and from several processes (the job id is the delivery id).
   */
  async reconcile(listPending: PendingSource<Delivery>): Promise<ReconcileResult> {
    return reenqueueMissing(listPending, { hasJob: (delivery) => this.hasJob(delivery.id), enqueue: (delivery) => this.enqueue(delivery) });
  }

  /** Starts the worker that delivers queued notifications. */
  start(handlers: DeliveryHandlers): void {
    if (this.worker) throw new WorkerAlreadyStartedError(this.queueName);
    this.worker = openWorker<Delivery>(this.queueName, this.backend, (job) => this.process(handlers, job), {
      concurrency: this.options.concurrency ?? 5,
    });
    this.worker.on('error', (error) => this.options.onError?.(error));
  }

  async depth(): Promise<QueueDepth> {
    return readDepth(this.queue);
  }

  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  /** Stops taking jobs, waits up to `graceMs` for running deliveries, then closes the connections. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.worker) await closeWorker(this.worker, graceMs);
    await this.queue.close();
  }

  private async process(handlers: DeliveryHandlers, job: Job<Delivery>): Promise<void> {
    const delivery = job.data;
    const attempt = job.attemptsMade + 1;
    if (handlers.shouldDeliver && !(await handlers.shouldDeliver(delivery))) return;
    try {
      await this.deliver(handlers, delivery);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      const permanent = isPermanent(error);
      if (permanent || attempt >= (job.opts.attempts ?? 1)) {
        await handlers.onPermanentFailure?.(delivery, failure, attempt);
      }
      // UnrecoverableError makes BullMQ fail the job now instead of retrying it.
      throw permanent ? new UnrecoverableError(failure.message) : failure;
    }
    await handlers.onDelivered?.(delivery, attempt);
  }

  private async deliver(handlers: DeliveryHandlers, delivery: Delivery): Promise<void> {
    switch (delivery.type) {
      case 'email':
        if (!handlers.mailer) throw new ChannelNotConfiguredError('email');
        await handlers.mailer.send(delivery.message);
        return;
      case 'webhook':
        if (!handlers.webhook) throw new ChannelNotConfiguredError('webhook');
        await handlers.webhook.send({ url: delivery.url, body: delivery.body, deliveryId: delivery.id });
        return;
      default: {
        const unknown: never = delivery;
        throw new ChannelNotConfiguredError(JSON.stringify(unknown));
      }
    }
  }
}

export interface CreateNotificationQueueOptions extends BackendOptions, NotificationQueueOptions {}

export function createNotificationQueue(options: CreateNotificationQueueOptions): BullmqNotificationQueue {
  return new BullmqNotificationQueue(resolveBackend(options), options);
}
