/**
 * The shipped processes on the real server: deployed from processes/ at start-up, then one procedure driven
 * end to end through the REST API with the manual clock (PostgreSQL, working-day calendar, jobs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support/client.js';
import { startTestServer, type TestServer } from '../api/support/harness.js';
import { PROCESSES_DIR, processFiles } from './process-files.js';

interface TaskBody {
  readonly id: string;
  readonly activityId: string;
  readonly candidateGroups: string[];
  readonly dueAt: string | null;
}

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  // workers: the in-process job runner issues the 一案一码 (engine timers still wait for the manual clock)
  server = await startTestServer({ processesDir: PROCESSES_DIR, clockStart: new Date('2025-09-30T01:00:00.000Z'), workers: true });
  admin = await new ApiClient(server.url).as('admin');
});
afterAll(async () => {
  await server?.close();
});

async function openTask(instanceId: string, activityId: string): Promise<TaskBody> {
  const reply = await admin.get<TaskBody[]>(`/api/tasks?processInstanceId=${instanceId}&state=open`);
  expect(reply.status).toBe(200);
  const matching = reply.body.filter((t) => t.activityId === activityId);
  expect(matching, `open tasks at ${activityId}`).toHaveLength(1);
  return matching[0]!;
}

async function complete(instanceId: string, activityId: string, variables: Record<string, unknown>): Promise<void> {
  const task = await openTask(instanceId, activityId);
  expect((await admin.post(`/api/tasks/${task.id}/complete`, { variables })).status).toBe(200);
}

describe('shipped processes on the server', () => {
  it('deploys every process file at start-up', async () => {
    // given the server started on processes/ / when listing definitions / then all eight are there
    const reply = await admin.get<{ key: string; name: string | null }[]>('/api/process-definitions');
    expect(reply.status).toBe(200);
    const keys = reply.body.map((d) => d.key);
    for (const file of processFiles()) expect(keys, file).toContain(file.replace(/\.bpmn$/, ''));
  });

  it('runs a hotline complaint through REST: working-day limit, supervision when overdue, webhook job, done', async () => {
    // given a ticket arriving as a message on 30 September 2025
    const received = await admin.post<{ started: number; processInstanceIds: string[] }>('/api/messages', {
      name: 'hotline-complaint-received',
      correlationKey: 'GD-REST-1',
      variables: { ticketNo: 'GD-REST-1', content: '夜间施工噪声扰民' },
    });
    expect(received.status).toBe(200);
    expect(received.body.started).toBe(1);
    const id = received.body.processInstanceIds[0]!;

    // when the justice bureau routes it with a 5-working-day limit
    expect((await openTask(id, 'dispatchComplaint')).candidateGroups).toEqual(['unit-sfj']);
    await complete(id, 'dispatchComplaint', { responsibleUnitId: 'unit-sthjj', answerDays: 5 });

    // then the answer is due on 14 October (National Day and its 调休 counted) and is supervised after that
    const handle = await openTask(id, 'handleComplaint');
    expect(handle.candidateGroups).toEqual(['unit-sthjj']);
    expect(handle.dueAt).toBe('2025-10-14T01:00:00.000Z');
    expect((await admin.post('/api/admin/clock', { set: '2025-10-13T23:00:00.000Z' })).status).toBe(200);
    expect((await admin.get<TaskBody[]>(`/api/tasks?processInstanceId=${id}&state=open`)).body.map((t) => t.activityId)).toEqual(['handleComplaint']);
    expect((await admin.post('/api/admin/clock', { set: '2025-10-14T01:00:00.000Z' })).status).toBe(200);
    expect((await openTask(id, 'superviseComplaint')).candidateGroups).toEqual(['unit-sfj']);

    // when the unit answers, the answer is accepted and the hotline webhook job is done
    await complete(id, 'handleComplaint', { handlingResult: 'substantiated', finding: '属实', answer: '已责令停止夜间施工' });
    await complete(id, 'reviewAnswer', { answerAccepted: true });
    const jobs = await admin.get<{ id: string; processInstanceId: string; variables: Record<string, unknown> }[]>('/api/jobs?type=hotline-webhook');
    const job = jobs.body.find((j) => j.processInstanceId === id);
    expect(job?.variables).toMatchObject({ ticketNo: 'GD-REST-1', hotlineStatus: 'answered', hotlineAnswer: '已责令停止夜间施工' });
    expect((await admin.post(`/api/jobs/${job!.id}/complete`, {})).status).toBe(200);

    // then the instance is completed
    const instance = await admin.get<{ state: string }>(`/api/process-instances/${id}`);
    expect(instance.body.state).toBe('completed');
  });

  it('reviews a major decision through REST with the shipped discretion benchmark and working-day review limit', async () => {
    // given Monday 20 October 2025 and a major food-label case of the market bureau started over REST
    expect((await admin.post('/api/admin/clock', { set: '2025-10-20T01:00:00.000Z' })).status).toBe(200);
    const started = await admin.post<{ id: string }>('/api/process-definitions/key/major-decision-legal-review/start', {
      businessKey: '市监罚〔2025〕21号',
      variables: { caseUnitId: 'unit-scjgj', handler: 'user-zhang.san', leaders: ['user-scjgj.leader'] },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;

    // when the handler submits the draft with the case's 情节
    await complete(id, 'submitDraft', {
      caseTitle: '某公司销售标签不合格食品案', party: '张三', majorChecklist: ['large-amount'], hasLegalReviewer: true,
      labelDefectOnly: false, firstOffence: true, harmLevel: '严重', correctedInTime: false, mitigating: false, aggravating: true, goodsValue: 20000,
    });

    // then the server evaluated the benchmark and the bureau's 法制科 has 5 working days
    const instance = await admin.get<{ variables: Record<string, unknown> }>(`/api/process-instances/${id}`);
    expect(instance.body.variables['benchmark']).toMatchObject({ level: '从重处罚', fineMin: 170000, fineMax: 200000 });
    const review = await openTask(id, 'ownLegalReview');
    expect([review.candidateGroups, review.dueAt]).toEqual([['unit-scjgj-fzk'], '2025-10-27T01:00:00.000Z']);

    // when 法制科 agrees, the leadership agrees, the decision is issued and published
    await complete(id, 'ownLegalReview', { reviewOutcome: 'approve', reviewOpinion: '同意', reviewItems: ['subject', 'authority', 'procedure', 'facts', 'evidence', 'law', 'discretion'] });
    await complete(id, 'collectiveDiscussion', { vote: 'agree' });
    await complete(id, 'issueDecision', { decisionNumber: '市监罚〔2025〕21号', decisionDate: '2025-10-28', decisionSummary: '对当事人张三经营的某公司处罚款十七万元' });
    const jobs = await admin.get<{ id: string; processInstanceId?: string; instanceId?: string }[] | { items: { id: string }[] }>('/api/jobs?type=publish-decision');
    const publish = (Array.isArray(jobs.body) ? jobs.body : jobs.body.items)[0];
    expect(publish, JSON.stringify(jobs.body)).toBeDefined();
    expect((await admin.post(`/api/jobs/${publish!.id}/complete`, { variables: {} })).status).toBe(200);

    // then the server issued the 一案一码 itself (its job runner, right after the commit) and its public page shows the benchmark row that applied
    const read = () => admin.get<{ state: string; variables: Record<string, unknown> }>(`/api/process-instances/${id}`);
    await expect.poll(async () => (await read()).body.state, { timeout: 10_000 }).toBe('completed');
    const ended = await read();
    const url = String(ended.body.variables['caseCodeUrl']);
    const page = await new ApiClient(server.url).get<string>(new URL(url).pathname);
    expect(page.status).toBe(200);
    expect(page.body).toContain('重大行政执法决定法制审核');
    expect(page.body).toContain('食品标签违法行政处罚裁量基准');
    expect(page.body).toContain('从重处罚');
    expect(page.body).toContain('食品安全法');
    expect(page.body).not.toContain('张三');
  });
});
