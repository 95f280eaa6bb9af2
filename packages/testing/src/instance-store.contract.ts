/**
 * Port contract suites: every InstanceStore / DefinitionRepository adapter (in-memory here, PostgreSQL in
 * @zhifa/store-postgres) runs the same tests, so the engine can rely on the documented behaviour.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  VersionConflictError,
  type DefinitionRepository,
  type InstanceRecord,
  type InstanceStore,
  type JobRecord,
  type ProjectionChanges,
  type SubscriptionRecord,
  type TaskRecord,
  type TimerRecord,
} from '@zhifa/engine';

export interface StoreFixture {
  readonly store: InstanceStore;
  readonly definitions: DefinitionRepository;
  readonly cleanup?: () => Promise<void>;
}

const AT = '2025-01-01T00:00:00.000Z';

function instance(id: string, extra: Partial<InstanceRecord> = {}): InstanceRecord {
  return { id, definitionId: 'd1', processId: 'p', rootInstanceId: id, status: 'active', state: { n: 1 }, version: 1, startedAt: AT, ...extra };
}

function changes(part: Partial<{ [K in keyof ProjectionChanges]: Partial<ProjectionChanges[K]> }>): ProjectionChanges {
  const rows = <T>(c?: { upsert?: readonly T[]; delete?: readonly string[] }) => ({ upsert: c?.upsert ?? [], delete: c?.delete ?? [] });
  return { tasks: rows(part.tasks), timers: rows(part.timers), subscriptions: rows(part.subscriptions), jobs: rows(part.jobs), incidents: rows(part.incidents) };
}

function task(id: string, instanceId: string, extra: Partial<TaskRecord> = {}): TaskRecord {
  return { id, instanceId, definitionId: 'd1', processId: 'p', elementId: 'approve', elementInstanceId: id, candidateUsers: [], candidateGroups: [], createdAt: AT, ...extra };
}

function timer(id: string, dueAt: string, extra: Partial<TimerRecord> = {}): TimerRecord {
  return { id, instanceId: 'i1', definitionId: 'd1', processId: 'p', elementId: 't', dueAt, ...extra };
}

function job(id: string, extra: Partial<JobRecord> = {}): JobRecord {
  return { id, instanceId: 'i1', definitionId: 'd1', processId: 'p', elementId: 'send', elementInstanceId: id, type: 'mail', retries: 3, createdAt: AT, variables: {}, ...extra };
}

function subscription(id: string, extra: Partial<SubscriptionRecord>): SubscriptionRecord {
  return { id, kind: 'message', instanceId: 'i1', definitionId: 'd1', processId: 'p', elementId: 'catch', ...extra };
}

/** Registers the InstanceStore contract tests for an adapter. `make` is called before each test. */
export function describeInstanceStoreContract(name: string, make: () => Promise<StoreFixture>): void {
  describe(`InstanceStore contract: ${name}`, () => {
    let f: StoreFixture;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f.cleanup?.();
    });

    it('given an inserted instance, when read in a transaction, then it comes back at version 1', async () => {
      await f.store.transaction((tx) => f.store.insertInstance(tx, instance('i1')));
      const row = await f.store.transaction((tx) => f.store.getInstance(tx, 'i1'));
      expect(row).toMatchObject({ id: 'i1', version: 1, state: { n: 1 }, status: 'active' });
    });

    it('given version 1, when updated expecting 1, then the version becomes 2; expecting 1 again conflicts', async () => {
      await f.store.transaction((tx) => f.store.insertInstance(tx, instance('i1')));
      await f.store.transaction((tx) => f.store.updateInstance(tx, { id: 'i1', expectedVersion: 1, state: { n: 2 }, status: 'completed', endedAt: AT }));
      expect(await f.store.findInstance('i1')).toMatchObject({ version: 2, state: { n: 2 }, status: 'completed', endedAt: AT });
      await expect(
        f.store.transaction((tx) => f.store.updateInstance(tx, { id: 'i1', expectedVersion: 1, state: { n: 3 }, status: 'active' })),
      ).rejects.toThrow(VersionConflictError);
      expect(await f.store.findInstance('i1')).toMatchObject({ version: 2, state: { n: 2 } });
    });

    it('given an instance inserted with its owner, when read and then updated, then startedBy and ownerUnitId come back and stay', async () => {
      await f.store.transaction((tx) => f.store.insertInstance(tx, instance('i1', { startedBy: 'zhang', ownerUnitId: 'unit-a' })));
      await f.store.transaction((tx) => f.store.insertInstance(tx, instance('i2')));
      expect(await f.store.transaction((tx) => f.store.getInstance(tx, 'i1'))).toMatchObject({ startedBy: 'zhang', ownerUnitId: 'unit-a' });
      await f.store.transaction((tx) => f.store.updateInstance(tx, { id: 'i1', expectedVersion: 1, state: { n: 2 }, status: 'completed', endedAt: AT }));
      expect(await f.store.findInstance('i1')).toMatchObject({ version: 2, startedBy: 'zhang', ownerUnitId: 'unit-a' });
      expect((await f.store.listInstances({})).map((i) => [i.id, i.startedBy, i.ownerUnitId])).toEqual([['i1', 'zhang', 'unit-a'], ['i2', undefined, undefined]]);
    });

    it('given an owned instance inserted in a unit of work that throws, when it ends, then neither the instance nor its owner remain', async () => {
      await expect(
        f.store.transaction(async (tx) => {
          await f.store.insertInstance(tx, instance('i1', { startedBy: 'zhang', ownerUnitId: 'unit-a' }));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await f.store.findInstance('i1')).toBeUndefined();
      await f.store.transaction((tx) => f.store.insertInstance(tx, instance('i1')));
      expect(await f.store.findInstance('i1')).not.toHaveProperty('startedBy');
    });

    it('given writes in a unit of work, when the same unit reads them back, then it sees its own writes', async () => {
      await f.store.transaction(async (tx) => {
        await f.store.insertInstance(tx, instance('i1', { startedBy: 'zhang' }));
        await f.store.applyProjections(tx, changes({ tasks: { upsert: [task('t1', 'i1', { assignee: 'li' })] }, timers: { upsert: [timer('tm1', AT)] } }));
        expect(await f.store.getInstance(tx, 'i1')).toMatchObject({ id: 'i1', version: 1, startedBy: 'zhang' });
        expect(await f.store.getTask(tx, 't1')).toMatchObject({ id: 't1', assignee: 'li' });
        expect(await f.store.markTimerFired(tx, 'tm1', AT)).toBe(true);
        await f.store.updateInstance(tx, { id: 'i1', expectedVersion: 1, state: { n: 2 }, status: 'active' });
        await f.store.applyProjections(tx, changes({ tasks: { delete: ['t1'] } }));
        expect(await f.store.getTask(tx, 't1')).toBeUndefined();
      });
      expect(await f.store.findInstance('i1')).toMatchObject({ version: 2, state: { n: 2 } });
      expect(await f.store.listTasks({ instanceId: 'i1' })).toEqual([]);
    });

    it('given one unit of work writing the same rows twice, when it commits, then the later write wins', async () => {
      await f.store.transaction(async (tx) => {
        await f.store.insertInstance(tx, instance('i1'));
        await f.store.applyProjections(tx, changes({ tasks: { upsert: [task('t1', 'i1', { assignee: 'li' }), task('t2', 'i1')] } }));
        await f.store.applyProjections(tx, changes({ tasks: { upsert: [task('t1', 'i1', { assignee: 'wang' })], delete: ['t2'] } }));
      });
      expect((await f.store.listTasks({ instanceId: 'i1' })).map((t) => [t.id, t.assignee])).toEqual([['t1', 'wang']]);
    });

    it('given a unit of work that throws, when it ends, then none of its writes remain', async () => {
      await expect(
        f.store.transaction(async (tx) => {
          await f.store.insertInstance(tx, instance('i1'));
          await f.store.applyProjections(tx, changes({ tasks: { upsert: [task('t1', 'i1')] } }));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await f.store.findInstance('i1')).toBeUndefined();
      expect(await f.store.listTasks({})).toEqual([]);
    });

    it('given task rows, when queried, then filters by instance, assignee and visibility work; deletes remove them', async () => {
      await f.store.transaction(async (tx) => {
        await f.store.insertInstance(tx, instance('i1'));
        await f.store.applyProjections(
          tx,
          changes({ tasks: { upsert: [task('t1', 'i1', { assignee: 'li' }), task('t2', 'i1', { candidateGroups: ['legal'] }), task('t3', 'i1', { candidateUsers: ['wang'] })] } }),
        );
      });
      expect((await f.store.listTasks({ assignee: 'li' })).map((t) => t.id)).toEqual(['t1']);
      expect((await f.store.listTasks({ visibleTo: { userId: 'wang', groups: ['legal'] } })).map((t) => t.id).sort()).toEqual(['t2', 't3']);
      await f.store.transaction((tx) => f.store.applyProjections(tx, changes({ tasks: { delete: ['t1'] } })));
      expect((await f.store.listTasks({ instanceId: 'i1' })).map((t) => t.id).sort()).toEqual(['t2', 't3']);
      expect(await f.store.transaction((tx) => f.store.getTask(tx, 't2'))).toMatchObject({ candidateGroups: ['legal'] });
    });

    it('given timers, when due ones are listed and claimed, then each is claimed once and only when due', async () => {
      await f.store.transaction((tx) =>
        f.store.applyProjections(tx, changes({ timers: { upsert: [timer('late', '2025-01-03T00:00:00.000Z'), timer('soon', '2025-01-02T00:00:00.000Z', { remaining: null, interval: 'P1D' })] } })),
      );
      expect((await f.store.findDueTimers('2025-01-02T12:00:00.000Z', 10)).map((t) => t.id)).toEqual(['soon']);
      expect((await f.store.listTimers()).map((t) => t.id)).toEqual(['soon', 'late']);
      expect(await f.store.transaction((tx) => f.store.getTimer(tx, 'soon'))).toMatchObject({ remaining: null, interval: 'P1D' });
      expect(await f.store.transaction((tx) => f.store.markTimerFired(tx, 'late', '2025-01-02T12:00:00.000Z'))).toBe(false);
      expect(await f.store.transaction((tx) => f.store.markTimerFired(tx, 'soon', '2025-01-02T12:00:00.000Z'))).toBe(true);
      expect(await f.store.transaction((tx) => f.store.markTimerFired(tx, 'soon', '2025-01-02T12:00:00.000Z'))).toBe(false);
      expect(await f.store.transaction((tx) => f.store.markTimerFired(tx, 'ghost', '2025-01-02T12:00:00.000Z'))).toBe(false);
      expect((await f.store.findDueTimers('2025-01-09T00:00:00.000Z', 10)).map((t) => t.id)).toEqual(['late']);
    });

    it('given a job held back by a retry backoff, when listed as available at a time, then it is offered only from its notBefore on', async () => {
      const notBefore = '2025-01-02T00:01:00.000Z';
      await f.store.transaction((tx) => f.store.applyProjections(tx, changes({ jobs: { upsert: [job('j1'), job('j2', { retries: 2, notBefore })] } })));
      const available = async (at: string) => (await f.store.listJobs({ type: 'mail', availableAt: at })).map((j) => j.id).sort();
      expect(await available('2025-01-02T00:00:59.999Z')).toEqual(['j1']);
      expect(await available(notBefore)).toEqual(['j1', 'j2']);
      expect((await f.store.listJobs({ type: 'mail' })).map((j) => j.id).sort()).toEqual(['j1', 'j2']);
      expect(await f.store.transaction((tx) => f.store.getJob(tx, 'j2'))).toMatchObject({ retries: 2, notBefore });
      // Failing again without a backoff clears it.
      await f.store.transaction((tx) => f.store.applyProjections(tx, changes({ jobs: { upsert: [job('j2', { retries: 1 })] } })));
      expect(await available('2025-01-02T00:00:00.000Z')).toEqual(['j1', 'j2']);
      expect(await f.store.transaction((tx) => f.store.getJob(tx, 'j2'))).not.toHaveProperty('notBefore');
    });

    it('given message and signal subscriptions, when searched, then name and correlation key select them', async () => {
      await f.store.transaction((tx) =>
        f.store.applyProjections(
          tx,
          changes({
            subscriptions: {
              upsert: [
                subscription('keyed', { name: 'paid', correlationKey: 'o-1' }),
                subscription('other', { name: 'paid', correlationKey: 'o-2' }),
                subscription('start', { name: 'paid', instanceId: undefined, elementId: 'start' }),
                subscription('sig', { kind: 'signal', name: 'alert' }),
              ],
            },
          }),
        ),
      );
      const found = await f.store.transaction((tx) => f.store.findMessageSubscriptions(tx, 'paid', 'o-1'));
      expect(found.map((s) => s.id).sort()).toEqual(['keyed', 'start']);
      expect((await f.store.transaction((tx) => f.store.findMessageSubscriptions(tx, 'paid'))).length).toBe(3);
      expect((await f.store.transaction((tx) => f.store.findSignalSubscriptions(tx, 'alert'))).map((s) => s.id)).toEqual(['sig']);
      expect((await f.store.listSubscriptions({ kind: 'signal' })).map((s) => s.id)).toEqual(['sig']);
      expect((await f.store.listSubscriptions({ definitionId: 'd1' })).length).toBe(4);
      const start = (await f.store.listSubscriptions({})).find((s) => s.id === 'start');
      expect(start?.instanceId).toBeUndefined();
    });

    it('given history and outbox rows, when appended, then history reads in order and the outbox until dispatched', async () => {
      await f.store.transaction(async (tx) => {
        await f.store.appendHistory(tx, [
          { id: 'h2', instanceId: 'i1', seq: 2, type: 'element.completed', elementId: 'a', at: AT, data: {} },
          { id: 'h1', instanceId: 'i1', seq: 1, type: 'element.started', elementId: 'a', at: AT, data: { x: 1 } },
        ]);
        await f.store.appendOutbox(tx, [{ id: 'o1', instanceId: 'i1', createdAt: AT, effect: { type: 'signal.thrown', name: 'alert' } }]);
      });
      expect((await f.store.listHistory('i1')).map((h) => h.seq)).toEqual([1, 2]);
      expect((await f.store.listUndispatchedOutbox(10)).map((o) => o.id)).toEqual(['o1']);
      await f.store.markOutboxDispatched(['o1'], AT);
      expect(await f.store.listUndispatchedOutbox(10)).toEqual([]);
    });

    it('given instances of several processes, when listed, then process, status and parent filters apply', async () => {
      await f.store.transaction(async (tx) => {
        await f.store.insertInstance(tx, instance('a'));
        await f.store.insertInstance(tx, instance('b', { processId: 'q', parentInstanceId: 'a', rootInstanceId: 'a' }));
        await f.store.insertInstance(tx, instance('c', { status: 'completed' }));
      });
      expect((await f.store.listInstances({ processId: 'p', status: 'active' })).map((i) => i.id)).toEqual(['a']);
      expect((await f.store.listInstances({ parentInstanceId: 'a' })).map((i) => i.id)).toEqual(['b']);
    });
  });

  describe(`DefinitionRepository contract: ${name}`, () => {
    let f: StoreFixture;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f.cleanup?.();
    });

    it('given two deployments of a process, when inserted, then versions count up and latest is the newest', async () => {
      const base = { processId: 'p', deploymentId: 'dep', xml: '<x/>', checksum: 'c', deployedAt: AT };
      const v1 = await f.store.transaction((tx) => f.definitions.insert(tx, { ...base, id: 'd1' }));
      const v2 = await f.store.transaction((tx) => f.definitions.insert(tx, { ...base, id: 'd2' }));
      expect([v1.version, v2.version]).toEqual([1, 2]);
      expect((await f.definitions.latest('p'))?.id).toBe('d2');
      expect((await f.definitions.get('d1'))?.xml).toBe('<x/>');
      expect((await f.definitions.list({ processId: 'p' })).length).toBe(2);
      expect(await f.definitions.latest('nope')).toBeUndefined();
    });
  });
}
