/** 专项整治台账 (seed task 4): compile → 法制科 review (with a return) → filed → status report → summary. */
import { describe, expect, it } from 'vitest';
import type { TestEngine } from '@zhifa/testing';
import { completeAt, completeJobs, engineWith, onlyTaskAt, openJobs, statusOf, tasksAt, variablesOf } from './process-files.js';

const FILE = 'rectification-ledger.bpmn';
const UNITS = ['unit-scjgj', 'unit-sthjj'];
const LEDGER = { contact: '张三', problems: [{ category: 'profit-driven', description: '罚没收入与奖金挂钩', measures: '取消挂钩', timeLimit: '2024-03-31', responsibleUnit: '办公室' }] };

async function start(t: TestEngine): Promise<string> {
  const { instanceId } = await t.engine.startProcess('rectification-ledger', { variables: { campaignName: '营商环境领域突出问题专项整治', units: UNITS } });
  return instanceId;
}

async function compileFor(t: TestEngine, id: string, unitId: string, ledger: object = LEDGER): Promise<void> {
  const task = (await tasksAt(t, id, 'compileLedger')).find((x) => x.candidateGroups.includes(unitId));
  if (!task) throw new Error(`no ledger task for ${unitId}`);
  await t.engine.completeTask(task.id, { ledger: { ...ledger } });
}

describe('rectification ledger (专项整治台账)', () => {
  it('fans out to every unit, files after a return for correction, and reports to the city', async () => {
    // given a campaign started on 2 January 2024 for two enforcement units, with the seed's default deadlines
    const t = await engineWith([FILE], '2024-01-02T01:00:00.000Z');
    const id = await start(t);
    expect(await variablesOf(t, id)).toMatchObject({ filingDeadline: '2024-01-31T23:59:59+08:00', reportDeadline: '2024-06-30T23:59:59+08:00' });
    const ledgers = await tasksAt(t, id, 'compileLedger');
    expect(ledgers.map((x) => x.candidateGroups).sort()).toEqual([['unit-scjgj'], ['unit-sthjj']]);
    expect(ledgers.every((x) => x.dueAt === '2024-01-31T15:59:59.000Z' && x.formKey === 'rectification-ledger-compile')).toBe(true);
    expect(ledgers.map((x) => x.orgAssignment?.unit).sort()).toEqual(['unit-scjgj', 'unit-sthjj']);

    // when the market bureau submits and 法制科 returns it with reasons
    await compileFor(t, id, 'unit-scjgj', { contact: '张三', problems: [] });
    const review = await onlyTaskAt(t, id, 'reviewLedger');
    expect(review.candidateGroups).toEqual(['unit-sfj-fzk']);
    expect(review.orgAssignment).toEqual({ unit: 'unit-sfj', relation: 'self', section: 'legal-affairs', role: 'member' });
    expect(review.dueAt).toBe('2024-01-09T01:00:00.000Z'); // 5 working days after Tuesday 2 January
    await t.engine.completeTask(review.id, { reviewResult: 'return', reviewOpinion: '未列明整改时限' });

    // then the ledger comes back to the market bureau only
    const back = (await tasksAt(t, id, 'compileLedger')).map((x) => x.candidateGroups[0]).sort();
    expect(back).toEqual(['unit-scjgj', 'unit-sthjj']);

    // when both units submit and both ledgers are accepted
    await compileFor(t, id, 'unit-scjgj');
    await completeAt(t, id, 'reviewLedger', { reviewResult: 'accept', reviewOpinion: '同意备案' });
    await compileFor(t, id, 'unit-sthjj');
    await completeAt(t, id, 'reviewLedger', { reviewResult: 'accept', reviewOpinion: '同意备案' });

    // then each unit reports its rectification status by the June deadline
    const reports = await tasksAt(t, id, 'reportRectification');
    expect(reports.map((x) => x.dueAt)).toEqual(['2024-06-30T15:59:59.000Z', '2024-06-30T15:59:59.000Z']);
    for (const report of reports) await t.engine.completeTask(report.id, { rectificationStatus: 'completed', rectificationSummary: '已整改' });

    // and the justice bureau aggregates, supervises and reports to the city government
    const aggregate = await onlyTaskAt(t, id, 'aggregateRectification');
    expect(aggregate.candidateGroups).toEqual(['unit-sfj-fzk']);
    expect((await variablesOf(t, id))['unitResults']).toEqual([
      { unitId: 'unit-scjgj', filingStatus: 'filed', problemCount: 1, rectificationStatus: 'completed' },
      { unitId: 'unit-sthjj', filingStatus: 'filed', problemCount: 1, rectificationStatus: 'completed' },
    ]);
    await t.engine.completeTask(aggregate.id, { summaryReport: '全市共梳理问题2个' });
    await completeAt(t, id, 'specialSupervision', { supervisionFindings: '无' });
    expect((await onlyTaskAt(t, id, 'reportToCity')).candidateGroups).toEqual(['unit-sfj']);
    await completeAt(t, id, 'reportToCity', { reportTitle: '专项监督情况报告', reportContent: '…', reportDate: '2024-07-05' });
    expect(await statusOf(t, id)).toBe('completed');
  });

  it('reminds every unit a week before the filing deadline and escalates to the leader of a unit that is late', async () => {
    // given a campaign where only the market bureau files before the deadline
    const t = await engineWith([FILE], '2024-01-02T01:00:00.000Z');
    const id = await start(t);
    await compileFor(t, id, 'unit-scjgj');

    // when the clock reaches seven days before the deadline (24 January, Beijing time)
    await t.setTime('2024-01-24T16:00:00.000Z');

    // then the unit still compiling gets a reminder (the market bureau's task is no longer open)
    const reminders = await openJobs(t, id, 'notify');
    expect(reminders.map((j) => [j['notifyKind'], j['notifyUnit'], j['notifyRole']])).toEqual([['reminder', 'unit-sthjj', 'member']]);
    await completeJobs(t, id, 'notify');

    // when the deadline passes
    await t.setTime('2024-02-01T00:00:00.000Z');

    // then the late unit is escalated to its leader, and its ledger task stays open
    const escalations = await openJobs(t, id, 'notify');
    expect(escalations.map((j) => [j['notifyKind'], j['notifyUnit'], j['notifyRole']])).toEqual([['escalation', 'unit-sthjj', 'leader']]);
    expect((await tasksAt(t, id, 'compileLedger')).map((x) => x.candidateGroups)).toEqual([['unit-sthjj']]);
  });
});
