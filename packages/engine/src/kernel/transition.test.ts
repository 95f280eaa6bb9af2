import { describe, expect, it } from 'vitest';
import { ExecutionLimitError, StaleStateError } from '../errors.js';
import { bpmn, KernelHarness } from './harness.js';
import { transition } from './transition.js';

const loop = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="gw"/><exclusiveGateway id="gw"/>
  <sequenceFlow id="f1" sourceRef="gw" targetRef="inc"/>
  <scriptTask id="inc" scriptFormat="juel" camunda:resultVariable="i"><script>\${i + 1}</script></scriptTask>
  <sequenceFlow id="f2" sourceRef="inc" targetRef="check"/><exclusiveGateway id="check" default="out"/>
  <sequenceFlow id="back" sourceRef="check" targetRef="gw"><conditionExpression>\${i &lt; n}</conditionExpression></sequenceFlow>
  <sequenceFlow id="out" sourceRef="check" targetRef="e"/><endEvent id="e"/>`);

const twoTasks = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="a"/><userTask id="a"/>
  <sequenceFlow id="f1" sourceRef="a" targetRef="b"/><userTask id="b"/><sequenceFlow id="f2" sourceRef="b" targetRef="e"/><endEvent id="e"/>`);

describe('kernel transition', () => {
  it('given a loop of 5000 synchronous iterations, when started, then it completes without overflowing the stack', async () => {
    const h = (await KernelHarness.of(loop)).start({ i: 0, n: 5000 });
    expect(h.ended).toBe(true);
    expect(h.variables()).toMatchObject({ i: 5000 });
    expect(h.completed('inc')).toBe(5000);
  });

  it('given a loop without a wait state, when started, then the command is refused with ExecutionLimitError', async () => {
    const forever = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="gw"/><exclusiveGateway id="gw"/>
      <sequenceFlow id="f1" sourceRef="gw" targetRef="t"/><task id="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="gw"/>`);
    const h = await KernelHarness.of(forever);
    expect(() => transition(h.model, h.state, { type: 'process.start' }, { now: new Date(0), newId: () => 'z', maxSteps: 10_000 })).toThrow(ExecutionLimitError);
  });

  it('given a state that went through JSON, when the same command is applied, then the result is identical', async () => {
    const h = (await KernelHarness.of(twoTasks)).start();
    const taskId = h.waiting('a').id;
    const ctx = () => {
      let n = 0;
      return { now: new Date('2025-02-01T00:00:00Z'), newId: () => `x${++n}` };
    };
    const direct = transition(h.model, h.state, { type: 'task.complete', taskId }, ctx());
    const revived = transition(h.model, JSON.parse(JSON.stringify(h.state)), { type: 'task.complete', taskId }, ctx());
    expect(revived).toEqual(direct);
  });

  it('given an input state, when a command is applied, then the input is not mutated', async () => {
    const h = (await KernelHarness.of(twoTasks)).start();
    const before = JSON.stringify(h.state);
    transition(h.model, h.state, { type: 'task.complete', taskId: h.waiting('a').id }, { now: new Date(0), newId: () => 'y' });
    expect(JSON.stringify(h.state)).toBe(before);
  });

  it('given a completed task, when it is completed again, then the command is stale', async () => {
    const h = (await KernelHarness.of(twoTasks)).start();
    const taskId = h.waiting('a').id;
    h.apply({ type: 'task.complete', taskId });
    expect(() => h.apply({ type: 'task.complete', taskId })).toThrow(StaleStateError);
  });

  it('given a waiting task, when moved back to an earlier activity, then it is cancelled and the target starts (退回)', async () => {
    const h = (await KernelHarness.of(twoTasks)).start().completeTask('a');
    h.apply({ type: 'activity.move', elementInstanceId: h.waiting('b').id, targetElementId: 'a' });
    expect(h.active()).toEqual(['a']);
    expect(h.events.some((e) => e.type === 'element.cancelled' && e.elementId === 'b')).toBe(true);
  });

  it('given a running instance, when cancelled, then nothing waits and tasks are withdrawn', async () => {
    const h = (await KernelHarness.of(twoTasks)).start().apply({ type: 'instance.cancel' });
    expect(h.state.status).toBe('cancelled');
    expect(h.effects.map((e) => e.type)).toEqual(expect.arrayContaining(['task.cancelled', 'instance.ended']));
  });

  it('given an ended instance, when any command arrives, then it is refused as stale', async () => {
    const h = (await KernelHarness.of(twoTasks)).start().completeTask('a').completeTask('b');
    expect(() => h.apply({ type: 'variables.set', variables: { x: 1 } })).toThrow(StaleStateError);
  });
});
