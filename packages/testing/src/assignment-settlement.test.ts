import { describe, expect, it } from 'vitest';
import { definitions, activeElements, operations, taskAt } from './approval.fixture.js';
import { InMemoryAssignmentResolver } from './in-memory-assignment-resolver.js';
import { createTestEngine } from './test-engine.js';

const org = new InMemoryAssignmentResolver([
  { id: 'city' },
  { id: 'sfj', parentId: 'city', tags: ['justice-bureau'] },
  { id: 'sfj-fzk', parentId: 'sfj', tags: ['legal-affairs'], members: { wang: 'member', wu: 'leader' } },
  { id: 'scjgj', parentId: 'city', members: { zheng: 'leader', admin1: 'admin' } },
  { id: 'scjgj-jck', parentId: 'scjgj', members: { zhang: 'member' } },
  { id: 'scjgj-fzk', parentId: 'scjgj', tags: ['legal-affairs'], members: { li: 'member', feng: 'leader' } },
  { id: 'sthjj', parentId: 'city', members: { chu: 'leader' } },
]);

const reviewProcess = (assignment: string, approval = '', assignee = '') =>
  definitions(`<process id="p" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
  <userTask id="t" ${assignee}><extensionElements>${assignment}${approval}</extensionElements></userTask>
  <sequenceFlow id="f2" sourceRef="t" targetRef="next"/><userTask id="next" camunda:assignee="boss"/>
  <sequenceFlow id="f3" sourceRef="next" targetRef="e"/><endEvent id="e"/></process>`);

async function run(xml: string, variables: Record<string, string>, initiator?: string) {
  const t = createTestEngine({ deps: { assignments: org } });
  await t.engine.deploy(xml);
  const { instanceId } = await t.engine.startProcess('p', { variables, ...(initiator !== undefined && { initiator }) });
  return { t, instanceId };
}

describe('org assignment resolved inside the unit of work', () => {
  it('given a section by tag in the case unit, when the task is created, then its candidate group is that section', async () => {
    const { t, instanceId } = await run(reviewProcess('<zhifa:assignment unit="= caseUnit" section="legal-affairs"/>'), { caseUnit: 'scjgj-jck' });
    expect(await taskAt(t, instanceId, 't')).toMatchObject({ candidateGroups: ['scjgj-fzk'], candidateUsers: [] });
  });

  it('given a unit without its own legal section, when resolved, then the nearest one up the tree is used', async () => {
    const { t, instanceId } = await run(reviewProcess('<zhifa:assignment unit="= caseUnit" section="legal-affairs" role="leader"/>'), { caseUnit: 'sthjj' });
    expect(await taskAt(t, instanceId, 't')).toMatchObject({ candidateUsers: ['wu'], candidateGroups: [] });
  });

  it('given relation upper and a role, when resolved, then the leaders of the unit one level up are candidates', async () => {
    const { t, instanceId } = await run(reviewProcess('<zhifa:assignment unit="= caseUnit" relation="upper" role="leader"/>'), { caseUnit: 'scjgj-jck' });
    expect(await taskAt(t, instanceId, 't')).toMatchObject({ candidateUsers: ['zheng'] });
    // Resolution is the engine's own doing, not a person's: no audit entry, and 撤回 would not count it as a touch.
    expect(await operations(t, instanceId)).toEqual([]);
  });
});

describe('zhifa:approval rules', () => {
  it('given nobody resolvable and onEmptyAssignee auto-pass, when the task is created, then it completes by itself with an audit entry', async () => {
    const { t, instanceId } = await run(
      reviewProcess('<zhifa:assignment unit="= caseUnit" role="member"/>', '<zhifa:approval onEmptyAssignee="auto-pass"/>'),
      { caseUnit: 'sthjj' },
    );
    expect(await activeElements(t, instanceId)).toEqual(['next']);
    expect(await operations(t, instanceId)).toEqual([expect.objectContaining({ operation: 'auto-pass', data: expect.objectContaining({ reason: 'empty-assignee', elementId: 't' }) })]);
  });

  it('given nobody resolvable and onEmptyAssignee unit-admin, when the task is created, then the unit administrators are candidates', async () => {
    const { t, instanceId } = await run(
      reviewProcess('<zhifa:assignment unit="= caseUnit" role="member"/>', '<zhifa:approval onEmptyAssignee="unit-admin"/>'),
      { caseUnit: 'scjgj' },
    );
    expect(await taskAt(t, instanceId, 't')).toMatchObject({ candidateUsers: ['admin1'] });
  });

  it('given onInitiator auto-pass, when the approver is the initiator, then the task passes; for anyone else it waits', async () => {
    const xml = reviewProcess('', '<zhifa:approval onInitiator="auto-pass"/>', 'camunda:assignee="${approver}"');
    const self = await run(xml, { approver: 'zhang' }, 'zhang');
    expect(await activeElements(self.t, self.instanceId)).toEqual(['next']);
    expect((await operations(self.t, self.instanceId))[0]).toMatchObject({ operation: 'auto-pass', actor: 'zhang', data: { reason: 'initiator' } });
    const other = await run(xml, { approver: 'li' }, 'zhang');
    expect(await activeElements(other.t, other.instanceId)).toEqual(['t']);
  });

  it('given an unknown rule value, when deployed, then the model is rejected', async () => {
    const t = createTestEngine();
    await expect(t.engine.deploy(reviewProcess('', '<zhifa:approval onEmptyAssignee="skip"/>'))).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});
