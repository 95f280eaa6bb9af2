export {
  TimersError,
  InvalidJobIdError,
  QueueBackendConfigError,
  WebhookHostNotAllowedError,
  WebhookDeliveryError,
  WorkerAlreadyStartedError,
  ChannelNotConfiguredError,
} from './errors.js';
export { toJobId } from './job-id.js';
export { resolveBackend, type QueueBackend, type BackendOptions } from './backend.js';
export {
  BullmqTimerScheduler,
  createTimerScheduler,
  type PendingTimer,
  type Wakeup,
  type WakeupHandler,
  type WakeupOutcome,
  type WakeupJobData,
  type TimerSchedulerOptions,
  type CreateTimerSchedulerOptions,
  type ReconcileResult,
} from './timer-scheduler.js';
export { startReconciler, ReconcilePassTimeoutError, type Reconciler, type ReconcilerOptions, type PendingTimerSource, type PendingSource } from './reconciler.js';
export {
  checkRedisDurability,
  checkRedisDurabilityAt,
  checkRedisTimerLatency,
  RECOMMENDED_REDIS_HZ,
  DurabilityProblemType,
  type DurabilityProblem,
  type RedisCommandRunner,
} from './redis-durability.js';
export type { TimerMetricsObserver, WakeupObservation, QueueDepth } from './metrics.js';
export { SmtpMailer, type SmtpConfig, type MailMessage, type MailReceipt } from './notifications/smtp-mailer.js';
export {
  WebhookSender,
  signWebhookBody,
  verifyWebhookSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DELIVERY_HEADER,
  type WebhookConfig,
  type WebhookRequest,
} from './notifications/webhook-sender.js';
export {
  BullmqNotificationQueue,
  createNotificationQueue,
  type Delivery,
  type DeliveryHandlers,
  type NotificationQueueOptions,
  type CreateNotificationQueueOptions,
} from './notifications/notification-queue.js';
