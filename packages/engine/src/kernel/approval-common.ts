/**
 * Shared pieces of the approval operations (Chinese approval practice: 转办, 委派, 退回, 撤回, 加签 ...):
 * finding an open task, the audit event each operation writes, notification effects, the scope a task
 * belongs to.
 */
import { StaleStateError } from '../errors.js';
import type { Run } from './run.js';
import type { ApprovalOperation, ElementInstance, KernelEvent, UserTaskState } from './types.js';

export interface OpenTask {
  readonly inst: ElementInstance;
  readonly task: UserTaskState;
}

/** A user task (or a co-signer's task) that waits for its handler; anything else is stale (409). `allowSigned`:
 *  also one whose handler signed and that waits for co-signers. */
export function openTask(run: Run, taskId: string, allowSigned = false): OpenTask {
  const inst = run.element(taskId);
  const task = inst?.task;
  if (!inst || !task || inst.status !== 'waiting' || (task.done && !allowSigned)) throw new StaleStateError(`task '${taskId}' is not open`, { id: taskId });
  return { inst, task };
}

type OperationDetails = Omit<Extract<KernelEvent, { type: 'task.operation' }>, 'type' | 'at' | 'operation' | 'elementId' | 'elementInstanceId'>;

/** The one audit entry of an operation: who, when, on which task, why. */
export function recordOperation(run: Run, inst: Pick<ElementInstance, 'id' | 'elementId'>, operation: ApprovalOperation, details: OperationDetails): void {
  const clean = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
  run.event({ type: 'task.operation', at: run.nowIso, operation, elementId: inst.elementId, elementInstanceId: inst.id, ...clean });
}

/** A notice for the outbox (in-app, mail, webhook are the listeners' business). */
export function notify(
  run: Run,
  kind: ApprovalOperation,
  input: { by?: string; userIds: readonly string[]; unitIds?: readonly string[]; task?: ElementInstance; message?: string },
): void {
  const userIds = [...new Set(input.userIds)].filter((u) => u !== '');
  const unitIds = [...new Set(input.unitIds ?? [])];
  if (userIds.length === 0 && unitIds.length === 0) return;
  run.effect({
    type: 'notification.requested',
    kind,
    userIds,
    unitIds,
    ...(input.by !== undefined && { by: input.by }),
    ...(input.task && { taskId: input.task.id, elementId: input.task.elementId }),
    ...(input.message !== undefined && { message: input.message }),
  });
}

/** Who a task is for right now: its assignee, else its candidates. */
export function handlersOf(task: UserTaskState): { userIds: string[]; unitIds: string[] } {
  return task.assignee !== undefined ? { userIds: [task.assignee], unitIds: [] } : { userIds: [...task.candidateUsers], unitIds: [...task.candidateGroups] };
}

/** The task's own element instance in its scope: a co-signer belongs to its task, an iteration to its body. */
export function activityOf(run: Run, inst: ElementInstance): ElementInstance {
  let current = inst;
  if (current.role === 'sign') current = run.element(current.parentId) ?? current;
  if (current.role === 'mi-inner') current = run.element(current.parentId) ?? current;
  return current;
}

/** The scope instance (process or subprocess instance) a task runs in. */
export function scopeIdOf(run: Run, inst: ElementInstance): string {
  return activityOf(run, inst).parentId ?? run.state.id;
}

export function hasCoSigners(run: Run, inst: ElementInstance): boolean {
  return run.children(inst.id).some((c) => c.role === 'sign');
}
