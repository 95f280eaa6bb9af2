/** 实施方案工作台账 (seed section 三): the plan's 16 tasks tracked with quarterly reports, reminders, supervision. */
import { describe, expect, it } from 'vitest';
import { completeAt, completeJobs, engineWith, onlyTaskAt, openJobs, statusOf, tasksAt, variablesOf } from './process-files.js';

const FILE = 'plan-work-ledger.bpmn';
const BEIJING_END_OF_DAY = 'T15:59:59.000Z';

describe('plan work ledger (实施方案工作台账)', () => {
  it('loads the seed’s 16 tasks with their responsible units and deadlines', async () => {
    // given the plan started in November 2023 without its own task list
    const t = await engineWith([FILE], '2023-11-01T01:00:00.000Z');
    const { instanceId: id } = await t.engine.startProcess('plan-work-ledger');

    // then one progress task per plan task is open, due on the seed's deadline, for its units
    const tasks = await tasksAt(t, id, 'reportProgress');
    expect(tasks).toHaveLength(16);
    const dueDays = tasks.map((x) => x.dueAt?.slice(0, 10));
    expect(new Set(dueDays)).toEqual(new Set(['2023-12-31', '2024-01-31', '2024-06-30', '2024-12-31', '2025-12-31']));
    const planTasks = (await variablesOf(t, id))['planTasks'] as { no: number; deadline: string }[];
    expect(planTasks.filter((p) => p.deadline.startsWith('2023-12-31')).map((p) => p.no)).toEqual([5, 11]);
    expect(planTasks.find((p) => p.no === 4)?.deadline).toBe('2024-01-31T23:59:59+08:00');
    expect(tasks.every((x) => x.candidateGroups.length > 0 && x.dueAt?.endsWith(BEIJING_END_OF_DAY))).toBe(true);
  });

  it('reminds 30 days before a deadline and opens supervision when a task is overdue', async () => {
    // given the default plan
    const t = await engineWith([FILE], '2023-11-01T01:00:00.000Z');
    const { instanceId: id } = await t.engine.startProcess('plan-work-ledger');

    // when 1 December 2023 passes (30 days before the end-2023 tasks 5 and 11)
    await t.setTime('2023-12-02T00:00:00.000Z');

    // then the units of those two tasks are reminded
    const reminders = await openJobs(t, id, 'notify');
    expect(reminders.map((j) => j['notifyUnits'])).toEqual([
      ['unit-sfj', 'unit-scjgj', 'unit-sthjj'],
      ['unit-sfj', 'unit-jd-chengguan', 'unit-zhen-qingshan'],
    ]);
    await completeJobs(t, id, 'notify');

    // when task 11 is reported done but task 5 is not by the end of 2023
    const task11 = (await tasksAt(t, id, 'reportProgress')).find((x) => x.candidateGroups.includes('unit-zhen-qingshan') && x.dueAt?.startsWith('2023-12-31'));
    await t.engine.completeTask(task11!.id, { progress: 100, progressNote: '四级体系已建成', taskCompleted: true });
    await t.setTime('2024-01-01T00:00:00.000Z');

    // then the justice bureau supervises exactly one overdue task
    expect((await onlyTaskAt(t, id, 'superviseTask')).candidateGroups).toEqual(['unit-sfj']);
  });

  it('repeats progress reports every quarter until each task is done, then assesses the whole plan', async () => {
    // given a plan of two tasks
    const t = await engineWith([FILE], '2024-01-02T01:00:00.000Z');
    const planTasks = [
      { no: 1, title: '培训', deadline: '2024-12-31T23:59:59+08:00', units: ['unit-scjgj'] },
      { no: 2, title: '清单', deadline: '2024-12-31T23:59:59+08:00', units: ['unit-sthjj'] },
    ];
    const { instanceId: id } = await t.engine.startProcess('plan-work-ledger', { variables: { planTasks } });

    // when task 1 reports 40 % and task 2 reports done
    const [first, second] = await tasksAt(t, id, 'reportProgress');
    await t.engine.completeTask(first!.id, { progress: 40, progressNote: '推进中', taskCompleted: false });
    await t.engine.completeTask(second!.id, { progress: 100, progressNote: '完成', taskCompleted: true });

    // then task 1 asks for a report again one quarter later, and finishing it opens the assessment
    expect(await tasksAt(t, id, 'reportProgress')).toEqual([]);
    await t.setTime('2024-04-03T00:00:00.000Z');
    expect((await onlyTaskAt(t, id, 'reportProgress')).candidateGroups).toEqual(['unit-scjgj']);
    await completeAt(t, id, 'reportProgress', { progress: 100, progressNote: '完成', taskCompleted: true });
    expect((await variablesOf(t, id))['taskOverview']).toEqual([
      { no: 1, title: '培训', deadline: '2024-12-31T23:59:59+08:00', progress: 100, completed: true, reports: 2 },
      { no: 2, title: '清单', deadline: '2024-12-31T23:59:59+08:00', progress: 100, completed: true, reports: 1 },
    ]);
    await completeAt(t, id, 'assessImplementation', { assessmentConclusion: 'good', assessment: '按期完成' });
    expect(await statusOf(t, id)).toBe('completed');
  });
});
