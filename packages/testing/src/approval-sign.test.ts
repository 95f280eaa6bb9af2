import { describe, expect, it } from 'vitest';
import { DeployError, InvalidInputError, NotFoundError, StaleStateError } from '@zhifa/engine';
import { activeElements, linearApproval, openTasks, operations, signModeProcess, taskAt } from './approval.fixture.js';
import { createTestEngine } from './test-engine.js';

async function signing(mode: string, ratio = '') {
  const t = createTestEngine();
  await t.engine.deploy(signModeProcess(mode, ratio));
  const { instanceId } = await t.engine.startProcess('sign', { variables: { signers: ['li', 'wang', 'zhao'] } });
  return { t, instanceId };
}

async function signerTask(t: Awaited<ReturnType<typeof signing>>['t'], instanceId: string, user: string) {
  const task = (await openTasks(t, instanceId)).find((x) => x.elementId === 'countersign' && x.assignee === user);
  if (!task) throw new Error(`no countersign task for ${user}`);
  return task;
}

describe('会签 / 或签 / 依次 compiled from zhifa:signMode', () => {
  it('given 会签 all with three signers, when two signed, then it waits; when the third signs, then the flow continues', async () => {
    const { t, instanceId } = await signing('all');
    expect((await openTasks(t, instanceId)).map((x) => x.assignee).sort()).toEqual(['li', 'wang', 'zhao']);
    await t.engine.completeTask((await signerTask(t, instanceId, 'li')).id, undefined, { actor: 'li', outcome: 'approve' });
    await t.engine.completeTask((await signerTask(t, instanceId, 'wang')).id, undefined, { actor: 'wang', outcome: 'approve' });
    expect(await activeElements(t, instanceId)).toEqual(['countersign']);
    await t.engine.completeTask((await signerTask(t, instanceId, 'zhao')).id, undefined, { actor: 'zhao', outcome: 'reject' });
    expect(await activeElements(t, instanceId)).toEqual(['after']);
  });

  it('given 会签 ratio 0.6 with three signers, when two of three signed, then the rest is cancelled and the flow continues', async () => {
    const { t, instanceId } = await signing('ratio', '0.6');
    await t.engine.completeTask((await signerTask(t, instanceId, 'li')).id, undefined, { actor: 'li' });
    expect(await activeElements(t, instanceId)).toEqual(['countersign', 'countersign']);
    await t.engine.completeTask((await signerTask(t, instanceId, 'zhao')).id, undefined, { actor: 'zhao' });
    expect(await activeElements(t, instanceId)).toEqual(['after']);
  });

  it('given 或签 any, when one signer signs, then the others are cancelled', async () => {
    const { t, instanceId } = await signing('any');
    await t.engine.completeTask((await signerTask(t, instanceId, 'wang')).id, undefined, { actor: 'wang' });
    expect(await activeElements(t, instanceId)).toEqual(['after']);
  });

  it('given 依次 sequential, when signers sign, then each gets the task only after the previous one, in list order', async () => {
    const { t, instanceId } = await signing('sequential');
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const [task] = await openTasks(t, instanceId);
      order.push(task?.assignee);
      expect(await activeElements(t, instanceId)).toEqual(['countersign']);
      await t.engine.completeTask(task?.id ?? '', undefined, { actor: task?.assignee });
    }
    expect(order).toEqual(['li', 'wang', 'zhao']);
    expect(await activeElements(t, instanceId)).toEqual(['after']);
  });

  it('given a ratio without a valid ratio or an unknown mode, when deployed, then the model is rejected naming the task', async () => {
    const t = createTestEngine();
    await expect(t.engine.deploy(signModeProcess('ratio', '1.5'))).rejects.toThrow(DeployError);
    await expect(t.engine.deploy(signModeProcess('majority'))).rejects.toMatchObject({ details: { problems: [expect.objectContaining({ elementId: 'countersign' })] } });
  });
});

async function atReview() {
  const t = createTestEngine();
  await t.engine.deploy(linearApproval());
  const { instanceId } = await t.engine.startProcess('linear', { variables: { initiator: 'zhang' } });
  await t.engine.completeTask((await taskAt(t, instanceId, 'draft')).id, undefined, { actor: 'zhang' });
  return { t, instanceId, review: await taskAt(t, instanceId, 'review') };
}

describe('加签 / 减签 on a running task', () => {
  it('given li holds the review, when signers are added before, then they sign in order and the task returns to li', async () => {
    const { t, instanceId, review } = await atReview();
    await t.engine.addSign(review.id, ['a', 'b'], 'before', 'li', '请先会核');
    const holders: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const task = await taskAt(t, instanceId, 'review');
      holders.push(task.assignee);
      await t.engine.completeTask(task.id, undefined, { actor: task.assignee, opinion: `意见${i}` });
    }
    expect(holders).toEqual(['a', 'b', 'li']);
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
    expect((await operations(t, instanceId)).map((o) => o.operation)).toEqual(['complete', 'add-sign', 'sign', 'sign', 'complete']);
  });

  it('given li holds the review, when a signer is added after, then li signs first and the added signer last', async () => {
    const { t, instanceId, review } = await atReview();
    await t.engine.addSign(review.id, ['c'], 'after', 'li');
    await t.engine.completeTask(review.id, undefined, { actor: 'li' });
    expect((await taskAt(t, instanceId, 'review')).assignee).toBe('c');
    await t.engine.completeTask(review.id, undefined, { actor: 'c' });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });

  it('given signers added in parallel, when li signs first, then the step waits for the co-signers; removing one lets it finish', async () => {
    const { t, instanceId, review } = await atReview();
    await t.engine.addSign(review.id, ['p', 'q'], 'parallel', 'li');
    expect((await openTasks(t, instanceId)).map((x) => x.assignee).sort()).toEqual(['li', 'p', 'q']);
    await t.engine.completeTask(review.id, undefined, { actor: 'li' });
    expect((await openTasks(t, instanceId)).map((x) => x.assignee).sort()).toEqual(['p', 'q']);
    const p = (await openTasks(t, instanceId)).find((x) => x.assignee === 'p');
    expect(p?.coSignOf).toBe(review.id);
    await t.engine.completeTask(p?.id ?? '', undefined, { actor: 'p', opinion: '同意' });
    expect(await activeElements(t, instanceId)).toEqual(['review']);
    await t.engine.removeSign(review.id, 'q', 'li', '不再需要', { instanceId });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });

  it('given a queued added signer, when removed, then the task completes without them; a model signer cannot be removed', async () => {
    const { t, instanceId, review } = await atReview();
    await t.engine.addSign(review.id, ['c'], 'after', 'li');
    await expect(t.engine.removeSign(review.id, 'li', 'li')).rejects.toThrow(InvalidInputError);
    await t.engine.removeSign(review.id, 'c', 'li');
    await t.engine.completeTask(review.id, undefined, { actor: 'li' });
    expect(await activeElements(t, instanceId)).toEqual(['approve']);
  });

  it('given a completed task, when adding or removing a signer, then StaleStateError (409) from the instance, NotFound by id alone', async () => {
    const { t, instanceId, review } = await atReview();
    await t.engine.completeTask(review.id, undefined, { actor: 'li' });
    await expect(t.engine.addSign(review.id, ['x'], 'after', 'li')).rejects.toThrow(NotFoundError);
    await expect(t.engine.removeSign(review.id, 'x', 'li', undefined, { instanceId })).rejects.toThrow(StaleStateError);
  });

  it('given a signer already on the task, when added again, then the input is refused', async () => {
    const { t, review } = await atReview();
    await expect(t.engine.addSign(review.id, ['li'], 'parallel', 'li')).rejects.toThrow(InvalidInputError);
    await expect(t.engine.addSign(review.id, [], 'parallel', 'li')).rejects.toThrow(InvalidInputError);
  });
});
