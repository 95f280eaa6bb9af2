import type { RequestHandler } from 'express';
import type { Clock, EngineApi } from '@zhifa/engine';
import { findDelivery, markDeliveryDelivered, markDeliveryFailed, pendingDeliveries, type PostgresDb } from '@zhifa/store-postgres';
import {
  createNotificationQueue, createTimerScheduler, resolveBackend, SmtpMailer, startReconciler, WebhookSender,
  type BullmqNotificationQueue, type BullmqTimerScheduler, type Delivery, type QueueBackend, type Reconciler, type SmtpConfig,
} from '@zhifa/timers-bullmq';
import type { Logger } from 'pino';
import { calendarRouter } from '../calendar/calendar.router.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { notificationRouter } from '../notifications/notification.router.js';
import type { Metrics } from '../observability/metrics.js';
import type { FeatureRouters } from '../composition/start-zhifa.js';
import { DeadlineAdjustService } from './deadline-adjust.service.js';
import { DeadlineEffectListener } from './deadline.listener.js';
import { DeadlinePolicies } from './deadline-policy.js';
import { deadlineRouter } from './deadline.router.js';
import { DeadlineService } from './deadline.service.js';
import { pendingDeadlineTimers } from './deadline.queries.js';
import { deadlineTimerObserver, watchDeadlineQueues } from './operations/deadline-metrics.js';

export interface DeadlineFeatureOptions {
  readonly db: PostgresDb;
  /** Names the queues (`deadlines-<schema>`, `notifications-<schema>`), like the engine's `timers-<schema>`. */
  readonly schema: string;
  readonly engine: EngineApi;
  /** The engine's clock (manual in tests): claims and notification times use it. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** BullMQ on Redis when set, else BullMQ's PostgreSQL backend on `databaseUrl` (schema `<schema>_bullmq`). */
  readonly redisUrl?: string;
  readonly databaseUrl: string;
  /** Schedule BullMQ wake-ups for reminders (system clock). False (manual clock): call `service.fireDue()` after moving it. */
  readonly alarms: boolean;
  /** Consume here: reminder wake-ups (with the reconciler) and e-mail/webhook deliveries. Default true. */
  readonly workers?: boolean;
  /** The holiday table service, when the composition root made one before the engine (for `addWorkingDuration`). */
  readonly calendar?: HolidayCalendarService;
  readonly smtp?: SmtpConfig;
  /** Every deadline notification is also POSTed, signed, to `url` (its host must be in `allowedHosts`). */
  readonly webhook?: { readonly url: string; readonly secret: string; readonly allowedHosts: readonly string[] };
  readonly metrics?: Metrics;
  /** Made before the engine and passed to it as a listener; bound here. Default: a new one (then pass `feature.listener`). */
  readonly listener?: DeadlineEffectListener;
}

export interface DeadlineFeature {
  readonly db: PostgresDb;
  readonly service: DeadlineService;
  readonly adjust: DeadlineAdjustService;
  readonly calendar: HolidayCalendarService;
  readonly listener: DeadlineEffectListener;
  readonly backend: QueueBackend;
  /** Queue names for the dashboard. */
  readonly queueNames: readonly string[];
  /** Routers to mount after bearer authentication (`apiRouters`). */
  readonly apiRouters: readonly RequestHandler[];
  /** The same, with start/close/fireDue, as `startZhifa({ routers })` takes them. */
  readonly featureRouters: FeatureRouters;
  /** Seeds the holiday table when empty, re-plans open tasks, starts workers. Call once the engine runs. */
  start(): Promise<void>;
  /**
   * One pass of the delivery reconciler now (it also runs at start and every minute where workers run):
   * queues every undelivered outbox row whose job the queue does not know.
   */
  reconcileDeliveries(): Promise<{ readonly checked: number; readonly enqueued: number }>;
  close(): Promise<void>;
}

/** Composes deadlines, notifications and the calendar over one store, engine and clock. */
export function createDeadlineFeature(options: DeadlineFeatureOptions): DeadlineFeature {
  const { db, logger } = options;
  const backend = resolveBackend({
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : { postgresUrl: options.databaseUrl, postgresSchema: `${options.schema}_bullmq` }),
  });
  const onError = (error: Error): void => logger.warn({ err: error }, 'deadline queue connection problem');
  const deliveries: BullmqNotificationQueue = createNotificationQueue({ ...backendOptions(backend), queueName: `notifications-${options.schema}`, onError });
  const scheduler: BullmqTimerScheduler | undefined = options.alarms
    ? createTimerScheduler({
        ...backendOptions(backend), queueName: `deadlines-${options.schema}`, onError,
        ...(options.metrics && { observer: deadlineTimerObserver(options.metrics) }),
      })
    : undefined;
  const calendar = options.calendar ?? new HolidayCalendarService(db);
  const listener = options.listener ?? new DeadlineEffectListener(logger);
  const service = new DeadlineService({
    db, engine: options.engine, clock: options.clock, calendar, policies: new DeadlinePolicies(db), logger,
    channels: { enqueue: (d) => deliveries.enqueue(d), email: options.smtp !== undefined, ...(options.webhook && { webhookUrl: options.webhook.url }) },
    ...(scheduler && { alarm: { schedule: (t) => scheduler.schedule(t), cancel: (id) => scheduler.cancel(id) } }),
  });
  listener.bind(service);
  const adjust = new DeadlineAdjustService(db, options.clock, service);
  const queueNames = [deliveries.queueName, ...(scheduler ? [scheduler.queueName] : [])];
  if (options.metrics) watchDeadlineQueues(options.metrics, scheduler ? [deliveries, scheduler] : [deliveries]);
  const mailer = options.smtp ? new SmtpMailer(options.smtp) : undefined;
  let reconciler: Reconciler | undefined;
  let deliveryReconciler: Reconciler | undefined;
  let sweep: Promise<void> | undefined;

  const apiRouters = [
    deadlineRouter(adjust),
    notificationRouter(db, options.clock),
    calendarRouter({ calendar, clock: options.clock, onYearImported: (year) => service.recomputeFrom(`${year}-01-01T00:00:00+08:00`) }),
  ];
  const feature: DeadlineFeature = {
    db, service, adjust, calendar, listener, backend, queueNames, apiRouters,
    featureRouters: {
      api: apiRouters,
      start: () => feature.start(),
      close: () => feature.close(),
      fireDue: () => service.fireDue(),
    },
    async start() {
      const seeded = await calendar.seedIfEmpty();
      if (seeded.length > 0) logger.info({ years: seeded }, 'holiday table seeded from the built-in data');
      await deliveries.ready();
      const workers = options.workers ?? true;
      if (workers) {
        deliveries.start({
          ...(mailer && { mailer }),
          ...(options.webhook && { webhook: new WebhookSender({ secret: options.webhook.secret, allowedHosts: options.webhook.allowedHosts }) }),
          // The outbox row decides: a delivery already done (its acknowledgement lost, the job queued again) is skipped.
          shouldDeliver: async (delivery) => {
            const row = await findDelivery(db, delivery.id);
            return row === undefined || (row.deliveredAt === undefined && row.failedAt === undefined);
          },
          // A failed mark is only logged: the completed job keeps the reconciler from sending it again.
          onDelivered: async (delivery, attempts) => {
            await markDeliveryDelivered(db, delivery.id, attempts).catch((error: unknown) => logger.warn({ err: error, delivery: delivery.id }, 'delivery sent but not marked'));
          },
          onPermanentFailure: async (delivery, error, attempts) => {
            logger.error({ err: error, delivery: delivery.id, attempts }, 'notification not delivered');
            await markDeliveryFailed(db, delivery.id, attempts, error.message);
          },
        });
        deliveryReconciler = startReconciler(deliveries, () => undeliveredFromOutbox(db), {
          onResult: (result) => {
            if (result.enqueued > 0) logger.warn(result, 'notification deliveries were missing from the queue and were re-enqueued');
          },
          onError: (error) => logger.warn({ err: error }, 'delivery reconciliation failed; retrying later'),
        });
      }
      if (scheduler) await scheduler.ready();
      // A repair sweep (effects lost between commit and dispatch); off the start path, as it reads every open task.
      sweep = service.syncOpenTasks().then(
        (tasks) => logger.debug({ tasks }, 'deadline timers checked'),
        (error: unknown) => logger.warn({ err: error }, 'deadline sweep failed; retried at the next start'),
      );
      if (scheduler && workers) {
        scheduler.start(async (timerId) => {
          const outcome = await service.fire(timerId);
          return outcome.type === 'not-due' ? outcome : { type: 'fired' };
        });
        reconciler = startReconciler(scheduler, () => pendingDeadlineTimers(db), {
          onError: (error) => logger.warn({ err: error }, 'deadline timer reconciliation failed; retrying later'),
        });
      }
    },
    reconcileDeliveries: () => deliveries.reconcile(() => undeliveredFromOutbox(db)),
    async close() {
      await sweep;
      await service.drain();
      await reconciler?.stop();
      await deliveryReconciler?.stop();
      await scheduler?.close();
      await deliveries.close();
      mailer?.close();
    },
  };
  return feature;
}

function backendOptions(backend: QueueBackend) {
  return backend.type === 'redis'
    ? { redisUrl: backend.url }
    : { postgresUrl: backend.url, postgresSchema: backend.schema, postgresPoolSize: backend.poolSize };
}

/** The outbox rows not yet delivered nor given up, as queue deliveries. */
async function* undeliveredFromOutbox(db: PostgresDb): AsyncGenerator<Delivery> {
  for await (const row of pendingDeliveries(db)) yield row.payload as unknown as Delivery;
}
