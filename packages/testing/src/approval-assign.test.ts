import { describe, expect, it } from 'vitest';
import { InvalidInputError, RateLimitedError, StaleStateError } from '@zhifa/engine';
import { linearApproval, operations, outboxEffects, taskAt } from './approval.fixture.js';
import { createTestEngine } from './test-engine.js';

async function started() {
  const t = createTestEngine();
  await t.engine.deploy(linearApproval());
  const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' }, initiator: 'zhang' });
  await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
  return { t, instanceId, review: await taskAt(t, instanceId, 'review') };
}

describe('complete with opinion and outcome, claim / unclaim', () => {
  it('given a review task, when completed with 通过 and an opinion, then both are task-local output and in the audit entry', async () => {
    const { t, instanceId, review } = await started();
    await t.engine.completeTask(review.id, undefined, { actor: 'li', outcome: 'approve', opinion: '同意，材料齐全' });
    const history = await t.store.listHistory(instanceId);
    expect(history.filter((h) => h.type === 'variable.set' && h.elementInstanceId === review.id).map((h) => [h.data['name'], h.data['value']])).toEqual([
      ['outcome', 'approve'],
      ['opinion', '同意，材料齐全'],
    ]);
    expect((await t.engine.inspect(instanceId)).variables).not.toHaveProperty('opinion');
    const entry = (await operations(t, instanceId)).find((o) => o.data['elementId'] === 'review');
    expect(entry).toMatchObject({ operation: 'complete', actor: 'li', data: { outcome: 'approve', opinion: '同意，材料齐全' } });
    expect(history.find((h) => h.type === 'task.operation' && h.elementId === 'review')?.at).toBe('2025-01-01T00:00:00.000Z');
  });

  it('given an unknown outcome, when completing, then the input is refused', async () => {
    const { t, review } = await started();
    // @ts-expect-error: the API only takes approve | reject; a caller without types still gets a 400
    await expect(t.engine.completeTask(review.id, undefined, { actor: 'li', outcome: 'maybe' })).rejects.toThrow(InvalidInputError);
  });

  it('given a task held by someone, when another user claims it, then 409; after unclaim the claim succeeds and both are audited', async () => {
    const { t, instanceId, review } = await started();
    await expect(t.engine.claimTask(review.id, 'other')).rejects.toThrow(StaleStateError);
    await t.engine.unclaimTask(review.id, 'li');
    expect((await taskAt(t, instanceId, 'review')).assignee).toBeUndefined();
    await t.engine.claimTask(review.id, 'other');
    expect((await taskAt(t, instanceId, 'review')).assignee).toBe('other');
    expect((await operations(t, instanceId)).map((o) => [o.operation, o.actor])).toEqual([
      ['complete', 'zhang'],
      ['unclaim', 'li'],
      ['claim', 'other'],
    ]);
  });
});

describe('转办 transfer', () => {
  it('given li holds the review, when transferred to zhao with a reason, then zhao holds it, zhao is notified and the audit says why', async () => {
    const { t, instanceId, review } = await started();
    await t.engine.transferTask(review.id, 'zhao', 'li', '出差');
    expect((await taskAt(t, instanceId, 'review')).assignee).toBe('zhao');
    expect((await operations(t, instanceId)).at(-1)).toMatchObject({ operation: 'transfer', actor: 'li', data: { users: ['zhao'], reason: '出差' } });
    const outbox = outboxEffects(t, instanceId);
    expect(outbox).toContainEqual(expect.objectContaining({ type: 'notification.requested', kind: 'transfer', userIds: ['zhao'], by: 'li' }));
  });
});

describe('委派 delegate / resolve', () => {
  it('given li delegates to zhao, when zhao tries to complete, then 409; after resolve li owns it again and completes', async () => {
    const { t, instanceId, review } = await started();
    await t.engine.delegateTask(review.id, 'zhao', 'li');
    expect(await taskAt(t, instanceId, 'review')).toMatchObject({ assignee: 'zhao', owner: 'li', delegation: 'pending' });
    await expect(t.engine.completeTask(review.id, undefined, { actor: 'zhao' })).rejects.toThrow(StaleStateError);
    await t.engine.resolveTask(review.id, 'zhao', '已核实');
    expect(await taskAt(t, instanceId, 'review')).toMatchObject({ assignee: 'li', owner: 'li', delegation: 'resolved' });
    await t.engine.completeTask(review.id, undefined, { actor: 'li', outcome: 'approve' });
    expect((await taskAt(t, instanceId, 'approve')).assignee).toBe('wang');
    expect((await operations(t, instanceId)).map((o) => o.operation)).toEqual(['complete', 'delegate', 'resolve', 'complete']);
  });

  it('given no pending delegation, when resolving, then 409', async () => {
    const { t, review } = await started();
    await expect(t.engine.resolveTask(review.id, 'li')).rejects.toThrow(StaleStateError);
  });
});

describe('催办 urge and 抄送 cc', () => {
  it('given a review task, when urged twice within the interval, then the second is rate limited; after the interval it works again', async () => {
    const { t, instanceId, review } = await started();
    await t.engine.urgeTask(review.id, 'zhang', { message: '请尽快审核' });
    const second = t.engine.urgeTask(review.id, 'zhang');
    await expect(second).rejects.toThrow(RateLimitedError);
    await expect(second).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'URGED_RECENTLY', retryAfterSeconds: 1800 } });
    await t.advance('PT30M');
    await t.engine.urgeTask(review.id, 'zhang');
    expect((await operations(t, instanceId)).filter((o) => o.operation === 'urge')).toHaveLength(2);
    const notices = (outboxEffects(t, instanceId)).filter((e) => e['kind'] === 'urge');
    expect(notices).toEqual([expect.objectContaining({ userIds: ['li'], message: '请尽快审核' }), expect.objectContaining({ userIds: ['li'] })]);
  });

  it('given a configured interval, when urged again after it, then it is accepted', async () => {
    const t = createTestEngine({ deps: { urgeIntervalMinutes: 5 } });
    await t.engine.deploy(linearApproval());
    const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' } });
    const draft = await taskAt(t, instanceId, 'draft');
    await t.engine.urgeTask(draft.id, 'boss');
    await t.advance('PT4M');
    await expect(t.engine.urgeTask(draft.id, 'boss')).rejects.toThrow(RateLimitedError);
    await t.advance('PT1M');
    await t.engine.urgeTask(draft.id, 'boss');
  });

  it('given an instance, when cc-ed to users and units, then one audit entry and one notification, and nothing else changes', async () => {
    const { t, instanceId } = await started();
    const before = await t.engine.inspect(instanceId);
    await t.engine.cc(instanceId, 'zhang', { userIds: ['auditor'], unitIds: ['unit-sfj'] }, '请知悉');
    const after = await t.engine.inspect(instanceId);
    expect(after.waiting).toEqual(before.waiting);
    expect((await operations(t, instanceId)).at(-1)).toMatchObject({ operation: 'cc', actor: 'zhang', data: { users: ['auditor'], units: ['unit-sfj'], reason: '请知悉' } });
    expect((outboxEffects(t, instanceId)).filter((e) => e['kind'] === 'cc')).toEqual([
      expect.objectContaining({ userIds: ['auditor'], unitIds: ['unit-sfj'], by: 'zhang' }),
    ]);
    await expect(t.engine.cc(instanceId, 'zhang', {})).rejects.toThrow(InvalidInputError);
  });
});
