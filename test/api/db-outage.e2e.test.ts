import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { PG_HOST, PG_PORT, TEST_DATABASE_URL, randomSchema, startTestServer, type TestServer } from './support/harness.js';
import { TcpProxy } from './support/tcp-proxy.js';
import type { ErrorBody } from './support/scenario.js';

/** R3 (fast version): the database goes away behind a TCP proxy, then comes back; no restart of zhifa. */
let proxy: TcpProxy;
let server: TestServer;

beforeAll(async () => {
  proxy = new TcpProxy(PG_HOST, PG_PORT);
  await proxy.start();
  server = await startTestServer({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/test`, schema: randomSchema('outage') });
});
afterAll(async () => {
  proxy?.restore();
  await server?.close();
  await proxy?.stop();
});

describe('database down', () => {
  it('given the database unreachable, then 503 with Retry-After and no internals; after it returns, requests succeed again', async () => {
    const admin = await new ApiClient(server.url).as('admin');
    expect((await admin.get('/api/process-definitions')).status).toBe(200);

    proxy.cutAll();
    const down = await admin.get<ErrorBody>('/api/process-definitions');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(down.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(down.body)).not.toMatch(/ECONN|SELECT|at .*:\d+/);
    const login = await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password: 'demo-password-for-tests' });
    expect(login.status).toBe(503);
    const ready = await new ApiClient(server.url).get<{ ready: boolean }>('/readyz');
    expect(ready.status).toBe(503);
    expect((await new ApiClient(server.url).get('/healthz')).status).toBe(200);

    proxy.restore();
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 30_000) {
      status = (await admin.get('/api/process-definitions')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    console.log(`R3: recovered ${Date.now() - started} ms after the database came back`);
    expect((await new ApiClient(server.url).get('/readyz')).status).toBe(200);
  });
});

describe('connections killed by the database', () => {
  it('given every server connection terminated (pg_terminate_backend), then the next requests succeed without a restart', async () => {
    const admin = await new ApiClient(server.url).as('admin');
    expect((await admin.get('/api/process-definitions')).status).toBe(200);
    const killer = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await killer.connect();
    try {
      // Only the backends behind our proxy: other test files share this PostgreSQL.
      const killed = await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE client_port = ANY($1::int[])', [proxy.upstreamPorts()]);
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await killer.end();
    }
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await admin.get('/api/process-definitions')).status);
    // A request may meet a dead pooled connection (503, retryable); never a 500, and the pool heals.
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
  });
});
