import { mailHeader as header, startSmtpSink } from '@zhifa/testing/smtp-sink';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openBackendFixture, randomName, sleep, waitFor, type BackendFixture } from '../test-support.js';
import { createNotificationQueue, type BullmqNotificationQueue } from './notification-queue.js';
import { SmtpMailer } from './smtp-mailer.js';

const SUBJECT = '【催办】行政处罚案件法制审核即将到期（剩余1个工作日）';
const BODY = '您好：案件“沪司执〔2026〕15号”的法制审核将于2026年12月1日到期，请及时办理。';

describe('SmtpMailer against a real SMTP server', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it('delivers a mail with its Chinese subject and body intact', async () => {
    // given a mailer pointed at the sink
    const mailer = new SmtpMailer({ host: '127.0.0.1', port: sink.port, from: '"执法监督平台" <noreply@sfj.example.gov.cn>' });
    // when it sends a reminder written in Chinese
    const receipt = await mailer.send({ to: 'zhangsan@sfj.example.gov.cn', subject: SUBJECT, text: BODY, messageId: '<n-1@zhifa>' });
    mailer.close();
    // then the server got it, and decoding the headers gives the same Chinese text back
    expect(receipt.accepted).toEqual(['zhangsan@sfj.example.gov.cn']);
    const mail = sink.mails.at(-1)!;
    expect(mail.to).toEqual(['zhangsan@sfj.example.gov.cn']);
    expect(header(mail.raw, 'Subject')).toBe(SUBJECT);
    expect(header(mail.raw, 'From')).toBe('执法监督平台 <noreply@sfj.example.gov.cn>');
    expect(header(mail.raw, 'Message-ID')).toBe('<n-1@zhifa>');
  });
});

describe.each(BACKENDS)('e-mail deliveries through the notification queue on %s', (backendName) => {
  let fixture: BackendFixture;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let queue: BullmqNotificationQueue;
  beforeAll(async () => {
    fixture = await openBackendFixture(backendName);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    await fixture.close();
  });
  afterEach(async () => {
    await queue.obliterate();
    await queue.close();
  });

  it('sends a notification enqueued twice only once', async () => {
    // given a notification queue with a mailer
    queue = createNotificationQueue({ ...fixture.options, queueName: randomName('mail') });
    const mailer = new SmtpMailer({ host: '127.0.0.1', port: sink.port, from: 'noreply@sfj.example.gov.cn' });
    const delivered: string[] = [];
    queue.start({ mailer, onDelivered: (delivery) => void delivered.push(delivery.id) });
    const before = sink.mails.length;
    // when the same notification (same id) is enqueued twice, e.g. by a redelivered timer job
    const delivery = { type: 'email', id: 'notif-7', message: { to: 'lisi@sfj.example.gov.cn', subject: SUBJECT, text: BODY } } as const;
    await queue.enqueue(delivery);
    await queue.enqueue(delivery);
    // then exactly one mail arrives
    await waitFor('the mail', () => sink.mails.length > before, 5000);
    await sleep(300);
    await queue.enqueue(delivery);
    await sleep(300);
    mailer.close();
    expect(sink.mails.length - before).toBe(1);
    expect(delivered).toEqual(['notif-7']);
    expect(header(sink.mails.at(-1)!.raw, 'Subject')).toBe(SUBJECT);
  });
});
