import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZhifa, type RunningZhifa } from '../composition/start-zhifa.js';
import { createLogger } from '../observability/logger.js';
import { Caller, opsCountersign, opsLinear, opsParallel, type ErrorJson, type Reply, type TaskJson } from './operations.fixture.js';

const DATABASE_URL = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'demo-password-for-ops-tests';
const schema = `t_ops_${randomBytes(5).toString('hex')}`;

let zhifa: RunningZhifa;
const as: Record<string, Caller> = {};

interface ApiTask {
  id: string;
  activityId: string;
  assignee: string | null;
}

beforeAll(async () => {
  zhifa = await startZhifa({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: DATABASE_URL,
    schema,
    clock: 'manual',
    clockStart: new Date('2026-03-02T01:00:00Z'),
    workers: false,
    jwtSecret: randomBytes(32).toString('hex'),
    demoPassword: PASSWORD,
    processesDir: false,
    webDist: false,
    loginRateLimit: 10_000,
    logger: createLogger(process.env['LOG_LEVEL'] ?? 'warn'),
  });
  for (const user of ['admin', 'analyst', 'zhang.san', 'li.si', 'wang.wu', 'zhao.liu', 'sfj.leader']) as[user] = await Caller.login(zhifa.url, user, PASSWORD);
  for (const [name, content] of [['ops_linear.bpmn', opsLinear], ['ops_parallel.bpmn', opsParallel], ['ops_sign.bpmn', opsCountersign]] as const) {
    const deployed = await as['analyst']!.post('/api/deployments', { name, resources: [{ name, content }] });
    expect(deployed.status).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await zhifa?.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

async function start(key: string, variables: Record<string, unknown> = {}): Promise<string> {
  const reply = await as['zhang.san']!.post<{ id: string }>(`/api/process-definitions/key/${key}/start`, { variables });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

async function tasks(instanceId: string): Promise<ApiTask[]> {
  return (await as['admin']!.get<ApiTask[]>(`/api/tasks?processInstanceId=${instanceId}`)).body;
}

async function taskAt(instanceId: string, activityId: string): Promise<ApiTask> {
  const found = (await tasks(instanceId)).find((t) => t.activityId === activityId);
  if (!found) throw new Error(`no open task at ${activityId}: ${JSON.stringify(await tasks(instanceId))}`);
  return found;
}

async function complete(user: string, instanceId: string, activityId: string): Promise<void> {
  const reply = await as[user]!.post(`/api/tasks/${(await taskAt(instanceId, activityId)).id}/complete`, { variables: {} });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

async function operations(instanceId: string): Promise<{ operation: unknown; actor?: string }[]> {
  return (await zhifa.store.listHistory(instanceId)).filter((h) => h.type === 'task.operation').map((h) => ({ operation: h.data['operation'], ...(h.actor !== undefined && { actor: h.actor }) }));
}

const code = (reply: Reply) => (reply.body as ErrorJson).error.code;

describe('撤回 withdraw', () => {
  it('given the initiator submitted and review is untouched, when withdrawn, then draft is open again; once review is claimed, withdraw is 409', async () => {
    const id = await start('ops_linear');
    await complete('zhang.san', id, 'draft');
    const withdrawn = await as['zhang.san']!.post(`/api/process-instances/${id}/withdraw`, { reason: '漏附材料' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect((await tasks(id)).map((t) => t.activityId)).toEqual(['draft']);
    await complete('zhang.san', id, 'draft');
    expect((await as['li.si']!.post(`/api/tasks/${(await taskAt(id, 'review')).id}/claim`)).status).toBe(200);
    const late = await as['zhang.san']!.post(`/api/process-instances/${id}/withdraw`, {});
    expect(late.status).toBe(409);
    expect(code(late)).toBe('STALE_STATE');
    // Another unit does not learn the case exists; a participant who neither started it nor completed the step is refused.
    expect((await as['zhao.liu']!.post(`/api/process-instances/${id}/withdraw`, {})).status).toBe(404);
    expect((await as['li.si']!.post(`/api/process-instances/${id}/withdraw`, {})).status).toBe(403);
  });
});

describe('C5: withdraw racing the next completion', () => {
  it('given withdraw and the completion of the next task sent at once, when both run, then exactly one wins and the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await start('ops_linear');
      await complete('zhang.san', id, 'draft');
      const review = await taskAt(id, 'review');
      const [withdrawn, completed] = await Promise.all([
        as['zhang.san']!.post(`/api/process-instances/${id}/withdraw`, {}),
        as['li.si']!.post(`/api/tasks/${review.id}/complete`, { variables: {} }),
      ]);
      expect([withdrawn.status, completed.status].sort()).toEqual([200, 409]);
      const open = (await tasks(id)).map((t) => t.activityId);
      expect(open).toEqual(withdrawn.status === 200 ? ['draft'] : ['approve']);
    }
  });
});

describe('退回 return', () => {
  it('given review after draft, when listing targets and returning, then only passed steps are accepted (else 400) and only the handler may (else 403)', async () => {
    const id = await start('ops_linear');
    await complete('zhang.san', id, 'draft');
    const review = await taskAt(id, 'review');
    await as['li.si']!.post(`/api/tasks/${review.id}/claim`);
    const targets = await as['li.si']!.get<{ elementId: string; completedBy: string }[]>(`/api/tasks/${review.id}/return-targets`);
    expect(targets.body).toEqual([expect.objectContaining({ elementId: 'draft', completedBy: 'user-zhang.san' })]);
    const never = await as['li.si']!.post(`/api/tasks/${review.id}/return`, { targetActivityId: 'approve', reason: '未经过' });
    expect(never.status).toBe(400);
    expect(code(never)).toBe('INVALID_INPUT');
    expect((await as['li.si']!.post(`/api/tasks/${review.id}/return`, { targetActivityId: 'draft' })).status).toBe(400);
    expect((await as['zhao.liu']!.post(`/api/tasks/${review.id}/return`, { targetActivityId: 'draft', reason: '越权' })).status).toBe(404);
    expect((await as['zhang.san']!.post(`/api/tasks/${review.id}/return`, { targetActivityId: 'draft', reason: '越权' })).status).toBe(403);
    const back = await as['li.si']!.post(`/api/tasks/${review.id}/return`, { targetActivityId: 'draft', reason: '材料不全' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(await taskAt(id, 'draft')).toMatchObject({ assignee: 'user-zhang.san' });
    expect((await as['li.si']!.post(`/api/tasks/${review.id}/return`, { targetActivityId: 'draft', reason: '再次' })).status).toBe(409);
  });

  it('given one branch of a parallel split, when legalCheck returns to draft before the split, then the finance branch is cancelled too', async () => {
    const id = await start('ops_parallel');
    await complete('zhang.san', id, 'draft');
    await complete('li.si', id, 'legal');
    expect((await tasks(id)).map((t) => t.activityId).sort()).toEqual(['finance', 'legalCheck']);
    const reply = await as['wang.wu']!.post(`/api/tasks/${(await taskAt(id, 'legalCheck')).id}/return`, { targetActivityId: 'draft', reason: '定性错误' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await tasks(id)).map((t) => t.activityId)).toEqual(['draft']);
    await complete('zhang.san', id, 'draft');
    expect((await tasks(id)).map((t) => t.activityId).sort()).toEqual(['finance', 'legal']);
  });
});

describe('转办 / 委派 / 加签 / 减签 / 催办 / 抄送', () => {
  it('given a claimed review, when delegated, resolved, completed, transferred and signed in parallel, then each works once and is audited', async () => {
    const id = await start('ops_linear');
    await complete('zhang.san', id, 'draft');
    const review = await taskAt(id, 'review');
    await as['li.si']!.post(`/api/tasks/${review.id}/claim`);
    const delegated = await as['li.si']!.post<TaskJson>(`/api/tasks/${review.id}/delegate`, { userId: 'user-zhao.liu' });
    expect(delegated.body).toMatchObject({ assignee: 'user-zhao.liu', owner: 'user-li.si', delegation: 'pending' });
    expect((await as['zhao.liu']!.post(`/api/tasks/${review.id}/complete`, { variables: {} })).status).toBe(409);
    expect((await as['li.si']!.post(`/api/tasks/${review.id}/resolve`)).status).toBe(403);
    expect((await as['zhao.liu']!.post<TaskJson>(`/api/tasks/${review.id}/resolve`, { opinion: '已核实' })).body).toMatchObject({ assignee: 'user-li.si', delegation: 'resolved' });
    await complete('li.si', id, 'review');

    const approve = await taskAt(id, 'approve');
    expect((await as['wang.wu']!.post(`/api/tasks/${approve.id}/transfer`, { userId: 'nobody' })).status).toBe(400);
    expect((await as['wang.wu']!.post<TaskJson>(`/api/tasks/${approve.id}/transfer`, { userId: 'user-sfj.leader', reason: '出差' })).body).toMatchObject({ assignee: 'user-sfj.leader' });
    // The initiator sees the case but does not handle the task; wang.wu gave it away and (another unit) no longer sees it.
    expect((await as['zhang.san']!.post(`/api/tasks/${approve.id}/add-sign`, { userIds: ['user-wang.wu'], position: 'parallel' })).status).toBe(403);
    expect((await as['wang.wu']!.post(`/api/tasks/${approve.id}/add-sign`, { userIds: ['user-wang.wu'], position: 'parallel' })).status).toBe(404);
    const signed = await as['sfj.leader']!.post<{ tasks: TaskJson[] }>(`/api/tasks/${approve.id}/add-sign`, { userIds: ['user-wang.wu'], position: 'parallel' });
    expect(signed.body.tasks.map((t) => t.assignee).sort()).toEqual(['user-sfj.leader', 'user-wang.wu']);
    expect((await as['sfj.leader']!.post(`/api/tasks/${approve.id}/add-sign`, { userIds: ['x'], position: 'sideways' })).status).toBe(400);
    const own = (await tasks(id)).find((t) => t.activityId === 'approve' && t.assignee === 'user-sfj.leader');
    expect((await as['sfj.leader']!.post(`/api/tasks/${own?.id ?? ''}/complete`, { variables: {} })).status).toBe(200);
    const late = await as['sfj.leader']!.post(`/api/tasks/${approve.id}/add-sign`, { userIds: ['user-zhao.liu'], position: 'after' });
    expect(late.status).toBe(409);
    expect((await as['sfj.leader']!.post(`/api/tasks/${approve.id}/remove-sign`, { userId: 'user-wang.wu' })).status).toBe(200);
    expect((await zhifa.store.findInstance(id))?.status).toBe('completed');
    expect((await operations(id)).map((o) => o.operation)).toEqual(['complete', 'claim', 'delegate', 'resolve', 'complete', 'transfer', 'add-sign', 'complete', 'remove-sign']);
  });

  it('given an open review, when the initiator urges twice, then the second is 429; cc needs a recipient and is audited once', async () => {
    const id = await start('ops_linear');
    await complete('zhang.san', id, 'draft');
    const review = await taskAt(id, 'review');
    expect((await as['zhang.san']!.post(`/api/tasks/${review.id}/urge`, { message: '请尽快' })).status).toBe(200);
    const again = await as['zhang.san']!.post(`/api/tasks/${review.id}/urge`);
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({ error: { code: 'RATE_LIMITED', details: { reason: 'URGED_RECENTLY' } } });
    expect((await as['zhao.liu']!.post(`/api/tasks/${review.id}/urge`)).status).toBe(404);
    expect((await as['li.si']!.post(`/api/tasks/${review.id}/urge`)).status).toBe(403);
    expect((await as['zhang.san']!.post(`/api/process-instances/${id}/cc`, {})).status).toBe(400);
    expect((await as['zhang.san']!.post(`/api/process-instances/${id}/cc`, { userIds: ['user-wang.wu'], unitIds: ['unit-sfj'] })).status).toBe(200);
    expect((await as['zhao.liu']!.post(`/api/process-instances/${id}/cc`, { userIds: ['user-wang.wu'] })).status).toBe(404);
    expect((await operations(id)).map((o) => o.operation)).toEqual(['complete', 'urge', 'cc']);
  });

  it('given 会签 with three signers, when all three sign, then the instance moves on', async () => {
    const id = await start('ops_sign', { signers: ['user-li.si', 'user-wang.wu', 'user-zhao.liu'] });
    expect((await tasks(id)).map((t) => t.assignee).sort()).toEqual(['user-li.si', 'user-wang.wu', 'user-zhao.liu']);
    for (const user of ['li.si', 'wang.wu', 'zhao.liu']) {
      const mine = (await tasks(id)).find((t) => t.assignee === `user-${user}`);
      expect((await as[user]!.post(`/api/tasks/${mine?.id ?? ''}/complete`, { variables: {} })).status).toBe(200);
    }
    expect((await tasks(id)).map((t) => t.activityId)).toEqual(['issue']);
  });
});
