import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../model/compile.js';
import { bpmn, KernelHarness } from './harness.js';
import { migrateState } from './migrate.js';
import { projectInstance } from './projection.js';

const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/** v1: review (a user task with a one-day boundary timer) → end. */
const v1 = bpmn(`<startEvent id="s"/>${flow('f1', 's', 'review')}<userTask id="review" camunda:assignee="u1"/>
  <boundaryEvent id="late" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
  ${flow('f2', 'review', 'e')}<endEvent id="e"/>`);
/** v2: check (was review, same boundary timer) → sign → end. */
const v2 = bpmn(`<startEvent id="s"/>${flow('f1', 's', 'check')}<userTask id="check" camunda:assignee="u1"/>
  <boundaryEvent id="late" attachedToRef="check" cancelActivity="false"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
  ${flow('f2', 'check', 'sign')}<userTask id="sign"/>${flow('f3', 'sign', 'e')}<endEvent id="e"/>`);
/** v3: review is a service task here. */
const v3 = bpmn(`<startEvent id="s"/>${flow('f1', 's', 'review')}<serviceTask id="review" camunda:type="external" camunda:topic="t"/>${flow('f2', 'review', 'e')}<endEvent id="e"/>`);

async function model(xml: string) {
  const compiled = await compileBpmn(xml);
  const found = compiled.processes[0];
  if (!found) throw new Error('no process');
  return found;
}

describe('migrateState', () => {
  it('given an instance waiting in review with a timer, when migrated to v2 with review → check, then task and timer move and the definition changes', async () => {
    const h = (await KernelHarness.of(v1)).start();
    const result = migrateState(h.state, h.model, await model(v2), { targetDefinitionId: 'p:2', mapping: { review: 'check' } });
    const projection = projectInstance(result.state);
    expect(result.state.definitionId).toBe('p:2');
    expect([...projection.tasks.values()].map((t) => [t.elementId, t.definitionId])).toEqual([['check', 'p:2']]);
    expect([...projection.timers.values()].map((t) => t.elementId)).toEqual(['late']);
    expect(result.moved).toEqual([{ from: 'review', to: 'check' }]);
  });

  it('given no mapping for a renamed step, when migrated, then 400 names the element', async () => {
    const h = (await KernelHarness.of(v1)).start();
    const target = await model(v2);
    expect(() => migrateState(h.state, h.model, target, { targetDefinitionId: 'p:2', mapping: {} })).toThrow(/'review'/);
  });

  it('given the step became a service task, when migrated, then it is refused naming the element', async () => {
    const h = (await KernelHarness.of(v1)).start();
    const model3 = await model(v3);
    const attempt = () => migrateState(h.state, h.model, model3, { targetDefinitionId: 'p:3', mapping: {} });
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: expect.objectContaining({ element: 'review' }) }));
  });

  it('given a mapping to an element the target lacks, when migrated, then it is refused', async () => {
    const h = (await KernelHarness.of(v1)).start();
    const target = await model(v2);
    expect(() => migrateState(h.state, h.model, target, { targetDefinitionId: 'p:2', mapping: { review: 'nowhere' } })).toThrow(/'nowhere'/);
  });
});
