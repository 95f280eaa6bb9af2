import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimTimer, findDelivery, getInboxTask, listAudit, updateUser } from '@zhifa/store-postgres';
import { verifyWebhookSignature } from '@zhifa/timers-bullmq';
import { notifyForTimer } from './deadline-notifier.js';
import {
  Client, eventually, startDeadlineServer, startSmtpSink, startWebhookReceiver, WEBHOOK_SECRET,
  type DeadlineTestServer, type Hook, type Mail,
} from './deadlines.test-support.js';

const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="d" targetNamespace="http://zhifa.test">
  <bpmn:process id="legal-review" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="法制审核">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="user-li.si" />
        <zhifa:deadline duration="P5D" calendar="working">
          <zhifa:reminder before="P1D" />
          <zhifa:reminder every="P1D" />
          <zhifa:escalation after="P2D" to="unit-leader" />
          <zhifa:escalation after="P4D" to="upper-unit-leader" />
        </zhifa:deadline>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

interface Notification { id: string; kind: string; taskId: string; timerId: string; readAt?: string }
interface TimerRow { id: string; kind: string; dueAt: string; state: string; provisional: boolean }
interface Step { step: string; dueAt?: string; reason?: string; trace?: { skipped: { date: string; reason: string }[]; makeUpWorkdays: { date: string }[] } }
interface DeadlineView { dueAt: string | null; provisional: boolean; paused: boolean; steps: Step[]; timers: TimerRow[] }

let server: DeadlineTestServer;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: Client;
let liSi: Client;
let fzkLeader: Client;
let scjgjLeader: Client;

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver();
  // 2025-09-30 10:00 in Shanghai, the day before 国庆节.
  server = await startDeadlineServer({ start: new Date('2025-09-30T02:00:00Z'), smtpPort: smtp.port, webhookUrl: receiver.url });
  const anonymous = new Client(server.zhifa.url);
  admin = await anonymous.as('admin');
  liSi = await anonymous.as('li.si');
  fzkLeader = await anonymous.as('scjgj-fzk.leader');
  scjgjLeader = await anonymous.as('scjgj.leader');
  const analyst = await anonymous.as('analyst');
  expect((await analyst.call('POST', '/api/deployments', { name: 'review', resources: [{ name: 'review.bpmn', content: bpmn }] })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await smtp?.close();
  await receiver?.close();
});

/** Starts an instance; the engine's `task.created` effect reaches the deadline listener before the reply. */
async function startReview(): Promise<string> {
  const started = await admin.call<{ id: string }>('POST', '/api/process-definitions/key/legal-review/start', {});
  expect(started.status).toBe(201);
  const tasks = await admin.call<{ id: string }[]>('GET', `/api/tasks?processInstanceId=${started.body.id}`);
  return tasks.body[0]?.id ?? '';
}

async function moveClockTo(iso: string): Promise<number> {
  server.clock.set(new Date(iso));
  return server.feature.service.fireDue();
}

const mailsTo = (address: string): Mail[] => smtp.mails.filter((m) => m.to.includes(address));
const hooksFor = (taskId: string): Hook[] => receiver.hooks.filter((h) => h.body.includes(taskId));

describe('deadlines of a user task (zhifa:deadline P5D working)', () => {
  let taskId = '';

  it('given a task created on 2025-09-30, then it is due on 2025-10-14 with 国庆节 skipped and the 调休 workday counted', async () => {
    await updateUser(dbOf(), 'user-li.si', { email: 'li.si@zhifa.test' });
    await updateUser(dbOf(), 'user-scjgj-fzk.leader', { email: 'fzk.leader@zhifa.test' });
    taskId = await startReview();
    const view = await admin.call<DeadlineView>('GET', `/api/tasks/${taskId}/deadline`);
    expect(view.status).toBe(200);
    expect(view.body.dueAt).toBe('2025-10-14T02:00:00.000Z');
    expect(view.body.provisional).toBe(false);
    const trace = view.body.steps[0]?.trace;
    expect(trace?.skipped.map((s) => s.date)).toEqual(expect.arrayContaining(['2025-10-01', '2025-10-07', '2025-10-08', '2025-10-12']));
    expect(trace?.skipped.find((s) => s.date === '2025-10-01')?.reason).toMatch(/^holiday: .*国庆节/);
    expect(trace?.makeUpWorkdays.map((d) => d.date)).toEqual(['2025-10-11']);
    const timers = view.body.timers.map((t) => [t.kind, t.dueAt]);
    expect(timers).toEqual([
      ['reminder', '2025-10-13T02:00:00.000Z'],
      ['reminder', '2025-10-15T02:00:00.000Z'],
      ['escalation', '2025-10-16T02:00:00.000Z'],
      ['escalation', '2025-10-20T02:00:00.000Z'],
    ]);
  });

  it('when the clock reaches one working day before due, then exactly one notification, one e-mail and one signed webhook', async () => {
    expect(await moveClockTo('2025-10-13T01:59:59Z')).toBe(0);
    expect(await moveClockTo('2025-10-13T02:00:00Z')).toBe(1);
    const mine = await liSi.call<Notification[]>('GET', '/api/notifications?unread=true');
    expect(mine.body.map((n) => [n.kind, n.taskId])).toEqual([['deadline.reminder', taskId]]);
    expect((await liSi.call<{ count: number }>('GET', '/api/notifications/unread-count')).body.count).toBe(1);
    await eventually(() => mailsTo('li.si@zhifa.test').length === 1 && hooksFor(taskId).length === 1);
    const hook = hooksFor(taskId)[0];
    expect(verifyWebhookSignature(WEBHOOK_SECRET, hook?.body ?? '', hook?.signature)).toBe(true);
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({ kind: 'deadline.reminder', userId: 'user-li.si', taskId });
  });

  it('when the same timer is fired again (a redelivered job), then nothing is sent twice', async () => {
    const [reminder] = (await liSi.call<Notification[]>('GET', '/api/notifications')).body;
    expect(await server.feature.service.fire(reminder?.timerId ?? '')).toEqual({ type: 'skipped' });
    expect(await moveClockTo('2025-10-13T03:00:00Z')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await liSi.call<Notification[]>('GET', '/api/notifications')).body).toHaveLength(1);
    expect(mailsTo('li.si@zhifa.test')).toHaveLength(1);
    expect(hooksFor(taskId)).toHaveLength(1);
  });

  it('when marked read, then the unread count drops to zero and others cannot mark it', async () => {
    const [reminder] = (await liSi.call<Notification[]>('GET', '/api/notifications')).body;
    expect((await fzkLeader.call<{ marked: number }>('POST', '/api/notifications/read', { ids: [reminder?.id] })).body.marked).toBe(0);
    expect((await liSi.call<{ marked: number }>('POST', '/api/notifications/read', { all: true })).body.marked).toBe(1);
    expect((await liSi.call<{ count: number }>('GET', '/api/notifications/unread-count')).body.count).toBe(0);
    expect((await liSi.call('POST', '/api/notifications/read', { all: false })).status).toBe(400);
  });

  it('when overdue by two working days, then repeated reminders go to the assignee and an escalation to the unit leader', async () => {
    expect(await moveClockTo('2025-10-16T02:00:00Z')).toBe(3);
    const mine = (await liSi.call<Notification[]>('GET', '/api/notifications?unread=true')).body;
    expect(mine.map((n) => n.kind)).toEqual(['deadline.overdue', 'deadline.overdue']);
    const leader = (await fzkLeader.call<Notification[]>('GET', '/api/notifications')).body;
    expect(leader.map((n) => [n.kind, n.taskId])).toEqual([['deadline.escalation', taskId]]);
    await eventually(() => mailsTo('fzk.leader@zhifa.test').length === 1);
    expect((await scjgjLeader.call<Notification[]>('GET', '/api/notifications')).body).toEqual([]);
  });

  it('given the task completed, then its reminders are cancelled, and one left pending by a lost effect does nothing when due', async () => {
    expect((await liSi.call('POST', `/api/tasks/${taskId}/complete`, { variables: {} })).status).toBe(200);
    const rows = await server.feature.service.timersOf(taskId);
    expect(rows.filter((t) => t.state === 'pending')).toEqual([]);
    const upper = rows.find((t) => t.kind === 'escalation' && t.dueAt === '2025-10-20T02:00:00.000Z');
    expect(upper?.state).toBe('cancelled');
    // Fault injection: the process died between the completion's commit and the cancelling of its timers.
    await dbOf().query(`UPDATE timer SET cancelled_at = NULL WHERE id = $1`, [upper?.id]);
    const before = receiver.hooks.length;
    expect(await moveClockTo('2025-10-20T02:00:00Z')).toBe(1);
    expect((await scjgjLeader.call<Notification[]>('GET', '/api/notifications')).body).toEqual([]);
    expect((await server.feature.service.timersOf(taskId)).find((t) => t.id === upper?.id)?.state).toBe('fired');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.hooks.length).toBe(before);
  });
});

describe('pause, resume and extend (POST /api/tasks/:id/deadline)', () => {
  let taskId = '';

  it('given a task created on Monday 2025-10-20, when extended by 2 working days, then due moves from 10-27 to 10-29 and reminders follow', async () => {
    server.clock.set(new Date('2025-10-20T02:00:00Z'));
    taskId = await startReview();
    expect((await admin.call<DeadlineView>('GET', `/api/tasks/${taskId}/deadline`)).body.dueAt).toBe('2025-10-27T02:00:00.000Z');
    const extended = await fzkLeader.call<DeadlineView>('POST', `/api/tasks/${taskId}/deadline`, { action: 'extend', days: 2, reason: '需补充材料' });
    expect(extended.status).toBe(200);
    expect(extended.body.dueAt).toBe('2025-10-29T02:00:00.000Z');
    expect(extended.body.steps.map((s) => [s.step, s.dueAt, s.reason])).toEqual([
      ['computed', '2025-10-27T02:00:00.000Z', undefined],
      ['extend', '2025-10-29T02:00:00.000Z', '需补充材料'],
    ]);
    const pending = extended.body.timers.filter((t) => t.state === 'pending');
    expect(pending.find((t) => t.kind === 'reminder')?.dueAt).toBe('2025-10-28T02:00:00.000Z');
    expect(extended.body.timers.filter((t) => t.state === 'cancelled')).toHaveLength(4);
  });

  it('when paused on 10-20 and resumed on 10-22, then the due date moves by the two working days lost', async () => {
    const paused = await admin.call<DeadlineView>('POST', `/api/tasks/${taskId}/deadline`, { action: 'pause', reason: '等待鉴定结果' });
    expect(paused.body).toMatchObject({ paused: true, dueAt: null });
    expect(paused.body.timers.filter((t) => t.state === 'pending')).toEqual([]);
    expect((await admin.call('POST', `/api/tasks/${taskId}/deadline`, { action: 'pause', reason: 'again' })).status).toBe(409);
    server.clock.set(new Date('2025-10-22T02:00:00Z'));
    const resumed = await admin.call<DeadlineView>('POST', `/api/tasks/${taskId}/deadline`, { action: 'resume', reason: '鉴定结果已到' });
    expect(resumed.body).toMatchObject({ paused: false, dueAt: '2025-10-31T02:00:00.000Z' });
    const audit = await listAudit(dbOf(), { action: 'task.deadline' });
    expect(audit.filter((e) => e.data['taskId'] === taskId).map((e) => [e.data['type'], e.actor])).toEqual([
      ['extend', 'user-scjgj-fzk.leader'], ['pause', 'user-admin'], ['resume', 'user-admin'],
    ]);
  });

  it('given the assignee or someone of another unit, then they may not change the deadline', async () => {
    expect((await liSi.call('POST', `/api/tasks/${taskId}/deadline`, { action: 'extend', days: 1, reason: 'x' })).status).toBe(403);
    const other = await new Client(server.zhifa.url).as('zhao.liu');
    expect((await other.call('POST', `/api/tasks/${taskId}/deadline`, { action: 'extend', days: 1, reason: 'x' })).status).toBe(404);
    expect((await admin.call('POST', `/api/tasks/${taskId}/deadline`, { action: 'extend', reason: 'no days' })).status).toBe(400);
  });
});

describe('R7: a worker killed before its commit', () => {
  it('given the claim rolled back, then nothing was sent, and when the timer is delivered again, then the reminder is sent once', async () => {
    server.clock.set(new Date('2025-10-22T02:00:00Z'));
    const taskId = await startReview();
    const reminder = (await server.feature.service.timersOf(taskId)).find((t) => t.kind === 'reminder' && t.state === 'pending');
    expect(reminder?.dueAt).toBe('2025-10-28T02:00:00.000Z');
    server.clock.set(new Date('2025-10-28T02:00:00Z'));
    const now = server.clock.now().toISOString();
    const [mailsBefore, hooksBefore] = [mailsTo('li.si@zhifa.test').length, receiver.hooks.length];
    const killed = dbOf().transaction(async (tx) => {
      const timer = await claimTimer(tx, reminder?.id ?? '', now);
      const task = await getInboxTask(tx, taskId);
      if (!timer || !task) throw new Error('nothing to claim');
      const { deliveries } = await notifyForTimer(tx, timer, task, now, { enqueue: async () => undefined, email: true, webhookUrl: receiver.url });
      expect(deliveries.map((d) => d.type)).toEqual(['email', 'webhook']);
      throw new Error('worker killed before commit');
    });
    await expect(killed).rejects.toThrow('worker killed');
    // The outbox rows rolled back with the claim: the reconciler finds nothing of it to send.
    await server.feature.reconcileDeliveries();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsTo('li.si@zhifa.test')).toHaveLength(mailsBefore);
    expect(await server.feature.service.fire(reminder?.id ?? '')).toEqual({ type: 'fired', notified: 1 });
    await eventually(() => mailsTo('li.si@zhifa.test').length === mailsBefore + 1 && receiver.hooks.length === hooksBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailsTo('li.si@zhifa.test')).toHaveLength(mailsBefore + 1);
    expect(receiver.hooks).toHaveLength(hooksBefore + 1);
  });
});

describe('R5/R7 for deliveries: committed, but the job never reached the queue', () => {
  it('given a reminder committed and its e-mail and webhook jobs lost, when the delivery reconciler runs, then each is sent once', async () => {
    server.clock.set(new Date('2025-11-03T02:00:00Z'));
    const taskId = await startReview();
    const reminder = (await server.feature.service.timersOf(taskId)).find((t) => t.kind === 'reminder' && t.state === 'pending');
    server.clock.set(new Date(reminder?.dueAt ?? ''));
    const now = server.clock.now().toISOString();
    const [mailsBefore, hooksBefore] = [mailsTo('li.si@zhifa.test').length, hooksFor(taskId).length];
    // given a worker that committed the claim and the outbox rows, then died before queueing (or Redis lost them)
    const ids = await dbOf().transaction(async (tx) => {
      const timer = await claimTimer(tx, reminder?.id ?? '', now);
      const task = await getInboxTask(tx, taskId);
      if (!timer || !task) throw new Error('nothing to claim');
      return (await notifyForTimer(tx, timer, task, now, { enqueue: async () => undefined, email: true, webhookUrl: receiver.url })).deliveries.map((d) => d.id);
    });
    expect(ids).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo('li.si@zhifa.test')).toHaveLength(mailsBefore);
    // when the reconciler runs (twice, as two processes might)
    const first = await server.feature.reconcileDeliveries();
    const second = await server.feature.reconcileDeliveries();
    // then both were queued once, and each arrives exactly once
    expect(first.enqueued).toBeGreaterThanOrEqual(2);
    expect(second.enqueued).toBe(0);
    await eventually(() => mailsTo('li.si@zhifa.test').length === mailsBefore + 1 && hooksFor(taskId).length === hooksBefore + 1);
    await eventually(async () => (await Promise.all(ids.map((id) => findDelivery(dbOf(), id)))).every((d) => d?.deliveredAt !== undefined));
    // and once marked delivered they are no longer pending, so no later pass sends them again
    const third = await server.feature.reconcileDeliveries();
    expect(third.checked).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsTo('li.si@zhifa.test')).toHaveLength(mailsBefore + 1);
    expect(hooksFor(taskId)).toHaveLength(hooksBefore + 1);
  });
});

describe('an unclaimed task of a unit', () => {
  it('given candidate group = the unit, when the reminder is due, then every member of the unit is reminded once', async () => {
    const analyst = await new Client(server.zhifa.url).as('analyst');
    const grouped = bpmn.replace('id="legal-review"', 'id="unit-review"').replace('assignee="user-li.si"', 'candidateGroups="unit-scjgj-fzk"');
    expect((await analyst.call('POST', '/api/deployments', { name: 'unit', resources: [{ name: 'unit.bpmn', content: grouped }] })).status).toBe(201);
    server.clock.set(new Date('2025-10-28T02:00:00Z'));
    const started = await admin.call<{ id: string }>('POST', '/api/process-definitions/key/unit-review/start', {});
    const taskId = (await admin.call<{ id: string }[]>('GET', `/api/tasks?processInstanceId=${started.body.id}`)).body[0]?.id ?? '';
    await moveClockTo('2025-11-03T02:00:00Z');
    for (const member of [liSi, fzkLeader]) {
      const mine = (await member.call<Notification[]>('GET', '/api/notifications')).body.filter((n) => n.taskId === taskId);
      expect(mine.map((n) => n.kind)).toEqual(['deadline.reminder']);
    }
    expect((await scjgjLeader.call<Notification[]>('GET', '/api/notifications')).body.filter((n) => n.taskId === taskId)).toEqual([]);
  });
});

function dbOf() {
  return server.feature.db;
}
