import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { deployUserTask, startWithTask, type ErrorBody, type InstanceBody, type TaskBody } from './support/scenario.js';

// Demo organisation: zhang.san works in 市市场监督管理局/执法稽查科, li.si in its 法制科 (unit-scjgj-fzk),
// scjgj.leader leads the bureau, zhao.liu is in 市生态环境局 (another unit), city.leader leads the city.
let server: TestServer;
let as: Record<'admin' | 'zhang' | 'li' | 'leader' | 'zhao' | 'auditor' | 'city', ApiClient>;

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  as = {
    admin: await anonymous.as('admin'),
    zhang: await anonymous.as('zhang.san'),
    li: await anonymous.as('li.si'),
    leader: await anonymous.as('scjgj.leader'),
    zhao: await anonymous.as('zhao.liu'),
    auditor: await anonymous.as('auditor'),
    city: await anonymous.as('city.leader'),
  };
  await deployUserTask(server.url, { key: 'legal-review', candidateGroups: 'unit-scjgj-fzk' });
});
afterAll(async () => {
  await server?.close();
});

describe('process instances', () => {
  it('given a start with business key and variables, when read back, then the contract shape is returned', async () => {
    const { instance } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-1', variables: { 当事人: '某公司', amount: 5000 } });
    expect(instance).toMatchObject({ state: 'active', businessKey: 'CASE-1', variables: { 当事人: '某公司', amount: 5000 }, activeActivityIds: ['review'], endedAt: null });
    const read = await as.zhang.get<InstanceBody>(`/api/process-instances/${instance.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(instance);
    const list = await as.zhang.get<InstanceBody[]>('/api/process-instances?businessKey=CASE-1');
    expect(list.body.map((i) => i.id)).toEqual([instance.id]);
    const history = await as.zhang.get<{ type: string }[]>(`/api/process-instances/${instance.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.length).toBeGreaterThan(0);
  });

  it('given reserved, prototype or malformed variable names, when starting or setting, then 400 and nothing is written', async () => {
    for (const body of [
      '{"variables":{"__proto__":{"admin":true}}}',
      '{"variables":{"constructor":1}}',
      '{"variables":{"_system":1}}',
      '{"variables":{"ok":{"__proto__":{"x":1}}}}',
      '{"variables":{"1abc":1}}',
    ]) {
      const reply = await as.zhang.request<ErrorBody>('POST', '/api/process-definitions/key/legal-review/start', body, { 'content-type': 'application/json' });
      expect(reply.status, body).toBe(400);
      expect(reply.body.error.code).toBe('INVALID_INPUT');
    }
    const { instance } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-VARS' });
    const bad = await as.zhang.request('PUT', `/api/process-instances/${instance.id}/variables`, '{"variables":{"a":1,"__proto__":{"b":2}}}', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect((await as.zhang.get<InstanceBody>(`/api/process-instances/${instance.id}`)).body.variables).toEqual({});
    const good = await as.zhang.put<InstanceBody>(`/api/process-instances/${instance.id}/variables`, { variables: { a: 1 } });
    expect(good.status).toBe(200);
    expect(good.body.variables).toEqual({ a: 1 });
  });

  it('given an instance of another unit, when read, changed or cancelled, then 404 — same-unit non-participants 403', async () => {
    const { instance } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-ACCESS' });
    expect((await as.zhao.get(`/api/process-instances/${instance.id}`)).status).toBe(404);
    expect((await as.zhao.get(`/api/process-instances/${instance.id}/history`)).status).toBe(404);
    expect((await as.zhao.delete(`/api/process-instances/${instance.id}`, { reason: 'x' })).status).toBe(404);
    expect((await as.zhao.get<InstanceBody[]>('/api/process-instances')).body.map((i) => i.id)).not.toContain(instance.id);
    // Lists show it to the initiator, the bureau's leader (supervisor) and the candidates' side, not to others.
    for (const lister of [as.zhang, as.leader, as.li, as.admin]) {
      expect((await lister.get<InstanceBody[]>('/api/process-instances')).body.map((i) => i.id)).toContain(instance.id);
    }
    // Supervisors of the owning unit, auditors, admins and the initiator may read.
    for (const reader of [as.zhang, as.leader, as.city, as.auditor, as.admin]) {
      expect((await reader.get(`/api/process-instances/${instance.id}`)).status).toBe(200);
    }
    // The auditor may read but never cancel.
    expect((await as.auditor.delete(`/api/process-instances/${instance.id}`, { reason: 'x' })).status).toBe(403);
  });

  it('given the initiator, when cancelling with a reason, then the instance is cancelled and its task is gone', async () => {
    const { instance, task } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-CANCEL' });
    expect((await as.zhang.delete(`/api/process-instances/${instance.id}`, {})).status).toBe(400);
    const cancelled = await as.zhang.delete<InstanceBody>(`/api/process-instances/${instance.id}`, { reason: '当事人撤回申请' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await as.li.post(`/api/tasks/${task.id}/complete`, {})).status).toBe(409);
    expect((await as.admin.get('/api/process-instances/does-not-exist')).status).toBe(404);
  });
});

describe('tasks', () => {
  it('given a candidate-group task, when a member claims, unclaims, claims and completes, then the instance ends', async () => {
    const { instance, task } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-TASK' });
    const inbox = await as.li.get<TaskBody[]>('/api/tasks?candidate=me');
    expect(inbox.body.map((t) => t.id)).toContain(task.id);
    expect((await as.li.get<TaskBody>(`/api/tasks/${task.id}`)).body).toMatchObject({ id: task.id, state: 'open', assignee: null });

    expect((await as.li.post(`/api/tasks/${task.id}/complete`, {})).status).toBe(403);
    const claimed = await as.li.post<TaskBody>(`/api/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toBe('user-li.si');
    expect((await as.li.get<TaskBody[]>('/api/tasks?assignee=me')).body.map((t) => t.id)).toContain(task.id);
    const unclaimed = await as.li.post<TaskBody>(`/api/tasks/${task.id}/unclaim`);
    expect(unclaimed.body.assignee).toBeNull();
    await as.li.post(`/api/tasks/${task.id}/claim`);

    const done = await as.li.post<TaskBody>(`/api/tasks/${task.id}/complete`, { variables: { decision: '通过' } });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('completed');
    const ended = await as.zhang.get<InstanceBody>(`/api/process-instances/${instance.id}`);
    expect(ended.body).toMatchObject({ state: 'completed', variables: { decision: '通过' } });
    expect(ended.body.endedAt).not.toBeNull();
    // A second completion of the same task is a conflict, not a success.
    expect((await as.li.post(`/api/tasks/${task.id}/complete`, {})).status).toBe(409);
  });

  it('given a user outside the candidate group, when claiming or completing, then 403 and the task is unchanged', async () => {
    const { task } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-403' });
    for (const outsider of [as.zhang, as.leader]) {
      const claim = await outsider.post<ErrorBody>(`/api/tasks/${task.id}/claim`);
      expect(claim.status).toBe(403);
      expect(claim.body.error.code).toBe('FORBIDDEN');
      expect((await outsider.post(`/api/tasks/${task.id}/complete`, { variables: { x: 1 } })).status).toBe(403);
    }
    const after = await as.admin.get<TaskBody>(`/api/tasks/${task.id}`);
    expect(after.body).toMatchObject({ state: 'open', assignee: null });
  });

  it('given a user of another unit, when reading, claiming or completing, then 404 and the task is unchanged', async () => {
    const { task } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-404' });
    expect((await as.zhao.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await as.zhao.post(`/api/tasks/${task.id}/claim`)).status).toBe(404);
    expect((await as.zhao.post(`/api/tasks/${task.id}/complete`, {})).status).toBe(404);
    expect((await as.zhao.get<TaskBody[]>('/api/tasks')).body.map((t) => t.id)).not.toContain(task.id);
    expect((await as.admin.get<TaskBody>(`/api/tasks/${task.id}`)).body).toMatchObject({ state: 'open', assignee: null });
  });

  it('given a claimed task, when another candidate claims it, then 409', async () => {
    const { task } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-409' });
    expect((await as.li.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await as.admin.post(`/api/tasks/${task.id}/claim`)).status).toBe(409);
  });

  it('given completion variables with a prototype key, when completing, then 400 and the task stays open', async () => {
    const { task } = await startWithTask(as.zhang, 'legal-review', { businessKey: 'CASE-S5' });
    await as.li.post(`/api/tasks/${task.id}/claim`);
    const reply = await as.li.request('POST', `/api/tasks/${task.id}/complete`, '{"variables":{"__proto__":{"polluted":true}}}', { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect((await as.li.get<TaskBody>(`/api/tasks/${task.id}`)).body.state).toBe('open');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
