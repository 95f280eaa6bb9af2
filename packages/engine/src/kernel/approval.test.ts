import { describe, expect, it } from 'vitest';
import { StaleStateError } from '../errors.js';
import { bpmn, KernelHarness } from './harness.js';
import { returnTargets } from './approval-return.js';

const twoSteps = bpmn(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="a"/><userTask id="a"/>
  <sequenceFlow id="f2" sourceRef="a" targetRef="b"/><userTask id="b"/><sequenceFlow id="f3" sourceRef="b" targetRef="e"/><endEvent id="e"/>`);

describe('approval commands in the kernel', () => {
  it('given a completed task instance, when adding a signer to it, then StaleStateError and the state is untouched', async () => {
    const h = (await KernelHarness.of(twoSteps)).start();
    const a = h.waiting('a').id;
    h.apply({ type: 'task.complete', taskId: a, actor: 'zhang' });
    const before = structuredClone(h.state);
    expect(() => h.apply({ type: 'task.addSign', taskId: a, userIds: ['x'], position: 'parallel', by: 'zhang' })).toThrow(StaleStateError);
    expect(h.state).toEqual(before);
  });

  it('given a completion, when the next task is created, then the trail records who, and the task knows its previous step', async () => {
    const h = (await KernelHarness.of(twoSteps)).start();
    const a = h.waiting('a').id;
    h.apply({ type: 'task.complete', taskId: a, actor: 'zhang', outcome: 'approve', opinion: '同意' });
    const b = h.waiting('b');
    expect(h.state.trail).toEqual([{ elementInstanceId: a, elementId: 'a', scopeId: 'instance', by: 'zhang', at: '2025-01-01T00:00:00.000Z', outcome: 'approve', opinion: '同意', next: [b.id] }]);
    expect(b.task?.previous).toEqual({ elementInstanceId: a, elementId: 'a', by: 'zhang' });
    expect(returnTargets(h.model, h.state, b.id).map((t) => t.elementId)).toEqual(['a']);
  });

  it('given a return to a, when a runs again, then its trail keeps both completions and targets list a once', async () => {
    const h = (await KernelHarness.of(twoSteps)).start();
    h.apply({ type: 'task.complete', taskId: h.waiting('a').id, actor: 'zhang' });
    h.apply({ type: 'task.return', taskId: h.waiting('b').id, targetElementId: 'a', by: 'li', reason: '退回补正' });
    expect(h.waiting('a').task?.assignee).toBe('zhang');
    h.apply({ type: 'task.complete', taskId: h.waiting('a').id, actor: 'zhang' });
    expect(h.state.trail?.map((e) => e.elementId)).toEqual(['a', 'a']);
    expect(returnTargets(h.model, h.state, h.waiting('b').id)).toHaveLength(1);
  });
});
