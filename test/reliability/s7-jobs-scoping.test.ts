/**
 * S7 for external jobs: `GET /api/jobs?type=…` lists to staff only jobs of instances they may open, and a
 * job of another unit's instance cannot be completed or failed by them (404, as for the instance).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startServer, type TestServer } from './support/api.js';

const model = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">
<process id="s7_jobs" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
<serviceTask id="work"><extensionElements><zeebe:taskDefinition type="s7-jobs"/></extensionElements></serviceTask>
<sequenceFlow id="f2" sourceRef="work" targetRef="e"/><endEvent id="e"/></process></definitions>`;

describe('S7: external jobs are scoped to what the caller may see', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    await deploy(await server.api.as('analyst'), 's7_jobs', model);
  }, 60_000);
  afterAll(async () => server?.close());

  it('given a job of 赵六\'s case (生态环境局), when 李四 (市场监督管理局) lists the job type, then it is not there', async () => {
    const zhao = await server.api.as('zhao.liu');
    const li = await server.api.as('li.si');
    const started = await zhao.post<{ id: string }>('/api/process-definitions/key/s7_jobs/start', { variables: { 当事人: '某公司' } });
    expect(started.status).toBe(201);
    expect((await li.get(`/api/process-instances/${started.body.id}`)).status).toBe(404);
    const jobs = await li.get<{ processInstanceId: string }[]>('/api/jobs?type=s7-jobs');
    expect(jobs.status).toBe(200);
    expect(jobs.body.some((j) => j.processInstanceId === started.body.id)).toBe(false);
    // and the initiator, who may open the case, does see it
    const own = await zhao.get<{ id: string; processInstanceId: string }[]>('/api/jobs?type=s7-jobs');
    const job = own.body.find((j) => j.processInstanceId === started.body.id);
    expect(job).toBeDefined();
    // and 李四 cannot complete or fail it by id: 404, nothing changes
    expect((await li.post(`/api/jobs/${job!.id}/complete`, {})).status).toBe(404);
    expect((await li.post(`/api/jobs/${job!.id}/fail`, { errorMessage: 'x' })).status).toBe(404);
    expect((await zhao.get<{ state: string }>(`/api/process-instances/${started.body.id}`)).body.state).toBe('active');
  });
});
