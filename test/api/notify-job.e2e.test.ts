import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

/** start → notify the 法制科 of the market bureau (its members) and its leader → end. */
const notifyProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">
  <bpmn:process id="notifying" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="remind" />
    <bpmn:serviceTask id="remind" name="提醒法制科"><bpmn:extensionElements><zeebe:taskDefinition type="notify" />
      <zeebe:ioMapping><zeebe:input source="=&quot;reminder&quot;" target="notifyKind" /><zeebe:input source="=&quot;unit-scjgj-fzk&quot;" target="notifyUnit" /></zeebe:ioMapping>
      </bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="remind" targetRef="escalate" />
    <bpmn:serviceTask id="escalate" name="督办"><bpmn:extensionElements><zeebe:taskDefinition type="notify" />
      <zeebe:ioMapping><zeebe:input source="=&quot;escalation&quot;" target="notifyKind" /><zeebe:input source="=&quot;unit-scjgj-fzk&quot;" target="notifyUnit" /><zeebe:input source="=&quot;leader&quot;" target="notifyRole" /></zeebe:ioMapping>
      </bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="escalate" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe('notify jobs are worked in-process', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The in-process job runner works where workers run.
    server = await startTestServer({ workers: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('given a process with notify tasks, when started, then the unit members and its leader are notified once and the instance ends', async () => {
    const anonymous = new ApiClient(server.url);
    const analyst = await anonymous.as('analyst');
    expect((await analyst.post('/api/deployments', { name: 'n', resources: [{ name: 'n.bpmn', content: notifyProcess }] })).status).toBe(201);
    const started = await (await anonymous.as('zhang.san')).post<{ id: string; state: string }>('/api/process-definitions/key/notifying/start', {});
    expect(started.status).toBe(201);
    // the job runner picks the jobs up right after the start committed
    const admin = await anonymous.as('admin');
    await expect.poll(async () => (await admin.get<{ state: string }>(`/api/process-instances/${started.body.id}`)).body.state, { timeout: 10_000 })
      .toBe('completed');

    const kinds = async (user: string) => (await (await anonymous.as(user)).get<{ kind: string }[]>('/api/notifications')).body.map((n) => n.kind);
    expect(await kinds('li.si')).toEqual(['reminder']);
    expect((await kinds('scjgj-fzk.leader')).sort()).toEqual(['escalation', 'reminder']);
    expect(await kinds('zhang.san')).toEqual([]);
  });
});
