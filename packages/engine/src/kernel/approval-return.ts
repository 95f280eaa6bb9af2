/**
 * 退回 (return to an earlier step) and 撤回 (withdraw a submission).
 *
 * Return targets are user tasks this instance completed, in a scope instance that encloses the current task
 * (the process, or a subprocess instance still running), from which the current task's position in that
 * scope can be reached along the model's flows (upstream). Returning cancels every token in that scope the
 * target leads to — so returning from one branch of a parallel split to a step before the split cancels the
 * sibling branches and any token waiting at the join — and starts the target again, assigned to whoever
 * handled it. With `direct` resubmission (chosen by the caller or `zhifa:approval resubmit="direct"` on the
 * returning task) completing the target goes straight back to the returning step; when the return cancelled
 * more than that one token (a parallel split lies between), there is no single step to go back to and the
 * path runs again (`rerun`), as recorded in the audit entry.
 */
import { ForbiddenError, InvalidInputError, StaleStateError } from '../errors.js';
import type { CompiledProcess } from '../model/model.js';
import { activityOf, handlersOf, hasCoSigners, notify, openTask, recordOperation } from './approval-common.js';
import { cancel } from './primitives.js';
import type { Run } from './run.js';
import type { Command, ElementInstance, InstanceState, Resubmit, TrailEntry } from './types.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;
type Lookup = (id: string | null | undefined) => ElementInstance | undefined;

export interface ReturnTarget {
  readonly elementId: string;
  readonly name?: string;
  /** The completed element instance (latest completion of that step). */
  readonly completedInstanceId: string;
  readonly completedBy?: string;
  readonly completedAt: string;
}

/** Steps the task may be returned to, latest completion first. Pure read of the state. */
export function returnTargets(model: CompiledProcess, state: InstanceState, taskId: string): ReturnTarget[] {
  const lookup: Lookup = (id) => (id === null || id === undefined ? undefined : state.elements[id]);
  const task = lookup(taskId);
  if (!task?.task || task.status !== 'waiting') throw new StaleStateError(`task '${taskId}' is not open`, { id: taskId });
  return targetsFor(model, lookup, state.trail ?? [], task).map(({ entry }) => {
    const name = model.nodes[entry.elementId]?.name;
    return {
      elementId: entry.elementId,
      ...(name?.kind === 'literal' && { name: name.value }),
      completedInstanceId: entry.elementInstanceId,
      ...(entry.by !== undefined && { completedBy: entry.by }),
      completedAt: entry.at,
    };
  });
}

function targetsFor(model: CompiledProcess, lookup: Lookup, trail: readonly TrailEntry[], task: ElementInstance): { entry: TrailEntry; position: ElementInstance }[] {
  const out: { entry: TrailEntry; position: ElementInstance }[] = [];
  const seen = new Set<string>();
  for (let i = trail.length - 1; i >= 0; i--) {
    const entry = trail[i];
    if (!entry || seen.has(entry.elementId)) continue;
    const position = positionIn(lookup, task, entry.scopeId);
    if (!position || position.elementId === entry.elementId) continue;
    if (!reachable(model, entry.elementId).has(position.elementId)) continue;
    seen.add(entry.elementId);
    out.push({ entry, position });
  }
  return out;
}

/** The ancestor of `inst` (or itself) that is a direct child of `scopeId`. */
function positionIn(lookup: Lookup, inst: ElementInstance, scopeId: string): ElementInstance | undefined {
  let current: ElementInstance | undefined = inst;
  while (current && current.parentId !== scopeId) current = lookup(current.parentId);
  return current;
}

/** Elements reachable from `from` along sequence flows and boundary events, in its scope. */
function reachable(model: CompiledProcess, from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const node = model.nodes[queue.pop() ?? ''];
    if (!node) continue;
    const next = [...node.outgoing.map((f) => model.flows[f]?.target ?? ''), ...node.boundaryEvents];
    for (const id of next) {
      if (id === '' || seen.has(id)) continue;
      seen.add(id);
      queue.push(id);
    }
  }
  return seen;
}

export function returnTask(run: Run, command: Of<'task.return'>): void {
  const { inst, task } = openTask(run, command.taskId);
  if (inst.role === 'sign') throw new InvalidInputError('a co-signer cannot return the task; its handler can');
  if (task.delegation === 'pending') throw new StaleStateError(`task '${inst.id}' is delegated: resolve the delegation first`);
  if (command.reason.trim() === '') throw new InvalidInputError('a return needs a reason');
  const lookup: Lookup = (id) => run.element(id);
  const found = targetsFor(run.model, lookup, run.state.trail ?? [], inst).find((t) => t.entry.elementId === command.targetElementId);
  if (!found) {
    throw new InvalidInputError(`'${command.targetElementId}' is not a step this instance passed before '${inst.elementId}'`, {
      targetElementId: command.targetElementId,
    });
  }
  const { entry, position } = found;
  const downstream = reachable(run.model, entry.elementId);
  const doomed = run.children(entry.scopeId).filter((c) => c.id === position.id || downstream.has(c.elementId));
  const asked: Resubmit = command.resubmit ?? run.node(activityOf(run, inst).elementId).approval?.resubmit ?? 'rerun';
  const single = doomed.length === 1 && !run.node(entry.elementId).loop;
  const resubmit: Resubmit = asked === 'direct' && single ? 'direct' : 'rerun';
  recordOperation(run, inst, 'return', { actor: command.by, reason: command.reason, target: entry.elementId, resubmit, ...(entry.by !== undefined && { users: [entry.by] }) });
  for (const token of doomed) cancel(run, token);
  const marks = (run.state.returns ?? []).filter((m) => !(m.scopeId === entry.scopeId && m.target === entry.elementId));
  if (resubmit === 'direct') marks.push({ scopeId: entry.scopeId, target: entry.elementId, returnTo: position.elementId, by: command.by });
  run.state.returns = marks;
  restart(run, entry, command.by);
  notify(run, 'return', { by: command.by, userIds: entry.by === undefined ? [] : [entry.by], message: command.reason });
}

/** 撤回: the latest step `by` completed is taken back while what followed is untouched. */
export function withdraw(run: Run, command: Of<'instance.withdraw'>): void {
  const trail = run.state.trail ?? [];
  const initiator = run.state.initiator ?? command.initiator;
  // Everyone takes back their own latest step: an initiator's withdrawal must not undo a later approver's work
  // (a withdraw racing the next completion would otherwise take back that completion instead).
  const entry = [...trail].reverse().find((e) => e.by === command.by);
  if (!entry && command.by === initiator) throw new StaleStateError('the initiator has no completed step to withdraw', { reason: 'NOTHING_TO_WITHDRAW' });
  if (!entry) throw new ForbiddenError('only the initiator or the previous approver may withdraw');
  const next = entry.next.map((id) => run.element(id));
  if (next.length === 0 || !run.element(entry.scopeId)) throw new StaleStateError(`step '${entry.elementId}' has nothing left to withdraw`);
  for (const el of next) {
    if (!el) throw new StaleStateError(`the step after '${entry.elementId}' was already handled`, { reason: 'NEXT_STEP_HANDLED' });
    const t = el.task;
    if (t && (t.touched || t.done || t.delegation !== undefined || (t.signQueue?.length ?? 0) > 0 || hasCoSigners(run, el))) {
      throw new StaleStateError(`the step after '${entry.elementId}' was already claimed or reassigned`, { reason: 'NEXT_STEP_TOUCHED', taskId: el.id });
    }
  }
  const tops = new Map<string, ElementInstance>();
  for (const el of next) {
    const top = el && positionIn((id) => run.element(id), el, entry.scopeId);
    if (top) tops.set(top.id, top);
  }
  for (const el of next) if (el?.task) notify(run, 'withdraw', { by: command.by, ...handlersOf(el.task), task: el });
  for (const top of tops.values()) if (run.element(top.id)) cancel(run, top);
  run.state.trail = trail.filter((e) => e !== entry);
  const created = restart(run, entry, command.by);
  recordOperation(run, created, 'withdraw', { actor: command.by, reason: command.reason, target: entry.elementId });
}

/** Starts a completed step again in its scope, assigned back to whoever handled it. */
function restart(run: Run, entry: TrailEntry, by: string): ElementInstance {
  const created = run.create(entry.elementId, entry.scopeId, 'node');
  const handler = entry.by ?? by;
  run.afterDrain.push(() => {
    const task = run.element(created.id)?.task;
    if (task && task.assignee === undefined) task.assignee = handler;
  });
  return created;
}
