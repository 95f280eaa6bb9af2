/**
 * Who handles a task: claim / unclaim / reassign (task.update), 转办 transfer (for good), 委派 delegate and
 * resolve (the task comes back to its owner), and the two notices that change nothing but the record:
 * 催办 urge (rate-limited per task) and 抄送 cc.
 */
import { InvalidInputError, RateLimitedError, StaleStateError } from '../errors.js';
import { handlersOf, notify, openTask, recordOperation } from './approval-common.js';
import type { Run } from './run.js';
import type { Command } from './types.js';
import { setLocal } from './variables.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

export function updateTask(run: Run, command: Of<'task.update'>): void {
  const { inst, task } = openTask(run, command.taskId);
  const before = task.assignee;
  if (command.ifUnassigned && before !== undefined && before !== command.assignee) {
    throw new StaleStateError(`task '${inst.id}' is already claimed`, { assignee: before });
  }
  if (command.assignee !== undefined) task.assignee = command.assignee ?? undefined;
  if (command.candidateUsers) task.candidateUsers = [...command.candidateUsers];
  if (command.candidateGroups) task.candidateGroups = [...command.candidateGroups];
  if (command.dueAt !== undefined) task.dueAt = command.dueAt ?? undefined;
  // Changes without an actor come from the engine itself (org assignment resolution): not a person's act.
  if (command.actor === undefined || task.assignee === before) return;
  task.touched = true;
  const operation = task.assignee === undefined ? 'unclaim' : task.assignee === command.actor ? 'claim' : 'reassign';
  recordOperation(run, inst, operation, { actor: command.actor, ...(task.assignee !== undefined && { users: [task.assignee] }) });
}

export function transferTask(run: Run, command: Of<'task.transfer'>): void {
  const { inst, task } = openTask(run, command.taskId);
  if (task.delegation === 'pending') throw new StaleStateError(`task '${inst.id}' is delegated: resolve the delegation before transferring`);
  if (command.userId === task.assignee) throw new InvalidInputError(`task '${inst.id}' is already assigned to '${command.userId}'`);
  task.assignee = command.userId;
  task.touched = true;
  delete task.owner;
  recordOperation(run, inst, 'transfer', { actor: command.by, users: [command.userId], reason: command.reason });
  notify(run, 'transfer', { by: command.by, userIds: [command.userId], task: inst, message: command.reason });
}

export function delegateTask(run: Run, command: Of<'task.delegate'>): void {
  const { inst, task } = openTask(run, command.taskId);
  if (task.delegation === 'pending') throw new StaleStateError(`task '${inst.id}' is already delegated to '${task.assignee ?? ''}'`);
  const owner = task.assignee ?? command.by;
  if (command.userId === owner) throw new InvalidInputError('a task cannot be delegated to its owner');
  task.owner = owner;
  task.assignee = command.userId;
  task.delegation = 'pending';
  task.touched = true;
  recordOperation(run, inst, 'delegate', { actor: command.by, users: [command.userId], reason: command.reason });
  notify(run, 'delegate', { by: command.by, userIds: [command.userId], task: inst, message: command.reason });
}

export function resolveTask(run: Run, command: Of<'task.resolve'>): void {
  const { inst, task } = openTask(run, command.taskId);
  if (task.delegation !== 'pending' || task.owner === undefined) throw new StaleStateError(`task '${inst.id}' has no pending delegation`);
  const owner = task.owner;
  task.assignee = owner;
  task.delegation = 'resolved';
  if (command.opinion !== undefined) setLocal(run, inst, 'delegateOpinion', command.opinion);
  recordOperation(run, inst, 'resolve', { actor: command.by, users: [owner], opinion: command.opinion });
  notify(run, 'resolve', { by: command.by, userIds: [owner], task: inst, message: command.opinion });
}

export function urgeTask(run: Run, command: Of<'task.urge'>): void {
  const { inst, task } = openTask(run, command.taskId);
  const urged = (run.state.urgedAt ??= {});
  const last = urged[inst.id];
  const windowMs = Math.max(0, command.minIntervalMinutes) * 60_000;
  const wait = last === undefined ? 0 : Date.parse(last) + windowMs - run.ctx.now.getTime();
  if (wait > 0) {
    throw new RateLimitedError(`task '${inst.id}' was urged at ${last ?? ''}; urge again after ${command.minIntervalMinutes} minutes`, {
      reason: 'URGED_RECENTLY',
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
  urged[inst.id] = run.nowIso;
  const to = handlersOf(task);
  recordOperation(run, inst, 'urge', { actor: command.by, users: to.userIds, units: to.unitIds, reason: command.message });
  notify(run, 'urge', { by: command.by, ...to, task: inst, message: command.message });
}

export function ccInstance(run: Run, command: Of<'instance.cc'>): void {
  if (command.userIds.length === 0 && command.unitIds.length === 0) throw new InvalidInputError('cc needs at least one user or unit');
  const root = run.root();
  recordOperation(run, root, 'cc', { actor: command.by, users: [...command.userIds], units: [...command.unitIds], reason: command.message });
  notify(run, 'cc', { by: command.by, userIds: command.userIds, unitIds: command.unitIds, message: command.message });
}
