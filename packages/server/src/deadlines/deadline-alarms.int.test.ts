import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Metrics } from '../observability/metrics.js';
import { deadlineTimerObserver } from './operations/deadline-metrics.js';
import { Client, eventually, startDeadlineServer, startSmtpSink, startWebhookReceiver, type DeadlineTestServer } from './deadlines.test-support.js';

/** Seconds, so the real BullMQ alarms fire within the test: reminder at +1 s, due at +3 s, escalation at +4 s. */
const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="d" targetNamespace="http://zhifa.test">
  <bpmn:process id="quick" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="answer" />
    <bpmn:userTask id="answer" name="答复">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="user-li.si" />
        <zhifa:deadline duration="PT3S" calendar="calendar">
          <zhifa:reminder before="PT2S" />
          <zhifa:escalation after="PT1S" to="unit-leader" />
        </zhifa:deadline>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="answer" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const REDIS_URL = process.env['ZHIFA_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/6';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function deleteQueueKeys(schema: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    for (const pattern of [`bull:deadlines-${schema}:*`, `bull:notifications-${schema}:*`]) {
      const keys = await redis.keys(pattern);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

describe.each([
  { backend: 'PostgreSQL', redisUrl: undefined },
  { backend: 'Redis', redisUrl: REDIS_URL },
])('reminder alarms on BullMQ ($backend), system clock', ({ redisUrl }) => {
  it('given a task with a reminder and an escalation seconds away, then both fire by themselves, once each', { timeout: 60_000 }, async () => {
    const smtp = await startSmtpSink();
    const receiver = await startWebhookReceiver();
    const server: DeadlineTestServer = await startDeadlineServer({
      start: new Date(), smtpPort: smtp.port, webhookUrl: receiver.url, systemClock: redisUrl ? { redisUrl } : {},
    });
    cleanups.push(async () => {
      await server.close();
      if (redisUrl) await deleteQueueKeys(server.schema);
      await smtp.close();
      await receiver.close();
    });
    const anonymous = new Client(server.zhifa.url);
    const analyst = await anonymous.as('analyst');
    expect((await analyst.call('POST', '/api/deployments', { name: 'quick', resources: [{ name: 'quick.bpmn', content: bpmn }] })).status).toBe(201);
    const admin = await anonymous.as('admin');
    const started = await admin.call<{ id: string }>('POST', '/api/process-definitions/key/quick/start', {});
    const [task] = (await admin.call<{ id: string }[]>('GET', `/api/tasks?processInstanceId=${started.body.id}`)).body;
    const liSi = await anonymous.as('li.si');
    const leader = await anonymous.as('scjgj-fzk.leader');
    let kinds: string[] = [];
    for (let i = 0; i < 150 && kinds.length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const mine = (await liSi.call<{ kind: string }[]>('GET', '/api/notifications')).body;
      const theirs = (await leader.call<{ kind: string }[]>('GET', '/api/notifications')).body;
      kinds = [...mine, ...theirs].map((n) => n.kind).sort();
    }
    expect(kinds).toEqual(['deadline.escalation', 'deadline.reminder']);
    await eventually(() => receiver.hooks.length === 2);
    const timers = await server.feature.service.timersOf(task?.id ?? '');
    expect(timers.map((t) => t.state)).toEqual(['fired', 'fired']);
  });
});

describe('deadline metrics', () => {
  it('given a wake-up, then its lateness is in the server registry', async () => {
    const metrics = new Metrics();
    deadlineTimerObserver(metrics).onWakeup?.({ timerId: 't', latenessMs: 42, attempt: 1 });
    expect(await metrics.registry.metrics()).toMatch(/zhifa_deadline_timer_lateness_seconds_count\{attempt="1"\} 1/);
  });
});
