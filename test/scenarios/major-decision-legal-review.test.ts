/** 重大执法决定法制审核 (seed tasks 6 and 9): review by the unit's or the upper level's 法制机构, vote, publish. */
import { describe, expect, it } from 'vitest';
import type { TestEngine } from '@zhifa/testing';
import { completeAt, completeJobs, completedElements, engineWith, onlyTaskAt, openJobs, statusOf, tasksAt, variablesOf } from './process-files.js';

/** Facts of a food-label case as the handler enters them; the shipped benchmark puts it at 从重处罚. */
const FACTS = { labelDefectOnly: false, firstOffence: true, harmLevel: '严重', correctedInTime: false, mitigating: false, aggravating: true, goodsValue: 20000 };
const SUBMITTED_AT = '2025-09-30T01:00:00.000Z';

async function startCase(unitId: string, hasLegalReviewer: boolean): Promise<{ t: TestEngine; id: string }> {
  const t = await engineWith(['major-decision-legal-review.bpmn'], SUBMITTED_AT);
  const { instanceId } = await t.engine.startProcess('major-decision-legal-review', {
    variables: { caseUnitId: unitId, handler: 'wang.handler', leaders: ['leader-1', 'leader-2', 'leader-3'] },
  });
  const submit = await onlyTaskAt(t, instanceId, 'submitDraft');
  expect([submit.assignee, submit.formKey]).toEqual(['wang.handler', 'legal-review-submit']);
  await t.engine.completeTask(submit.id, { caseTitle: '某公司销售标签不合格食品案', caseNumber: '市监罚〔2025〕8号', majorChecklist: ['large-amount'], hasLegalReviewer, ...FACTS });
  return { t, id: instanceId };
}

async function vote(t: TestEngine, id: string, votes: readonly string[]): Promise<void> {
  const tasks = await tasksAt(t, id, 'collectiveDiscussion');
  expect(tasks.map((x) => x.assignee)).toEqual(['leader-1', 'leader-2', 'leader-3']);
  expect(tasks.map((x) => x.signMode)).toEqual([1, 2, 3].map(() => ({ mode: 'all', ratio: 0.5 })));
  for (const [i, task] of tasks.entries()) await t.engine.completeTask(task.id, { vote: votes[i]! });
}

describe('major decision legal review (重大执法决定法制审核)', () => {
  it('is reviewed by the unit’s own 法制科, returned once for correction, agreed by majority, published with a case code', async () => {
    // given a major case of the market bureau, which has its own legal reviewer
    const { t, id } = await startCase('unit-scjgj', true);
    expect((await variablesOf(t, id))['benchmark']).toMatchObject({ level: '从重处罚', fineMin: 170000, fineMax: 200000 });
    const review = await onlyTaskAt(t, id, 'ownLegalReview');
    expect(review.candidateGroups).toEqual(['unit-scjgj-fzk']);
    expect((await variablesOf(t, id))['reviewDays']).toBe(5);
    // 5 working days after 30 September 2025 skip National Day and count the 调休 Saturday 11 October
    expect(review.dueAt).toBe('2025-10-14T01:00:00.000Z');
    expect(review.orgAssignment).toEqual({ unit: 'unit-scjgj', relation: 'self', section: 'legal-affairs', role: 'member' });
    expect(review.deadline).toEqual({
      calendar: 'working',
      reminders: [{ before: 'P1D' }, { every: 'P1D' }],
      escalations: [{ after: 'P1D', to: 'unit-leader' }, { after: 'P3D', to: 'upper-unit-leader' }],
    });

    // when the reviewer returns it for correction
    await t.engine.completeTask(review.id, { reviewOutcome: 'return', reviewOpinion: '证据不足，请补充监测报告', reviewItems: ['subject', 'authority'] });

    // then the handler gets the draft back and resubmits it
    expect((await onlyTaskAt(t, id, 'submitDraft')).assignee).toBe('wang.handler');
    await completeAt(t, id, 'submitDraft', { hasLegalReviewer: true, majorChecklist: ['large-amount'] });
    await completeAt(t, id, 'ownLegalReview', { reviewOutcome: 'approve', reviewOpinion: '同意' });

    // when two of three leaders agree
    await vote(t, id, ['agree', 'disagree', 'agree']);
    expect(await variablesOf(t, id)).toMatchObject({ votes: ['agree', 'disagree', 'agree'], decisionAgreed: true });

    // then the decision is issued, published and given its case code
    await completeAt(t, id, 'issueDecision', { decisionNumber: '市监罚〔2025〕8号', decisionDate: '2025-10-09' });
    expect(await openJobs(t, id, 'publish-decision')).toHaveLength(1);
    await completeJobs(t, id, 'publish-decision');
    await completeJobs(t, id, 'issue-case-code', { caseCode: 'ZF-2025-0008' });
    expect(await statusOf(t, id)).toBe('completed');
    expect(await completedElements(t, id)).toEqual(expect.arrayContaining(['ownLegalReview', 'countVotes', 'publishDecision', 'issueCaseCode', 'decisionPublished']));
  });

  it('goes to the upper-level 法制机构 when the unit has no reviewer, extends once by 3 working days, and stops when the majority disagrees', async () => {
    // given a major case of the ecology bureau, which has no legal-affairs section
    const { t, id } = await startCase('unit-sthjj', false);
    const review = await onlyTaskAt(t, id, 'upperLegalReview');
    expect(review.candidateGroups).toEqual(['unit-sfj-fzk']);
    expect(review.orgAssignment).toEqual({ unit: 'unit-sthjj', relation: 'upper', section: 'legal-affairs', role: 'member' });

    // when the reviewer asks for more time on 13 October and it is approved
    await t.setTime('2025-10-13T01:00:00.000Z');
    await t.engine.completeTask(review.id, { reviewOutcome: 'extend', reviewOpinion: '案情复杂' });
    await completeAt(t, id, 'approveExtension', { extensionApproved: true });

    // then the review reopens with 3 more working days
    expect((await variablesOf(t, id))['extensionGranted']).toBe(true);
    const extended = await onlyTaskAt(t, id, 'upperLegalReview');
    expect(extended.dueAt).toBe('2025-10-16T01:00:00.000Z');

    // when a second extension is asked for and "approved", then it is refused: the limit only extends once
    await t.engine.completeTask(extended.id, { reviewOutcome: 'extend', reviewOpinion: '仍需时间' });
    await completeAt(t, id, 'approveExtension', { extensionApproved: true });
    expect((await onlyTaskAt(t, id, 'upperLegalReview')).dueAt).toBe('2025-10-16T01:00:00.000Z');

    // and after review the leadership votes it down
    await completeAt(t, id, 'upperLegalReview', { reviewOutcome: 'reject', reviewOpinion: '不同意' });
    await vote(t, id, ['disagree', 'disagree', 'agree']);
    expect((await variablesOf(t, id))['decisionAgreed']).toBe(false);
    expect(await statusOf(t, id)).toBe('completed');
    expect(await completedElements(t, id)).toContain('decisionWithheld');
  });

  it('skips review for a decision that is not major', async () => {
    // given a case whose checklist marks nothing as major
    const t = await engineWith(['major-decision-legal-review.bpmn'], SUBMITTED_AT);
    const { instanceId: id } = await t.engine.startProcess('major-decision-legal-review', { variables: { caseUnitId: 'unit-scjgj', handler: 'wang.handler', leaders: ['leader-1'] } });

    // when the handler submits it
    await completeAt(t, id, 'submitDraft', { majorChecklist: [], hasLegalReviewer: true });

    // then the decision is made directly, without legal review or vote
    expect((await onlyTaskAt(t, id, 'issueDecision')).assignee).toBe('wang.handler');
    expect(await tasksAt(t, id, 'ownLegalReview')).toEqual([]);
  });

  it('opens a supervision task when the decision is not published within 7 working days', async () => {
    // given an agreed decision waiting for publication
    const { t, id } = await startCase('unit-scjgj', true);
    await completeAt(t, id, 'ownLegalReview', { reviewOutcome: 'approve', reviewOpinion: '同意' });
    await vote(t, id, ['agree', 'agree', 'agree']);
    await completeAt(t, id, 'issueDecision', { decisionNumber: '市监罚〔2025〕9号' });

    // then publication is due 7 working days later (National Day skipped, 11 October worked)
    const [timer] = await t.store.listTimers({ instanceId: id });
    expect([timer?.elementId, timer?.dueAt]).toEqual(['publicationOverdue', '2025-10-16T01:00:00.000Z']);

    // when publication is still pending after the time limit
    await t.setTime('2025-10-16T01:00:00.000Z');

    // then the justice bureau supervises, and the publication job is still open
    expect((await onlyTaskAt(t, id, 'superviseHandling')).candidateGroups).toEqual(['unit-sfj']);
    expect(await openJobs(t, id, 'publish-decision')).toHaveLength(1);
  });
});
