import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
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
