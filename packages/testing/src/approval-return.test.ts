import { describe, expect, it } from 'vitest';
import { ForbiddenError, InvalidInputError, StaleStateError } from '@zhifa/engine';
import { activeElements, definitions, linearApproval, operations, parallelApproval, taskAt } from './approval.fixture.js';
import { createTestEngine } from './test-engine.js';

async function atApproval(extras = '') {
  const t = createTestEngine();
  await t.engine.deploy(linearApproval(extras));
  const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' }, initiator: 'zhang' });
  await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
  await t.engine.completeTask((await taskAt(t, instanceId, 'review')).id, undefined, { actor: 'li', outcome: 'approve' });
  return { t, instanceId, approve: await taskAt(t, instanceId, 'approve') };
}

async function inParallel() {
  const t = createTestEngine();
  await t.engine.deploy(parallelApproval);
  const { instanceId } = await t.engine.startProcess('parallel');
  await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
  return { t, instanceId };
}

describe('退回 return targets', () => {
  it('given draft and review were completed, when listing targets of the approval, then both are offered, latest first, with who and when', async () => {
    const { t, approve } = await atApproval();
    expect(await t.engine.returnTargets(approve.id)).toEqual([
      { elementId: 'review', name: '科室审核', completedInstanceId: expect.any(String), completedBy: 'li', completedAt: '2025-01-01T00:00:00.000Z' },
      { elementId: 'draft', name: '起草', completedInstanceId: expect.any(String), completedBy: 'zhang', completedAt: '2025-01-01T00:00:00.000Z' },
    ]);
  });

  it('given a parallel branch, when listing targets from legalCheck, then steps of the other branch are not offered', async () => {
    const { t, instanceId } = await inParallel();
    await t.engine.completeTask((await taskAt(t, instanceId, 'finance')).id, undefined, { actor: 'wang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'legal')).id, undefined, { actor: 'li' });
    const targets = await t.engine.returnTargets((await taskAt(t, instanceId, 'legalCheck')).id);
    expect(targets.map((x) => x.elementId)).toEqual(['legal', 'draft']);
  });

  it('given a step never passed, when returning to it, then InvalidInputError (400) and nothing changes', async () => {
    const { t, instanceId, approve } = await atApproval();
    await expect(t.engine.returnTask(approve.id, 'approve', '自己', { by: 'wang' })).rejects.toThrow(InvalidInputError);
    const { t: t2, instanceId: id2 } = await inParallel();
    const legal = await taskAt(t2, id2, 'legal');
    await expect(t2.engine.returnTask(legal.id, 'finance', '不在上游', { by: 'li' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t2.engine.returnTask(legal.id, 'issue', '未经过', { by: 'li' })).rejects.toThrow(InvalidInputError);
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });
});

describe('退回 return', () => {
  it('given the approval, when returned to draft (rerun), then draft is active again for zhang and the path runs again', async () => {
    const { t, instanceId, approve } = await atApproval();
    await t.engine.returnTask(approve.id, 'draft', '材料不全', { by: 'wang' });
    const draft = await taskAt(t, instanceId, 'draft');
    expect(draft.assignee).toBe('zhang');
    expect(await activeElements(t, instanceId)).toEqual(['draft']);
    expect((await operations(t, instanceId)).at(-1)).toMatchObject({ operation: 'return', actor: 'wang', data: { reason: '材料不全', target: 'draft', resubmit: 'rerun' } });
    await t.engine.completeTask(draft.id, undefined, { actor: 'zhang' });
    expect(await activeElements(t, instanceId)).toEqual(['review']);
  });

  it('given direct resubmission chosen by the user, when the returned step is completed, then it goes straight back to the approval', async () => {
    const { t, instanceId, approve } = await atApproval();
    await t.engine.returnTask(approve.id, 'draft', '补充证据', { by: 'wang', resubmit: 'direct' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
    // and back with the person who returned it, not offered to the step's candidates again
    expect((await taskAt(t, instanceId, 'approve')).assignee).toBe('wang');
    // The mark is used once: a second pass through draft follows the model again.
    await t.engine.returnTask((await taskAt(t, instanceId, 'approve')).id, 'draft', '再补充', { by: 'wang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    expect(await activeElements(t, instanceId)).toEqual(['review']);
  });

  it('given zhifa:approval resubmit="direct" on the returning task, when the returned step is completed, then it comes straight back', async () => {
    const { t, instanceId, approve } = await atApproval('<extensionElements><zhifa:approval resubmit="direct"/></extensionElements>');
    await t.engine.returnTask(approve.id, 'review', '意见不明确', { by: 'wang' });
    expect((await taskAt(t, instanceId, 'review')).assignee).toBe('li');
    await t.engine.completeTask((await taskAt(t, instanceId, 'review')).id, undefined, { actor: 'li' });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });

  it('given one parallel branch, when legalCheck returns to draft before the split, then the other branch is cancelled too and the split runs again', async () => {
    const { t, instanceId } = await inParallel();
    await t.engine.completeTask((await taskAt(t, instanceId, 'legal')).id, undefined, { actor: 'li' });
    expect(await activeElements(t, instanceId)).toEqual(['finance', 'legalCheck']);
    await t.engine.returnTask((await taskAt(t, instanceId, 'legalCheck')).id, 'draft', '定性错误', { by: 'feng', resubmit: 'direct' });
    expect(await activeElements(t, instanceId)).toEqual(['draft']);
    // Direct cannot go back to one branch of a split: the path runs again (recorded as rerun).
    expect((await operations(t, instanceId)).at(-1)?.data).toMatchObject({ resubmit: 'rerun' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    expect(await activeElements(t, instanceId)).toEqual(['finance', 'legal']);
  });

  it('given finance already waits at the join, when legalCheck returns to draft, then the waiting token is cancelled and the join fires once later', async () => {
    const { t, instanceId } = await inParallel();
    await t.engine.completeTask((await taskAt(t, instanceId, 'finance')).id, undefined, { actor: 'wang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'legal')).id, undefined, { actor: 'li' });
    await t.engine.returnTask((await taskAt(t, instanceId, 'legalCheck')).id, 'draft', '重新起草', { by: 'feng' });
    const view = await t.engine.inspect(instanceId);
    expect(Object.values(view.state.elements).filter((e) => e.elementId === 'join')).toEqual([]);
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    for (const step of ['legal', 'legalCheck', 'finance']) await t.engine.completeTask((await taskAt(t, instanceId, step)).id);
    expect(await activeElements(t, instanceId)).toEqual(['issue']);
  });

  it('given one parallel branch, when legalCheck returns to legal inside its branch, then the finance branch keeps running', async () => {
    const { t, instanceId } = await inParallel();
    await t.engine.completeTask((await taskAt(t, instanceId, 'legal')).id, undefined, { actor: 'li' });
    await t.engine.returnTask((await taskAt(t, instanceId, 'legalCheck')).id, 'legal', '复核不通过', { by: 'feng', resubmit: 'direct' });
    expect(await activeElements(t, instanceId)).toEqual(['finance', 'legal']);
    await t.engine.completeTask((await taskAt(t, instanceId, 'legal')).id, undefined, { actor: 'li' });
    expect(await activeElements(t, instanceId)).toEqual(['finance', 'legalCheck']);
  });
});

describe('退回 across scopes', () => {
  const nested = definitions(`<process id="nested" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="draft"/>
    <userTask id="draft" camunda:assignee="zhang"/><sequenceFlow id="f2" sourceRef="draft" targetRef="sub"/>
    <subProcess id="sub"><startEvent id="ss"/><sequenceFlow id="g1" sourceRef="ss" targetRef="check"/><userTask id="check" camunda:assignee="li"/>
      <sequenceFlow id="g2" sourceRef="check" targetRef="sign"/>
      <userTask id="sign" camunda:assignee="\${signer}"><multiInstanceLoopCharacteristics camunda:collection="signers" camunda:elementVariable="signer"/></userTask>
      <sequenceFlow id="g3" sourceRef="sign" targetRef="se"/><endEvent id="se"/></subProcess>
    <sequenceFlow id="f3" sourceRef="sub" targetRef="e"/><endEvent id="e"/></process>`);

  it('given a countersign inside a subprocess, when one signer returns to a step inside or outside the subprocess, then the right scope is cut back', async () => {
    const t = createTestEngine();
    await t.engine.deploy(nested);
    const { instanceId } = await t.engine.startProcess('nested', { variables: { signers: ['a', 'b'] } });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'check')).id, undefined, { actor: 'li' });
    const signerA = (await t.store.listTasks({ instanceId })).find((x) => x.assignee === 'a');
    expect((await t.engine.returnTargets(signerA?.id ?? '')).map((x) => x.elementId)).toEqual(['check', 'draft']);
    await t.engine.returnTask(signerA?.id ?? '', 'check', '会签意见分歧', { by: 'a' });
    expect(await activeElements(t, instanceId)).toEqual(['check']);
    const check = await taskAt(t, instanceId, 'check');
    await t.engine.returnTask(check.id, 'draft', '重新起草', { by: 'li' });
    expect(await activeElements(t, instanceId)).toEqual(['draft']);
    expect(Object.values((await t.engine.inspect(instanceId)).state.elements).map((e) => e.elementId).sort()).toEqual(['draft', 'nested']);
  });
});

describe('撤回 withdraw', () => {
  it('given li completed the review and the approval is untouched, when li withdraws, then review is active again for li', async () => {
    const { t, instanceId } = await atApproval();
    await t.engine.withdraw(instanceId, 'li', { reason: '意见写错' });
    expect(await activeElements(t, instanceId)).toEqual(['review']);
    expect((await taskAt(t, instanceId, 'review')).assignee).toBe('li');
    expect((await operations(t, instanceId)).at(-1)).toMatchObject({ operation: 'withdraw', actor: 'li', data: { target: 'review', reason: '意见写错' } });
  });

  it('given the initiator submitted and review is untouched, when withdrawing, then draft is reactivated; later the review is not theirs to take back', async () => {
    const t = createTestEngine();
    await t.engine.deploy(linearApproval());
    const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' }, initiator: 'zhang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    await t.engine.withdraw(instanceId, 'zhang');
    expect(await activeElements(t, instanceId)).toEqual(['draft']);
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'review')).id, undefined, { actor: 'li' });
    await expect(t.engine.withdraw(instanceId, 'zhang')).rejects.toMatchObject({ code: 'STALE_STATE', details: { reason: 'NEXT_STEP_HANDLED' } });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });

  it('given an initiator who completed no step, when withdrawing, then 409', async () => {
    const t = createTestEngine();
    await t.engine.deploy(linearApproval());
    const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'li' }, initiator: 'boss' });
    await expect(t.engine.withdraw(instanceId, 'boss')).rejects.toMatchObject({ code: 'STALE_STATE', details: { reason: 'NOTHING_TO_WITHDRAW' } });
  });

  it('given the next task was claimed (or transferred), when withdrawing, then StaleStateError (409)', async () => {
    const t = createTestEngine();
    await t.engine.deploy(linearApproval());
    const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' }, initiator: 'zhang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    const review = await taskAt(t, instanceId, 'review');
    await t.engine.unclaimTask(review.id, 'li');
    await t.engine.claimTask(review.id, 'li');
    await expect(t.engine.withdraw(instanceId, 'zhang')).rejects.toMatchObject({ code: 'STALE_STATE', details: { reason: 'NEXT_STEP_TOUCHED' } });
    const { t: t2, instanceId: id2, approve } = await atApproval();
    await t2.engine.transferTask(approve.id, 'zhao', 'wang');
    await expect(t2.engine.withdraw(id2, 'li')).rejects.toThrow(StaleStateError);
  });

  it('given the next task was completed, when the earlier approver withdraws, then 409 and nothing changes', async () => {
    const t = createTestEngine();
    await t.engine.deploy(linearApproval());
    const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' } });
    await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
    await t.engine.completeTask((await taskAt(t, instanceId, 'review')).id, undefined, { actor: 'li' });
    await expect(t.engine.withdraw(instanceId, 'zhang')).rejects.toMatchObject({ code: 'STALE_STATE', details: { reason: 'NEXT_STEP_HANDLED' } });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });

  it('given someone who is neither initiator nor previous approver, when withdrawing, then ForbiddenError', async () => {
    const { t, instanceId } = await atApproval();
    await expect(t.engine.withdraw(instanceId, 'stranger')).rejects.toThrow(ForbiddenError);
  });
});
