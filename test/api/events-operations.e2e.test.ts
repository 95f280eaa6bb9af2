import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { jobProcess, messageProcess, timerProcess } from './support/fixtures.js';
import type { InstanceBody, TaskBody } from './support/scenario.js';

let server: TestServer;
let admin: ApiClient;
let staff: ApiClient;

async function deploy(name: string, content: string): Promise<void> {
  const analyst = await new ApiClient(server.url).as('analyst');
  const reply = await analyst.post('/api/deployments', { name, resources: [{ name: `${name}.bpmn`, content }] });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
}

async function start(key: string, body: object = {}): Promise<InstanceBody> {
  const reply = await staff.post<InstanceBody>(`/api/process-definitions/key/${key}/start`, body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  admin = await anonymous.as('admin');
  staff = await anonymous.as('zhang.san');
  await deploy('msg', messageProcess('msg-proc', 'payment-received'));
  await deploy('job', jobProcess('job-proc', 'send-letter'));
  await deploy('timer', timerProcess('timer-proc', 'user-zhang.san'));
});
afterAll(async () => {
  await server?.close();
});

describe('messages and signals', () => {
  it('given an instance waiting for a message, when correlated by key, then one is correlated and it ends', async () => {
    const waiting = await start('msg-proc', { variables: { caseNo: 'C-9' } });
    const other = await start('msg-proc', { variables: { caseNo: 'C-10' } });
    const reply = await staff.post<{ correlated: number; started: number; processInstanceIds: string[] }>('/api/messages', {
      name: 'payment-received',
      correlationKey: 'C-9',
      variables: { paid: true },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ correlated: 1, started: 0, processInstanceIds: [waiting.id] });
    expect((await staff.get<InstanceBody>(`/api/process-instances/${waiting.id}`)).body).toMatchObject({ state: 'completed', variables: { paid: true } });
    expect((await staff.get<InstanceBody>(`/api/process-instances/${other.id}`)).body.state).toBe('active');
  });

  it('given no subscriber, when a signal is broadcast, then nothing is triggered', async () => {
    const reply = await staff.post<{ triggered: number; started: number }>('/api/signals', { name: 'nobody-listens' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ triggered: 0, started: 0 });
    expect((await staff.post('/api/signals', {})).status).toBe(400);
  });
});

describe('external jobs and incidents', () => {
  it('given a service task, when a worker fetches and completes its job, then the instance ends', async () => {
    const instance = await start('job-proc');
    const jobs = await staff.get<{ id: string; processInstanceId: string; retries: number }[]>('/api/jobs?type=send-letter');
    const job = jobs.body.find((j) => j.processInstanceId === instance.id);
    expect(job).toBeDefined();
    expect((await staff.post(`/api/jobs/${job!.id}/complete`, { variables: { letterNo: 'L-1' } })).body).toEqual({ ok: true });
    expect((await staff.get<InstanceBody>(`/api/process-instances/${instance.id}`)).body).toMatchObject({ state: 'completed', variables: { letterNo: 'L-1' } });
    expect((await staff.post(`/api/jobs/${job!.id}/complete`, {})).status).toBe(404);
    expect((await staff.get('/api/jobs')).status).toBe(400);
  });

  it('given a job failed without retries, then an incident is listed and an admin retry resolves it', async () => {
    const instance = await start('job-proc');
    const job = (await staff.get<{ id: string; processInstanceId: string }[]>('/api/jobs?type=send-letter')).body.find((j) => j.processInstanceId === instance.id);
    expect((await staff.post(`/api/jobs/${job!.id}/fail`, { errorMessage: 'printer offline', retries: 0 })).status).toBe(200);
    const incidents = await admin.get<{ id: string; processInstanceId: string; message: string }[]>('/api/incidents');
    const incident = incidents.body.find((i) => i.processInstanceId === instance.id);
    expect(incident?.message).toContain('printer offline');
    expect((await staff.get('/api/incidents')).status).toBe(403);
    expect((await staff.post(`/api/incidents/${incident!.id}/retry`)).status).toBe(403);
    expect((await admin.post(`/api/incidents/${incident!.id}/retry`)).status).toBe(200);
    const after = await admin.get<{ processInstanceId: string }[]>('/api/incidents');
    expect(after.body.map((i) => i.processInstanceId)).not.toContain(instance.id);
  });
});

describe('timers and the manual clock', () => {
  it('given a one-day timer, when the clock advances an hour and then a day, then it fires once, on the second step', async () => {
    const before = await admin.get<{ now: string; mode: string }>('/api/admin/clock');
    expect(before.body.mode).toBe('manual');
    const instance = await start('timer-proc');
    const timers = await admin.get<{ id: string; dueAt: string; state: string }[]>(`/api/timers?processInstanceId=${instance.id}`);
    expect(timers.body).toHaveLength(1);
    expect(Date.parse(timers.body[0]!.dueAt) - Date.parse(before.body.now)).toBe(24 * 3600 * 1000);

    const hour = await admin.post<{ firedTimers: number }>('/api/admin/clock', { advance: 'PT1H' });
    expect(hour.body.firedTimers).toBe(0);
    const day = await admin.post<{ firedTimers: number; now: string }>('/api/admin/clock', { advance: 'P1D' });
    expect(day.body.firedTimers).toBe(1);
    expect((await admin.get(`/api/timers?processInstanceId=${instance.id}`)).body).toEqual([]);
    const tasks = await staff.get<TaskBody[]>(`/api/tasks?processInstanceId=${instance.id}`);
    expect(tasks.body.map((t) => t.activityId)).toEqual(['after']);
    expect((await admin.post('/api/admin/clock', { advance: 'soon' })).status).toBe(400);
    expect((await staff.post('/api/admin/clock', { advance: 'P1D' })).status).toBe(403);
  });

  it('given the system clock, when the clock routes are called, then 404', async () => {
    const system = await startTestServer({ clock: 'system' });
    try {
      const sysAdmin = await new ApiClient(system.url).as('admin');
      expect((await sysAdmin.get('/api/admin/clock')).status).toBe(404);
      expect((await sysAdmin.post('/api/admin/clock', { advance: 'P1D' })).status).toBe(404);
    } finally {
      await system.close();
    }
  });
});
