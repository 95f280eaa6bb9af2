/**
 * R8: a service-task job whose worker keeps failing: the configured retries are used up, then exactly one
 * incident is visible in the API; after the fix an admin retries the incident, the job comes back and its
 * completion finishes the instance. (Backoff between retries: r8-retry-backoff.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startServer, type Api, type TestServer } from './support/api.js';

const jobModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="r8" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
<bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="r8-notify" retries="3" /></bpmn:extensionElements></bpmn:serviceTask>
<bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

interface JobBody {
  id: string;
  processInstanceId: string;
  retries: number;
}

describe('R8 failing service task', () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await server.api.as('admin');
    await deploy(admin, 'r8', jobModel);
  });
  afterAll(async () => server.close());

  it('given a job failing every attempt, when its 3 retries are used, then one incident; after a retry and a success the instance completes', async () => {
    const started = await admin.post<{ id: string }>('/api/process-definitions/key/r8/start', {});
    const instanceId = started.body.id;
    const jobOf = async (): Promise<JobBody | undefined> => (await admin.get<JobBody[]>('/api/jobs?type=r8-notify')).body.find((j) => j.processInstanceId === instanceId);
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const job = await jobOf();
      if (!job || job.retries <= 0) break;
      const failed = await admin.post(`/api/jobs/${job.id}/fail`, { errorMessage: `SMTP down (attempt ${attempt + 1})` });
      attempts.push(`${job.retries}→${failed.status}`);
    }
    const incidents = (await admin.get<{ id: string; processInstanceId: string; type: string }[]>('/api/incidents')).body.filter((i) => i.processInstanceId === instanceId);
    const retried = await admin.post(`/api/incidents/${incidents[0]?.id ?? 'none'}/retry`, {});
    const again = await jobOf();
    const done = again ? await admin.post(`/api/jobs/${again.id}/complete`, { variables: { sent: true } }) : undefined;
    const instance = await admin.get<{ state: string }>(`/api/process-instances/${instanceId}`);
    const left = (await admin.get<{ processInstanceId: string }[]>('/api/incidents')).body.filter((i) => i.processInstanceId === instanceId);
    console.log(
      `R8: job failures (retries→status) ${attempts.join(', ')} → ${incidents.length} incident(s) (${incidents[0]?.type ?? '-'}); retry ${retried.status}, job back with ${again?.retries ?? 0} retries, completion ${done?.status ?? '-'} → instance ${instance.body.state}, incidents left ${left.length}`,
    );
    expect(attempts).toHaveLength(3);
    expect(incidents).toHaveLength(1);
    expect(retried.status).toBe(200);
    expect(done?.status).toBe(200);
    expect(instance.body.state).toBe('completed');
    expect(left).toHaveLength(0);
  });
});
