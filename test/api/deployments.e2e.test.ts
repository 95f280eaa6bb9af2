import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { decisionProcess, fineLevelDmn, unsupportedProcess, userTaskProcess } from './support/fixtures.js';

interface DeploymentBody {
  id: string;
  processDefinitions: { id: string; key: string; version: number }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { problems?: { elementId?: string }[] } };
}

let server: TestServer;
let analyst: ApiClient;
let staff: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  analyst = await anonymous.as('analyst');
  staff = await anonymous.as('zhang.san');
});
afterAll(async () => {
  await server?.close();
});

describe('POST /api/deployments', () => {
  it('given valid BPMN as JSON, when deployed twice unchanged and once changed, then versions are 1, 1, 2', async () => {
    const xml = userTaskProcess({ key: 'dep-json', assignee: 'user-li.si' });
    const first = await analyst.post<DeploymentBody>('/api/deployments', { name: 'first', resources: [{ name: 'a.bpmn', content: xml }] });
    expect(first.status).toBe(201);
    expect(first.body.id).toBeTruthy();
    expect(first.body.processDefinitions).toEqual([expect.objectContaining({ key: 'dep-json', version: 1 })]);

    const again = await analyst.post<DeploymentBody>('/api/deployments', { name: 'again', resources: [{ name: 'a.bpmn', content: xml }] });
    expect(again.status).toBe(201);
    expect(again.body.processDefinitions.map((d) => d.version)).toEqual([1]);

    const changed = xml.replace('审核', '复核');
    const second = await analyst.post<DeploymentBody>('/api/deployments', { name: 'second', resources: [{ name: 'a.bpmn', content: changed }] });
    expect(second.body.processDefinitions).toEqual([expect.objectContaining({ key: 'dep-json', version: 2 })]);

    const list = await analyst.get<{ id: string }[]>('/api/deployments');
    expect(list.status).toBe(200);
    expect(list.body.map((d) => d.id)).toContain(first.body.id);
  });

  it('given .bpmn and .form files as multipart, when uploaded, then the process is deployed', async () => {
    const form = new FormData();
    form.append('name', 'upload');
    form.append('files', new Blob([userTaskProcess({ key: 'dep-multipart', assignee: 'user-li.si' })], { type: 'application/xml' }), 'm.bpmn');
    form.append('files', new Blob([JSON.stringify({ type: 'default', components: [] })], { type: 'application/json' }), 'm.form');
    const reply = await analyst.request<DeploymentBody>('POST', '/api/deployments', form);
    expect(reply.status).toBe(201);
    expect(reply.body.processDefinitions).toEqual([expect.objectContaining({ key: 'dep-multipart', version: 1 })]);
    // The form is served by its key (the file name when the schema has no id).
    const forms = await staff.get<{ key: string }[]>('/api/forms');
    expect(forms.body.map((f) => f.key)).toContain('m');
    const served = await staff.get<{ key: string; version: number; schema: unknown }>('/api/forms/m');
    expect(served.body).toMatchObject({ key: 'm', version: 1, schema: { type: 'default', components: [] } });
    expect((await staff.get('/api/forms/none')).status).toBe(404);
  });

  it('given an unsupported element, when deployed, then 422 names the element and nothing is stored', async () => {
    const reply = await analyst.post<ErrorBody>('/api/deployments', { name: 'bad', resources: [{ name: 'bad.bpmn', content: unsupportedProcess('dep-bad') }] });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('MODEL_INVALID');
    expect(reply.body.error.details?.problems?.map((p) => p.elementId)).toContain('bad-gateway');
    expect((await analyst.get<unknown[]>('/api/process-definitions?key=dep-bad')).body).toEqual([]);
  });

  it('given unreadable XML, when deployed, then 422 with where it broke and no stack trace', async () => {
    for (const content of ['<bpmn:definitions><oops', ' ', '<<<>>>', 'hello', '<foo/>', '<definitions xmlns="urn:x"/>']) {
      const reply = await analyst.post<ErrorBody>('/api/deployments', { name: 'broken', resources: [{ name: 'b.bpmn', content }] });
      expect(reply.status, content).toBe(422);
      expect(reply.body.error.code).toBe('MODEL_INVALID');
      expect(reply.body.error.message).toContain('b.bpmn');
      expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const unclosed = await analyst.post<ErrorBody>('/api/deployments', { name: 'broken', resources: [{ name: 'b.bpmn', content: '<bpmn:definitions><oops' }] });
    expect(unclosed.body.error.details).toMatchObject({ problems: [{ line: 1, column: 18 }] });
  });

  it('given a body over the limit, when posted, then 413 with the error body', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const reply = await analyst.post<ErrorBody>('/api/deployments', { name: 'huge', resources: [{ name: 'h.bpmn', content: huge }] });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('given malformed, oversized or misnamed multipart uploads, then 400 / 413, never 5xx', async () => {
    const truncated = await analyst.request('POST', '/api/deployments', '--XX\r\nContent-Disposition: form-data; name="files"; filename="a.bpmn"\r\n\r\nabc', {
      'content-type': 'multipart/form-data; boundary=XX',
    });
    expect(truncated.status).toBe(400);
    const many = new FormData();
    for (let i = 0; i < 60; i += 1) many.append('files', new Blob(['x']), `f${i}.bpmn`);
    expect((await analyst.request('POST', '/api/deployments', many)).status).toBe(413);
    const misnamed = new FormData();
    misnamed.append('other', new Blob(['x']), 'x.bpmn');
    expect((await analyst.request('POST', '/api/deployments', misnamed)).status).toBe(400);
    const big = new FormData();
    big.append('files', new Blob(['x'.repeat(3 * 1024 * 1024)]), 'big.bpmn');
    expect((await analyst.request('POST', '/api/deployments', big)).status).toBe(413);
  });

  it('given a staff user, when deploying, then 403', async () => {
    const reply = await staff.post('/api/deployments', { name: 'x', resources: [{ name: 'x.bpmn', content: userTaskProcess({ key: 'dep-staff' }) }] });
    expect(reply.status).toBe(403);
  });

  it('given a resource with a wrong extension, when deployed, then 400', async () => {
    expect((await analyst.post('/api/deployments', { name: 'x', resources: [{ name: 'x.exe', content: 'MZ' }] })).status).toBe(400);
  });
});

describe('process definitions', () => {
  it('lists by key, reads one and returns its XML', async () => {
    const xml = userTaskProcess({ key: 'def-read', assignee: 'user-li.si' });
    await analyst.post('/api/deployments', { name: 'def', resources: [{ name: 'd.bpmn', content: xml }] });
    const list = await staff.get<{ id: string; key: string; version: number }[]>('/api/process-definitions?key=def-read');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ key: 'def-read', version: 1 })]);
    const id = list.body[0]!.id;
    const one = await staff.get<{ id: string; deploymentId: string }>(`/api/process-definitions/${encodeURIComponent(id)}`);
    expect(one.body).toMatchObject({ id, key: 'def-read' });
    const text = await staff.get<string>(`/api/process-definitions/${encodeURIComponent(id)}/xml`);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toContain('xml');
    expect(text.body).toBe(xml);
    expect((await staff.get('/api/process-definitions/does-not-exist')).status).toBe(404);
  });
});

describe('forms and decisions', () => {
  it('given a DMN and a process calling it, when started, then the decision result is a variable', async () => {
    const reply = await analyst.post<DeploymentBody>('/api/deployments', {
      name: 'fines',
      resources: [
        { name: 'fines.dmn', content: fineLevelDmn },
        { name: 'fine.bpmn', content: decisionProcess('fine-proc', 'user-zhang.san') },
      ],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const started = await staff.post<{ variables: Record<string, unknown> }>('/api/process-definitions/key/fine-proc/start', { variables: { amount: 20000 } });
    expect(started.status).toBe(201);
    expect(started.body.variables).toMatchObject({ amount: 20000, level: 'high' });

    // and the instance history says which decision version and which row applied, with the inputs
    const id = (started.body as unknown as { id: string }).id;
    const history = await staff.get<unknown>(`/api/process-instances/${id}/history`);
    expect(history.status).toBe(200);
    const entries = JSON.stringify(history.body);
    expect(entries).toContain('decision.evaluated');
    const applied = (Array.isArray(history.body) ? history.body : (history.body as { items: unknown[] }).items)
      .map((e) => e as { type: string; activityId: string; details: { applied?: Record<string, unknown> } })
      .find((e) => e.type === 'decision.evaluated' && e.activityId === 'decide')?.details.applied;
    expect(applied).toMatchObject({ decisionId: 'fine-level', version: 1, inputs: { amount: 20000 }, matchedRules: [{ ruleId: 'r1', ruleIndex: 0 }] });
    expect(typeof applied?.['definitionId']).toBe('string');
  });

  it('given an invalid DMN or form, when deployed, then 422 and no process of the same request is stored', async () => {
    const badDmn = await analyst.post<ErrorBody>('/api/deployments', {
      name: 'bad-dmn',
      resources: [
        { name: 'bad.dmn', content: fineLevelDmn.replace('<decisionTable id="fine-level-table" hitPolicy="FIRST">', '<decisionTable id="fine-level-table" hitPolicy="SOMETIMES">') },
        { name: 'with-bad-dmn.bpmn', content: userTaskProcess({ key: 'with-bad-dmn', assignee: 'user-li.si' }) },
      ],
    });
    expect(badDmn.status).toBe(422);
    expect(badDmn.body.error.code).toBe('MODEL_INVALID');
    expect((await analyst.get<unknown[]>('/api/process-definitions?key=with-bad-dmn')).body).toEqual([]);
    const badForm = await analyst.post<ErrorBody>('/api/deployments', { name: 'bad-form', resources: [{ name: 'x.form', content: '{"components": 3}' }] });
    expect(badForm.status).toBe(422);
    expect(badForm.body.error.message).toContain('x.form');
  });
});
