/**
 * Issue 6 "Done when": every approval operation, performed through the real server, shows up once in the
 * instance's history (`GET /api/process-instances/:id/history`, what the timelines show) with who, when and
 * why, and in the hash-chained audit log, which still verifies (`GET /api/admin/audit/verify`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/** 起草 (zhang.san) → 审核 (li.si may claim) → 审批 (wang.wu) → end. */
const TRAIL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://zhifa.test">
  <process id="ops_trail" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'draft')}
  <userTask id="draft" name="起草" camunda:assignee="user-zhang.san"/>${flow('f2', 'draft', 'review')}
  <userTask id="review" name="审核" camunda:candidateUsers="user-li.si"/>${flow('f3', 'review', 'approve')}
  <userTask id="approve" name="审批" camunda:assignee="user-wang.wu"/>${flow('f4', 'approve', 'e')}<endEvent id="e"/></process>
</definitions>`;

/** `GET /api/process-instances/:id/history` (the api-types `HistoryEntry`, named locally). */
interface HistoryJson {
  readonly seq: number;
  readonly at: string;
  readonly actor: string | null;
  readonly type: string;
  readonly activityId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** `GET /api/admin/audit` rows (the store's `AuditEntry`). */
interface AuditJson {
  readonly seq: number;
  readonly instanceId?: string;
  readonly instanceSeq?: number;
  readonly at: string;
  readonly actor?: string;
  readonly action: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly chainPos?: number;
  readonly hash?: string;
}

interface TaskJson {
  readonly id: string;
  readonly activityId: string;
  readonly assignee: string | null;
}

/** What one operation should have left in the trail. */
interface Expected {
  readonly operation: string;
  readonly actor: string;
  readonly activityId: string;
  readonly reason?: string;
  readonly opinion?: string;
  readonly outcome?: string;
  readonly users?: readonly string[];
  readonly target?: string;
}

let server: TestServer;
const as: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  for (const user of ['admin', 'auditor', 'analyst', 'zhang.san', 'li.si', 'wang.wu', 'zhao.liu', 'sfj.leader', 'sfj-fzk.leader']) as[user] = await anonymous.as(user);
  const deployed = await as['analyst']!.post('/api/deployments', { name: 'ops_trail.bpmn', resources: [{ name: 'ops_trail.bpmn', content: TRAIL_XML }] });
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function openTasks(instanceId: string): Promise<TaskJson[]> {
  const reply = await as['admin']!.get<TaskJson[]>(`/api/tasks?processInstanceId=${instanceId}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

async function taskAt(instanceId: string, activityId: string, assignee?: string): Promise<TaskJson> {
  const tasks = await openTasks(instanceId);
  const found = tasks.find((t) => t.activityId === activityId && (assignee === undefined || t.assignee === assignee));
  if (!found) throw new Error(`no open task at ${activityId} (${assignee ?? 'anyone'}): ${JSON.stringify(tasks)}`);
  return found;
}

/** Performs one operation and expects it to succeed. */
async function ok(user: string, path: string, body: unknown = {}): Promise<void> {
  const reply = await as[user]!.post(path, body);
  expect(reply.status, `${user} POST ${path}: ${JSON.stringify(reply.body)}`).toBe(200);
}

/** Moves the manual clock on a minute, so each operation gets its own time. */
async function tick(): Promise<void> {
  const moved = await as['admin']!.post('/api/admin/clock', { advance: 'PT1M' });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
}

describe('the trail of every approval operation', () => {
  it('given one case through every operation, then each is one history entry with actor, time and reason, and one entry of the verified audit chain', async () => {
    const expected: Expected[] = [];
    const started = await as['zhang.san']!.post<{ id: string }>('/api/process-definitions/key/ops_trail/start', { variables: {} });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const step = async (user: string, path: string, body: unknown, entry: Omit<Expected, 'actor'>) => {
      await tick();
      await ok(user, path, body);
      expected.push({ actor: `user-${user}`, ...entry });
    };

    // 办理 with opinion and outcome, then 撤回 while 审核 is untouched, then 办理 again
    const draft = await taskAt(id, 'draft');
    await step('zhang.san', `/api/tasks/${draft.id}/complete`, { variables: {}, opinion: '拟立案', outcome: 'approve' },
      { operation: 'complete', activityId: 'draft', opinion: '拟立案', outcome: 'approve' });
    await step('zhang.san', `/api/process-instances/${id}/withdraw`, { reason: '漏附材料' }, { operation: 'withdraw', activityId: 'draft', reason: '漏附材料', target: 'draft' });
    const redraft = await taskAt(id, 'draft');
    await step('zhang.san', `/api/tasks/${redraft.id}/complete`, { variables: {}, opinion: '已补材料' }, { operation: 'complete', activityId: 'draft', opinion: '已补材料' });
    // 催办 of 审核 and 抄送 of the whole case (recorded on the process) by the initiator while 审核 waits
    const review = await taskAt(id, 'review');
    await step('zhang.san', `/api/tasks/${review.id}/urge`, { message: '请尽快审核' }, { operation: 'urge', activityId: 'review', reason: '请尽快审核' });
    await step('zhang.san', `/api/process-instances/${id}/cc`, { userIds: ['user-sfj.leader'], message: '请知悉' },
      { operation: 'cc', activityId: 'ops_trail', reason: '请知悉', users: ['user-sfj.leader'] });
    // 签收, 取消签收, 签收 again; 委派 to 赵六 who 回复 with an opinion; 转办 to 王五
    await step('li.si', `/api/tasks/${review.id}/claim`, {}, { operation: 'claim', activityId: 'review' });
    await step('li.si', `/api/tasks/${review.id}/unclaim`, {}, { operation: 'unclaim', activityId: 'review' });
    await step('li.si', `/api/tasks/${review.id}/claim`, {}, { operation: 'claim', activityId: 'review' });
    await step('li.si', `/api/tasks/${review.id}/delegate`, { userId: 'user-zhao.liu', reason: '请协助核实' },
      { operation: 'delegate', activityId: 'review', reason: '请协助核实', users: ['user-zhao.liu'] });
    await step('zhao.liu', `/api/tasks/${review.id}/resolve`, { opinion: '已核实无误' }, { operation: 'resolve', activityId: 'review', opinion: '已核实无误' });
    await step('li.si', `/api/tasks/${review.id}/transfer`, { userId: 'user-wang.wu', reason: '出差' },
      { operation: 'transfer', activityId: 'review', reason: '出差', users: ['user-wang.wu'] });
    // 退回 to 起草 with direct resubmission: after 起草, the case goes straight back to 审核, to 王五 who returned it
    await step('wang.wu', `/api/tasks/${review.id}/return`, { targetActivityId: 'draft', reason: '证据不全', resubmit: 'direct' },
      { operation: 'return', activityId: 'review', reason: '证据不全', target: 'draft' });
    await step('zhang.san', `/api/tasks/${(await taskAt(id, 'draft')).id}/complete`, { variables: {} }, { operation: 'complete', activityId: 'draft' });
    const reviewAgain = await taskAt(id, 'review');
    expect(reviewAgain.assignee).toBe('user-wang.wu');
    await step('wang.wu', `/api/tasks/${reviewAgain.id}/complete`, { variables: {}, opinion: '同意', outcome: 'approve' },
      { operation: 'complete', activityId: 'review', opinion: '同意', outcome: 'approve' });
    // 加签 before (吴科长 first), after (李四) and alongside (陈局长); 减签 of 李四; then everyone signs
    const approve = await taskAt(id, 'approve');
    await step('wang.wu', `/api/tasks/${approve.id}/add-sign`, { userIds: ['user-sfj-fzk.leader'], position: 'before', reason: '请科长先审' },
      { operation: 'add-sign', activityId: 'approve', reason: '请科长先审', users: ['user-sfj-fzk.leader'], target: 'before' });
    await step('sfj-fzk.leader', `/api/tasks/${approve.id}/add-sign`, { userIds: ['user-li.si'], position: 'after' },
      { operation: 'add-sign', activityId: 'approve', users: ['user-li.si'], target: 'after' });
    await step('sfj-fzk.leader', `/api/tasks/${approve.id}/add-sign`, { userIds: ['user-sfj.leader'], position: 'parallel', reason: '局长会签' },
      { operation: 'add-sign', activityId: 'approve', reason: '局长会签', users: ['user-sfj.leader'], target: 'parallel' });
    await step('sfj-fzk.leader', `/api/tasks/${approve.id}/remove-sign`, { userId: 'user-li.si', reason: '无需复核' },
      { operation: 'remove-sign', activityId: 'approve', reason: '无需复核', users: ['user-li.si'] });
    await step('sfj-fzk.leader', `/api/tasks/${approve.id}/complete`, { variables: {}, opinion: '科长同意' }, { operation: 'sign', activityId: 'approve', opinion: '科长同意' });
    await step('wang.wu', `/api/tasks/${approve.id}/complete`, { variables: {}, opinion: '审批通过' }, { operation: 'complete', activityId: 'approve', opinion: '审批通过' });
    await step('sfj.leader', `/api/tasks/${(await taskAt(id, 'approve', 'user-sfj.leader')).id}/complete`, { variables: {}, opinion: '局长同意' },
      { operation: 'sign', activityId: 'approve', opinion: '局长同意' });
    expect((await as['admin']!.get<{ state: string }>(`/api/process-instances/${id}`)).body.state).toBe('completed');

    // then the history has exactly these operation entries, in order, each with its actor, time and words
    const history = await as['zhang.san']!.get<HistoryJson[]>(`/api/process-instances/${id}/history`);
    expect(history.status).toBe(200);
    const operations = history.body.filter((h) => h.type === 'task.operation');
    expect(operations.map((h) => h.details['operation'])).toEqual(expected.map((e) => e.operation));
    const times = operations.map((h) => Date.parse(h.at));
    expect(times.every((time, i) => Number.isFinite(time) && (i === 0 || time > (times[i - 1] ?? 0))), JSON.stringify(operations.map((h) => h.at))).toBe(true);
    operations.forEach((entry, i) => {
      const want = expected[i]!;
      expect(entry.actor, want.operation).toBe(want.actor);
      expect(entry.activityId, want.operation).toBe(want.activityId);
      expect(entry.details, `${i}: ${want.operation}`).toMatchObject({
        ...(want.reason !== undefined && { reason: want.reason }),
        ...(want.opinion !== undefined && { opinion: want.opinion }),
        ...(want.outcome !== undefined && { outcome: want.outcome }),
        ...(want.users !== undefined && { users: want.users }),
        ...(want.target !== undefined && { target: want.target }),
      });
    });

    // and the audit log holds each of them (same instance position, actor, time and data), chained
    const auditOf = async () => (await as['auditor']!.get<AuditJson[]>(`/api/admin/audit?instanceId=${encodeURIComponent(id)}&action=task.operation`)).body;
    await expect.poll(async () => (await auditOf()).filter((a) => a.hash !== undefined).length, { timeout: 10_000 }).toBe(operations.length);
    const audit = await auditOf();
    expect(audit.map((a) => ({ seq: a.instanceSeq, actor: a.actor, at: a.at, data: a.data }))).toEqual(
      operations.map((h) => ({ seq: h.seq, actor: h.actor, at: h.at, data: h.details })));
    const verified = await as['auditor']!.get<{ ok: boolean; checked: number; firstBad: unknown; headPosition: number }>('/api/admin/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, firstBad: null });
    expect(verified.body.headPosition).toBeGreaterThanOrEqual(Math.max(...audit.map((a) => a.chainPos ?? Infinity)));
    // staff may not read or verify the chain
    expect((await as['zhang.san']!.get('/api/admin/audit/verify')).status).toBe(403);
  });
});
