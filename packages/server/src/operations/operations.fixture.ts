/** BPMN and a small HTTP client for the approval-operation API tests (demo organisation user ids). */
const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="defs" targetNamespace="http://zhifa.test">${body}</definitions>`;

/** 起草 (zhang.san) → 审核 (li.si may claim) → 审批 (wang.wu) → end. */
export const opsLinear = definitions(`<process id="ops_linear" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'draft')}
  <userTask id="draft" name="起草" camunda:assignee="user-zhang.san"/>${flow('f2', 'draft', 'review')}
  <userTask id="review" name="审核" camunda:candidateUsers="user-li.si"/>${flow('f3', 'review', 'approve')}
  <userTask id="approve" name="审批" camunda:assignee="user-wang.wu"/>${flow('f4', 'approve', 'e')}<endEvent id="e"/></process>`);

/** 起草 → split → (法制审核 li.si → 法制复核 wang.wu) ‖ 财务审核 zhao.liu → join → 签发 sfj.leader. */
export const opsParallel = definitions(`<process id="ops_parallel" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'draft')}
  <userTask id="draft" camunda:assignee="user-zhang.san"/>${flow('f2', 'draft', 'split')}<parallelGateway id="split"/>
  ${flow('a1', 'split', 'legal')}<userTask id="legal" camunda:assignee="user-li.si"/>${flow('a2', 'legal', 'legalCheck')}
  <userTask id="legalCheck" camunda:assignee="user-wang.wu"/>${flow('a3', 'legalCheck', 'join')}
  ${flow('b1', 'split', 'finance')}<userTask id="finance" camunda:assignee="user-zhao.liu"/>${flow('b2', 'finance', 'join')}
  <parallelGateway id="join"/>${flow('f3', 'join', 'issue')}<userTask id="issue" camunda:assignee="user-sfj.leader"/>${flow('f4', 'issue', 'e')}<endEvent id="e"/></process>`);

/** 会签 over `signers` in the given mode, then 签发. */
export const opsCountersign = definitions(`<process id="ops_sign" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'countersign')}
  <userTask id="countersign" name="会签"><extensionElements><zhifa:signMode mode="all" candidates="signers"/></extensionElements></userTask>
  ${flow('f2', 'countersign', 'issue')}<userTask id="issue" camunda:assignee="user-sfj.leader"/>${flow('f3', 'issue', 'e')}<endEvent id="e"/></process>`);

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface TaskJson {
  readonly id: string;
  readonly elementId: string;
  readonly assignee?: string;
  readonly owner?: string;
  readonly delegation?: string;
  readonly instanceId: string;
}

export interface ErrorJson {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** A caller with a bearer token. */
export class Caller {
  constructor(
    private readonly base: string,
    private readonly token?: string,
  ) {}

  static async login(base: string, username: string, password: string): Promise<Caller> {
    const reply = await new Caller(base).call<{ token: string }>('POST', '/api/auth/login', { username, password });
    if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.status}`);
    return new Caller(base, reply.body.token);
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(this.token && { authorization: `Bearer ${this.token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    // The tests assert on the shape; the type only names what they expect.
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(path: string): Promise<Reply<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<Reply<T>> {
    return this.call<T>('POST', path, body);
  }
}
