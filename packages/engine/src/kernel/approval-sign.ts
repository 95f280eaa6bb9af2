/**
 * 加签 / 减签 on a running task. `before`: the added signers handle the task first, in order, then it comes
 * back to the current handler; `after`: they handle it after the current handler; both ride on the same
 * element instance (a queue of assignees). `parallel`: each added signer gets a co-signer task (a child
 * instance with role `sign`); the element completes when its handler and every co-signer have signed.
 */
import { InvalidInputError, StaleStateError } from '../errors.js';
import { afterCoSignerRemoved } from './approval-complete.js';
import { notify, openTask, recordOperation } from './approval-common.js';
import { cancel } from './primitives.js';
import type { Run } from './run.js';
import type { Command, ElementInstance } from './types.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

export function addSign(run: Run, command: Of<'task.addSign'>): void {
  const { inst, task } = openTask(run, command.taskId);
  if (inst.role === 'sign') throw new InvalidInputError('signers are added on the main task, not on a co-signer task');
  if (task.delegation === 'pending') throw new StaleStateError(`task '${inst.id}' is delegated: resolve the delegation first`);
  const users = [...new Set(command.userIds)];
  if (users.length === 0 || users.some((u) => u === '')) throw new InvalidInputError('add-sign needs at least one user');
  const current = new Set([task.assignee, ...(task.signQueue ?? []), ...run.children(inst.id).map((c) => c.task?.assignee)]);
  const duplicate = users.find((u) => current.has(u));
  if (duplicate !== undefined) throw new InvalidInputError(`'${duplicate}' already signs this task`);
  switch (command.position) {
    case 'before': {
      if (task.assignee === undefined) throw new InvalidInputError('claim the task before adding signers before yourself');
      const [first, ...rest] = users;
      task.signQueue = [...rest, task.assignee, ...(task.signQueue ?? [])];
      task.assignee = first;
      break;
    }
    case 'after':
      task.signQueue = [...users, ...(task.signQueue ?? [])];
      break;
    case 'parallel':
      for (const user of users) addCoSigner(run, inst, user);
      break;
    default: {
      const never: never = command.position;
      throw new InvalidInputError(`unknown position ${String(never)}`);
    }
  }
  task.addedSigners = [...(task.addedSigners ?? []), ...users];
  task.touched = true;
  recordOperation(run, inst, 'add-sign', { actor: command.by, users, reason: command.reason, target: command.position });
  notify(run, 'add-sign', { by: command.by, userIds: users, task: inst, message: command.reason });
}

function addCoSigner(run: Run, main: ElementInstance, user: string): void {
  const task = main.task;
  const child: ElementInstance = {
    id: run.newId(),
    elementId: main.elementId,
    parentId: main.id,
    role: 'sign',
    status: 'waiting',
    startedAt: run.nowIso,
    task: {
      assignee: user,
      candidateUsers: [],
      candidateGroups: [],
      createdAt: run.nowIso,
      ...(task?.name !== undefined && { name: task.name }),
      ...(task?.dueAt !== undefined && { dueAt: task.dueAt }),
      ...(task?.formKey !== undefined && { formKey: task.formKey }),
    },
  };
  run.add(child);
  run.event({ type: 'element.started', at: run.nowIso, elementId: child.elementId, elementInstanceId: child.id });
}

export function removeSign(run: Run, command: Of<'task.removeSign'>): void {
  const { inst, task } = openTask(run, command.taskId, true);
  if (inst.role === 'sign') throw new InvalidInputError('signers are removed on the main task, not on a co-signer task');
  if (!(task.addedSigners ?? []).includes(command.userId)) {
    throw new InvalidInputError(`'${command.userId}' was not added by add-sign: only added signers can be removed`);
  }
  const queued = task.signQueue?.indexOf(command.userId) ?? -1;
  const coSigner = run.children(inst.id).find((c) => c.role === 'sign' && c.task?.assignee === command.userId);
  if (queued >= 0) {
    task.signQueue?.splice(queued, 1);
  } else if (coSigner) {
    cancel(run, coSigner);
  } else if (task.assignee === command.userId && task.signQueue?.length) {
    // An added signer holding the task right now: it passes on to the next one.
    task.assignee = task.signQueue.shift();
  } else {
    throw new StaleStateError(`'${command.userId}' has already signed task '${inst.id}'`);
  }
  task.addedSigners = (task.addedSigners ?? []).filter((u) => u !== command.userId);
  recordOperation(run, inst, 'remove-sign', { actor: command.by, users: [command.userId], reason: command.reason });
  if (coSigner) afterCoSignerRemoved(run, inst);
}
