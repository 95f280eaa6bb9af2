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

const cycleStart = (cycle: string, assignee: string): string => `${header}
  <bpmn:process id="cycle-start" isExecutable="true">
    <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="look" />
    <bpmn:userTask id="look"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="${assignee}" /></bpmn:extensionElements></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;

describe('a timer start event across redeploys (system clock, BullMQ on PostgreSQL)', () => {
  it('given v1 starting an instance every second, when v2 with another cycle is deployed, then v1 starts no more and v2 starts on its own schedule', { timeout: 40_000 }, async () => {
    const server = await startTestServer({ clock: 'system', workers: true });
    servers.push({ server, redisUrl: undefined });
    const analyst = await new ApiClient(server.url).as('analyst');
    const admin = await new ApiClient(server.url).as('admin');
    const instances = async () => (await admin.get<InstanceBody[]>('/api/process-instances?key=cycle-start')).body;
    const waitFor = async (what: string, check: (list: InstanceBody[]) => boolean): Promise<InstanceBody[]> => {
      for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
        const list = await instances();
        if (check(list)) return list;
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    // given v1 ticking every second
    expect((await analyst.post('/api/deployments', { name: 'v1', resources: [{ name: 'c.bpmn', content: cycleStart('R/PT1S', 'user-zhang.san') }] })).status).toBe(201);
    const v1 = (await waitFor('v1 to start an instance', (list) => list.length > 0))[0]!.definitionId;
    // when v2 (every 2 s) replaces it
    expect((await analyst.post('/api/deployments', { name: 'v2', resources: [{ name: 'c.bpmn', content: cycleStart('R/PT2S', 'user-li.si') }] })).status).toBe(201);
    const replacedAt = Date.now();
    const list = await waitFor('v2 to start two instances', (l) => l.filter((i) => i.definitionId !== v1).length >= 2);
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await instances()).filter((i) => i.definitionId === v1 && Date.parse(i.startedAt) > replacedAt + 500);
    // then v1's schedule is gone (at most a tick already in flight at the redeploy), v2's runs
    expect(after).toEqual([]);
    expect(new Set(list.filter((i) => i.definitionId !== v1).map((i) => i.definitionId)).size).toBe(1);
    const timers = (await admin.get<{ activityId: string; processInstanceId: string | null }[]>('/api/timers')).body.filter((t) => t.activityId === 'tick');
    expect(timers).toHaveLength(1);
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
