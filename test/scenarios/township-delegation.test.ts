/** 乡镇街道赋权 (seed task 8): bottom-up proposal, and the evaluation campaign (接得住 / 接不住). */
import { describe, expect, it } from 'vitest';
import { completeAt, completeJobs, completedElements, engineWith, onlyTaskAt, statusOf, tasksAt, variablesOf } from './process-files.js';

describe('township delegation proposal (乡镇街道赋权事项提出)', () => {
  it('runs from the township’s proposal through department, legality review and the city meeting to publication', async () => {
    // given a township proposing items under the market bureau
    const t = await engineWith(['township-delegation-proposal.bpmn'], '2024-03-01T01:00:00.000Z');
    const { instanceId: id } = await t.engine.startProcess('township-delegation-proposal', { variables: { townshipId: 'unit-zhen-qingshan', departmentId: 'unit-scjgj' } });
    expect((await onlyTaskAt(t, id, 'proposeItems')).candidateGroups).toEqual(['unit-zhen-qingshan']);
    await completeAt(t, id, 'proposeItems', { proposedItems: [{ itemName: '对占道经营的处罚', legalBasis: '《城市市容和环境卫生管理条例》' }], proposalReason: '基层发现问题多' });

    // when the department agrees and the justice bureau returns it once
    expect((await onlyTaskAt(t, id, 'departmentOpinion')).candidateGroups).toEqual(['unit-scjgj']);
    await completeAt(t, id, 'departmentOpinion', { departmentAgrees: true, departmentOpinion: '同意' });
    expect((await onlyTaskAt(t, id, 'legalityReview')).candidateGroups).toEqual(['unit-sfj-fzk']);
    await completeAt(t, id, 'legalityReview', { legalityResult: 'return', legalityOpinion: '请补充承接条件' });

    // then the township revises, and the second round passes the legality review and the city meeting
    expect((await onlyTaskAt(t, id, 'proposeItems')).candidateGroups).toEqual(['unit-zhen-qingshan']);
    await completeAt(t, id, 'proposeItems', { proposalReason: '已补充' });
    await completeAt(t, id, 'departmentOpinion', { departmentAgrees: true, departmentOpinion: '同意' });
    await completeAt(t, id, 'legalityReview', { legalityResult: 'legal', legalityOpinion: '合法' });
    expect((await onlyTaskAt(t, id, 'cityMeeting')).candidateGroups).toEqual(['unit-city']);
    await completeAt(t, id, 'cityMeeting', { meetingNo: '第12次', meetingApproved: true });
    await completeJobs(t, id, 'publish-delegation');
    expect(await statusOf(t, id)).toBe('completed');
    expect(await completedElements(t, id)).toContain('delegated');
  });

  it('ends without delegation when the legality review finds it unlawful', async () => {
    // given a proposal the department supports
    const t = await engineWith(['township-delegation-proposal.bpmn'], '2024-03-01T01:00:00.000Z');
    const { instanceId: id } = await t.engine.startProcess('township-delegation-proposal', { variables: { townshipId: 'unit-jd-chengguan', departmentId: 'unit-sthjj' } });
    await completeAt(t, id, 'proposeItems', { proposalReason: '…' });
    await completeAt(t, id, 'departmentOpinion', { departmentAgrees: true, departmentOpinion: '同意' });

    // when the justice bureau finds it unlawful
    await completeAt(t, id, 'legalityReview', { legalityResult: 'illegal', legalityOpinion: '超出指导目录' });

    // then the proposal ends as rejected
    expect(await statusOf(t, id)).toBe('completed');
    expect(await completedElements(t, id)).toContain('proposalRejected');
  });
});

describe('township delegation evaluation (乡镇街道赋权事项评估)', () => {
  it('fans out to every township and reports items that cannot be carried to the city government', async () => {
    // given an evaluation campaign over the two demo townships with the seed's end-of-2024 deadline
    const t = await engineWith(['township-delegation-evaluation.bpmn'], '2024-10-08T01:00:00.000Z');
    const { instanceId: id } = await t.engine.startProcess('township-delegation-evaluation', { startEventId: 'campaignStarted' });
    const selfs = await tasksAt(t, id, 'selfEvaluation');
    expect(selfs.map((x) => x.candidateGroups)).toEqual([['unit-jd-chengguan'], ['unit-zhen-qingshan']]);
    expect(selfs.every((x) => x.dueAt === '2024-12-31T15:59:59.000Z')).toBe(true);

    // when one township can carry everything and the other cannot carry one item
    await t.engine.completeTask(selfs[0]!.id, { evaluatedItems: [{ itemName: '占道经营处罚', used: true, canCarry: 'yes' }] });
    await t.engine.completeTask(selfs[1]!.id, { evaluatedItems: [{ itemName: '占道经营处罚', used: true, canCarry: 'yes' }, { itemName: '建筑施工噪声处罚', used: false, canCarry: 'no', problems: '缺乏检测设备' }] });
    for (const opinion of await tasksAt(t, id, 'evaluationDepartmentOpinion')) {
      expect(opinion.candidateGroups).toEqual(['unit-scjgj', 'unit-sthjj']);
      await t.engine.completeTask(opinion.id, { departmentView: '同意评估结论' });
    }
    await completeAt(t, id, 'summarizeEvaluation', { evaluationSummary: '1项接不住' });

    // then the one item is reported to the city government for adjustment
    expect((await variablesOf(t, id))['uncarriedItems']).toEqual([{ itemName: '建筑施工噪声处罚', used: false, canCarry: 'no', problems: '缺乏检测设备' }]);
    expect((await onlyTaskAt(t, id, 'reportAdjustment')).candidateGroups).toEqual(['unit-city']);
    await completeAt(t, id, 'reportAdjustment', { adjustmentDecision: 'withdraw', adjustmentPlan: '收回' });
    expect(await statusOf(t, id)).toBe('completed');
  });

  it('starts itself every 1 October and escalates a township that has not evaluated by the deadline', async () => {
    // given the process deployed before its yearly start
    const t = await engineWith(['township-delegation-evaluation.bpmn'], '2024-09-30T00:00:00.000Z');

    // when 1 October arrives, then a campaign starts on its own with the default townships
    await t.setTime('2024-10-01T02:00:00.000Z');
    const [instance] = await t.store.listInstances({ processId: 'township-delegation-evaluation' });
    expect(instance).toBeDefined();
    const id = instance!.id;
    expect((await variablesOf(t, id))['townships']).toEqual(['unit-jd-chengguan', 'unit-zhen-qingshan']);

    // when the end-of-2024 deadline passes with one township done
    const [first] = await tasksAt(t, id, 'selfEvaluation');
    await t.engine.completeTask(first!.id, { evaluatedItems: [{ itemName: '占道经营处罚', used: true, canCarry: 'yes' }] });
    await t.setTime('2025-01-01T00:00:00.000Z');

    // then the late township is escalated to its leader
    const jobs = (await t.store.listJobs({ instanceId: id })).filter((j) => j.type === 'notify');
    expect(jobs.map((j) => [j.variables['notifyKind'], j.variables['notifyUnit'], j.variables['notifyRole']])).toEqual([['escalation', 'unit-zhen-qingshan', 'leader']]);
  });
});
