import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">
<bpmn:process id="migrating" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const task = (id: string) => `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="user-zhang.san"/></bpmn:extensionElements></bpmn:userTask>`;
const v1 = definitions(`<bpmn:startEvent id="s"/>${flow('f1', 's', 'review')}${task('review')}${flow('f2', 'review', 'e')}<bpmn:endEvent id="e"/>`);
const v2 = definitions(`<bpmn:startEvent id="s"/>${flow('f1', 's', 'check')}${task('check')}${flow('f2', 'check', 'sign')}${task('sign')}${flow('f3', 'sign', 'e')}<bpmn:endEvent id="e"/>`);

describe('POST /api/process-instances/:id/migrate', () => {
  let server: TestServer;
  let admin: ApiClient;
  let staff: ApiClient;
  let instanceId: string;
  let v2Id: string;

  beforeAll(async () => {
    server = await startTestServer();
    const anonymous = new ApiClient(server.url);
    admin = await anonymous.as('admin');
    staff = await anonymous.as('zhang.san');
    expect((await admin.post('/api/deployments', { name: 'v1', resources: [{ name: 'm.bpmn', content: v1 }] })).status).toBe(201);
    instanceId = (await staff.post<{ id: string }>('/api/process-definitions/key/migrating/start', {})).body.id;
    const deployed = await admin.post<{ processDefinitions: { id: string }[] }>('/api/deployments', { name: 'v2', resources: [{ name: 'm.bpmn', content: v2 }] });
    v2Id = deployed.body.processDefinitions[0]!.id;
  });
  afterAll(async () => {
    await server.close();
  });

  it('given a renamed step without a mapping, when migrated, then 400 names the element and the instance stays on v1', async () => {
    const refused = await admin.post<{ error: { code: string; details: { element: string } } }>(`/api/process-instances/${instanceId}/migrate`, { targetDefinitionId: v2Id, mapping: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.element).toBe('review');
    expect((await staff.get<{ definitionId: string }>(`/api/process-instances/${instanceId}`)).body.definitionId).not.toBe(v2Id);
  });

  it('given staff, when migrating, then 403', async () => {
    expect((await staff.post(`/api/process-instances/${instanceId}/migrate`, { targetDefinitionId: v2Id, mapping: { review: 'check' } })).status).toBe(403);
  });

  it('given a mapping, when an admin migrates, then the waiting task is the new step and the instance finishes on v2', async () => {
    const moved = await admin.post(`/api/process-instances/${instanceId}/migrate`, { targetDefinitionId: v2Id, mapping: { review: 'check' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const instance = await staff.get<{ definitionId: string; activeActivityIds: string[] }>(`/api/process-instances/${instanceId}`);
    expect([instance.body.definitionId, instance.body.activeActivityIds]).toEqual([v2Id, ['check']]);
    const history = JSON.stringify((await staff.get(`/api/process-instances/${instanceId}/history`)).body);
    expect(history).toContain('instance.migrated');
  });
});
