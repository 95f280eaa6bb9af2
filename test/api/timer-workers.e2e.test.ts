import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import type { InstanceBody, TaskBody } from './support/scenario.js';

/** The composition root wires real timer wake-ups (system clock): BullMQ on PostgreSQL, or on Redis. */
const header = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.test">`;
const shortTimer = `${header}
  <bpmn:process id="short-timer" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
    <bpmn:userTask id="after"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="user-zhang.san" /></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const servers: { server: TestServer; redisUrl: string | undefined }[] = [];
afterAll(async () => {
  for (const { server, redisUrl } of servers) {
    await server.close();
    if (redisUrl) await deleteQueueKeys(redisUrl, `bull:timers-${server.schema}:*`);
  }
});

/** The queue of a test server is named after its schema; remove its keys from the shared Redis. */
async function deleteQueueKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(pattern);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describe.each([
  { backend: 'PostgreSQL', redisUrl: undefined },
  { backend: 'Redis', redisUrl: process.env['ZHIFA_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/5' },
])('timer wake-ups on $backend', ({ redisUrl }) => {
  it('given a one-second timer, then it fires by itself and the next task appears', { timeout: 30_000 }, async () => {
    const server = await startTestServer({ clock: 'system', workers: true, ...(redisUrl && { redisUrl }) });
    servers.push({ server, redisUrl });
    const analyst = await new ApiClient(server.url).as('analyst');
    expect((await analyst.post('/api/deployments', { name: 't', resources: [{ name: 't.bpmn', content: shortTimer }] })).status).toBe(201);
    const staff = await new ApiClient(server.url).as('zhang.san');
    const started = Date.now();
    const instance = (await staff.post<InstanceBody>('/api/process-definitions/key/short-timer/start', {})).body;
    let tasks: TaskBody[] = [];
    while (Date.now() - started < 20_000 && tasks.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      tasks = (await staff.get<TaskBody[]>(`/api/tasks?processInstanceId=${instance.id}`)).body;
    }
    const elapsed = Date.now() - started;
    expect(tasks.map((t) => t.activityId)).toEqual(['after']);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    console.log(`timer PT1S fired and task created after ${elapsed} ms`);
    expect((await new ApiClient(server.url).get('/readyz')).body).toMatchObject({ ready: true, status: 'ok', queue: 'ok' });
    const metrics = (await new ApiClient(server.url).get<string>('/metrics')).body;
    expect(metrics).toMatch(/zhifa_timer_lateness_seconds_count\{attempt="1"\} [1-9]/);
    expect(metrics).toContain(`zhifa_queue_jobs{queue="timers-${server.schema}"`);
  });
});

describe('R6 (fast version): Redis away', () => {
  it('given the queue unreachable, then the API keeps working and readiness says degraded', { timeout: 40_000 }, async () => {
    const { TcpProxy } = await import('./support/tcp-proxy.js');
    const proxy = new TcpProxy('127.0.0.1', 6379);
    await proxy.start();
    const redisUrl = `redis://127.0.0.1:${proxy.port}/5`;
    const server = await startTestServer({ clock: 'system', workers: true, redisUrl });
    try {
      const analyst = await new ApiClient(server.url).as('analyst');
      expect((await analyst.post('/api/deployments', { name: 't', resources: [{ name: 't.bpmn', content: shortTimer }] })).status).toBe(201);
      proxy.cutAll();
      const staff = await new ApiClient(server.url).as('zhang.san');
      const started = await staff.post<InstanceBody>('/api/process-definitions/key/short-timer/start', {});
      expect(started.status).toBe(201);
      expect((await staff.get<InstanceBody>(`/api/process-instances/${started.body.id}`)).body.activeActivityIds).toEqual(['wait']);
      const ready = await new ApiClient(server.url).get<{ ready: boolean; status: string; queue: string }>('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ ready: true, status: 'degraded', queue: 'down' });
    } finally {
      // Redis back before closing: BullMQ's close against an unreachable Redis rejects unhandled.
      proxy.restore();
      await server.close();
      await deleteQueueKeys('redis://127.0.0.1:6379/5', `bull:timers-${server.schema}:*`);
      await proxy.stop();
    }
  });
});
