import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openBackendFixture, randomName, sleep, waitFor, type BackendFixture } from '../test-support.js';
import { createNotificationQueue, type BullmqNotificationQueue } from './notification-queue.js';
import { SmtpMailer } from './smtp-mailer.js';

interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
}

/** A real SMTP server in this process (no TLS, no auth), collecting what it receives. */
async function startSmtpSink(): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Decodes a (possibly folded) RFC 2047 header the way a mail client would. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '';
  const value = line.slice(name.length + 1).trim();
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

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
