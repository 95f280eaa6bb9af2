import { randomUUID } from 'node:crypto';
import { Engine, type Clock } from '@zhifa/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './history-verify.js';
import { getInboxTask } from './inbox.repository.js';
import { openTestStore } from './int-test-support.js';

const reviewXml = (name: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="Defs" targetNamespace="http://zhifa.test">
  <bpmn:process id="review" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
    <bpmn:userTask id="Review" name="法制审核">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="legal" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="Wait" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** A clock the test moves by hand (the engine never reads the system time). */
class HandClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

describe('the Engine on PostgreSQL', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let engine: Engine;
  const clock = new HandClock(Date.parse('2026-03-02T01:00:00.000Z'));

  beforeAll(async () => {
    store = await openTestStore('eng');
    engine = new Engine({ store: store.instances, definitions: store.definitions, clock, ids: { newId: () => randomUUID() } });
  });
  afterAll(async () => store.dispose());

  it('given a deployed process, when redeployed unchanged and then changed, then versions are 1, 1, 2', async () => {
    const first = await engine.deploy(reviewXml('审核'));
    const same = await engine.deploy(reviewXml('审核'));
    const changed = await engine.deploy(reviewXml('审核 v2'));
    expect(first.definitions.map((d) => d.version)).toEqual([1]);
    expect(same.definitions.map((d) => [d.id, d.version])).toEqual([[first.definitions[0]!.id, 1]]);
    expect(changed.definitions.map((d) => d.version)).toEqual([2]);
    expect((await store.definitions.list({ processId: 'review' })).map((d) => d.version)).toEqual([2, 1]);
  });

  it('given an instance started on v1, when v2 exists, then it stays on v1 and runs user task → timer → end', async () => {
    const v1 = (await store.definitions.list({ processId: 'review' })).find((d) => d.version === 1)!;
    const { instanceId } = await engine.startProcess('review', { definitionId: v1.id, businessKey: 'case-1' });
    const [task] = await store.instances.listTasks({ instanceId });
    expect(task).toMatchObject({ elementId: 'Review', candidateGroups: ['legal'], name: '法制审核' });

    await engine.completeTask(task!.id, { opinion: '同意' }, { actor: 'li.si' });
    expect((await getInboxTask(store.db, task!.id))?.state).toBe('completed');
    const [timer] = await store.instances.listTimers({ instanceId });
    expect(timer?.dueAt).toBe('2026-03-02T02:00:00.000Z');

    expect(await engine.fireTimer(timer!.id)).toBe(false);
    clock.advance(3_600_000);
    expect(await engine.fireTimer(timer!.id)).toBe(true);
    expect(await engine.fireTimer(timer!.id)).toBe(false);
    const ended = await store.instances.findInstance(instanceId);
    expect(ended).toMatchObject({ status: 'completed', definitionId: v1.id });
    expect((await store.instances.listHistory(instanceId)).length).toBeGreaterThan(4);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it('given one open task, when 20 completions race, then exactly one succeeds', async () => {
    const { instanceId } = await engine.startProcess('review');
    const [task] = await store.instances.listTasks({ instanceId });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => engine.completeTask(task!.id, { i }, { actor: `u${i}` })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await store.instances.listTimers({ instanceId })).toHaveLength(1);
  });
});
