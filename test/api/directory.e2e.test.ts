/**
 * The user directory through the real server: `GET /api/users` and `GET /api/units` scoped by the caller's
 * office (admin: everyone), and `GET /api/process-instances/:id/names` giving the timeline its display names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

interface DirectoryUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly unitPath: string | null;
}
interface DirectoryUnit {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly path: string;
}
interface InstanceNames {
  readonly users: readonly { readonly id: string; readonly username: string; readonly displayName: string }[];
  readonly units: readonly { readonly id: string; readonly name: string }[];
}

/** 审核 (candidate 李四) → end. */
const reviewFlow = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://zhifa.test"><process id="directory_flow" isExecutable="true"><startEvent id="s"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="review"/><userTask id="review" name="审核" camunda:candidateUsers="user-li.si"/>
  <sequenceFlow id="f2" sourceRef="review" targetRef="e"/><endEvent id="e"/></process></definitions>`;

let server: TestServer;
let anonymous: ApiClient;
const client: Record<string, ApiClient> = {};
const as = (user: string): ApiClient => {
  const c = client[user];
  if (!c) throw new Error(`no client for ${user}`);
  return c;
};

beforeAll(async () => {
  server = await startTestServer();
  anonymous = new ApiClient(server.url);
  for (const user of ['admin', 'analyst', 'auditor', 'zhang.san', 'li.si', 'zhao.liu', 'city.leader']) client[user] = await anonymous.as(user);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function users(user: string, query = ''): Promise<DirectoryUser[]> {
  const reply = await as(user).get<DirectoryUser[]>(`/api/users${query}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}
const usernames = (list: readonly DirectoryUser[]) => list.map((u) => u.username);

describe('GET /api/users', () => {
  it('given no token, when the directory is read, then 401', async () => {
    expect((await anonymous.get('/api/users')).status).toBe(401);
    expect((await anonymous.get('/api/units')).status).toBe(401);
  });

  it('given staff of 执法稽查科, then they see their bureau with its sections and the city above it, and no other bureau', async () => {
    const seen = usernames(await users('zhang.san'));
    expect(seen).toEqual(expect.arrayContaining(['zhang.san', 'li.si', 'scjgj.leader', 'scjgj-fzk.leader', 'city.leader']));
    for (const other of ['zhao.liu', 'sthjj.leader', 'wang.wu', 'sfj.leader', 'sun.qi', 'zhou.ba', 'analyst']) expect(seen).not.toContain(other);
  });

  it('given staff of another bureau, then the first bureau stays hidden from them', async () => {
    const seen = usernames(await users('zhao.liu'));
    expect(seen).toEqual(expect.arrayContaining(['zhao.liu', 'sthjj.leader', 'city.leader']));
    for (const other of ['zhang.san', 'li.si', 'scjgj.leader', 'wang.wu']) expect(seen).not.toContain(other);
  });

  it('given the city level or an admin, then everyone is listed', async () => {
    for (const user of ['admin', 'city.leader']) {
      expect(usernames(await users(user, '?limit=200')), user).toEqual(expect.arrayContaining(['zhang.san', 'zhao.liu', 'wang.wu', 'sun.qi', 'zhou.ba']));
    }
  });

  it('answers id, username, display name and unit (name and path), never roles or e-mail', async () => {
    const [liSi] = await users('zhang.san', `?q=${encodeURIComponent('李四')}`);
    expect(liSi).toEqual({ id: 'user-li.si', username: 'li.si', displayName: '李四', unitId: 'unit-scjgj-fzk', unitName: '法制科', unitPath: '市市场监督管理局 / 法制科' });
  });

  it('given a search text, then it matches display name, username or id, with LIKE wildcards taken literally', async () => {
    expect(usernames(await users('zhang.san', `?q=${encodeURIComponent('科长')}`))).toEqual(['scjgj-fzk.leader']);
    expect(usernames(await users('admin', '?q=LI.S'))).toEqual(['li.si']);
    expect(await users('admin', `?q=${encodeURIComponent('%')}`)).toEqual([]);
    // Searching does not widen the scope.
    expect(await users('zhang.san', `?q=${encodeURIComponent('赵六')}`)).toEqual([]);
  });

  it('given a unit filter, then only that unit inside the scope; a unit outside it gives nothing', async () => {
    expect(usernames(await users('zhang.san', '?unitId=unit-scjgj-fzk')).sort()).toEqual(['li.si', 'scjgj-fzk.leader']);
    expect(await users('zhang.san', '?unitId=unit-sthjj-zfk')).toEqual([]);
    expect(usernames(await users('admin', '?unitId=unit-sthjj-zfk'))).toEqual(['zhao.liu']);
  });

  it('refuses unknown or bad query parameters with 400', async () => {
    expect((await as('zhang.san').get('/api/users?role=admin')).status).toBe(400);
    expect((await as('zhang.san').get('/api/users?limit=0')).status).toBe(400);
  });
});

describe('GET /api/units', () => {
  it('given staff, then units of their bureau and the city, with paths; other bureaus hidden', async () => {
    const reply = await as('zhang.san').get<DirectoryUnit[]>('/api/units');
    expect(reply.status).toBe(200);
    const ids = reply.body.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining(['unit-city', 'unit-scjgj', 'unit-scjgj-fzk', 'unit-scjgj-jck']));
    expect(ids).not.toContain('unit-sthjj-zfk');
    expect(ids).not.toContain('unit-sfj');
    expect(reply.body.find((u) => u.id === 'unit-scjgj-fzk')).toEqual({ id: 'unit-scjgj-fzk', name: '法制科', parentId: 'unit-scjgj', path: '市市场监督管理局 / 法制科' });
    const admin = await as('admin').get<DirectoryUnit[]>(`/api/units?q=${encodeURIComponent('法制科')}`);
    expect(admin.body.map((u) => u.id).sort()).toEqual(['unit-scjgj-fzk', 'unit-sfj-fzk']);
  });
});

describe('GET /api/process-instances/:id/names', () => {
  it('given a transferred task, then the timeline names resolve to display names for those who may see the case', async () => {
    const deployed = await as('analyst').post('/api/deployments', { name: 'directory_flow.bpmn', resources: [{ name: 'directory_flow.bpmn', content: reviewFlow }] });
    expect(deployed.status).toBe(201);
    const started = await as('zhang.san').post<{ id: string }>('/api/process-definitions/key/directory_flow/start', { businessKey: 'DIR-1' });
    expect(started.status).toBe(201);
    const instanceId = started.body.id;
    const [task] = (await as('admin').get<{ id: string }[]>(`/api/tasks?processInstanceId=${instanceId}`)).body;
    if (!task) throw new Error('no task');
    expect((await as('li.si').post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const transferred = await as('li.si').post(`/api/tasks/${task.id}/transfer`, { userId: 'user-scjgj-fzk.leader', reason: '请冯科长办理' });
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(200);
    const cc = await as('zhang.san').post(`/api/process-instances/${instanceId}/cc`, { unitIds: ['unit-scjgj-fzk'] });
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);

    const names = await as('zhang.san').get<InstanceNames>(`/api/process-instances/${instanceId}/names`);
    expect(names.status).toBe(200);
    const byId = new Map(names.body.users.map((u) => [u.id, u.displayName]));
    expect(byId.get('user-zhang.san')).toBe('张三');
    expect(byId.get('user-li.si')).toBe('李四');
    expect(byId.get('user-scjgj-fzk.leader')).toBe('冯科长');
    expect(byId.has('user-zhao.liu')).toBe(false);
    expect(names.body.units).toContainEqual({ id: 'unit-scjgj-fzk', name: '法制科' });
    // Every actor of the history has a name.
    const history = await as('zhang.san').get<{ actor: string | null }[]>(`/api/process-instances/${instanceId}/history`);
    for (const actor of new Set(history.body.flatMap((e) => (e.actor && e.actor.startsWith('user-') ? [e.actor] : [])))) expect(byId.has(actor), actor).toBe(true);

    expect((await as('zhao.liu').get(`/api/process-instances/${instanceId}/names`)).status).toBe(404);
    expect((await anonymous.get(`/api/process-instances/${instanceId}/names`)).status).toBe(401);
    expect((await as('admin').get('/api/process-instances/no-such-instance/names')).status).toBe(404);
  });
});
