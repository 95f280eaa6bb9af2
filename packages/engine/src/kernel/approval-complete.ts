/**
 * Completing a user task the Chinese way: an opinion (审批意见) and an outcome (通过/不通过) kept as task-local
 * output and in history; a delegated task must be resolved first (like Camunda); queued 加签 signers take
 * the task in turn; parallel co-signers are waited for; the completion is remembered in the trail (for
 * 退回 and 撤回); a step that was returned with direct resubmission goes straight back.
 */
import { StaleStateError } from '../errors.js';
import { activityOf, hasCoSigners, openTask, recordOperation, scopeIdOf } from './approval-common.js';
import { complete } from './primitives.js';
import type { Run } from './run.js';
import type { ApprovalOutcome, Command, ElementInstance, TrailEntry } from './types.js';
import { setLocal, setVariables } from './variables.js';

type CompleteCommand = Extract<Command, { type: 'task.complete' }>;

export function completeUserTask(run: Run, command: CompleteCommand, completedIds: Set<string>): void {
  const { inst, task } = openTask(run, command.taskId);
  if (task.delegation === 'pending') {
    throw new StaleStateError(`task '${inst.id}' is delegated to '${task.assignee ?? ''}': the delegate resolves it before it can be completed`, {
      reason: 'DELEGATION_PENDING',
    });
  }
  writeResult(run, inst, command.variables);
  if (command.outcome !== undefined) setLocal(run, inst, 'outcome', command.outcome);
  if (command.opinion !== undefined) setLocal(run, inst, 'opinion', command.opinion);
  recordOperation(run, inst, command.autoPass ? 'auto-pass' : inst.role === 'sign' || task.signQueue?.length ? 'sign' : 'complete', {
    actor: command.actor,
    outcome: command.outcome,
    opinion: command.opinion,
    reason: command.autoPass,
  });
  if (inst.role === 'sign') {
    completedIds.add(inst.id);
    coSignerDone(run, inst);
    return;
  }
  const nextSigner = task.signQueue?.shift();
  if (nextSigner !== undefined) {
    // 加签 before/after: the same task passes to the next signer; the element is not complete yet.
    task.assignee = nextSigner;
    return;
  }
  completedIds.add(inst.id);
  if (hasCoSigners(run, inst)) {
    task.done = true;
    return;
  }
  finishTask(run, inst, command.actor, command.outcome, command.opinion);
}

/** A parallel co-signer signed: its task ends; the main task completes once it and every co-signer did. */
function coSignerDone(run: Run, child: ElementInstance): void {
  run.event({ type: 'element.completed', at: run.nowIso, elementId: child.elementId, elementInstanceId: child.id });
  run.remove(child.id);
  const main = run.element(child.parentId);
  if (main?.task?.done && !hasCoSigners(run, main)) finishTask(run, main, main.task.assignee, undefined, undefined);
}

/** Called when a co-signer is removed (减签): the task may now be complete. */
export function afterCoSignerRemoved(run: Run, main: ElementInstance): void {
  if (main.task?.done && !hasCoSigners(run, main)) finishTask(run, main, main.task.assignee, undefined, undefined);
}

/** Completes the element: trail entry, then either the normal outgoing flows or a direct resubmission. */
function finishTask(run: Run, inst: ElementInstance, by: string | undefined, outcome: ApprovalOutcome | undefined, opinion: string | undefined): void {
  const scopeId = scopeIdOf(run, inst);
  const entry: TrailEntry = { elementInstanceId: inst.id, elementId: inst.elementId, scopeId, at: run.nowIso, next: [] };
  if (by !== undefined) entry.by = by;
  if (outcome !== undefined) entry.outcome = outcome;
  if (opinion !== undefined) entry.opinion = opinion;
  (run.state.trail ??= []).push(entry);
  const existing = new Set(run.all().map((e) => e.id));
  run.afterDrain.push(() => {
    entry.next = run.all().filter((e) => !existing.has(e.id) && isLeafWait(run, e)).map((e) => e.id);
    for (const id of entry.next) {
      const created = run.element(id)?.task;
      if (created) created.previous = { elementInstanceId: inst.id, elementId: inst.elementId, ...(by !== undefined && { by }) };
    }
  });
  const marks = run.state.returns ?? [];
  const mark = inst.role === 'node' ? marks.find((m) => m.scopeId === scopeId && m.target === inst.elementId) : undefined;
  if (!mark) {
    complete(run, inst);
    return;
  }
  // 退回 with direct resubmission: back to the step that returned it, skipping the path in between, and to
  // the person who returned it (as a return goes back to whoever handled the target).
  run.state.returns = marks.filter((m) => m !== mark);
  complete(run, inst, []);
  const back = run.create(mark.returnTo, scopeId, 'node');
  run.afterDrain.push(() => {
    const task = run.element(back.id)?.task;
    if (task && task.assignee === undefined) task.assignee = mark.by;
  });
}

/** Something that waits for the outside world (not a scope that merely holds children). */
function isLeafWait(run: Run, e: ElementInstance): boolean {
  if (e.role === 'process' || e.role === 'mi-body' || run.hasChildren(e.id)) return false;
  return e.status === 'waiting' || e.status === 'joining' || e.status === 'failed';
}

/** Completion variables: local to the element when it has output mappings, else written up the scopes. */
export function writeResult(run: Run, inst: ElementInstance, variables: Record<string, unknown> | undefined): void {
  if (!variables) return;
  const node = run.node(activityOf(run, inst).elementId);
  if (node.io?.outputs.length || inst.role === 'sign') for (const [k, v] of Object.entries(variables)) setLocal(run, inst, k, v);
  else setVariables(run, inst, variables);
}
