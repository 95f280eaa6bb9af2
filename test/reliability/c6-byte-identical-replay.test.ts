/** C6: answers replayed for one Idempotency-Key are the same bytes as the first (key order included), not just the same JSON value. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startServer, userTaskModel, type Api, type TestServer } from './support/api.js';

describe('C6 byte-identical replays', () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await server.api.as('admin');
    await deploy(admin, 'c6b', userTaskModel('c6b', 'user-admin'));
  });
  afterAll(async () => server.close());

  it('given 10 concurrent starts with one key, then all 10 bodies are byte-identical', async () => {
    const replies = await Promise.all(Array.from({ length: 10 }, () => admin.post('/api/process-definitions/key/c6b/start', {}, { 'idempotency-key': 'k-bytes' })));
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(new Set(replies.map((r) => `${r.status} ${r.headers.get('content-type') ?? ''} ${r.text}`)).size).toBe(1);
  });
});
