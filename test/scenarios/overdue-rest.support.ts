/** A real SMTP sink and small REST helpers for the overdue scenarios of the shipped processes. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { updateUser } from '@zhifa/store-postgres';
import type { RunningZhifa } from '@zhifa/server';
import type { ApiClient } from '../api/support/client.js';

export interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly raw: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly mails: Mail[];
  close(): Promise<void>;
}

/** Accepts every message on a free local port and keeps it with its decoded subject. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: subjectOf(raw), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The Subject header, unfolded, with its RFC 2047 encoded words (B or Q, UTF-8) decoded. */
export function subjectOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => /^subject:/i.test(l)) ?? '';
  const value = line.replace(/^subject:\s*/i, '');
  // Adjacent encoded words are joined without the whitespace between them (RFC 2047 §6.2).
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

/** The demo users have no e-mail addresses; the scenarios give some of them one (`<username>@zhifa.test`). */
export async function giveEmailAddresses(zhifa: RunningZhifa, usernames: readonly string[]): Promise<void> {
  for (const username of usernames) await updateUser(zhifa.deadlines.db, `user-${username}`, { email: address(username) });
}

export const address = (username: string): string => `${username}@zhifa.test`;

/** Waits (real time) until `check` holds: e-mails go out on a queue worker. */
export async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Lets the delivery worker drain what may have been queued, before asserting that nothing more arrived. */
export function settle(ms = 1_500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface TaskBody {
  readonly id: string;
  readonly activityId: string;
  readonly assignee: string | null;
  readonly candidateGroups: string[];
  readonly dueAt: string | null;
}

export interface NotificationBody {
  readonly id: string;
  readonly kind: string;
  readonly taskId: string;
}

/** The single open task of an instance at an activity (read as admin). */
export async function openTask(admin: ApiClient, instanceId: string, activityId: string): Promise<TaskBody> {
  const reply = await admin.get<TaskBody[]>(`/api/tasks?processInstanceId=${instanceId}&state=open`);
  if (reply.status !== 200) throw new Error(`task list: ${reply.status} ${JSON.stringify(reply.body)}`);
  const matching = reply.body.filter((t) => t.activityId === activityId);
  if (matching.length !== 1) throw new Error(`expected one open task at ${activityId}, got ${JSON.stringify(reply.body)}`);
  return matching[0]!;
}

/** Claims (unless already theirs) and completes a task as a user, failing loudly with the reply. */
export async function claimAndComplete(user: ApiClient, task: TaskBody, variables: Record<string, unknown>): Promise<void> {
  await claim(user, task);
  await complete(user, task, variables);
}

export async function complete(user: ApiClient, task: TaskBody, variables: Record<string, unknown>): Promise<void> {
  const done = await user.post(`/api/tasks/${task.id}/complete`, { variables });
  if (done.status !== 200) throw new Error(`complete ${task.activityId}: ${done.status} ${JSON.stringify(done.body)}`);
}

export async function claim(user: ApiClient, task: TaskBody): Promise<void> {
  if (task.assignee !== null) return;
  const claimed = await user.post(`/api/tasks/${task.id}/claim`, {});
  if (claimed.status !== 200) throw new Error(`claim ${task.activityId}: ${claimed.status} ${JSON.stringify(claimed.body)}`);
}

/** A user's deadline notifications about one task, as `[kind]` in creation order. */
export async function notificationKinds(user: ApiClient, taskId: string): Promise<string[]> {
  const reply = await user.get<NotificationBody[]>('/api/notifications');
  if (reply.status !== 200) throw new Error(`notifications: ${reply.status}`);
  return reply.body.filter((n) => n.taskId === taskId).map((n) => n.kind).sort();
}
