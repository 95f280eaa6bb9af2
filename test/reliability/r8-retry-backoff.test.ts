/**
 * R8: retries with backoff. A job failed with `retryBackoff` is not offered by `GET /api/jobs` before the
 * (manual) clock has passed it, so a worker polling in a loop cannot burn its retries on a broken SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startServer, type Api, type TestServer } from './support/api.js';

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="r8b" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
<bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="r8b-notify" retries="3" /></bpmn:extensionElements></bpmn:serviceTask>
<bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

describe('R8 retry backoff', () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await server.api.as('admin');
    await deploy(admin, 'r8b', model);
  });
  afterAll(async () => server.close());

  it('given a job failed with retryBackoff PT1M, when workers poll, then it is offered again only once a minute has passed', async () => {
    const started = await admin.post<{ id: string }>('/api/process-definitions/key/r8b/start', {});
    const offered = async () => (await admin.get<{ id: string; processInstanceId: string; retries: number }[]>('/api/jobs?type=r8b-notify')).body.filter((j) => j.processInstanceId === started.body.id);
    const [job] = await offered();
    expect(job?.retries).toBe(3);
    expect((await admin.post(`/api/jobs/${job?.id ?? 'none'}/fail`, { errorMessage: 'SMTP down', retryBackoff: 'PT1M' })).status).toBe(200);
    expect(await offered()).toHaveLength(0);
    expect((await admin.post('/api/admin/clock', { advance: 'PT59S' })).status).toBe(200);
    expect(await offered()).toHaveLength(0);
    expect((await admin.post('/api/admin/clock', { advance: 'PT1S' })).status).toBe(200);
    expect((await offered()).map((j) => [j.id, j.retries])).toEqual([[job?.id, 2]]);
    console.log('R8: a job failed with retryBackoff PT1M is offered 0× in the first 59 s and again at 60 s');
  });

  it('given a malformed retryBackoff, when a job is failed, then 400 names the field and the job keeps its retries', async () => {
    const started = await admin.post<{ id: string }>('/api/process-definitions/key/r8b/start', {});
    const offered = async () => (await admin.get<{ id: string; processInstanceId: string; retries: number }[]>('/api/jobs?type=r8b-notify')).body.filter((j) => j.processInstanceId === started.body.id);
    const [job] = await offered();
    const reply = await admin.post<{ error: { code: string; message: string } }>(`/api/jobs/${job?.id ?? 'none'}/fail`, { errorMessage: 'SMTP down', retryBackoff: '1 minute' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('retryBackoff');
    expect((await offered()).map((j) => j.retries)).toEqual([3]);
  });
});
