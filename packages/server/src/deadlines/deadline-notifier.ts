import type { JsonObject } from '@zhifa/engine';
import {
  findUserById, getUnit, insertDelivery, insertNotification, responsibleUserOf, unitMembers, upperLevelUnit, type InboxTask, type Sql, type TimerDetails,
} from '@zhifa/store-postgres';
import type { Delivery } from '@zhifa/timers-bullmq';
import { EscalationTarget } from './deadline-plan.js';

/** Where deliveries go; absent channels are simply not used. */
export interface DeliveryChannels {
  /** Queues one delivery after commit; the id is its job id, so queueing it again does nothing. */
  enqueue(delivery: Delivery): Promise<void>;
  readonly email: boolean;
  /** JSON POST target for every deadline notification (must be on the webhook allow-list). */
  readonly webhookUrl?: string;
}

export const NotificationKind = {
  reminder: 'deadline.reminder',
  overdue: 'deadline.overdue',
  escalation: 'deadline.escalation',
} as const;

export interface TimerNotifications {
  /** Notifications created (recipients told for the first time). */
  readonly sent: number;
  /** E-mails and webhooks recorded in the outbox, to queue once the transaction has committed. */
  readonly deliveries: readonly Delivery[];
}

/**
 * Turns a claimed reminder/escalation timer into notifications, one per recipient (unique per timer, kind and
 * recipient in the table), and records their e-mails and webhooks in the delivery outbox in the same
 * transaction. The caller queues the returned deliveries after commit; a delivery whose job is lost is queued
 * again by the delivery reconciler. Ids derive from the timer and the recipient.
 */
export async function notifyForTimer(tx: Sql, timer: TimerDetails, task: InboxTask, now: string, channels: DeliveryChannels): Promise<TimerNotifications> {
  const type = typeof timer.payload['type'] === 'string' ? timer.payload['type'] : 'before';
  const kind = type === 'escalation' ? NotificationKind.escalation : type === 'overdue' ? NotificationKind.overdue : NotificationKind.reminder;
  const recipients = kind === NotificationKind.escalation ? await escalationRecipients(tx, task, timer.payload['to']) : await reminderRecipients(tx, task);
  const payload: JsonObject = {
    taskName: task.name ?? task.activityId, dueAt: task.dueAt ?? null, type, processId: task.processId,
    ...(task.businessKey && { businessKey: task.businessKey }), ...(task.assignee && { assignee: task.assignee }),
  };
  let sent = 0;
  const deliveries: Delivery[] = [];
  const record = async (notificationId: string, delivery: Delivery): Promise<void> => {
    await insertDelivery(tx, { id: delivery.id, notificationId, channel: delivery.type, payload: delivery as unknown as JsonObject, at: now });
    deliveries.push(delivery);
  };
  for (const userId of recipients) {
    const id = `n-${timer.id}-${userId}`;
    const created = await insertNotification(tx, { id, userId, kind, timerId: timer.id, taskId: task.id, instanceId: task.instanceId, payload, at: now });
    // Undefined: this timer already notified this user (a redelivered job): send nothing again.
    if (!created) continue;
    sent += 1;
    const user = await findUserById(tx, userId);
    if (channels.email && user?.email) {
      await record(id, { type: 'email', id: `${id}-mail`, message: { to: user.email, ...mailText(kind, payload), messageId: `<${id}@zhifa>` } });
    }
    if (channels.webhookUrl) {
      await record(id, {
        type: 'webhook', id: `${id}-hook`, url: channels.webhookUrl,
        body: { notificationId: id, kind, userId, taskId: task.id, instanceId: task.instanceId, at: now, ...payload },
      });
    }
  }
  return { sent, deliveries };
}

const MAX_RECIPIENTS = 50;

/** The assignee; an unclaimed task: its candidate users, else the members of its candidate units/groups. */
async function reminderRecipients(tx: Sql, task: InboxTask): Promise<string[]> {
  if (task.assignee) return [task.assignee];
  if (task.candidateUsers.length > 0) return [...task.candidateUsers].slice(0, MAX_RECIPIENTS);
  const users = new Set<string>();
  // A group that is not a unit id has no members here and adds no one.
  for (const unitId of new Set([...task.candidateUnits, ...task.candidateGroups])) {
    for (const member of await unitMembers(tx, unitId)) if (users.size < MAX_RECIPIENTS) users.add(member.id);
  }
  return [...users];
}

/** The responsible person of the assignee's unit, or of the unit above it. */
async function escalationRecipients(tx: Sql, task: InboxTask, to: unknown): Promise<string[]> {
  const unitId = await waitingUnitOf(tx, task);
  if (!unitId) return [];
  const start = to === EscalationTarget.upperUnitLeader ? (await upperLevelUnit(tx, unitId))?.id : unitId;
  // A unit without a responsible person (a section with no head appointed) escalates to the next one up.
  for (let unit = start, hops = 0; unit !== undefined && hops < 10; unit = (await upperLevelUnit(tx, unit))?.id, hops += 1) {
    const leader = await responsibleUserOf(tx, unit);
    if (leader) return [leader];
  }
  return [];
}

/**
 * The unit the task is waiting on: the assignee's unit; for an unclaimed task the unit it is offered to
 * (candidate units, or candidate groups that are units); only then the unit that owns the case.
 */
async function waitingUnitOf(tx: Sql, task: InboxTask): Promise<string | undefined> {
  const assignee = task.assignee ? await findUserById(tx, task.assignee) : undefined;
  if (assignee?.unitId) return assignee.unitId;
  for (const candidate of [...task.candidateUnits, ...task.candidateGroups]) {
    if (await getUnit(tx, candidate)) return candidate;
  }
  return task.ownerUnitId;
}

function mailText(kind: string, payload: JsonObject): { subject: string; text: string } {
  const name = String(payload['taskName']);
  const due = typeof payload['dueAt'] === 'string' ? shanghaiTime(payload['dueAt']) : '未设定';
  switch (kind) {
    case NotificationKind.escalation:
      return { subject: `【督办】${name} 已超期`, text: `待办事项「${name}」已于 ${due} 到期仍未办结，请督促办理。` };
    case NotificationKind.overdue:
      return { subject: `【超期提醒】${name}`, text: `您的待办事项「${name}」已于 ${due} 到期，请尽快办理。` };
    default:
      return { subject: `【到期提醒】${name}`, text: `您的待办事项「${name}」将于 ${due} 到期，请及时办理。` };
  }
}

function shanghaiTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`;
}
