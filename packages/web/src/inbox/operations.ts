import type { Task } from '@zhifa/api-types';
import type { UiKey } from '../i18n/en.js';

/** The operations of issue 6 a task page offers, each with the route it calls (the binding contract). */
export const Operation = {
  claim: 'claim', unclaim: 'unclaim', complete: 'complete', transfer: 'transfer', delegate: 'delegate', resolve: 'resolve',
  return: 'return', addSign: 'add-sign', removeSign: 'remove-sign', urge: 'urge', cc: 'cc', withdraw: 'withdraw',
} as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

export const OPERATIONS: readonly Operation[] = Object.values(Operation);

/** Route of each operation; `:id` is the task's id, or the instance's for 抄送 and 撤回. */
export const operationRoute: Readonly<Record<Operation, string>> = {
  claim: '/api/tasks/:id/claim',
  unclaim: '/api/tasks/:id/unclaim',
  complete: '/api/tasks/:id/complete',
  transfer: '/api/tasks/:id/transfer',
  delegate: '/api/tasks/:id/delegate',
  resolve: '/api/tasks/:id/resolve',
  return: '/api/tasks/:id/return',
  'add-sign': '/api/tasks/:id/add-sign',
  'remove-sign': '/api/tasks/:id/remove-sign',
  urge: '/api/tasks/:id/urge',
  cc: '/api/process-instances/:id/cc',
  withdraw: '/api/process-instances/:id/withdraw',
};

export const operationLabel: Readonly<Record<Operation, UiKey>> = {
  claim: 'op.claim', unclaim: 'op.unclaim', complete: 'op.complete', transfer: 'op.transfer', delegate: 'op.delegate',
  resolve: 'op.resolve', return: 'op.return', 'add-sign': 'op.addSign', 'remove-sign': 'op.removeSign', urge: 'op.urge',
  cc: 'op.cc', withdraw: 'op.withdraw',
};

export function usesInstanceId(operation: Operation): boolean {
  return operation === Operation.cc || operation === Operation.withdraw;
}



/** Who is looking at the task. */
export interface Viewer {
  readonly id: string;
  /** Roles, unit ids and codes (what candidate groups name). */
  readonly groups: readonly string[];
  readonly admin: boolean;
}

/**
 * Whether an operation makes sense for this user on this task now. The server has the last word (it
 * answers 403 / 409); this only keeps buttons away that could not succeed.
 */
export function isAllowed(operation: Operation, task: Task, viewer: Viewer): boolean {
  const { id: userId, admin } = viewer;
  const open = task.state === 'open';
  const mine = task.assignee === userId;
  const owner = task.owner ?? undefined;
  const candidate = task.candidateUsers.includes(userId) || task.candidateGroups.some((group) => viewer.groups.includes(group));
  switch (operation) {
    case Operation.claim: return open && task.assignee === null;
    case Operation.unclaim: return open && (mine || (admin && task.assignee !== null));
    // a delegate resolves (委派完成) rather than completes: the engine refuses to complete a pending delegation
    case Operation.complete: return open && task.delegation !== 'pending' && (mine || (task.assignee === null && task.candidateUsers.includes(userId)) || admin);
    case Operation.transfer:
    case Operation.delegate:
    case Operation.return:
    case Operation.addSign:
    case Operation.removeSign: return open && (mine || admin);
    // 委派完成: the delegate of a pending delegation (`GET /api/tasks/:id` carries `owner` and `delegation`)
    case Operation.resolve: return open && mine && task.delegation === 'pending' && owner !== userId;
    // 催办 is for whoever waits on the handler (the initiator, a supervisor), not for those who could take it
    case Operation.urge: return open && !mine && !(candidate && task.assignee === null);
    case Operation.cc: return true;
    case Operation.withdraw: return !open;
    default: {
      const unknown: never = operation;
      throw new Error(`unknown operation ${String(unknown)}`);
    }
  }
}
