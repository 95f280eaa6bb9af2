/**
 * C6: the same POST with the same Idempotency-Key sent 10× at once — one effect, identical responses; the
 * same key with a different body is refused. Checked on instance start and task completion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startServer, userTaskModel, type Api, type Reply, type TestServer } from './support/api.js';

/** Status and body with keys sorted, so the comparison is about values (byte-identical replays are checked in
 *  c6-byte-identical-replay.test.ts). */
const answerOf = (r: Reply): string => `${r.status} ${JSON.stringify(sortKeys(r.body))}`;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

describe('C6 Idempotency-Key under concurrency', () => {
  let server: TestServer;
  let admin: Api;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.api.as('admin');
    await deploy(admin, 'c6', userTaskModel('c6', 'user-admin'));
  });
  afterAll(async () => server.close());

  it('given 10 concurrent starts with one key, then one instance and 10 identical answers; another body with that key is refused', async () => {
    const key = `start-${Date.now()}`;
    const before = (await server.zhifa.store.listInstances({ processId: 'c6' })).length;
    const replies = await Promise.all(Array.from({ length: 10 }, () => admin.post('/api/process-definitions/key/c6/start', { businessKey: 'case-c6' }, { 'idempotency-key': key })));
    const after = (await server.zhifa.store.listInstances({ processId: 'c6' })).length;
    const distinct = new Set(replies.map(answerOf));
    const reused = await admin.post('/api/process-definitions/key/c6/start', { businessKey: 'other' }, { 'idempotency-key': key });
    console.log(`C6: 10 concurrent starts with one key → ${after - before} instance(s), ${distinct.size} distinct answer(s) (${replies[0]?.status ?? 0}); same key, other body → ${reused.status}`);
    expect(after - before).toBe(1);
    expect(distinct.size).toBe(1);
    expect(replies[0]?.status).toBe(201);
    expect(reused.status).toBeGreaterThanOrEqual(400);
    expect(reused.status).toBeLessThan(500);
  });

  it('given 10 concurrent completions with one key, then one completion and 10 identical answers', async () => {
    const started = await admin.post<{ id: string }>('/api/process-definitions/key/c6/start', {});
    const tasks = await admin.get<{ id: string }[]>(`/api/tasks?processInstanceId=${started.body.id}`);
    const taskId = tasks.body[0]?.id ?? '';
    const key = `complete-${taskId}`;
    const replies = await Promise.all(Array.from({ length: 10 }, () => admin.post(`/api/tasks/${taskId}/complete`, { variables: { ok: true } }, { 'idempotency-key': key })));
    const distinct = new Set(replies.map(answerOf));
    const completions = (await server.zhifa.store.listHistory(started.body.id)).filter((h) => h.type === 'element.completed' && h.elementId === 'review');
    console.log(`C6: 10 concurrent completions with one key → ${completions.length} completion(s), ${distinct.size} distinct answer(s) (${replies[0]?.status ?? 0})`);
    expect(completions).toHaveLength(1);
    expect(distinct.size).toBe(1);
    expect(replies[0]?.status).toBeLessThan(300);
  });
});
