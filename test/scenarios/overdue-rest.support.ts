/** A real SMTP sink and small REST helpers for the overdue scenarios of the shipped processes. */
import { updateUser } from '@zhifa/store-postgres';
import type { RunningZhifa } from '@zhifa/server';
import type { ApiClient } from '../api/support/client.js';

export { startSmtpSink, mailHeader, type ReceivedMail as Mail, type SmtpSink } from '@zhifa/testing/smtp-sink';

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
