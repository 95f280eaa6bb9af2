import { describe, expect, it } from 'vitest';
import { bpmn, KernelHarness } from './harness.js';

const mi = (loop: string) => bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
  <userTask id="t" camunda:assignee="\${person}">${loop}</userTask><sequenceFlow id="f1" sourceRef="t" targetRef="e"/><endEvent id="e"/>`);

describe('multi-instance', () => {
  it('given a parallel collection, when started, then one task per item with the element variable and loopCounter', async () => {
    const h = (await KernelHarness.of(mi('<multiInstanceLoopCharacteristics camunda:collection="${people}" camunda:elementVariable="person"/>'))).start({ people: ['a', 'b', 'c'] });
    const tasks = Object.values(h.state.elements).filter((e) => e.task);
    expect(tasks.map((t) => [t.task?.assignee, t.loopCounter])).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('given a sequential cardinality, when each completes, then the next starts until all are done', async () => {
    const h = (await KernelHarness.of(mi('<multiInstanceLoopCharacteristics isSequential="true"><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics>'))).start({ person: 'x' });
    expect(h.active()).toEqual(['t']);
    h.completeTask('t');
    expect(h.active()).toEqual(['t']);
    h.completeTask('t');
    expect(h.ended).toBe(true);
    expect(h.completed('t')).toBe(2);
  });

  it('given a completion condition, when it holds, then remaining instances are cancelled', async () => {
    const h = (await KernelHarness.of(mi(`<multiInstanceLoopCharacteristics><loopCardinality>4</loopCardinality>
      <completionCondition>\${nrOfCompletedInstances / nrOfInstances &gt;= 0.5}</completionCondition></multiInstanceLoopCharacteristics>`))).start({ person: 'x' });
    h.completeTask('t').completeTask('t');
    expect(h.ended).toBe(true);
  });

  it('given zeebe output collection, when all complete, then outputs are collected in order', async () => {
    const h = (await KernelHarness.of(mi(`<multiInstanceLoopCharacteristics><extensionElements><zeebe:loopCharacteristics inputCollection="= [1, 2]"
      inputElement="n" outputCollection="doubled" outputElement="= n * 2"/></extensionElements></multiInstanceLoopCharacteristics>`))).start({ person: 'x' });
    h.completeTask('t').completeTask('t');
    expect(h.variables()).toMatchObject({ doubled: [2, 4] });
  });

  it('given an empty collection, when reached, then the activity completes at once', async () => {
    const h = (await KernelHarness.of(mi('<multiInstanceLoopCharacteristics camunda:collection="${people}" camunda:elementVariable="person"/>'))).start({ people: [] });
    expect(h.ended).toBe(true);
  });
});
