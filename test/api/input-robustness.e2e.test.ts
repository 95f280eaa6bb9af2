import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@zhifa/api-types';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { deployUserTask, startWithTask } from './support/scenario.js';

/** S5 / S10 (fast version): hostile bodies on every route of the contract give 4xx JSON, never 5xx or a stack. */
let server: TestServer;
let admin: ApiClient;
let ids: { instanceId: string; taskId: string };

beforeAll(async () => {
  server = await startTestServer();
  admin = await new ApiClient(server.url).as('admin');
  await deployUserTask(server.url, { key: 'robust', assignee: 'user-admin' });
  const { instance, task } = await startWithTask(admin, 'robust');
  ids = { instanceId: instance.id, taskId: task.id };
});
afterAll(async () => {
  await server?.close();
});

let deep: unknown = 'leaf';
for (let i = 0; i < 200; i += 1) deep = { nested: deep };

const bodies: readonly string[] = [
  '[]',
  '"text"',
  '12345678901234567890',
  'null',
  '{"variables":[]}',
  '{"variables":{"a":1,"a b":2}}',
  '{"variables":{"x":{"constructor":{"prototype":{"polluted":1}}}}}',
  '{"name":{"$gt":""},"resources":"x"}',
  '{"advance":"P99999999999999Y"}',
  '{"set":"not a date"}',
  '{"reason":' + JSON.stringify('x'.repeat(5000)) + '}',
  JSON.stringify({ variables: { deep } }),
  '{"variables":{"x":1}',
];

describe('hostile input on every route', () => {
  it('answers 4xx JSON (or 2xx where the input happens to be valid), never 5xx, never a stack trace', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const path = route.path.replace(':key', 'robust').replace(':id', route.path.includes('task') ? ids.taskId : ids.instanceId);
      for (const body of route.method === 'get' ? [''] : bodies) {
        const reply = await admin.request(route.method.toUpperCase(), route.method === 'get' ? `${path}?state=%00&key[$ne]=1` : path, route.method === 'get' ? undefined : body, {
          'content-type': 'application/json',
        });
        calls += 1;
        const text = JSON.stringify(reply.body);
        if (reply.status >= 500 || /\bat .+:\d+:\d+/.test(text) || /SELECT|INSERT|UPDATE .* SET/.test(text)) {
          failures.push(`${route.method} ${route.path} ${body.slice(0, 60)} → ${reply.status} ${text.slice(0, 120)}`);
        }
      }
    }
    console.log(`S5/S10: ${calls - failures.length}/${calls} hostile requests answered without 5xx or internals`);
    expect(failures).toEqual([]);
  });
});
