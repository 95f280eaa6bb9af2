import type { ProjectionChanges, TaskRecord } from '@zhifa/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTaskCandidateUnits,
  canActOnTask,
  claimTask,
  delegateTask,
  getInboxTask,
  listDoneTasks,
  listTodoTasks,
  resolveTask,
  transferTask,
  unclaimTask,
  type Viewer,
} from './inbox.repository.js';
import { addInstanceCc, canViewInstance, listCcInstances, listInstancesScoped, setInstanceOwner } from './instance-query.repository.js';
import { openTestStore } from './int-test-support.js';

const none = { upsert: [], delete: [] };
const changes = (tasks: TaskRecord[]): ProjectionChanges => ({ tasks: { upsert: tasks, delete: [] }, timers: none, subscriptions: none, jobs: none, incidents: none });

function task(id: string, instanceId: string, extra: Partial<TaskRecord>): TaskRecord {
  return {
    id, instanceId, definitionId: 'def', processId: 'proc', elementId: 'Review', elementInstanceId: `ei-${id}`,
    candidateUsers: [], candidateGroups: [], createdAt: '2026-01-05T08:00:00.000Z', ...extra,
  };
}

describe('inbox and instance queries', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  const zhang: Viewer = { userId: 'zhang', groups: ['staff'], unitIds: ['unit-a'] };
  const li: Viewer = { userId: 'li', groups: ['legal'], unitIds: ['unit-b'] };

  beforeAll(async () => {
    store = await openTestStore('inbox');
    await store.instances.transaction(async (tx) => {
      for (const id of ['i1', 'i2', 'i3']) {
        await store.instances.insertInstance(tx, {
          id, definitionId: 'def', processId: 'proc', rootInstanceId: id, status: 'active', state: {}, version: 1,
          startedAt: `2026-01-0${id.slice(1)}T08:00:00.000Z`, businessKey: `CASE-${id}`,
        });
      }
      await store.instances.applyProjections(tx, changes([
        task('t-assigned', 'i1', { assignee: 'zhang', dueAt: '2026-01-10T00:00:00.000Z' }),
        task('t-group', 'i2', { candidateGroups: ['legal'], dueAt: '2026-01-08T00:00:00.000Z' }),
        task('t-user', 'i2', { candidateUsers: ['zhang'] }),
        task('t-other', 'i3', { assignee: 'wang', dueAt: '2026-01-01T00:00:00.000Z' }),
        ...Array.from({ length: 7 }, (_, i) => task(`t-many-${i}`, 'i3', { candidateUsers: ['many'], dueAt: `2026-02-0${i + 1}T00:00:00.000Z` })),
      ]));
    });
    await setInstanceOwner(store.db, 'i1', { startedBy: 'zhang', ownerUnitId: 'unit-a' });
    await setInstanceOwner(store.db, 'i3', { startedBy: 'wang', ownerUnitId: 'unit-c' });
  });
  afterAll(async () => store.dispose());

  it('given tasks of several kinds, when zhang opens 待办, then he sees his own and his candidate task, by due date', async () => {
    const page = await listTodoTasks(store.db, zhang);
    expect(page.items.map((t) => t.id)).toEqual(['t-assigned', 't-user']);
    expect(page.items[0]).toMatchObject({ businessKey: 'CASE-i1', startedBy: 'zhang', ownerUnitId: 'unit-a' });
  });

  it('given filters by owning unit, business key or task name, process and due date, then only matching tasks are listed', async () => {
    const many: Viewer = { userId: 'many', groups: [], unitIds: [] };
    expect((await listTodoTasks(store.db, zhang, { ownerUnitId: 'unit-a' })).items.map((t) => t.id)).toEqual(['t-assigned']);
    expect((await listTodoTasks(store.db, zhang, { ownerUnitId: 'unit-c' })).items).toEqual([]);
    expect((await listTodoTasks(store.db, zhang, { search: 'case-i2' })).items.map((t) => t.id)).toEqual(['t-user']);
    expect((await listTodoTasks(store.db, many, { ownerUnitId: 'unit-c', dueBefore: '2026-02-02T00:00:00.000Z' })).items.map((t) => t.id)).toEqual(['t-many-0', 't-many-1']);
    expect((await listTodoTasks(store.db, many, { processId: 'nope' })).items).toEqual([]);
    // a search for a literal % matches nothing rather than everything
    expect((await listTodoTasks(store.db, many, { search: '%' })).items).toEqual([]);
  });

  it('given 7 tasks, when paged 3 at a time, then the pages are disjoint, ordered and complete', async () => {
    const viewer: Viewer = { userId: 'many', groups: [], unitIds: [] };
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listTodoTasks(store.db, viewer, {}, { limit: 3, ...(after && { after }) });
      seen.push(...page.items.map((t) => t.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `t-many-${i}`));
  });

  it('given a group task, when 20 members claim at once, then exactly one gets it and it leaves the others\' 待办', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claimTask(store.db, 't-group', `legal-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(19);
    const winner = (await getInboxTask(store.db, 't-group'))!.assignee!;
    expect((await listTodoTasks(store.db, li)).items).toEqual([]);
    expect((await unclaimTask(store.db, 't-group', 'someone-else')).ok).toBe(false);
    expect((await unclaimTask(store.db, 't-group', winner)).ok).toBe(true);
    expect((await listTodoTasks(store.db, li)).items.map((t) => t.id)).toEqual(['t-group']);
  });

  it('given a row-level claim, when the engine later upserts the task, then the engine state wins', async () => {
    expect((await claimTask(store.db, 't-user', 'zhang')).ok).toBe(true);
    await store.instances.transaction((tx) => store.instances.applyProjections(tx, changes([task('t-user', 'i2', { candidateUsers: ['zhang'], name: 'renamed' })])));
    const row = await getInboxTask(store.db, 't-user');
    expect(row).toMatchObject({ name: 'renamed' });
    expect(row?.assignee).toBeUndefined();
  });

  it('given a task, when delegated, resolved and transferred, then assignee and owner follow 委派 and 转办', async () => {
    expect((await delegateTask(store.db, 't-assigned', 'zhang', 'li')).ok).toBe(true);
    expect(await getInboxTask(store.db, 't-assigned')).toMatchObject({ assignee: 'li', owner: 'zhang' });
    expect((await resolveTask(store.db, 't-assigned', 'li')).ok).toBe(true);
    expect(await getInboxTask(store.db, 't-assigned')).toMatchObject({ assignee: 'zhang' });
    expect((await transferTask(store.db, 't-assigned', 'li', 'wang')).ok).toBe(false);
    expect((await transferTask(store.db, 't-assigned', 'zhang', 'wang')).ok).toBe(true);
    expect((await claimTask(store.db, 'missing', 'zhang'))).toEqual({ ok: false, reason: 'not-found' });
  });

  it('given a task for a unit, when a unit member looks, then it is actionable for members only', async () => {
    await addTaskCandidateUnits(store.db, 't-many-0', ['unit-b']);
    const t = (await getInboxTask(store.db, 't-many-0'))!;
    expect(canActOnTask(t, li)).toBe(true);
    expect(canActOnTask(t, zhang)).toBe(false);
  });

  it('given a task.completed effect with its actor, when committed, then the task is in that user\'s 已办 and out of 待办', async () => {
    await store.instances.transaction(async (tx) => {
      await store.instances.applyProjections(tx, { ...changes([]), tasks: { upsert: [], delete: ['t-many-6'] } });
      await store.instances.appendOutbox(tx, [
        { id: 'ob-done', instanceId: 'i3', createdAt: '2026-01-07T10:00:00.000Z', effect: { type: 'task.completed', taskId: 't-many-6', elementId: 'Review', actor: 'many' } },
      ]);
    });
    const done = await listDoneTasks(store.db, 'many');
    expect(done.items.map((t) => [t.id, t.state, t.endedAt])).toEqual([['t-many-6', 'completed', '2026-01-07T10:00:00.000Z']]);
    expect((await listTodoTasks(store.db, { userId: 'many', groups: [], unitIds: [] })).items.map((t) => t.id)).not.toContain('t-many-6');
  });

  it('given scoping inputs, when listing instances, then each viewer sees only theirs and admins see all', async () => {
    const ids = async (scope: Parameters<typeof listInstancesScoped>[1]) => (await listInstancesScoped(store.db, scope)).items.map((i) => i.id).sort();
    expect(await ids({ type: 'all' })).toEqual(['i1', 'i2', 'i3']);
    expect(await ids({ type: 'viewer', viewer: zhang, supervisedUnitIds: [] })).toEqual(['i1', 'i2']);
    expect(await ids({ type: 'viewer', viewer: { userId: 'boss', groups: [], unitIds: [] }, supervisedUnitIds: ['unit-c'] })).toEqual(['i3']);
    expect(await canViewInstance(store.db, 'i3', { type: 'viewer', viewer: zhang, supervisedUnitIds: [] })).toBe(false);
    await addInstanceCc(store.db, 'i3', { userIds: ['zhang'], by: 'wang', at: '2026-01-06T00:00:00.000Z' });
    expect(await canViewInstance(store.db, 'i3', { type: 'viewer', viewer: zhang, supervisedUnitIds: [] })).toBe(true);
    expect((await listCcInstances(store.db, zhang)).map((i) => [i.id, i.ccBy])).toEqual([['i3', 'wang']]);
  });
});
