import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDeliveryError, WebhookHostNotAllowedError } from '../errors.js';
import { BACKENDS, openBackendFixture, randomName, sleep, waitFor, type BackendFixture } from '../test-support.js';
import { createNotificationQueue, type BullmqNotificationQueue, type Delivery } from './notification-queue.js';
import { verifyWebhookSignature, WebhookSender } from './webhook-sender.js';

const SECRET = 'webhook-test-secret';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP receiver answering each request with the next status of `statuses` (then 200). */
async function startReceiver(): Promise<{ port: number; received: Received[]; statuses: number[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, received, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('WebhookSender', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('POSTs JSON signed with an HMAC of the exact body', async () => {
    // given a sender allowed to reach the receiver
    const sender = new WebhookSender({ secret: SECRET, allowedHosts: [`127.0.0.1:${receiver.port}`], now: () => 1_780_000_000_000 });
    // when it sends a notification
    const result = await sender.send({ url: `http://127.0.0.1:${receiver.port}/hooks/zhifa`, body: { kind: '催办', taskId: 't-1' }, deliveryId: 'n-1' });
    // then the receiver can verify the signature over the raw body
    expect(result.status).toBe(200);
    const request = receiver.received.at(-1)!;
    expect(JSON.parse(request.body)).toEqual({ kind: '催办', taskId: 't-1' });
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-zhifa-timestamp']).toBe('1780000000');
    expect(request.headers['x-zhifa-delivery']).toBe('n-1');
    expect(request.headers['x-zhifa-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, request.body, String(request.headers['x-zhifa-signature']))).toBe(true);
    expect(verifyWebhookSignature('another-secret', request.body, String(request.headers['x-zhifa-signature']))).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${request.body} `, String(request.headers['x-zhifa-signature']))).toBe(false);
  });

  it('refuses a host outside the allow-list without connecting', async () => {
    // given a sender allowed to reach only one other host
    const sender = new WebhookSender({ secret: SECRET, allowedHosts: ['hooks.example.gov.cn'] });
    const before = receiver.received.length;
    // when asked to call the receiver, or to smuggle the host through userinfo or another scheme
    const attempts = [
      `http://127.0.0.1:${receiver.port}/x`,
      `http://hooks.example.gov.cn@127.0.0.1:${receiver.port}/x`,
      'file:///etc/passwd',
      'not a url',
    ].map((url) => sender.send({ url, body: {} }));
    // then every call is rejected with a clear error and nothing reached the receiver
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(WebhookHostNotAllowedError);
    await expect(sender.send({ url: `http://127.0.0.1:${receiver.port}/x`, body: {} })).rejects.toThrow(/is not in the allow-list/);
    expect(receiver.received.length).toBe(before);
  });

  it('reports whether a failed status is worth retrying', async () => {
    // given a receiver answering 503 and then 404
    const sender = new WebhookSender({ secret: SECRET, allowedHosts: ['127.0.0.1'] });
    receiver.statuses.push(503, 404);
    const url = `http://127.0.0.1:${receiver.port}/x`;
    // then 503 is retryable and 404 is not
    await expect(sender.send({ url, body: {} })).rejects.toMatchObject({ code: 'WEBHOOK_DELIVERY_FAILED', status: 503, retryable: true });
    await expect(sender.send({ url, body: {} })).rejects.toMatchObject({ status: 404, retryable: false });
    await expect(sender.send({ url, body: {} })).resolves.toEqual({ status: 200 });
    expect(new WebhookDeliveryError(500, true, url).code).toBe('WEBHOOK_DELIVERY_FAILED');
  });
});

describe.each(BACKENDS)('webhook deliveries through the notification queue on %s', (backendName) => {
  let fixture: BackendFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let queue: BullmqNotificationQueue;
  const delivered: { id: string; attempt: number }[] = [];
  const failed: { id: string; attempts: number; message: string }[] = [];

  beforeAll(async () => {
    fixture = await openBackendFixture(backendName);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await fixture.close();
  });
  afterEach(async () => {
    await queue.obliterate();
    await queue.close();
    delivered.length = 0;
    failed.length = 0;
  });

  function startQueue(attempts: number): void {
    queue = createNotificationQueue({ ...fixture.options, queueName: randomName('hook'), attempts, backoffMs: 100 });
    queue.start({
      webhook: new WebhookSender({ secret: SECRET, allowedHosts: [`127.0.0.1:${receiver.port}`] }),
      onDelivered: (delivery, attempt) => void delivered.push({ id: delivery.id, attempt }),
      onPermanentFailure: (delivery, error, attemptsMade) => void failed.push({ id: delivery.id, attempts: attemptsMade, message: error.message }),
    });
  }

  function webhook(id: string, url = `http://127.0.0.1:${receiver.port}/hooks`): Delivery {
    return { type: 'webhook', id, url, body: { notification: id } };
  }

  it('retries after a 500 and delivers once', async () => {
    // given a receiver that fails the first request
    startQueue(5);
    receiver.statuses.push(500);
    const before = receiver.received.length;
    // when a webhook is enqueued
    await queue.enqueue(webhook('n-retry'));
    // then it is posted again after the backoff and counted delivered on the second attempt
    await waitFor('the delivery', () => delivered.length === 1, 5000);
    expect(delivered).toEqual([{ id: 'n-retry', attempt: 2 }]);
    expect(receiver.received.length - before).toBe(2);
    const [first, second] = receiver.received.slice(before);
    expect(first!.body).toBe(second!.body);
    expect(verifyWebhookSignature(SECRET, second!.body, String(second!.headers['x-zhifa-signature']))).toBe(true);
    expect(failed).toEqual([]);
  });

  it('reports a permanent failure once after the last attempt', async () => {
    // given a receiver that keeps failing
    startQueue(3);
    receiver.statuses.push(500, 502, 503);
    const before = receiver.received.length;
    // when a webhook is enqueued
    await queue.enqueue(webhook('n-down'));
    // then it is tried three times and reported once
    await waitFor('the failure report', () => failed.length === 1, 5000);
    await sleep(300);
    expect(receiver.received.length - before).toBe(3);
    expect(failed).toEqual([{ id: 'n-down', attempts: 3, message: expect.stringContaining('503') }]);
    expect(delivered).toEqual([]);
  });

  it('fails a webhook to a disallowed host at once, without retries', async () => {
    // given a queue whose sender allows only the local receiver
    startQueue(5);
    // when a webhook for another host is enqueued
    await queue.enqueue(webhook('n-evil', 'http://169.254.169.254/latest/meta-data'));
    // then it is reported as a permanent failure after one attempt
    await waitFor('the failure report', () => failed.length === 1, 5000);
    await sleep(300);
    expect(failed).toEqual([{ id: 'n-evil', attempts: 1, message: "webhook host '169.254.169.254' is not in the allow-list" }]);
    expect((await queue.depth()).failed).toBe(1);
  });

  it('fails a delivery for a channel without a sender at once', async () => {
    // given a queue with a webhook sender but no mailer
    startQueue(5);
    // when an e-mail is enqueued
    await queue.enqueue({ type: 'email', id: 'n-mail', message: { to: 'a@example.gov.cn', subject: '提醒', text: '正文' } });
    // then it is reported as a permanent failure after one attempt
    await waitFor('the failure report', () => failed.length === 1, 5000);
    expect(failed).toEqual([{ id: 'n-mail', attempts: 1, message: 'no email sender is configured' }]);
  });
});
