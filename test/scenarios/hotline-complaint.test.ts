/** 投诉举报 via 12345 (seed task 13): message start, routing, answer with review, supervision, hotline webhook. */
import { describe, expect, it } from 'vitest';
import type { TestEngine } from '@zhifa/testing';
import { completeAt, completedElements, engineWith, onlyTaskAt, openJobs, statusOf, tasksAt } from './process-files.js';

const FILE = 'hotline-complaint.bpmn';

async function receive(t: TestEngine, ticketNo: string): Promise<string> {
  const result = await t.engine.correlateMessage({
    name: 'hotline-complaint-received',
    correlationKey: ticketNo,
    variables: { ticketNo, content: '某餐馆油烟扰民，多次反映未处理' },
  });
  expect(result.started).toBe(1);
  return result.instanceIds[0]!;
}

describe('hotline complaint (12345热线投诉举报)', () => {
  it('routes the ticket, returns an inadequate answer once, and feeds the accepted answer back to the hotline', async () => {
    // given a ticket arriving from the hotline
    const t = await engineWith([FILE], '2025-03-03T01:00:00.000Z');
    const id = await receive(t, 'GD-20250303-0001');
    expect((await onlyTaskAt(t, id, 'dispatchComplaint')).candidateGroups).toEqual(['unit-sfj']);

    // when the justice bureau routes it to the ecology bureau with 5 working days
    await completeAt(t, id, 'dispatchComplaint', { responsibleUnitId: 'unit-sthjj', answerDays: 5 });
    expect((await onlyTaskAt(t, id, 'handleComplaint')).candidateGroups).toEqual(['unit-sthjj']);
    await completeAt(t, id, 'handleComplaint', { handlingResult: 'substantiated', finding: '属实', answer: '已责令整改' });

    // and the review finds the answer inadequate once
    await completeAt(t, id, 'reviewAnswer', { answerAccepted: false, reviewComment: '请写明整改期限' });
    expect((await onlyTaskAt(t, id, 'handleComplaint')).candidateGroups).toEqual(['unit-sthjj']);
    await completeAt(t, id, 'handleComplaint', { answer: '已责令7日内安装油烟净化设施' });
    await completeAt(t, id, 'reviewAnswer', { answerAccepted: true });

    // then the hotline webhook job carries the ticket number and the final answer
    const [webhook] = await openJobs(t, id, 'hotline-webhook');
    expect(webhook).toMatchObject({ ticketNo: 'GD-20250303-0001', hotlineStatus: 'answered', hotlineAnswer: '已责令7日内安装油烟净化设施' });
    const job = (await t.store.listJobs({ instanceId: id }))[0]!;
    await t.engine.completeJob(job.id);
    expect(await statusOf(t, id)).toBe('completed');
  });

  it('counts the answer limit in working days across National Day and supervises an overdue answer', async () => {
    // given a ticket routed on 30 September 2025 with a 5-working-day answer limit
    const t = await engineWith([FILE], '2025-09-30T01:00:00.000Z');
    const id = await receive(t, 'GD-20250930-0002');
    await completeAt(t, id, 'dispatchComplaint', { responsibleUnitId: 'unit-scjgj', answerDays: 5 });

    // then the answer is due on 14 October (1–8 October off, Saturday 11 October a 调休 workday)
    expect((await onlyTaskAt(t, id, 'handleComplaint')).dueAt).toBe('2025-10-14T01:00:00.000Z');

    // and a return for re-handling on 10 October does not restart the limit counted from the dispatch
    await t.setTime('2025-10-10T01:00:00.000Z');
    await completeAt(t, id, 'handleComplaint', { answer: '正在核查' });
    await completeAt(t, id, 'reviewAnswer', { answerAccepted: false, reviewComment: '请核查后答复' });
    const [overdue] = await t.store.listTimers({ instanceId: id });
    expect([overdue?.elementId, overdue?.dueAt]).toEqual(['answerOverdue', '2025-10-14T01:00:00.000Z']);
    // and the re-handling task keeps the due date of the dispatch (its reminders and escalation with it)
    expect((await onlyTaskAt(t, id, 'handleComplaint')).dueAt).toBe('2025-10-14T01:00:00.000Z');
    await t.setTime('2025-10-13T23:00:00.000Z');
    expect(await tasksAt(t, id, 'superviseComplaint')).toEqual([]);

    // when the limit passes without an answer
    await t.setTime('2025-10-14T01:00:00.000Z');

    // then the justice bureau gets a supervision task while the unit still holds the ticket
    expect((await onlyTaskAt(t, id, 'superviseComplaint')).candidateGroups).toEqual(['unit-sfj']);
    expect(await tasksAt(t, id, 'handleComplaint')).toHaveLength(1);
    await completeAt(t, id, 'handleComplaint', { answer: '已处理' });
    await completeAt(t, id, 'reviewAnswer', { answerAccepted: true });
    const job = (await t.store.listJobs({ instanceId: id }))[0]!;
    await t.engine.completeJob(job.id);

    // and the terminate end closes the open supervision too
    expect(await statusOf(t, id)).toBe('completed');
    expect(await tasksAt(t, id, 'superviseComplaint')).toEqual([]);
  });

  it('is withdrawn by a message correlated on the ticket number, and only that ticket', async () => {
    // given two tickets being handled
    const t = await engineWith([FILE], '2025-03-03T01:00:00.000Z');
    const kept = await receive(t, 'GD-1');
    const withdrawn = await receive(t, 'GD-2');
    for (const id of [kept, withdrawn]) await completeAt(t, id, 'dispatchComplaint', { responsibleUnitId: 'unit-scjgj', answerDays: 10 });

    // when the hotline withdraws GD-2
    const result = await t.engine.correlateMessage({ name: 'hotline-complaint-withdrawn', correlationKey: 'GD-2' });

    // then only GD-2 leaves handling and reports the withdrawal to the hotline
    expect(result.correlated).toBe(1);
    expect(await openJobs(t, withdrawn, 'hotline-webhook')).toEqual([expect.objectContaining({ ticketNo: 'GD-2', hotlineStatus: 'withdrawn' })]);
    expect(await tasksAt(t, kept, 'handleComplaint')).toHaveLength(1);
    const job = (await t.store.listJobs({ instanceId: withdrawn }))[0]!;
    await t.engine.completeJob(job.id);
    expect(await completedElements(t, withdrawn)).toContain('complaintClosedWithdrawn');
  });
});
