import { describe, expect, it } from 'vitest';
import { dmnXml } from '../dmn/dmn-xml.fixture.js';
import { bpmn, KernelHarness } from '../kernel/harness.js';
import { DecisionRegistry } from './decision-registry.js';

const fines = dmnXml({
  id: 'fine',
  hitPolicy: 'UNIQUE',
  inputs: [{ expression: 'days', typeRef: 'number' }],
  outputs: [{ name: 'amount' }],
  rules: [
    { id: 'short', when: ['< 10'], then: ['100'] },
    { id: 'long', when: ['>= 10'], then: ['500'] },
  ],
});

const task = bpmn(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
  <businessRuleTask id="t" camunda:decisionRef="fine" camunda:resultVariable="result"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>`);

describe('business rule task with a deployed DMN decision', () => {
  it('given a decision table, when the task runs, then the matched rule output is stored', async () => {
    const registry = new DecisionRegistry();
    await registry.deploy(fines);
    const h = (await KernelHarness.of(task, { decide: registry.resolve })).start({ days: 12 });
    expect(h.ended).toBe(true);
    expect(JSON.stringify(h.variables().result)).toContain('500');
  });

  it('given no such decision, when the task runs, then an incident is raised', async () => {
    const h = (await KernelHarness.of(task, { decide: new DecisionRegistry().resolve })).start({ days: 1 });
    expect(h.incidents()).toEqual([{ elementId: 't', kind: 'DECISION_FAILED' }]);
  });
});
