import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { deployUserTask, startWithTask, type InstanceBody } from './support/scenario.js';

/** C1: CI runs a few rounds; `ZHIFA_C1_ROUNDS=100` runs the long version. */
const ROUNDS = Number(process.env['ZHIFA_C1_ROUNDS'] ?? 3);
const CONCURRENCY = 50;

let server: TestServer;
let li: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  li = await anonymous.as('li.si');
  admin = await anonymous.as('admin');
  await deployUserTask(server.url, { key: 'c1', assignee: 'user-li.si' });
  await deployUserTask(server.url, { key: 'c2', candidateGroups: 'unit-scjgj-fzk' });
});
afterAll(async () => {
  await server?.close();
});

describe('C1: concurrent completions of one task', () => {
  it(`given ${CONCURRENCY} simultaneous completions, then exactly one 2xx and ${CONCURRENCY - 1} × 409, ${ROUNDS} rounds`, { timeout: 60_000 + ROUNDS * 10_000 }, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const { instance, task } = await startWithTask(li, 'c1', { businessKey: `C1-${round}` });
      const replies = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, i) => li.post(`/api/tasks/${task.id}/complete`, { variables: { winner: i } })),
      );
      const statuses = replies.map((r) => r.status);
      const ok = statuses.filter((s) => s >= 200 && s < 300).length;
      const conflicts = statuses.filter((s) => s === 409).length;
      outcomes.push(`${ok}/${conflicts}`);
      expect({ round, ok, conflicts }).toEqual({ round, ok: 1, conflicts: CONCURRENCY - 1 });

      // The instance moved on exactly once: ended, with one winner's variables and one completion in history.
      const after = await admin.get<InstanceBody>(`/api/process-instances/${instance.id}`);
      expect(after.body.state).toBe('completed');
      const history = await admin.get<{ type: string; activityId: string | null }[]>(`/api/process-instances/${instance.id}/history`);
      const completions = history.body.filter((h) => h.type === 'element.completed' && h.activityId === 'review');
      expect(completions).toHaveLength(1);
    }
    const exact = outcomes.filter((o) => o === `1/${CONCURRENCY - 1}`).length;
    console.log(`C1: ${exact}/${ROUNDS} rounds with exactly 1 × 2xx and ${CONCURRENCY - 1} × 409 of ${CONCURRENCY} concurrent completions`);
  });
});

describe('C2: concurrent claims of one task', () => {
  it('given 20 simultaneous claims by candidates, then exactly one assignee and 19 × 409, kept after later commands', async () => {
    const zhang = await new ApiClient(server.url).as('zhang.san');
    const leader = await new ApiClient(server.url).as('scjgj-fzk.leader');
    const { instance, task } = await startWithTask(zhang, 'c2', { businessKey: 'C2' });
    const claimers = [li, leader];
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => claimers[i % 2]!.post<{ assignee: string }>(`/api/tasks/${task.id}/claim`)));
    const winners = replies.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(19);
    const assignee = winners[0]!.body.assignee;
    // A later command on the instance re-projects the task from its state: the claim must survive it.
    expect((await admin.put(`/api/process-instances/${instance.id}/variables`, { variables: { note: 'x' } })).status).toBe(200);
    expect((await admin.get<{ assignee: string }>(`/api/tasks/${task.id}`)).body.assignee).toBe(assignee);
  });
});

describe('C6: the same POST with the same Idempotency-Key', () => {
  it('given 10 identical starts at once, then one instance and 10 identical answers; another body with the key is 422', async () => {
    const headers = { 'content-type': 'application/json', 'idempotency-key': `start-${Date.now()}` };
    const body = JSON.stringify({ businessKey: 'C6-ONCE', variables: { n: 1 } });
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => li.request<InstanceBody>('POST', '/api/process-definitions/key/c1/start', body, headers)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 201));
    // Equal as JSON values (the stored copy is jsonb, which may order keys differently).
    for (const reply of replies) expect(reply.body).toEqual(replies[0]!.body);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    const instances = await admin.get<InstanceBody[]>('/api/process-instances?businessKey=C6-ONCE');
    expect(instances.body).toHaveLength(1);
    const other = await li.request('POST', '/api/process-definitions/key/c1/start', JSON.stringify({ businessKey: 'C6-OTHER' }), headers);
    expect(other.status).toBe(422);
    expect((await li.request('POST', '/api/process-definitions/key/c1/start', body, { ...headers, 'idempotency-key': 'bad key!' })).status).toBe(400);
  });
});
