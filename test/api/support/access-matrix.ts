/**
 * S6: the checked-in allow/deny table for every `:id` route. The fixture: 张三 (执法稽查科 of 市市场监督管理局)
 * starts a case whose task goes to the group 法制科 of the same bureau (unit-scjgj-fzk); 李四 of that 法制科
 * has claimed it. Expected HTTP status per route and caller.
 */
export const Caller = {
  assignee: 'li.si',
  candidate: 'scjgj-fzk.leader',
  initiator: 'zhang.san',
  supervisor: 'scjgj.leader',
  sameUnit: 'jck.clerk',
  otherUnit: 'zhao.liu',
  admin: 'admin',
  auditor: 'auditor',
  anonymous: '',
} as const;
export type Caller = keyof typeof Caller;

export interface RouteCase {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: (ids: { instanceId: string; taskId: string }) => string;
  readonly body?: unknown;
  readonly expect: Readonly<Record<Caller, number>>;
}

const read = { assignee: 200, candidate: 200, initiator: 200, supervisor: 200, sameUnit: 403, otherUnit: 404, admin: 200, auditor: 200, anonymous: 401 };
const manage = { assignee: 403, candidate: 403, initiator: 200, supervisor: 200, sameUnit: 403, otherUnit: 404, admin: 200, auditor: 403, anonymous: 401 };

export const accessMatrix: readonly RouteCase[] = [
  { name: 'read instance', method: 'GET', path: (i) => `/api/process-instances/${i.instanceId}`, expect: read },
  { name: 'instance history', method: 'GET', path: (i) => `/api/process-instances/${i.instanceId}/history`, expect: read },
  { name: 'instance names', method: 'GET', path: (i) => `/api/process-instances/${i.instanceId}/names`, expect: read },
  { name: 'set variables', method: 'PUT', path: (i) => `/api/process-instances/${i.instanceId}/variables`, body: { variables: { note: 'x' } }, expect: manage },
  { name: 'cancel instance', method: 'DELETE', path: (i) => `/api/process-instances/${i.instanceId}`, body: { reason: 'test' }, expect: manage },
  { name: 'read task', method: 'GET', path: (i) => `/api/tasks/${i.taskId}`, expect: read },
  { name: 'deadline trace of a task', method: 'GET', path: (i) => `/api/inbox/tasks/${i.taskId}/deadline`, expect: read },
  {
    name: 'claim (already claimed)',
    method: 'POST',
    path: (i) => `/api/tasks/${i.taskId}/claim`,
    expect: { assignee: 409, candidate: 409, initiator: 403, supervisor: 403, sameUnit: 403, otherUnit: 404, admin: 409, auditor: 403, anonymous: 401 },
  },
  {
    name: 'unclaim',
    method: 'POST',
    path: (i) => `/api/tasks/${i.taskId}/unclaim`,
    expect: { assignee: 200, candidate: 403, initiator: 403, supervisor: 403, sameUnit: 403, otherUnit: 404, admin: 200, auditor: 403, anonymous: 401 },
  },
  {
    name: 'complete',
    method: 'POST',
    path: (i) => `/api/tasks/${i.taskId}/complete`,
    body: { variables: { decision: '通过' } },
    expect: { assignee: 200, candidate: 403, initiator: 403, supervisor: 403, sameUnit: 403, otherUnit: 404, admin: 200, auditor: 403, anonymous: 401 },
  },
];
