/**
 * A1's checked-in inventory of the state-changing routes (POST / PUT / PATCH / DELETE). The test derives the
 * routes from the running app and fails on any route missing here, or listed here but gone. Every route either
 * names the audit entry it writes and how to exercise it (an allowed call and a refused one), or says why it
 * writes no audit entry.
 */
import type { Api, Reply } from './support/api.js';

/** The one history entry an action writes: its `action`, and for approval operations `data.operation`. */
export interface AuditMatch {
  readonly action: string;
  readonly operation?: string;
  readonly elementId?: string;
}

export interface A1Context {
  /** A logged-in client (cached per user). */
  as(username: string): Promise<Api>;
  /** 起草 (zhang.san) → 审核 (li.si may claim) → 审批 (wang.wu) → end, started by zhang.san; the instance id. */
  startLinear(): Promise<string>;
  /** The open task of the instance at `activityId`. */
  taskAt(instanceId: string, activityId: string): Promise<string>;
  /** Completes the open task at `activityId` as `username` (throws unless 200). */
  completeAt(username: string, instanceId: string, activityId: string): Promise<void>;
  /** Starts `key` as admin with `variables`; the instance id. */
  startAsAdmin(key: string, variables?: Record<string, unknown>): Promise<string>;
  /** The id of the open external job of an instance. */
  jobOf(instanceId: string): Promise<string>;
  /** Issues a case code for an instance directly through the service; its id. */
  issueCaseCode(instanceId: string): Promise<string>;
  /** The id of a deployed process definition by key and version. */
  definitionId(key: string, version: number): Promise<string>;
}

export interface Exercise {
  /** Who makes the allowed call (the expected `actor` is `user-<username>`). */
  readonly username: string;
  /** The allowed call: 2xx and exactly one matching entry. */
  ok(): Promise<Reply>;
  /** A refused call (4xx) of the same route: no entry at all. */
  refused(): Promise<Reply>;
  /**
   * The state row the action changes; its transaction must be the audit entry's. Engine routes default to the
   * `process_instance` row of the entry's instance.
   */
  readonly stateRow?: StateRow | ((reply: Reply) => StateRow);
}

export interface StateRow {
  readonly table: string;
  /** Default `id`. */
  readonly column?: string;
  readonly id: string;
}

export interface AuditedRoute {
  readonly kind: 'audited';
  readonly entry: AuditMatch;
  /** An engine command (its state row defaults to the instance's). */
  readonly engine?: boolean;
  prepare(ctx: A1Context): Promise<Exercise>;
}

export interface UnauditedRoute {
  readonly kind: 'unaudited';
  readonly reason: string;
  /** When given, the call is made and must write no audit entry. */
  prepare?(ctx: A1Context): Promise<{ readonly username?: string; run(): Promise<Reply> }>;
}

export type InventoryEntry = AuditedRoute | UnauditedRoute;

const flow = (id: string, from: string, to: string): string => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const definitions = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">${body}</definitions>`;

/** The processes the inventory exercises, deployed once by the analyst. */
export const A1_MODELS: Readonly<Record<string, string>> = {
  a1_linear: definitions(`<process id="a1_linear" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'draft')}
  <userTask id="draft" name="起草" camunda:assignee="user-zhang.san"/>${flow('f2', 'draft', 'review')}
  <userTask id="review" name="审核" camunda:candidateUsers="user-li.si"/>${flow('f3', 'review', 'approve')}
  <userTask id="approve" name="审批" camunda:assignee="user-wang.wu"/>${flow('f4', 'approve', 'e')}<endEvent id="e"/></process>`),
  a1_message: definitions(`<message id="msg" name="a1-paid"><extensionElements><zeebe:subscription correlationKey="=caseNo" /></extensionElements></message>
  <process id="a1_message" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'waitMsg')}
  <intermediateCatchEvent id="waitMsg"><messageEventDefinition messageRef="msg"/></intermediateCatchEvent>${flow('f2', 'waitMsg', 'after')}
  <userTask id="after" camunda:assignee="user-admin"/>${flow('f3', 'after', 'e')}<endEvent id="e"/></process>`),
  a1_signal: definitions(`<signal id="sig" name="a1-recall"/>
  <process id="a1_signal" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'waitSignal')}
  <intermediateCatchEvent id="waitSignal"><signalEventDefinition signalRef="sig"/></intermediateCatchEvent>${flow('f2', 'waitSignal', 'after')}
  <userTask id="after" camunda:assignee="user-admin"/>${flow('f3', 'after', 'e')}<endEvent id="e"/></process>`),
  a1_due: definitions(`<process id="a1_due" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'handle')}
  <userTask id="handle" name="办理" camunda:assignee="user-zhang.san" camunda:dueDate="P10D"/>${flow('f2', 'handle', 'e')}<endEvent id="e"/></process>`),
  a1_job: definitions(`<process id="a1_job" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'work')}
  <serviceTask id="work"><extensionElements><zeebe:taskDefinition type="a1-work" retries="2"/></extensionElements></serviceTask>${flow('f2', 'work', 'after')}
  <userTask id="after" camunda:assignee="user-admin"/>${flow('f3', 'after', 'e')}<endEvent id="e"/></process>`),
};

/** Version 2 of a1_linear for the migration route (same element ids). */
export const A1_LINEAR_V2 = A1_MODELS['a1_linear']!.replace('name="审批"', 'name="审批（第二版）"');

const calendarCsv = 'date,kind,name,source\n2031-01-01,holiday,元旦,A1\n';

/**
 * A task operation 张三 performs on the 起草 task of a fresh linear instance (after `before`, if given), and the
 * same route refused to 李四, who is not on the task.
 */
function draftTaskOperation(
  operation: string,
  body: { readonly ok: unknown; readonly refused: unknown },
  before?: (zhang: Api, task: string) => Promise<void>,
): AuditedRoute {
  return {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const task = await ctx.taskAt(id, 'draft');
      const [zhang, li] = [await ctx.as('zhang.san'), await ctx.as('li.si')];
      await before?.(zhang, task);
      return {
        username: 'zhang.san',
        stateRow: { table: 'process_instance', id },
        ok: () => zhang.post(`/api/tasks/${task}/${operation}`, body.ok),
        refused: () => li.post(`/api/tasks/${task}/${operation}`, body.refused),
      };
    },
  };
}

export const a1Inventory: Readonly<Record<string, InventoryEntry>> = {
  'POST /api/auth/login': {
    kind: 'unaudited',
    reason: 'issues a token; nothing in the database changes (token abuse is S8)',
    prepare: async (ctx) => ({ run: async () => (await ctx.as('admin')).post('/api/auth/login', { username: 'li.si', password: 'wrong' }) }),
  },
  'POST /api/deployments': {
    kind: 'audited',
    entry: { action: 'deployment.created' },
    prepare: async (ctx) => {
      const analyst = await ctx.as('analyst');
      const staff = await ctx.as('zhang.san');
      const body = (n: string) => ({ name: n, resources: [{ name: `${n}.bpmn`, content: A1_MODELS['a1_linear']!.replaceAll('a1_linear', n) }] });
      return {
        username: 'analyst',
        stateRow: (reply) => ({ table: 'deployment', id: (reply.body as { id: string }).id }),
        ok: () => analyst.post('/api/deployments', body('a1_deployed')),
        refused: () => staff.post('/api/deployments', body('a1_refused')),
      };
    },
  },
  'POST /api/process-definitions/key/:key/start': {
    kind: 'audited',
    engine: true,
    entry: { action: 'instance.started' },
    prepare: async (ctx) => {
      const zhang = await ctx.as('zhang.san');
      return {
        username: 'zhang.san',
        // The instance row itself, owner included (written in the start transaction).
        stateRow: (reply) => ({ table: 'process_instance', column: 'id', id: (reply.body as { id: string }).id }),
        ok: () => zhang.post('/api/process-definitions/key/a1_linear/start', { variables: { caseNo: 'A1-START' } }),
        refused: () => zhang.post('/api/process-definitions/key/a1_linear/start', { variables: { _system: 1 } }),
      };
    },
  },
  'DELETE /api/process-instances/:id': {
    kind: 'audited',
    engine: true,
    entry: { action: 'instance.ended' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const [zhang, li] = [await ctx.as('zhang.san'), await ctx.as('li.si')];
      return {
        username: 'zhang.san',
        stateRow: { table: 'process_instance', id },
        ok: () => zhang.call('DELETE', `/api/process-instances/${id}`, { reason: '立案错误' }),
        refused: () => li.call('DELETE', `/api/process-instances/${id}`, { reason: '越权' }),
      };
    },
  },
  'PUT /api/process-instances/:id/variables': {
    kind: 'audited',
    engine: true,
    entry: { action: 'variable.set' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const [zhang, li] = [await ctx.as('zhang.san'), await ctx.as('li.si')];
      return {
        username: 'zhang.san',
        stateRow: { table: 'process_instance', id },
        ok: () => zhang.call('PUT', `/api/process-instances/${id}/variables`, { variables: { note: '补充材料' } }),
        refused: () => li.call('PUT', `/api/process-instances/${id}/variables`, { variables: { note: 'x' } }),
      };
    },
  },
  'POST /api/tasks/:id/claim': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'claim' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      await ctx.completeAt('zhang.san', id, 'draft');
      const task = await ctx.taskAt(id, 'review');
      const [li, zhao] = [await ctx.as('li.si'), await ctx.as('zhao.liu')];
      return { username: 'li.si', stateRow: { table: 'process_instance', id }, ok: () => li.post(`/api/tasks/${task}/claim`), refused: () => zhao.post(`/api/tasks/${task}/claim`) };
    },
  },
  'POST /api/tasks/:id/unclaim': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'unclaim' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      await ctx.completeAt('zhang.san', id, 'draft');
      const task = await ctx.taskAt(id, 'review');
      const [li, zhang] = [await ctx.as('li.si'), await ctx.as('zhang.san')];
      if ((await li.post(`/api/tasks/${task}/claim`)).status !== 200) throw new Error('claim failed');
      return { username: 'li.si', stateRow: { table: 'process_instance', id }, ok: () => li.post(`/api/tasks/${task}/unclaim`), refused: () => zhang.post(`/api/tasks/${task}/unclaim`) };
    },
  },
  'POST /api/tasks/:id/complete': draftTaskOperation('complete', { ok: { variables: {} }, refused: { variables: {} } }),
  'POST /api/messages': {
    kind: 'audited',
    engine: true,
    entry: { action: 'element.completed', elementId: 'waitMsg' },
    prepare: async (ctx) => {
      const id = await ctx.startAsAdmin('a1_message', { caseNo: 'A1-MSG' });
      const [admin, auditor] = [await ctx.as('admin'), await ctx.as('auditor')];
      return {
        username: 'admin',
        stateRow: { table: 'process_instance', id },
        ok: () => admin.post('/api/messages', { name: 'a1-paid', correlationKey: 'A1-MSG' }),
        refused: () => auditor.post('/api/messages', { name: 'a1-paid', correlationKey: 'A1-MSG' }),
      };
    },
  },
  'POST /api/signals': {
    kind: 'audited',
    engine: true,
    entry: { action: 'element.completed', elementId: 'waitSignal' },
    prepare: async (ctx) => {
      const id = await ctx.startAsAdmin('a1_signal');
      const [admin, auditor] = [await ctx.as('admin'), await ctx.as('auditor')];
      return {
        username: 'admin',
        stateRow: { table: 'process_instance', id },
        ok: () => admin.post('/api/signals', { name: 'a1-recall' }),
        refused: () => auditor.post('/api/signals', { name: 'a1-recall' }),
      };
    },
  },
  'POST /api/jobs/:id/complete': {
    kind: 'audited',
    engine: true,
    entry: { action: 'element.completed', elementId: 'work' },
    prepare: async (ctx) => {
      const id = await ctx.startAsAdmin('a1_job');
      const job = await ctx.jobOf(id);
      const [admin, auditor] = [await ctx.as('admin'), await ctx.as('auditor')];
      return {
        username: 'admin',
        stateRow: { table: 'process_instance', id },
        ok: () => admin.post(`/api/jobs/${job}/complete`, { variables: { done: true } }),
        refused: () => auditor.post(`/api/jobs/${job}/complete`, { variables: {} }),
      };
    },
  },
  'POST /api/jobs/:id/fail': {
    kind: 'audited',
    engine: true,
    entry: { action: 'incident.created', elementId: 'work' },
    prepare: async (ctx) => {
      const id = await ctx.startAsAdmin('a1_job');
      const job = await ctx.jobOf(id);
      const [admin, auditor] = [await ctx.as('admin'), await ctx.as('auditor')];
      return {
        username: 'admin',
        stateRow: { table: 'process_instance', id },
        ok: () => admin.post(`/api/jobs/${job}/fail`, { errorMessage: '接口不可用', retries: 0 }),
        refused: () => auditor.post(`/api/jobs/${job}/fail`, { errorMessage: 'x', retries: 0 }),
      };
    },
  },
  'POST /api/incidents/:id/retry': {
    kind: 'audited',
    engine: true,
    entry: { action: 'incident.resolved' },
    prepare: async (ctx) => {
      const id = await ctx.startAsAdmin('a1_job');
      const job = await ctx.jobOf(id);
      const [admin, zhang] = [await ctx.as('admin'), await ctx.as('zhang.san')];
      if ((await admin.post(`/api/jobs/${job}/fail`, { errorMessage: '接口不可用', retries: 0 })).status !== 200) throw new Error('fail failed');
      const incidents = await admin.get<{ id: string; processInstanceId?: string; instanceId?: string }[]>('/api/incidents');
      const incident = incidents.body.find((i) => (i.processInstanceId ?? i.instanceId) === id)?.id;
      if (!incident) throw new Error(`no incident: ${incidents.text.slice(0, 200)}`);
      return {
        username: 'admin',
        stateRow: { table: 'process_instance', id },
        ok: () => admin.post(`/api/incidents/${incident}/retry`),
        refused: () => zhang.post(`/api/incidents/${incident}/retry`),
      };
    },
  },
  'POST /api/admin/clock': {
    kind: 'unaudited',
    reason: 'exists only with ZHIFA_CLOCK=manual (tests, demos); each timer it fires is an engine transition audited in its own unit of work',
  },
  'POST /api/tasks/:id/transfer': draftTaskOperation('transfer', { ok: { userId: 'user-sun.qi', reason: '出差' }, refused: { userId: 'user-li.si' } }),
  'POST /api/tasks/:id/delegate': draftTaskOperation('delegate', { ok: { userId: 'user-sun.qi', reason: '请代为起草' }, refused: { userId: 'user-li.si' } }),
  'POST /api/tasks/:id/resolve': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'resolve' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const task = await ctx.taskAt(id, 'draft');
      const [zhang, sun] = [await ctx.as('zhang.san'), await ctx.as('sun.qi')];
      if ((await zhang.post(`/api/tasks/${task}/delegate`, { userId: 'user-sun.qi' })).status !== 200) throw new Error('delegate failed');
      return {
        username: 'sun.qi',
        stateRow: { table: 'process_instance', id },
        ok: () => sun.post(`/api/tasks/${task}/resolve`, { opinion: '已起草' }),
        refused: () => zhang.post(`/api/tasks/${task}/resolve`, { opinion: '越权' }),
      };
    },
  },
  'POST /api/tasks/:id/return': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'return' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      await ctx.completeAt('zhang.san', id, 'draft');
      const task = await ctx.taskAt(id, 'review');
      const [li, zhang] = [await ctx.as('li.si'), await ctx.as('zhang.san')];
      if ((await li.post(`/api/tasks/${task}/claim`)).status !== 200) throw new Error('claim failed');
      return {
        username: 'li.si',
        stateRow: { table: 'process_instance', id },
        ok: () => li.post(`/api/tasks/${task}/return`, { targetActivityId: 'draft', reason: '材料不全' }),
        refused: () => zhang.post(`/api/tasks/${task}/return`, { targetActivityId: 'draft', reason: '越权' }),
      };
    },
  },
  'POST /api/tasks/:id/add-sign': draftTaskOperation('add-sign', {
    ok: { userIds: ['user-sun.qi'], position: 'parallel', reason: '需会签' },
    refused: { userIds: ['user-sun.qi'], position: 'parallel' },
  }),
  'POST /api/tasks/:id/remove-sign': draftTaskOperation(
    'remove-sign',
    { ok: { userId: 'user-sun.qi', reason: '不再需要' }, refused: { userId: 'user-sun.qi' } },
    async (zhang, task) => {
      if ((await zhang.post(`/api/tasks/${task}/add-sign`, { userIds: ['user-sun.qi'], position: 'parallel' })).status !== 200) throw new Error('add-sign failed');
    },
  ),
  'POST /api/tasks/:id/urge': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'urge' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      await ctx.completeAt('zhang.san', id, 'draft');
      const task = await ctx.taskAt(id, 'review');
      const [zhang, li] = [await ctx.as('zhang.san'), await ctx.as('li.si')];
      return {
        username: 'zhang.san',
        stateRow: { table: 'process_instance', id },
        ok: () => zhang.post(`/api/tasks/${task}/urge`, { message: '请尽快' }),
        refused: () => li.post(`/api/tasks/${task}/urge`, { message: '越权' }),
      };
    },
  },
  'POST /api/process-instances/:id/withdraw': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'withdraw' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      await ctx.completeAt('zhang.san', id, 'draft');
      const [zhang, li] = [await ctx.as('zhang.san'), await ctx.as('li.si')];
      return {
        username: 'zhang.san',
        stateRow: { table: 'process_instance', id },
        ok: () => zhang.post(`/api/process-instances/${id}/withdraw`, { reason: '漏附材料' }),
        refused: () => li.post(`/api/process-instances/${id}/withdraw`, { reason: '越权' }),
      };
    },
  },
  'POST /api/process-instances/:id/cc': {
    kind: 'audited',
    engine: true,
    entry: { action: 'task.operation', operation: 'cc' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const [zhang, li] = [await ctx.as('zhang.san'), await ctx.as('li.si')];
      return {
        username: 'zhang.san',
        stateRow: { table: 'process_instance', id },
        ok: () => zhang.post(`/api/process-instances/${id}/cc`, { userIds: ['user-wang.wu'], message: '请知悉' }),
        refused: () => li.post(`/api/process-instances/${id}/cc`, { userIds: ['user-wang.wu'] }),
      };
    },
  },
  'POST /api/process-instances/:id/migrate': {
    kind: 'audited',
    engine: true,
    entry: { action: 'instance.migrated' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const target = await ctx.definitionId('a1_linear', 2);
      const [admin, zhang] = [await ctx.as('admin'), await ctx.as('zhang.san')];
      return {
        username: 'admin',
        stateRow: { table: 'process_instance', id },
        ok: () => admin.post(`/api/process-instances/${id}/migrate`, { targetDefinitionId: target, mapping: {} }),
        refused: () => zhang.post(`/api/process-instances/${id}/migrate`, { targetDefinitionId: target, mapping: {} }),
      };
    },
  },
  'POST /api/case-codes/:id/revoke': {
    kind: 'audited',
    entry: { action: 'case-code.revoked' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const code = await ctx.issueCaseCode(id);
      const [admin, zhang] = [await ctx.as('admin'), await ctx.as('zhang.san')];
      return {
        username: 'admin',
        stateRow: { table: 'case_code', id: code },
        ok: () => admin.post(`/api/case-codes/${code}/revoke`, { reason: '决定书撤销' }),
        refused: () => zhang.post(`/api/case-codes/${code}/revoke`, { reason: '越权' }),
      };
    },
  },
  'POST /api/tasks/:id/deadline': {
    kind: 'audited',
    entry: { action: 'task.deadline' },
    prepare: async (ctx) => {
      const id = await ctx.startAsAdmin('a1_due');
      const task = await ctx.taskAt(id, 'handle');
      const [admin, li] = [await ctx.as('admin'), await ctx.as('li.si')];
      return {
        username: 'admin',
        ok: () => admin.post(`/api/tasks/${task}/deadline`, { action: 'extend', reason: '当事人申请延期', days: 5 }),
        refused: () => li.post(`/api/tasks/${task}/deadline`, { action: 'extend', reason: '越权', days: 5 }),
      };
    },
  },
  'POST /api/notifications/read': {
    kind: 'unaudited',
    reason: "the caller's own read markers on their in-app notices; no case, task or configuration state",
    prepare: async (ctx) => ({ username: 'li.si', run: async () => (await ctx.as('li.si')).post('/api/notifications/read', { all: true }) }),
  },
  'PUT /api/admin/calendar/:year': {
    kind: 'audited',
    entry: { action: 'calendar.imported' },
    prepare: async (ctx) => {
      const [admin, zhang] = [await ctx.as('admin'), await ctx.as('zhang.san')];
      return {
        username: 'admin',
        stateRow: { table: 'holiday_year', column: 'year::text', id: '2031' },
        ok: () => admin.call('PUT', '/api/admin/calendar/2031', calendarCsv, { 'content-type': 'text/csv' }),
        refused: () => zhang.call('PUT', '/api/admin/calendar/2031', calendarCsv, { 'content-type': 'text/csv' }),
      };
    },
  },
  'POST /api/decisions/key/:key/evaluate': {
    kind: 'unaudited',
    reason: 'evaluates a decision table and answers; nothing is stored (a business rule task records its evaluation in the instance history)',
    prepare: async (ctx) => ({ username: 'admin', run: async () => (await ctx.as('admin')).post('/api/decisions/key/no-such-decision/evaluate', { variables: {} }) }),
  },
  'POST /api/process-instances/:id/attachments': {
    kind: 'audited',
    entry: { action: 'attachment.uploaded' },
    prepare: async (ctx) => {
      const id = await ctx.startLinear();
      const [zhang, zhao] = [await ctx.as('zhang.san'), await ctx.as('zhao.liu')];
      const upload = async (client: Api): Promise<Reply> => {
        const form = new FormData();
        form.append('file', new Blob(['%PDF-1.4\n%A1 test\n'], { type: 'application/pdf' }), '证据.pdf');
        const response = await fetch(`${client.baseUrl}/api/process-instances/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${client.token ?? ''}` }, body: form });
        const text = await response.text();
        return { status: response.status, body: text, text, headers: response.headers };
      };
      return { username: 'zhang.san', stateRow: { table: 'attachment', column: 'instance_id', id }, ok: () => upload(zhang), refused: () => upload(zhao) };
    },
  },
};

/**
 * Path-mounted handlers that are not Express routers, so their routes cannot be listed: each with why it is
 * outside the inventory.
 */
export const a1OpaqueMounts: Readonly<Record<string, string>> = {
  '/admin/queues': 'the BullMQ dashboard (admin only): retries, cleans or pauses queue jobs, never case state; its job runs are audited where they touch instances',
};
