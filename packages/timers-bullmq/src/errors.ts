/**
 * Errors raised by the queue adapter, each with a stable string `code` the server maps to a status or a log
 * line. Nothing outside inspects messages.
 */
export class TimersError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A timer or notification id BullMQ cannot use as a job id (contains `:`, is an integer, empty, too long). */
export class InvalidJobIdError extends TimersError {
  constructor(id: string, reason: string) {
    super('INVALID_JOB_ID', `'${id}' cannot be used as a job id: ${reason}`, { id, reason });
  }
}

/** Neither a Redis nor a PostgreSQL connection was configured. */
export class QueueBackendConfigError extends TimersError {
  constructor(message: string) {
    super('QUEUE_BACKEND_CONFIG', message);
  }
}

/** A webhook URL whose host is not in the configured allow-list; never retried. */
export class WebhookHostNotAllowedError extends TimersError {
  constructor(url: string, host: string) {
    super('WEBHOOK_HOST_NOT_ALLOWED', `webhook host '${host}' is not in the allow-list`, { url, host });
  }
}

/** A webhook receiver answered with a non-2xx status. `retryable` says whether another attempt may succeed. */
export class WebhookDeliveryError extends TimersError {
  constructor(
    readonly status: number,
    readonly retryable: boolean,
    url: string,
  ) {
    super('WEBHOOK_DELIVERY_FAILED', `webhook ${url} answered ${status}`, { status, retryable, url });
  }
}

/** `start` was called twice on the same queue object: one worker per queue object and process. */
export class WorkerAlreadyStartedError extends TimersError {
  constructor(queueName: string) {
    super('WORKER_ALREADY_STARTED', `a worker for queue '${queueName}' is already running`, { queueName });
  }
}

/** A notification for a channel this process has no sender for (no SMTP configured, no webhook secret). */
export class ChannelNotConfiguredError extends TimersError {
  constructor(channel: string) {
    super('NOTIFICATION_CHANNEL_NOT_CONFIGURED', `no ${channel} sender is configured`, { channel });
  }
}
