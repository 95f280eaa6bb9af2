import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { decidedCaseProcess, fineLevelDmn } from './support/fixtures.js';
import { startTestServer, type TestServer } from './support/harness.js';

/** The 一案一码 feature is composed into every server: public pages without login, admin routes for admins. */
describe('case codes in the composed server', () => {
  let server: TestServer;
  let anonymous: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    anonymous = new ApiClient(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it('given no login, when a forged case link is opened, then the public page answers 404 in Chinese without internals', async () => {
    const reply = await anonymous.get<string>('/case/eyJhbGciOiJIUzI1NiJ9.e30.forged');
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.body).toContain('lang="zh-CN"');
    expect(reply.body).not.toMatch(/at .*\.ts:\d+|SELECT /);
  });

  it('given an admin, when asking for the case codes of an instance, then the list is served; staff are refused', async () => {
    const admin = await anonymous.as('admin');
    const listed = await admin.get<{ items: unknown[] }>('/api/case-codes?instanceId=none');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);

    const staff = await anonymous.as('zhang.san');
    expect((await staff.get('/api/case-codes?instanceId=none')).status).toBe(403);
    expect((await anonymous.get('/api/case-codes?instanceId=none')).status).toBe(401);
  });
});

const caseProcess = decidedCaseProcess('coded-case', '罚款决定');

describe('issuing a case code when a case reaches its decision', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The in-process job runner works where workers run.
    server = await startTestServer({ workers: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('given a decided case, when the review completes, then the code is issued and its public page shows the masked case and the benchmark row', async () => {
    const anonymous = new ApiClient(server.url);
    const analyst = await anonymous.as('analyst');
    const deployed = await analyst.post('/api/deployments', {
      name: 'coded',
      resources: [{ name: 'fines.dmn', content: fineLevelDmn }, { name: 'coded.bpmn', content: caseProcess }],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const staff = await anonymous.as('zhang.san');
    const started = await staff.post<{ id: string }>('/api/process-definitions/key/coded-case/start', {
      variables: { amount: 20000, partyName: '欧阳娜娜', decisionSummary: '当事人欧阳娜娜罚款二万元' },
    });
    expect(started.status).toBe(201);
    const tasks = await staff.get<{ items: { id: string }[] } | { id: string }[]>(`/api/tasks?processInstanceId=${started.body.id}`);
    const list = Array.isArray(tasks.body) ? tasks.body : tasks.body.items;
    expect(list).toHaveLength(1);

    // when
    expect((await staff.post(`/api/tasks/${list[0]!.id}/complete`, { outcome: 'approve', opinion: '同意' })).status).toBe(200);

    // then the job was done in-process (right after the completion committed): the instance ended with a case-code link
    const read = () => staff.get<{ state: string; variables: { caseCodeUrl?: string } }>(`/api/process-instances/${started.body.id}`);
    await expect.poll(async () => (await read()).body.state, { timeout: 10_000 }).toBe('completed');
    const instance = await read();
    const url = instance.body.variables.caseCodeUrl;
    expect(url).toMatch(/\/case\/[\w.-]+$/);
    const page = await anonymous.get<string>(new URL(url!).pathname);
    expect(page.status).toBe(200);
    expect(page.body).toContain('罚款决定');
    expect(page.body).toContain('法制审核');
    expect(page.body).toContain('罚款档次');
    expect(page.body).not.toContain('欧阳娜娜');
    expect(page.body).toContain('欧阳**');
  });
});
