import type { Task } from '@zhifa/api-types';
import { describe, expect, it } from 'vitest';
import { isAllowed, Operation, OPERATIONS } from './operations.js';

const base: Task = {
  id: 't1', name: '审核', activityId: 'review', processInstanceId: 'p1', definitionId: 'd1', state: 'open', assignee: null,
  candidateUsers: [], candidateGroups: ['sfj-fzk'], formKey: null, createdAt: '2026-11-01T00:00:00Z', dueAt: null, completedAt: null,
};
const viewer = (id: string, groups: string[] = []) => ({ id, groups, admin: false });
const allowed = (task: Task, user: string, groups: string[] = []) => OPERATIONS.filter((op) => isAllowed(op, task, viewer(user, groups)));

describe('operation buttons allowed at the moment', () => {
  it('offers a group member claim and cc on an unclaimed group task, and someone waiting on it urge', () => {
    expect(allowed(base, 'u1', ['staff', 'sfj-fzk'])).toEqual([Operation.claim, Operation.cc]);
    expect(allowed(base, 'initiator', ['staff'])).toEqual([Operation.claim, Operation.urge, Operation.cc]);
  });

  it('offers the handler everything but claim, resolve, urge and withdraw once claimed', () => {
    expect(allowed({ ...base, assignee: 'u1' }, 'u1')).toEqual([Operation.unclaim, Operation.complete, Operation.transfer,
      Operation.delegate, Operation.return, Operation.addSign, Operation.removeSign, Operation.cc]);
  });

  it('offers resolve to a delegate and withdraw on a completed task', () => {
    expect(isAllowed(Operation.resolve, { ...base, assignee: 'u2', owner: 'u1', delegation: 'pending' }, viewer('u2'))).toBe(true);
    expect(allowed({ ...base, state: 'completed', assignee: 'u1' }, 'u1')).toEqual([Operation.cc, Operation.withdraw]);
  });
});

describe('the 委派 state of a task, as GET /api/tasks/:id carries it', () => {
  it('given a delegation, then the delegate may resolve but not complete', () => {
    const task: Task = { ...base, assignee: 'u2', owner: 'u1', delegation: 'pending' };
    expect(allowed(task, 'u2')).toContain(Operation.resolve);
    expect(allowed(task, 'u2')).not.toContain(Operation.complete);
  });

  it('given the delegation resolved or the task transferred since, then nothing is pending', () => {
    expect(allowed({ ...base, assignee: 'u1', owner: 'u1', delegation: 'resolved' }, 'u1')).not.toContain(Operation.resolve);
    const transferred: Task = { ...base, assignee: 'u2', owner: null, delegation: 'resolved' };
    expect(allowed(transferred, 'u2')).toContain(Operation.complete);
    expect(allowed(transferred, 'u2')).not.toContain(Operation.resolve);
  });
});
