import { describe, expect, it } from 'vitest';
import { DeployError, VersionConflictError, type InstanceStore } from '@zhifa/engine';
import { InMemoryInstanceStore } from './in-memory-instance-store.js';
import { createTestEngine } from './test-engine.js';

const defs = (body: string, extra = '') => `<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">${extra}${body}</definitions>`;

const approval = defs(`<process id="approval" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
  <userTask id="review" camunda:assignee="li"/><sequenceFlow id="f2" sourceRef="review" targetRef="e"/><endEvent id="e"/></process>`);

describe('Engine service', () => {
  it('given a deployed process, when started and its task completed, then rows follow the state and history records it', async () => {
    const t = createTestEngine();
    await t.engine.deploy(approval);
    const { instanceId } = await t.engine.startProcess('approval', { variables: { caseNo: 'A1' } });
    const [task] = await t.store.listTasks({ assignee: 'li' });
    expect(task).toMatchObject({ elementId: 'review', instanceId, processId: 'approval' });
    await t.engine.completeTask(task?.id ?? '', { ok: true });
    expect(await t.store.listTasks({})).toEqual([]);
    expect((await t.store.findInstance(instanceId))?.status).toBe('completed');
    const types = (await t.store.listHistory(instanceId)).map((h) => h.type);
    expect(types).toContain('instance.ended');
    expect(await t.store.listUndispatchedOutbox(10)).toEqual([]);
  });

  it('given a bad model, when deployed, then DeployError names the element and nothing is stored', async () => {
    const t = createTestEngine();
    await expect(t.engine.deploy(defs('<process id="x" isExecutable="true"><startEvent id="s"/><complexGateway id="cg"/></process>'))).rejects.toThrow(DeployError);
    expect(await t.definitions.list()).toEqual([]);
  });

  it('given a waiting catch with a correlation key and a message start, when messages arrive, then each goes to the right place', async () => {
    const t = createTestEngine();
    await t.engine.deploy(defs(`<process id="wait" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="c"/>
      <intermediateCatchEvent id="c"><messageEventDefinition messageRef="m"/></intermediateCatchEvent><sequenceFlow id="f2" sourceRef="c" targetRef="e"/><endEvent id="e"/></process>
      <process id="starter" isExecutable="true"><startEvent id="ms"><messageEventDefinition messageRef="go"/></startEvent><sequenceFlow id="g1" sourceRef="ms" targetRef="ge"/><endEvent id="ge"/></process>`,
    '<message id="m" name="paid"><extensionElements><zeebe:subscription correlationKey="= key"/></extensionElements></message><message id="go" name="go"/>'));
    const a = await t.engine.startProcess('wait', { variables: { key: 'A' } });
    const b = await t.engine.startProcess('wait', { variables: { key: 'B' } });
    expect(await t.engine.correlateMessage({ name: 'paid', correlationKey: 'B' })).toMatchObject({ correlated: 1, instanceIds: [b.instanceId] });
    expect((await t.store.findInstance(a.instanceId))?.status).toBe('active');
    expect(await t.engine.correlateMessage({ name: 'paid', correlationKey: 'Z' })).toMatchObject({ correlated: 0, started: 0 });
    expect(await t.engine.correlateMessage({ name: 'go' })).toMatchObject({ correlated: 0, started: 1 });
  });

  it('given catching instances and a signal start, when a signal is broadcast, then all receive it and the count is reported', async () => {
    const t = createTestEngine();
    await t.engine.deploy(defs(`<process id="catcher" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="c"/>
      <intermediateCatchEvent id="c"><signalEventDefinition signalRef="sig"/></intermediateCatchEvent><sequenceFlow id="f2" sourceRef="c" targetRef="e"/><endEvent id="e"/></process>
      <process id="started" isExecutable="true"><startEvent id="ss"><signalEventDefinition signalRef="sig"/></startEvent><sequenceFlow id="g1" sourceRef="ss" targetRef="ut"/><userTask id="ut"/></process>`,
    '<signal id="sig" name="alert"/>'));
    await t.engine.startProcess('catcher');
    await t.engine.startProcess('catcher');
    expect(await t.engine.broadcastSignal({ name: 'alert' })).toMatchObject({ delivered: 2, started: 1 });
    expect((await t.store.listInstances({ processId: 'catcher', status: 'active' })).length).toBe(0);
  });

  it('given a timer start cycle, when time passes, then instances start and a fired timer cannot fire again', async () => {
    const t = createTestEngine();
    await t.engine.deploy(defs(`<process id="tick" isExecutable="true"><startEvent id="s"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></startEvent>
      <sequenceFlow id="f1" sourceRef="s" targetRef="ut"/><userTask id="ut"/></process>`));
    const [first] = await t.store.listTimers();
    expect(t.timers.scheduled.has(first?.id ?? '')).toBe(true);
    await t.advance('PT1H');
    expect(await t.engine.fireTimer(first?.id ?? '')).toBe(false);
    await t.advance('PT5H');
    expect((await t.store.listInstances({ processId: 'tick' })).length).toBe(2);
    expect(await t.store.listTimers()).toEqual([]);
  });

  it('given a call activity, when the child completes, then the parent continues; cancelling the parent cancels a running child', async () => {
    const t = createTestEngine();
    await t.engine.deploy(defs(`<process id="child" isExecutable="true"><startEvent id="cs"/><sequenceFlow id="c1" sourceRef="cs" targetRef="work"/><userTask id="work"/>
      <sequenceFlow id="c2" sourceRef="work" targetRef="ce"/><endEvent id="ce"/></process>
      <process id="parent" isExecutable="true"><startEvent id="ps"/><sequenceFlow id="p1" sourceRef="ps" targetRef="call"/>
      <callActivity id="call"><extensionElements><zeebe:calledElement processId="child"/></extensionElements></callActivity>
      <sequenceFlow id="p2" sourceRef="call" targetRef="after"/><userTask id="after"/></process>`));
    const parent = await t.engine.startProcess('parent', { variables: { x: 1 } });
    const [work] = await t.store.listTasks({ elementId: 'work' });
    await t.engine.completeTask(work?.id ?? '', { y: 2 });
    expect((await t.store.listTasks({ instanceId: parent.instanceId })).map((x) => x.elementId)).toEqual(['after']);
    const again = await t.engine.startProcess('parent');
    await t.engine.cancelInstance(again.instanceId);
    expect((await t.store.listInstances({ processId: 'child', status: 'active' })).length).toBe(0);
  });

  it('given a concurrent update, when the first commit conflicts, then the unit of work is retried and succeeds', async () => {
    const store = new InMemoryInstanceStore();
    let conflicts = 1;
    const flaky: InstanceStore = Object.assign(Object.create(store) as InstanceStore, {
      updateInstance: async (...args: Parameters<InstanceStore['updateInstance']>) => {
        if (conflicts-- > 0) throw new VersionConflictError(args[1].id, args[1].expectedVersion);
        return store.updateInstance(...args);
      },
    });
    const t = createTestEngine({ deps: { store: flaky } });
    await t.engine.deploy(approval);
    const { instanceId } = await t.engine.startProcess('approval');
    const [task] = await store.listTasks({ instanceId });
    await t.engine.completeTask(task?.id ?? '');
    expect((await store.findInstance(instanceId))?.status).toBe('completed');
  });

  it('given an initiator and an owner unit, when started, then the instance row carries both from its insert on', async () => {
    const store = new InMemoryInstanceStore();
    const inserted: unknown[] = [];
    const spying: InstanceStore = Object.assign(Object.create(store) as InstanceStore, {
      insertInstance: async (...args: Parameters<InstanceStore['insertInstance']>) => {
        inserted.push({ startedBy: args[1].startedBy, ownerUnitId: args[1].ownerUnitId });
        return store.insertInstance(...args);
      },
    });
    const t = createTestEngine({ deps: { store: spying } });
    await t.engine.deploy(approval);
    const { instanceId } = await t.engine.startProcess('approval', { initiator: 'zhang', ownerUnitId: 'unit-a' });
    expect(inserted).toEqual([{ startedBy: 'zhang', ownerUnitId: 'unit-a' }]);
    expect(await store.findInstance(instanceId)).toMatchObject({ startedBy: 'zhang', ownerUnitId: 'unit-a' });
    const system = await t.engine.startProcess('approval');
    expect(await store.findInstance(system.instanceId)).not.toHaveProperty('startedBy');
  });

  it('given a failure after the instance row is written, when started with an owner, then neither the instance nor its owner remain', async () => {
    const store = new InMemoryInstanceStore();
    const failing: InstanceStore = Object.assign(Object.create(store) as InstanceStore, {
      appendOutbox: async () => {
        throw new Error('outbox down');
      },
    });
    const t = createTestEngine({ deps: { store: failing } });
    await t.engine.deploy(approval);
    await expect(t.engine.startProcess('approval', { initiator: 'zhang', ownerUnitId: 'unit-a' })).rejects.toThrow('outbox down');
    expect(await store.listInstances({})).toEqual([]);
    expect(await store.listTasks({})).toEqual([]);
  });

  it('given a redeployed process with a message start, when deployed again, then only the new version listens', async () => {
    const t = createTestEngine();
    const xml = defs(`<process id="m" isExecutable="true"><startEvent id="s"><messageEventDefinition messageRef="go"/></startEvent>
      <sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"/></process>`, '<message id="go" name="go"/>');
    const first = await t.engine.deploy(xml);
    const second = await t.engine.deploy(xml.replace('<endEvent id="e"/>', '<endEvent id="e" name="done"/>'));
    const subs = await t.store.listSubscriptions({});
    expect(second.definitions[0]?.version).toBe(2);
    expect(second.definitions[0]?.id).not.toBe(first.definitions[0]?.id);
    expect(subs.map((s) => s.definitionId)).toEqual([second.definitions[0]?.id]);
  });
});

describe('Engine service failures', () => {
  it('given a call activity to an undeployed process, when reached, then an incident is raised at the call activity', async () => {
    const t = createTestEngine();
    await t.engine.deploy(defs(`<process id="parent" isExecutable="true"><startEvent id="ps"/><sequenceFlow id="p1" sourceRef="ps" targetRef="call"/>
      <callActivity id="call" calledElement="ghost"/><sequenceFlow id="p2" sourceRef="call" targetRef="e"/><endEvent id="e"/></process>`));
    const { instanceId } = await t.engine.startProcess('parent');
    expect((await t.store.listIncidents({ instanceId })).map((i) => [i.elementId, i.kind])).toEqual([['call', 'CALL_FAILED']]);
  });
});

describe('Engine service across call activities', () => {
  const models = defs(`<process id="child" isExecutable="true"><startEvent id="cs"/><sequenceFlow id="c1" sourceRef="cs" targetRef="work"/><userTask id="work"/>
      <sequenceFlow id="c2" sourceRef="work" targetRef="fail"/><endEvent id="fail"><errorEventDefinition errorRef="err"/></endEvent></process>
    <process id="parent" isExecutable="true"><startEvent id="ps"/><sequenceFlow id="p1" sourceRef="ps" targetRef="call"/>
      <callActivity id="call" calledElement="child"/><boundaryEvent id="caught" attachedToRef="call"><errorEventDefinition errorRef="err"/></boundaryEvent>
      <sequenceFlow id="p2" sourceRef="call" targetRef="e"/><endEvent id="e"/><sequenceFlow id="p3" sourceRef="caught" targetRef="fix"/><userTask id="fix"/></process>`,
  '<error id="err" errorCode="REJECTED"/>');

  it('given an error end event in a called process, when thrown, then the error boundary on the call activity catches it', async () => {
    const t = createTestEngine();
    await t.engine.deploy(models);
    const { instanceId } = await t.engine.startProcess('parent');
    const [work] = await t.store.listTasks({ elementId: 'work' });
    await t.engine.completeTask(work?.id ?? '');
    expect((await t.store.listTasks({ instanceId })).map((x) => x.elementId)).toEqual(['fix']);
    expect((await t.store.listInstances({ processId: 'child', status: 'active' })).length).toBe(0);
    expect(await t.store.listIncidents({})).toEqual([]);
  });
});

describe('Engine service recovery', () => {
  it('given an effect left undispatched by a crash, when the engine recovers, then it is dispatched once', async () => {
    const t = createTestEngine();
    await t.engine.deploy(defs(`<process id="onAlert" isExecutable="true"><startEvent id="s"><signalEventDefinition signalRef="sig"/></startEvent>
      <sequenceFlow id="f" sourceRef="s" targetRef="u"/><userTask id="u"/></process>`, '<signal id="sig" name="alert"/>'));
    await t.store.transaction((tx) =>
      t.store.appendOutbox(tx, [{ id: 'o1', createdAt: '2025-01-01T00:00:00.000Z', effect: { type: 'signal.thrown', name: 'alert', variables: {}, elementId: 'x' } }]),
    );
    expect(await t.engine.recover()).toBe(1);
    expect(await t.engine.recover()).toBe(0);
    expect((await t.store.listInstances({ processId: 'onAlert' })).length).toBe(1);
  });
});

describe('Engine service task changes and idempotent deploys', () => {
  it('given an open task, when reassigned, then the inbox row follows and a task.updated effect is emitted', async () => {
    const t = createTestEngine();
    await t.engine.deploy(approval);
    await t.engine.startProcess('approval');
    const [task] = await t.store.listTasks({ assignee: 'li' });
    await t.engine.updateTask(task?.id ?? '', { assignee: 'wang', candidateGroups: ['legal'] });
    expect(await t.store.listTasks({ assignee: 'wang' })).toEqual([expect.objectContaining({ id: task?.id, candidateGroups: ['legal'] })]);
  });

  it('given the same XML deployed twice, when deployed again, then the version is reused', async () => {
    const t = createTestEngine();
    const first = await t.engine.deploy(approval);
    const again = await t.engine.deploy(approval);
    expect(again.definitions.map((d) => d.id)).toEqual(first.definitions.map((d) => d.id));
    expect((await t.definitions.list()).length).toBe(1);
  });
});

describe('Engine service inspection', () => {
  it('given a running instance, when inspected, then what waits and the variables are reported', async () => {
    const t = createTestEngine();
    await t.engine.deploy(approval);
    const { instanceId } = await t.engine.startProcess('approval', { variables: { caseNo: 'A1' } });
    const view = await t.engine.inspect(instanceId);
    expect(view.waiting.map((w) => w.elementId)).toEqual(['review']);
    expect(view.variables).toEqual({ caseNo: 'A1' });
    expect(view.record.status).toBe('active');
  });
});

describe('Engine service orphan timers', () => {
  it('given a timer row whose instance has ended, when it fires, then nothing happens and the row is dropped', async () => {
    const t = createTestEngine();
    await t.engine.deploy(approval);
    const { instanceId } = await t.engine.startProcess('approval');
    await t.engine.cancelInstance(instanceId);
    await t.store.transaction((tx) =>
      t.store.applyProjections(tx, {
        tasks: { upsert: [], delete: [] },
        timers: { upsert: [{ id: 'orphan', instanceId, definitionId: 'x', processId: 'approval', elementId: 'review', dueAt: '2024-01-01T00:00:00.000Z' }], delete: [] },
        subscriptions: { upsert: [], delete: [] },
        jobs: { upsert: [], delete: [] },
        incidents: { upsert: [], delete: [] },
      }),
    );
    expect(await t.engine.fireTimer('orphan')).toBe(false);
    expect(await t.store.listTimers()).toEqual([]);
  });
});
