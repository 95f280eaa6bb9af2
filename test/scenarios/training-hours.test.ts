/** 培训学时 (seed task 2): yearly check against 60 学时 (45 minutes = 1), monthly reminders in Q4, unit reports. */
import { describe, expect, it } from 'vitest';
import type { TestEngine } from '@zhifa/testing';
import { completeJobs, engineWith, openJobs, statusOf, tasksAt, variablesOf } from './process-files.js';

const OFFICERS = [
  { userId: 'zhang', unitId: 'unit-scjgj', hours: 64 },
  { userId: 'li', unitId: 'unit-scjgj', hours: 52 },
  { userId: 'wang', unitId: 'unit-sthjj', hours: 30 },
];

async function startedOnFirstOctober(): Promise<{ t: TestEngine; id: string }> {
  const t = await engineWith(['training-hours.bpmn'], '2024-09-30T00:00:00.000Z');
  await t.setTime('2024-10-01T01:00:00.000Z');
  const [instance] = await t.store.listInstances({ processId: 'training-hours' });
  if (!instance) throw new Error('the yearly check did not start');
  await completeJobs(t, instance.id, 'training-hours-tally', { officers: OFFICERS });
  return { t, id: instance.id };
}

describe('training hours (培训学时)', () => {
  it('starts on 1 October, asks whoever is short to make up hours, and counts 45 minutes as 1 学时', async () => {
    // given the yearly check started by its timer, with two officers below 60 学时
    const { t, id } = await startedOnFirstOctober();
    expect((await variablesOf(t, id))['shortOfficers']).toEqual([OFFICERS[1], OFFICERS[2]]);
    const makeUps = await tasksAt(t, id, 'makeUpHours');
    expect(makeUps.map((x) => x.assignee)).toEqual(['li', 'wang']);

    // when they record 360 and 1350 minutes of training
    await t.engine.completeTask(makeUps[0]!.id, { trainingRecords: [{ courseName: '行政处罚法', minutes: 360 }] });
    await t.engine.completeTask(makeUps[1]!.id, { trainingRecords: [{ courseName: '执法技能', minutes: 900 }, { courseName: '公共法律', minutes: 450 }] });

    // then their hours are 52 + 8 and 30 + 30, and each unit confirms its report
    expect((await variablesOf(t, id))['makeUps']).toEqual([
      { userId: 'li', unitId: 'unit-scjgj', hours: 60 },
      { userId: 'wang', unitId: 'unit-sthjj', hours: 60 },
    ]);
    expect((await variablesOf(t, id))['unmetOfficers']).toEqual([]);
    const reports = await tasksAt(t, id, 'unitReports');
    expect(reports.map((x) => x.candidateGroups)).toEqual([['unit-scjgj'], ['unit-sthjj']]);
    for (const report of reports) await t.engine.completeTask(report.id, { reportConfirmed: true });
    expect(await statusOf(t, id)).toBe('completed');
  });

  it('reminds each officer still short monthly in the last quarter and records who is short at year end', async () => {
    // given the yearly check, where li makes up hours in October and wang does not
    const { t, id } = await startedOnFirstOctober();
    const li = (await tasksAt(t, id, 'makeUpHours')).find((x) => x.assignee === 'li');
    await t.engine.completeTask(li!.id, { trainingRecords: [{ courseName: '行政处罚法', minutes: 360 }] });

    // when a month passes, then only wang is reminded; again on 1 December
    await t.setTime('2024-11-01T02:00:00.000Z');
    expect((await openJobs(t, id, 'notify')).map((j) => j['notifyUsers'])).toEqual([['wang']]);
    await completeJobs(t, id, 'notify');
    await t.setTime('2024-12-01T02:00:00.000Z');
    expect((await openJobs(t, id, 'notify')).map((j) => j['notifyUsers'])).toEqual([['wang']]);
    await completeJobs(t, id, 'notify');

    // when the year ends, then the open make-up task closes and only wang is recorded as short
    await t.setTime('2025-01-01T02:00:00.000Z');
    expect(await tasksAt(t, id, 'makeUpHours')).toEqual([]);
    expect(await variablesOf(t, id)).toMatchObject({ madeUpOfficers: ['li'], unmetOfficers: ['wang'] });
    expect(await tasksAt(t, id, 'unitReports')).toHaveLength(2);
  });
});
