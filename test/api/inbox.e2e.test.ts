/**
 * The inbox feature through the real server (HTTP, auth, PostgreSQL, manual clock): 待办 / 已办 / 我发起的 /
 * 抄送我的 views with deadline colours, cc notifications, attachments (S9) and audit-chain verification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/** 审核 (li.si may claim, due in ten days) → 审批 (wang.wu) → end. */
const inboxFlow = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://zhifa.test"><process id="inbox_flow" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'review')}
  <userTask id="review" name="审核" camunda:candidateUsers="user-li.si" camunda:dueDate="P10D"/>${flow('f2', 'review', 'approve')}
  <userTask id="approve" name="审批" camunda:assignee="user-wang.wu"/>${flow('f3', 'approve', 'e')}<endEvent id="e"/></process></definitions>`;

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);

interface TodoItem {
  readonly id: string;
  readonly instanceId: string;
  readonly createdAt: string;
  readonly deadline?: { readonly dueAt: string; readonly used: number; readonly colour: string };
}
interface Page<T> {
  readonly view: string;
  readonly items: readonly T[];
  readonly next?: string;
}
interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

let server: TestServer;
const client: Record<string, ApiClient> = {};
let instanceId: string;

const as = (user: string): ApiClient => {
  const c = client[user];
  if (!c) throw new Error(`no client for ${user}`);
  return c;
};

function form(content: Buffer, name: string, type: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(content)], { type }), name);
  return data;
}

const upload = (user: string, id: string, data: FormData) => as(user).request<Attachment & { error?: { code: string } }>('POST', `/api/process-instances/${id}/attachments`, data);

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  for (const user of ['admin', 'analyst', 'auditor', 'zhang.san', 'li.si', 'wang.wu', 'zhao.liu', 'sun.qi']) client[user] = await anonymous.as(user);
  const deployed = await as('analyst').post('/api/deployments', { name: 'inbox_flow.bpmn', resources: [{ name: 'inbox_flow.bpmn', content: inboxFlow }] });
  expect(deployed.status).toBe(201);
  const started = await as('zhang.san').post<{ id: string }>('/api/process-definitions/key/inbox_flow/start', { businessKey: 'INBOX-1' });
  expect(started.status).toBe(201);
  instanceId = started.body.id;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function todoOf(user: string): Promise<TodoItem | undefined> {
  const page = await as(user).get<Page<TodoItem>>('/api/inbox/todo?processKey=inbox_flow');
  expect(page.status).toBe(200);
  return page.body.items.find((t) => t.instanceId === instanceId);
}

describe('inbox views', () => {
  it('given a claimable task due in ten days, when the clock moves through its span, then its colour goes green → yellow → red → overdue', async () => {
    const first = await todoOf('li.si');
    expect(first?.deadline?.colour).toBe('green');
    const created = Date.parse(first?.createdAt ?? '');
    const span = Date.parse(first?.deadline?.dueAt ?? '') - created;
    expect(span).toBeGreaterThan(0);
    for (const [share, colour] of [[0.6, 'yellow'], [0.85, 'red'], [1.1, 'overdue']] as const) {
      const set = await as('admin').post('/api/admin/clock', { set: new Date(created + span * share).toISOString() });
      expect(set.status).toBe(200);
      expect((await todoOf('li.si'))?.deadline?.colour).toBe(colour);
    }
    expect(await todoOf('wang.wu')).toBeUndefined();
  });

  it('given the task, when li.si claims and completes it, then it leaves her 待办 and shows in her 已办', async () => {
    const task = await todoOf('li.si');
    expect((await as('li.si').post(`/api/tasks/${task?.id}/claim`)).status).toBe(200);
    expect((await as('li.si').post(`/api/tasks/${task?.id}/complete`, { variables: {} })).status).toBe(200);
    expect(await todoOf('li.si')).toBeUndefined();
    const done = await as('li.si').get<Page<TodoItem>>('/api/inbox/done');
    expect(done.body.items.map((t) => t.id)).toContain(task?.id);
    expect((await todoOf('wang.wu'))?.deadline).toBeUndefined();
  });

  it('given zhang.san started it, when he opens 我发起的, then it is there and not in li.si\'s', async () => {
    const mine = await as('zhang.san').get<Page<{ id: string; businessKey?: string }>>('/api/inbox/started');
    expect(mine.body.items.find((i) => i.id === instanceId)?.businessKey).toBe('INBOX-1');
    const hers = await as('li.si').get<Page<{ id: string }>>('/api/inbox/started');
    expect(hers.body.items.map((i) => i.id)).not.toContain(instanceId);
  });

  it('given a cc to zhao.liu, when he opens 抄送我的, then the instance and a cc notification are there', async () => {
    expect((await as('zhao.liu').get<Page<{ id: string }>>('/api/inbox/cc')).body.items).toHaveLength(0);
    const cc = await as('zhang.san').post(`/api/process-instances/${instanceId}/cc`, { userIds: ['user-zhao.liu'], message: '请阅' });
    expect(cc.status).toBe(200);
    const page = await as('zhao.liu').get<Page<{ id: string; ccBy?: string }>>('/api/inbox/cc');
    expect(page.body.items).toEqual([expect.objectContaining({ id: instanceId, ccBy: 'user-zhang.san' })]);
    const notes = await as('zhao.liu').get<{ kind: string; instanceId?: string; payload: { message?: string } }[]>('/api/notifications');
    expect(notes.body.filter((n) => n.kind === 'cc')).toEqual([expect.objectContaining({ instanceId, payload: expect.objectContaining({ message: '请阅' }) })]);
  });

  it('given a cc to a unit, when delivered, then its members are notified, the sender is not', async () => {
    expect((await as('zhang.san').post(`/api/process-instances/${instanceId}/cc`, { unitIds: ['unit-sfj-fzk'] })).status).toBe(200);
    const leader = await new ApiClient(server.url).as('sfj-fzk.leader');
    const notes = await leader.get<{ kind: string; instanceId?: string }[]>('/api/notifications');
    expect(notes.body.filter((n) => n.kind === 'cc' && n.instanceId === instanceId)).toHaveLength(1);
    expect((await leader.get<Page<{ id: string }>>('/api/inbox/cc')).body.items.map((i) => i.id)).toEqual([instanceId]);
    const own = await as('zhang.san').get<{ kind: string }[]>('/api/notifications');
    expect(own.body.filter((n) => n.kind === 'cc')).toHaveLength(0);
  });

  it('given the open approval, when the initiator urges, then its handler gets one urge notification', async () => {
    const approve = await todoOf('wang.wu');
    expect((await as('zhang.san').post(`/api/tasks/${approve?.id}/urge`, { message: '请尽快' })).status).toBe(200);
    const notes = await as('wang.wu').get<{ kind: string; taskId?: string }[]>('/api/notifications');
    expect(notes.body.filter((n) => n.kind === 'urge')).toEqual([expect.objectContaining({ taskId: approve?.id })]);
  });

  it('given two started instances, when paging 我发起的 one at a time, then the cursor yields each once', async () => {
    const second = await as('zhang.san').post<{ id: string }>('/api/process-definitions/key/inbox_flow/start', { businessKey: 'INBOX-2' });
    const first = await as('zhang.san').get<Page<{ id: string }>>('/api/inbox/started?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next).toBeDefined();
    const rest = await as('zhang.san').get<Page<{ id: string }>>(`/api/inbox/started?limit=1&after=${first.body.next}`);
    expect([...first.body.items, ...rest.body.items].map((i) => i.id).sort()).toEqual([instanceId, second.body.id].sort());
    expect(rest.body.next).toBeUndefined();
  });

  it('given an unknown view or filter, when asked, then 400', async () => {
    expect((await as('li.si').get('/api/inbox/everything')).status).toBe(400);
    expect((await as('li.si').get('/api/inbox/todo?colour=red')).status).toBe(400);
  });
});

describe('attachments', () => {
  it('given a real PNG named like a path, when uploaded, then it is stored under a generated id with a bare name', async () => {
    const reply = await upload('zhang.san', instanceId, form(PNG, '../../etc/passwd', 'image/png'));
    expect(reply.status).toBe(201);
    expect(reply.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.body).toEqual(expect.objectContaining({ name: 'passwd', contentType: 'image/png', size: PNG.length }));
    const listed = await as('zhao.liu').get<Attachment[]>(`/api/process-instances/${instanceId}/attachments`);
    expect(listed.body.map((a) => a.id)).toEqual([reply.body.id]);
    const download = await as('zhao.liu').get<string>(`/api/attachments/${reply.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="?passwd"?$/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await (await fetch(`${server.url}/api/attachments/${reply.body.id}`, { headers: { authorization: `Bearer ${as('zhao.liu').token}` } })).arrayBuffer());
    expect(bytes.equals(PNG)).toBe(true);
  });

  it('given a ZIP named .png and declared image/png, when uploaded, then 415', async () => {
    const reply = await upload('zhang.san', instanceId, form(ZIP, 'photo.png', 'image/png'));
    expect(reply.status).toBe(415);
    expect(reply.body.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('given 11 MB, when uploaded, then 413', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
    expect((await upload('zhang.san', instanceId, form(big, 'big.png', 'image/png'))).status).toBe(413);
  });

  it('given an outsider of another unit, when listing, uploading or downloading, then 404', async () => {
    const [first] = (await as('zhang.san').get<Attachment[]>(`/api/process-instances/${instanceId}/attachments`)).body;
    expect((await as('sun.qi').get(`/api/process-instances/${instanceId}/attachments`)).status).toBe(404);
    expect((await upload('sun.qi', instanceId, form(PNG, 'x.png', 'image/png'))).status).toBe(404);
    expect((await as('sun.qi').get(`/api/attachments/${first?.id}`)).status).toBe(404);
  });
});

describe('audit', () => {
  it('given the uploads above, when an auditor verifies and lists, then the chain is intact and the upload is audited once', async () => {
    const verified = await as('auditor').get<{ ok: boolean; checked: number; firstBad: unknown }>('/api/admin/audit/verify');
    expect(verified.body).toEqual(expect.objectContaining({ ok: true, firstBad: null }));
    expect(verified.body.checked).toBeGreaterThan(0);
    const entries = await as('auditor').get<{ action: string }[]>(`/api/admin/audit?instanceId=${instanceId}&action=attachment.uploaded`);
    expect(entries.body).toHaveLength(1);
    expect((await as('zhang.san').get('/api/admin/audit/verify')).status).toBe(403);
  });
});

describe('attachment names', () => {
  // Last in the file: the tests above count the uploads of this instance.
  it('given a Chinese file name, when uploaded, then the name is kept as written', async () => {
    const reply = await upload('zhang.san', instanceId, form(PNG, '现场照片.png', 'image/png'));
    expect(reply.status).toBe(201);
    expect(reply.body.name).toBe('现场照片.png');
  });
});

/** 法制审核 for the group of 王五's section (sfj-fzk), due in 5 working days. */
const traceFlow = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="trace-defs" targetNamespace="http://zhifa.test">
  <bpmn:process id="trace_flow" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <bpmn:userTask id="review" name="法制审核"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="sfj-fzk"/>
      <zhifa:deadline duration="P5D" calendar="working"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e"/><bpmn:endEvent id="e"/></bpmn:process></bpmn:definitions>`;

interface TraceView {
  readonly taskId: string;
  readonly dueAt: string | null;
  readonly provisional: boolean;
  readonly paused: boolean;
  readonly steps: readonly { readonly step: string; readonly trace?: { readonly start: string; readonly rule: string; readonly days: number; readonly due: string; readonly skipped: readonly { readonly date: string; readonly reason: string }[] } }[];
}

describe('the due-date trace shown on hover in 待办', () => {
  it('given a group task due in 5 working days, then any candidate gets how it was computed; other units and anonymous do not', async () => {
    const deployed = await as('analyst').post('/api/deployments', { name: 'trace_flow.bpmn', resources: [{ name: 'trace_flow.bpmn', content: traceFlow }] });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const started = await as('zhang.san').post<{ id: string }>('/api/process-definitions/key/trace_flow/start', { businessKey: 'TRACE-1' });
    expect(started.status).toBe(201);
    const page = await as('wang.wu').get<Page<TodoItem & { dueAt?: string }>>('/api/inbox/todo?processKey=trace_flow');
    const row = page.body.items.find((t) => t.instanceId === started.body.id);
    if (!row) throw new Error('the task is not in 王五\'s 待办');

    // when 王五 (a candidate through his section, not named on the task) hovers its due date
    const reply = await as('wang.wu').get<TraceView>(`/api/inbox/tasks/${row.id}/deadline`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const [computed] = reply.body.steps;
    expect(computed?.step).toBe('computed');
    const trace = computed?.trace;
    expect(trace).toMatchObject({ rule: 'working-days', days: 5 });
    // then the trace's due day is the task's due date (Beijing time), after the start, every skipped day explained
    expect(reply.body.dueAt).toBe(row.dueAt);
    expect(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(reply.body.dueAt ?? ''))).toBe(trace?.due);
    expect((trace?.due ?? '') > (trace?.start ?? '')).toBe(true);
    for (const day of trace?.skipped ?? []) expect(day.reason).toMatch(/^(weekend|holiday: .+)$/);
    expect(reply.body.paused).toBe(false);

    expect((await as('zhao.liu').get(`/api/inbox/tasks/${row.id}/deadline`)).status).toBe(404);
    expect((await new ApiClient(server.url).get(`/api/inbox/tasks/${row.id}/deadline`)).status).toBe(401);
    expect((await as('admin').get('/api/inbox/tasks/no-such-task/deadline')).status).toBe(404);
  });
});
