import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookDeliveryError, WebhookHostNotAllowedError } from '../errors.js';

export interface WebhookConfig {
  /** Shared secret for the HMAC-SHA256 signature. */
  readonly secret: string;
  /**
   * Hosts a webhook may be sent to: a host name (`hooks.example.gov.cn`, any port) or `host:port`.
   * Anything else is refused, so a process model cannot make the server call arbitrary addresses.
   */
  readonly allowedHosts: readonly string[];
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  /** Epoch milliseconds, for the timestamp header. Default `Date.now`. */
  readonly now?: () => number;
}

export interface WebhookRequest {
  readonly url: string;
  /** Serialised as JSON; the signature covers exactly the bytes sent. */
  readonly body: unknown;
  /** Sent as `X-Zhifa-Delivery` (the notification id) so a receiver can drop a redelivery. */
  readonly deliveryId?: string;
}

export const SIGNATURE_HEADER = 'x-zhifa-signature';
export const TIMESTAMP_HEADER = 'x-zhifa-timestamp';
export const DELIVERY_HEADER = 'x-zhifa-delivery';

/** `sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Constant-time check of a received signature header, for receivers (and our tests). */
export function verifyWebhookSignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** 408 / 425 / 429 / 5xx may succeed later; any other non-2xx (and a redirect, never followed) will not. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Signed JSON POSTs to allow-listed hosts. One attempt per call; the notification queue retries. */
export class WebhookSender {
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly config: WebhookConfig) {
    this.allowed = new Set(config.allowedHosts.map((host) => host.trim().toLowerCase()));
  }

  /** Parses `url` and throws `WebhookHostNotAllowedError` unless http(s) to an allow-listed host. */
  assertAllowed(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new WebhookHostNotAllowedError(url, '(invalid URL)');
    }
    const hostname = parsed.hostname.toLowerCase();
    const permitted =
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      parsed.username === '' &&
      (this.allowed.has(hostname) || this.allowed.has(parsed.host.toLowerCase()));
    if (!permitted) throw new WebhookHostNotAllowedError(url, parsed.host || url);
    return parsed;
  }

  /** POSTs once; resolves with the status on 2xx, throws `WebhookDeliveryError` (with `retryable`) otherwise. */
  async send(request: WebhookRequest): Promise<{ readonly status: number }> {
    const url = this.assertAllowed(request.url);
    const body = JSON.stringify(request.body);
    const timestamp = String(Math.floor((this.config.now ?? Date.now)() / 1000));
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'zhifa-webhook/1',
        [SIGNATURE_HEADER]: signWebhookBody(this.config.secret, body),
        [TIMESTAMP_HEADER]: timestamp,
        ...(request.deliveryId ? { [DELIVERY_HEADER]: request.deliveryId } : {}),
      },
      body,
    });
    // Drain the body so the connection can be reused; its content is not used.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { status: response.status };
    throw new WebhookDeliveryError(response.status, isRetryableStatus(response.status), request.url);
  }
}
