import { VersionConflictError, type InstanceRecord, type ProjectionChanges } from '@zhifa/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from './int-test-support.js';
import { claimUndispatched, markDispatched } from './outbox.repository.js';
import { appendAudit } from './history.repository.js';
import { jobLock, lockJobs } from './job.repository.js';
import { claimTimer } from './timer.repository.js';

const none = { upsert: [], delete: [] };
const noChanges: ProjectionChanges = { tasks: none, timers: none, subscriptions: none, jobs: none, incidents: none };

function instance(id: string): InstanceRecord {
  return {
    id,
    definitionId: 'def-1',
    processId: 'proc',
    rootInstanceId: id,
    status: 'active',
    state: { tokens: [], variables: { amount: 1 } },
    version: 1,
    startedAt: '2026-01-05T08:00:00.000Z',
  };
}

describe('PostgresInstanceStore unit of work', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore('uow');
  });
  afterAll(async () => store.dispose());

  it('given an instance at version 1, when 50 transactions update it concurrently from version 1, then exactly one wins', async () => {
    await store.instances.transaction((tx) => store.instances.insertInstance(tx, instance('race')));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.instances.transaction((tx) =>
          store.instances.updateInstance(tx, { id: 'race', expectedVersion: 1, state: { writer: i }, status: 'active' }),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((o) => o.status === 'rejected' && o.reason instanceof VersionConflictError)).toBe(true);
    const stored = await store.instances.findInstance('race');
    expect(stored?.version).toBe(2);
  });

  it('given a unit of work that throws after writing, when it ends, then nothing of it is visible', async () => {
    await expect(
      store.instances.transaction(async (tx) => {
        await store.instances.insertInstance(tx, instance('rolled-back'));
        await store.instances.appendHistory(tx, [
          { id: 'h-rb', instanceId: 'rolled-back', seq: 1, type: 'instance.started', at: '2026-01-05T08:00:00Z', data: {} },
        ]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.instances.findInstance('rolled-back')).toBeUndefined();
    expect(await store.instances.listHistory('rolled-back')).toEqual([]);
  });

  it('given state, projections, history and outbox written in one unit of work, when read back, then all are there', async () => {
    await store.instances.transaction(async (tx) => {
      await store.instances.insertInstance(tx, instance('full'));
      await store.instances.applyProjections(tx, {
        ...noChanges,
        tasks: {
          upsert: [
            {
              id: 'task-1', instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'Review',
              elementInstanceId: 'ei-1', name: '法制审核', candidateUsers: ['li.si'], candidateGroups: ['legal'],
              dueAt: '2026-01-12T09:00:00.000Z', createdAt: '2026-01-05T08:00:00.000Z',
              orgAssignment: { unit: 'unit-scjgj', relation: 'upper', section: 'legal-affairs' }, signMode: { mode: 'all', ratio: 0.5 },
            },
          ],
          delete: [],
        },
        timers: { upsert: [{ id: 'timer-1', instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'Deadline', dueAt: '2026-01-12T09:00:00.000Z' }], delete: [] },
        subscriptions: { upsert: [{ id: 'sub-1', kind: 'message', instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'Wait', name: 'paid', correlationKey: 'case-7' }], delete: [] },
      });
      await store.instances.appendHistory(tx, [{ id: 'h-full', instanceId: 'full', seq: 1, type: 'instance.started', at: '2026-01-05T08:00:00Z', actor: 'zhang.san', data: { processId: 'proc' } }]);
      await store.instances.appendOutbox(tx, [{ id: 'ob-full', instanceId: 'full', createdAt: '2026-01-05T08:00:00.000Z', effect: { type: 'timer.scheduled', timerId: 'timer-1' } }]);
    });
    expect((await store.instances.listTasks({ visibleTo: { userId: 'nobody', groups: ['legal'] } })).map((t) => t.id)).toEqual(['task-1']);
    expect(await store.instances.listTasks({ visibleTo: { userId: 'nobody', groups: ['other'] } })).toEqual([]);
    expect(await store.instances.transaction((tx) => store.instances.getTask(tx, 'task-1'))).toMatchObject({
      orgAssignment: { unit: 'unit-scjgj', relation: 'upper', section: 'legal-affairs' },
      signMode: { mode: 'all', ratio: 0.5 },
    });
    expect((await store.instances.listTimers({ instanceId: 'full' }))[0]).toMatchObject({ id: 'timer-1', dueAt: '2026-01-12T09:00:00.000Z' });
    const subs = await store.instances.transaction((tx) => store.instances.findMessageSubscriptions(tx, 'paid', 'case-7'));
    expect(subs.map((s) => s.id)).toEqual(['sub-1']);
    const other = await store.instances.transaction((tx) => store.instances.findMessageSubscriptions(tx, 'paid', 'case-8'));
    expect(other).toEqual([]);
    expect(await store.instances.listHistory('full')).toEqual([
      { id: 'h-full', instanceId: 'full', seq: 1, type: 'instance.started', at: '2026-01-05T08:00:00.000Z', actor: 'zhang.san', data: { processId: 'proc' } },
    ]);
    expect((await store.instances.listUndispatchedOutbox(10)).map((o) => o.id)).toContain('ob-full');
  });

  it('given a unit that ends a task and records its completion, when it commits, then its writes went as one statement and the row is closed by its completer', async () => {
    const task = { id: 'task-close', instanceId: 'closing', definitionId: 'def-1', processId: 'proc', elementId: 'Review', elementInstanceId: 'ei-c', candidateUsers: [], candidateGroups: [], createdAt: '2026-01-05T08:00:00.000Z' };
    await store.instances.transaction(async (tx) => {
      await store.instances.insertInstance(tx, instance('closing'));
      await store.instances.applyProjections(tx, { ...noChanges, tasks: { upsert: [task], delete: [] } });
    });
    const statements: string[] = [];
    await store.instances.transaction(async (tx) => {
      const pg = tx as unknown as { query: (text: string, params?: readonly unknown[]) => Promise<unknown[]> };
      const query = pg.query.bind(pg);
      pg.query = (text, params) => {
        statements.push(text);
        return query(text, params);
      };
      await store.instances.applyProjections(tx, { ...noChanges, tasks: { upsert: [], delete: ['task-close'] } });
      await store.instances.appendHistory(tx, [{ id: 'h-close', instanceId: 'closing', seq: 2, type: 'element.completed', at: '2026-01-05T09:00:00.000Z', data: {} }]);
      await store.instances.appendOutbox(tx, [{ id: 'ob-close', instanceId: 'closing', createdAt: '2026-01-05T09:00:00.000Z', effect: { type: 'task.completed', taskId: 'task-close', actor: 'li.si' } }]);
      expect(statements, 'nothing sent before the unit ends').toEqual([]);
    });
    expect(statements).toHaveLength(1);
    const [row] = await store.db.query<{ state: string; completed_by: string | null; ended_at: Date }>(`SELECT state, completed_by, ended_at FROM task WHERE id = 'task-close'`);
    expect(row).toEqual({ state: 'completed', completed_by: 'li.si', ended_at: new Date('2026-01-05T09:00:00.000Z') });
    expect((await store.instances.listHistory('closing')).map((h) => h.id)).toEqual(['h-close']);
  });

  it('given a stale version, when a unit updates the instance and writes its rows, then it fails with a version conflict and none of its rows remain', async () => {
    await store.instances.transaction((tx) => store.instances.insertInstance(tx, instance('stale')));
    await store.instances.transaction((tx) => store.instances.updateInstance(tx, { id: 'stale', expectedVersion: 1, state: { n: 2 }, status: 'active' }));
    const task = { id: 'task-stale', instanceId: 'stale', definitionId: 'def-1', processId: 'proc', elementId: 'Review', elementInstanceId: 'ei-s', candidateUsers: [], candidateGroups: [], createdAt: '2026-01-05T08:00:00.000Z' };
    await expect(
      store.instances.transaction(async (tx) => {
        await store.instances.updateInstance(tx, { id: 'stale', expectedVersion: 1, state: { n: 3 }, status: 'active' });
        await store.instances.applyProjections(tx, { ...noChanges, tasks: { upsert: [task], delete: [] } });
        await store.instances.appendHistory(tx, [{ id: 'h-stale', instanceId: 'stale', seq: 1, type: 'element.started', at: '2026-01-05T09:00:00.000Z', data: {} }]);
        await store.instances.flush(tx);
      }),
    ).rejects.toThrow(VersionConflictError);
    expect(await store.instances.findInstance('stale')).toMatchObject({ version: 2, state: { n: 2 } });
    expect(await store.instances.listTasks({ instanceId: 'stale' })).toEqual([]);
    expect(await store.instances.listHistory('stale')).toEqual([]);
  });

  it('given writes of one unit that touch the same rows twice, when it commits, then they apply in order as separate statements (the last one wins)', async () => {
    const task = { id: 'task-twice', instanceId: 'twice', definitionId: 'def-1', processId: 'proc', elementId: 'Review', elementInstanceId: 'ei-t', candidateUsers: [], candidateGroups: [], createdAt: '2026-01-05T08:00:00.000Z' };
    await store.instances.transaction(async (tx) => {
      await store.instances.insertInstance(tx, instance('twice'));
      await store.instances.applyProjections(tx, { ...noChanges, tasks: { upsert: [{ ...task, assignee: 'li.si' }], delete: [] } });
      await store.instances.applyProjections(tx, { ...noChanges, tasks: { upsert: [{ ...task, assignee: 'wang.wu' }], delete: [] } });
      await store.instances.applyProjections(tx, { ...noChanges, timers: { upsert: [{ id: 'tm-twice', instanceId: 'twice', definitionId: 'def-1', processId: 'proc', elementId: 'T', dueAt: '2026-01-12T09:00:00.000Z' }], delete: [] } });
      await store.instances.applyProjections(tx, { ...noChanges, timers: { upsert: [], delete: ['tm-twice'] } });
    });
    expect((await store.instances.listTasks({ instanceId: 'twice' })).map((t) => t.assignee)).toEqual(['wang.wu']);
    expect(await store.instances.listTimers({ instanceId: 'twice' })).toEqual([]);
  });

  it('given a pending timer, when claimed before due, twice concurrently at due time, and after cancel, then it fires exactly once', async () => {
    await store.instances.transaction((tx) =>
      store.instances.applyProjections(tx, {
        ...noChanges,
        timers: { upsert: [{ id: 'timer-race', instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'T', dueAt: '2026-02-01T00:00:00.000Z' }], delete: [] },
      }),
    );
    const early = await store.db.transaction((tx) => claimTimer(tx, 'timer-race', '2026-01-31T23:59:59.999Z'));
    expect(early).toBeUndefined();
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => store.instances.transaction((tx) => store.instances.markTimerFired(tx, 'timer-race', '2026-02-01T00:00:00.000Z'))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.instances.findDueTimers('2026-03-01T00:00:00.000Z', 100)).not.toContainEqual(expect.objectContaining({ id: 'timer-race' }));
  });

  it('given a cancelled timer, when a late delivery claims it, then nothing fires', async () => {
    await store.instances.transaction(async (tx) => {
      await store.instances.applyProjections(tx, {
        ...noChanges,
        timers: { upsert: [{ id: 'timer-cancel', instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'T', dueAt: '2026-02-01T00:00:00.000Z' }], delete: [] },
      });
    });
    await store.instances.transaction((tx) => store.instances.applyProjections(tx, { ...noChanges, timers: { upsert: [], delete: ['timer-cancel'] } }));
    expect(await store.instances.transaction((tx) => store.instances.markTimerFired(tx, 'timer-cancel', '2027-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('given 6 open jobs, when two workers fetch-and-lock 4 at once, then they get disjoint jobs and expired locks are reusable', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({
      id: `job-${i}`, instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'Send', elementInstanceId: `ej-${i}`,
      type: 'send-mail', retries: 3, createdAt: `2026-01-05T08:00:0${i}.000Z`, variables: { i },
    }));
    await store.instances.transaction((tx) => store.instances.applyProjections(tx, { ...noChanges, jobs: { upsert: jobs, delete: [] } }));
    const lock = (worker: string, now: string) =>
      store.db.transaction((tx) => lockJobs(tx, { type: 'send-mail', worker, now, lockUntil: '2026-01-05T09:00:00.000Z', limit: 4 }));
    const [a, b] = await Promise.all([lock('w1', '2026-01-05T08:30:00.000Z'), lock('w2', '2026-01-05T08:30:00.000Z')]);
    expect(a.length + b.length).toBe(6);
    expect(a.filter((j) => b.some((k) => k.id === j.id))).toEqual([]);
    expect(await lock('w3', '2026-01-05T08:59:59.000Z')).toEqual([]);
    expect((await lock('w3', '2026-01-05T09:00:00.000Z')).length).toBe(4);
    expect(await jobLock(store.db, 'job-0')).toEqual({ worker: 'w3', lockedUntil: '2026-01-05T09:00:00.000Z' });
  });

  it('given a job held back by a retry backoff, when a worker fetch-and-locks, then it gets the job only from its notBefore on', async () => {
    const job = {
      id: 'job-backoff', instanceId: 'full', definitionId: 'def-1', processId: 'proc', elementId: 'Send', elementInstanceId: 'ej-backoff',
      type: 'send-sms', retries: 2, createdAt: '2026-01-05T08:00:00.000Z', variables: {}, notBefore: '2026-01-05T08:01:00.000Z',
    };
    await store.instances.transaction((tx) => store.instances.applyProjections(tx, { ...noChanges, jobs: { upsert: [job], delete: [] } }));
    const lock = (now: string) => store.db.transaction((tx) => lockJobs(tx, { type: 'send-sms', worker: 'w1', now, lockUntil: '2026-01-05T09:00:00.000Z' }));
    expect(await lock('2026-01-05T08:00:59.999Z')).toEqual([]);
    expect(await lock('2026-01-05T08:01:00.000Z')).toEqual([expect.objectContaining({ id: 'job-backoff', notBefore: '2026-01-05T08:01:00.000Z' })]);
  });

  it('given 40 more undispatched outbox rows, when two dispatchers claim concurrently with SKIP LOCKED, then their sets are disjoint', async () => {
    const pending = (await store.instances.listUndispatchedOutbox(1000)).length;
    await store.instances.transaction((tx) =>
      store.instances.appendOutbox(
        tx,
        Array.from({ length: 40 }, (_, i) => ({ id: `ob-${i}`, createdAt: '2026-01-05T08:00:00.000Z', effect: { type: 'notify', i } })),
      ),
    );
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = store.db.transaction(async (tx) => {
      const rows = await claimUndispatched(tx, 25);
      await held;
      await markDispatched(tx, rows.map((r) => r.id), '2026-01-05T08:00:01.000Z');
      return rows.map((r) => r.id);
    });
    // Let the first claimer take its locks before the second starts.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await store.db.transaction(async (tx) => {
      const rows = await claimUndispatched(tx, 25);
      await markDispatched(tx, rows.map((r) => r.id), '2026-01-05T08:00:01.000Z');
      return rows.map((r) => r.id);
    });
    release();
    const firstIds = await first;
    expect(firstIds).toHaveLength(25);
    expect(second.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(firstIds.length + second.length).toBe(pending + 40);
    expect(await store.instances.listUndispatchedOutbox(100)).toEqual([]);
  });

  it('given every pooled connection killed by the server, when the next unit of work runs, then the pool reconnects by itself', async () => {
    await store.db.query('SELECT 1');
    const [killed] = await store.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [`zhifa-test-${store.schema}`],
    );
    expect(killed?.n).toBeGreaterThanOrEqual(0);
    await store.db.query(`SELECT pg_terminate_backend(pg_backend_pid())`).catch(() => undefined);
    // Idle clients notice the kill asynchronously; give them a moment, then work normally.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.instances.transaction((tx) => store.instances.insertInstance(tx, instance('after-kill')));
    expect((await store.instances.findInstance('after-kill'))?.version).toBe(1);
  });

  it('given a server action audited in its own transaction, when it commits, then the entry is sealed without being asked', async () => {
    await store.db.transaction((tx) =>
      appendAudit(tx, [{ id: 'login-1', at: '2026-01-05T08:00:00.000Z', actor: 'admin', action: 'user.login', data: { ip: '127.0.0.1' } }]),
    );
    let unsealed = -1;
    for (let i = 0; i < 100 && unsealed !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      unsealed = (await store.db.query(`SELECT 1 FROM history WHERE chain_pos IS NULL`)).length;
    }
    expect(unsealed).toBe(0);
  });
});
