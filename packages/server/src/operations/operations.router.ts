/**
 * The Chinese approval operations over HTTP (issue 6): 转办, 委派/resolve, 退回 (with its targets), 加签/减签,
 * 催办, 撤回, 抄送. Each route checks who may act, validates the body with zod and calls one engine command;
 * the engine writes the audit entry and the notification effect in the same unit of work. Errors are the
 * engine's `ZhifaError` subclasses; the server's error middleware maps their codes to HTTP status.
 */
import { Router, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { ForbiddenError, InvalidInputError, NotFoundError, StaleStateError, type EngineApi, type TaskRecord } from '@zhifa/engine';
import {
  AddSignRequest, ApiPath, CcRequest, DelegateRequest, RemoveSignRequest, ResolveRequest, ReturnRequest, TransferRequest, UrgeRequest, WithdrawRequest,
} from '@zhifa/api-types';

/** Who is calling (the server's principal satisfies it). */
export interface OperationsPrincipal {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
}

/** A task as the inbox keeps it, finished ones included (to answer 409 rather than 404 for them). */
export interface InboxTaskState {
  readonly instanceId: string;
  readonly state: string;
}

export interface TaskOperationsDeps {
  readonly engine: EngineApi;
  /** Bearer authentication; omit when the router is mounted behind it already (`apiRouters`). */
  readonly requireAuth?: RequestHandler;
  readonly principalOf: (res: Response) => OperationsPrincipal;
  /** The inbox row of a task, open or finished. */
  readonly findTask: (taskId: string) => Promise<InboxTaskState | undefined>;
  /** Who started an instance (the initiator may withdraw, urge and cc). */
  readonly initiatorOf: (instanceId: string) => Promise<string | undefined>;
  /** Whether a user id exists (transfer, delegate and add-sign targets); every id is accepted without it. */
  readonly userExists?: (userId: string) => Promise<boolean>;
  /** Refuses callers who may not see the instance (404 for another unit, 403 within it); everyone may without it. */
  readonly assertInstanceVisible?: (res: Response, instanceId: string) => Promise<void>;
  /** 催办 interval in minutes (default: the engine's). */
  readonly urgeIntervalMinutes?: number;
}

const isAdmin = (p: OperationsPrincipal): boolean => p.roles.includes('admin');
const isMe = (p: OperationsPrincipal, user: string | undefined): boolean => user !== undefined && (user === p.id || user === p.username);

export function createTaskOperationsRouter(deps: TaskOperationsDeps): Router {
  const router = Router();
  const { engine } = deps;
  const auth: RequestHandler[] = deps.requireAuth ? [deps.requireAuth] : [];

  /** An open task the caller handles (assignee, delegation owner) or administers; else 403/404/409. */
  const handledTask = async (res: Response, taskId: string, who: 'handler' | 'assignee' = 'handler'): Promise<{ task: TaskRecord; me: OperationsPrincipal }> => {
    const me = deps.principalOf(res);
    const task = await openTask(taskId);
    await visible(res, task.instanceId);
    if (isAdmin(me) || isMe(me, task.assignee) || (who === 'handler' && isMe(me, task.owner))) return { task, me };
    throw new ForbiddenError(task.assignee === undefined ? 'claim the task first' : 'only the assignee, the owner or an admin may do this');
  };

  const visible = async (res: Response, instanceId: string): Promise<void> => {
    if (deps.assertInstanceVisible) await deps.assertInstanceVisible(res, instanceId);
  };

  const openTask = async (taskId: string): Promise<TaskRecord> => {
    const task = await engine.getTask(taskId);
    if (task) return task;
    const row = await deps.findTask(taskId);
    if (row) throw new StaleStateError(`task '${taskId}' is ${row.state}`, { state: row.state });
    throw new NotFoundError('task', taskId);
  };

  const knownUsers = async (ids: readonly string[]): Promise<void> => {
    if (!deps.userExists) return;
    for (const id of ids) if (!(await deps.userExists(id))) throw new InvalidInputError(`unknown user '${id}'`, { userId: id });
  };

  router.post(ApiPath.taskTransfer, ...auth, async (req, res) => {
    const { task, me } = await handledTask(res, idOf(req.params));
    const body = parse(TransferRequest, req.body);
    await knownUsers([body.userId]);
    await engine.transferTask(task.id, body.userId, me.id, body.reason);
    res.json(await engine.getTask(task.id));
  });

  router.post(ApiPath.taskDelegate, ...auth, async (req, res) => {
    const { task, me } = await handledTask(res, idOf(req.params));
    const body = parse(DelegateRequest, req.body);
    await knownUsers([body.userId]);
    await engine.delegateTask(task.id, body.userId, me.id, body.reason);
    res.json(await engine.getTask(task.id));
  });

  router.post(ApiPath.taskResolve, ...auth, async (req, res) => {
    const { task, me } = await handledTask(res, idOf(req.params), 'assignee');
    const body = parse(ResolveRequest, req.body);
    await engine.resolveTask(task.id, me.id, body.opinion);
    res.json(await engine.getTask(task.id));
  });

  router.get(ApiPath.taskReturnTargets, ...auth, async (req, res) => {
    const { task } = await handledTask(res, idOf(req.params));
    res.json(await engine.returnTargets(task.id));
  });

  router.post(ApiPath.taskReturn, ...auth, async (req, res) => {
    const { task, me } = await handledTask(res, idOf(req.params));
    const body = parse(ReturnRequest, req.body);
    await engine.returnTask(task.id, body.targetActivityId, body.reason, { by: me.id, ...(body.resubmit && { resubmit: body.resubmit }) });
    res.json({ instanceId: task.instanceId, tasks: await engine.instanceTasks(task.instanceId) });
  });

  router.post(ApiPath.taskAddSign, ...auth, async (req, res) => {
    const { task, me } = await handledTask(res, idOf(req.params));
    const body = parse(AddSignRequest, req.body);
    await knownUsers(body.userIds);
    await engine.addSign(task.id, body.userIds, body.position, me.id, body.reason);
    res.json({ instanceId: task.instanceId, tasks: await engine.instanceTasks(task.instanceId) });
  });

  router.post(ApiPath.taskRemoveSign, ...auth, async (req, res) => {
    const taskId = idOf(req.params);
    const me = deps.principalOf(res);
    const body = parse(RemoveSignRequest, req.body);
    // The handler may already have signed (waiting for co-signers): its row is then closed, the instance open.
    const open = await engine.getTask(taskId);
    const row = open ?? (await deps.findTask(taskId));
    if (!row) throw new NotFoundError('task', taskId);
    await visible(res, row.instanceId);
    if (open && !isAdmin(me) && !isMe(me, open.assignee) && !isMe(me, open.owner)) throw new ForbiddenError('only the assignee, the owner or an admin may do this');
    if (!open && !isAdmin(me)) {
      // The handler signed already; the co-signer tasks still name them.
      const coSigners = (await engine.instanceTasks(row.instanceId)).filter((t) => t.coSignOf === taskId);
      if (!coSigners.some((t) => isMe(me, t.coSignHandler))) throw new ForbiddenError('only the handler of the task or an admin may do this');
    }
    await engine.removeSign(taskId, body.userId, me.id, body.reason, { instanceId: row.instanceId });
    res.json({ instanceId: row.instanceId, tasks: await engine.instanceTasks(row.instanceId) });
  });

  router.post(ApiPath.taskUrge, ...auth, async (req, res) => {
    const me = deps.principalOf(res);
    const task = await openTask(idOf(req.params));
    await visible(res, task.instanceId);
    const body = parse(UrgeRequest, req.body);
    const initiator = await deps.initiatorOf(task.instanceId);
    if (!isAdmin(me) && !isMe(me, initiator) && !isMe(me, task.previous?.by)) throw new ForbiddenError('only the initiator, the previous approver or an admin may urge');
    await engine.urgeTask(task.id, me.id, {
      ...(body.message !== undefined && { message: body.message }),
      ...(deps.urgeIntervalMinutes !== undefined && { minIntervalMinutes: deps.urgeIntervalMinutes }),
    });
    res.json({ urged: task.id });
  });

  router.post(ApiPath.processInstanceWithdraw, ...auth, async (req, res) => {
    const me = deps.principalOf(res);
    const instanceId = idOf(req.params);
    await visible(res, instanceId);
    const body = parse(WithdrawRequest, req.body);
    const initiator = await deps.initiatorOf(instanceId);
    if (initiator === undefined && (await engine.instanceTasks(instanceId)).length === 0) throw new NotFoundError('process instance', instanceId);
    // The engine checks the rest: the caller is the initiator or completed the step taken back.
    await engine.withdraw(instanceId, me.id, { ...(initiator !== undefined && { initiator }), ...(body.reason !== undefined && { reason: body.reason }) });
    res.json({ instanceId, tasks: await engine.instanceTasks(instanceId) });
  });

  router.post(ApiPath.processInstanceCc, ...auth, async (req, res) => {
    const me = deps.principalOf(res);
    const instanceId = idOf(req.params);
    await visible(res, instanceId);
    const body = parse(CcRequest, req.body);
    const tasks = await engine.instanceTasks(instanceId);
    const initiator = await deps.initiatorOf(instanceId);
    if (initiator === undefined && tasks.length === 0) throw new NotFoundError('process instance', instanceId);
    const handles = tasks.some((t) => isMe(me, t.assignee) || isMe(me, t.owner));
    if (!isAdmin(me) && !isMe(me, initiator) && !handles) throw new ForbiddenError('only the initiator, a current handler or an admin may cc');
    await knownUsers(body.userIds ?? []);
    await engine.cc(instanceId, me.id, { userIds: body.userIds ?? [], unitIds: body.unitIds ?? [] }, body.message);
    res.json({ instanceId, userIds: body.userIds ?? [], unitIds: body.unitIds ?? [] });
  });

  return router;
}

function idOf(params: Readonly<Record<string, string | string[] | undefined>>): string {
  const value = params['id'];
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw new InvalidInputError("bad path parameter 'id'");
  return value;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) throw new InvalidInputError("'__proto__' is not an allowed key");
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  throw new InvalidInputError(`invalid body: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { issues });
}
