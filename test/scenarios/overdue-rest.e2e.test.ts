/**
 * Overdue paths of the shipped processes on the real server, through REST with the manual clock and a real SMTP
 * sink: working-day due dates across public holidays, one reminder e-mail before due to the person holding the
 * task, an escalation to the unit leader once overdue, nothing sent twice, nothing more once the task is done;
 * and a return for correction that brings the task back to whoever must correct it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support/client.js';
import { startTestServer, type TestServer } from '../api/support/harness.js';
import { PROCESSES_DIR } from './process-files.js';
import {
  address, claim, claimAndComplete, complete, eventually, giveEmailAddresses, notificationKinds, openTask, settle, startSmtpSink,
  type Mail, type SmtpSink,
} from './overdue-rest.support.js';

const REMINDER = 'deadline.reminder';
const OVERDUE = 'deadline.overdue';
const ESCALATION = 'deadline.escalation';

let server: TestServer;
let smtp: SmtpSink;
let admin: ApiClient;
const users = new Map<string, ApiClient>();

const USERNAMES = [
  'zhang.san', 'li.si', 'wang.wu', 'sun.qi', 'scjgj.leader', 'scjgj-fzk.leader', 'sfj.leader', 'sfj-fzk.leader', 'jd-chengguan.leader',
  'zhou.ba', 'zhen-qingshan.leader',
] as const;
type Username = (typeof USERNAMES)[number];

function as(username: Username): ApiClient {
  const client = users.get(username);
  if (!client) throw new Error(`${username} is not logged in`);
  return client;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  // Tuesday 30 September 2025, 09:00 in Beijing: the day before 国庆节.
  server = await startTestServer({
    processesDir: PROCESSES_DIR,
    clockStart: new Date('2025-09-30T01:00:00.000Z'),
    // The e-mail delivery worker runs in this process; engine timers still wait for the manual clock.
    workers: true,
    deadlineChannels: { smtp: { host: '127.0.0.1', port: smtp.port, from: '"执法监督平台" <noreply@zhifa.test>' } },
  });
  await giveEmailAddresses(server.zhifa, USERNAMES);
  admin = await new ApiClient(server.url).as('admin');
  for (const username of USERNAMES) users.set(username, await new ApiClient(server.url).as(username));
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function setClock(iso: string): Promise<void> {
  const reply = await admin.post('/api/admin/clock', { set: iso });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

/** E-mails about one task (the Message-ID names the reminder timer, which names the task) to one user. */
const mailsAbout = (taskId: string, username: Username): Mail[] => smtp.mails.filter((m) => m.to.includes(address(username)) && m.raw.includes(taskId));
const subjectsAbout = (taskId: string, username: Username): string[] => mailsAbout(taskId, username).map((m) => m.subject).sort();

describe('重大行政执法决定法制审核 through REST: return for correction, then overdue', () => {
  it('returns the draft to the handler, then reminds the reviewer once, escalates to 法制科 leader, and stops once reviewed', async () => {
    // given 张三 of the market bureau starts a legal review of a major decision on 30 September 2025
    const started = await as('zhang.san').post<{ id: string }>('/api/process-definitions/key/major-decision-legal-review/start', {
      businessKey: '市监罚〔2025〕30号',
      variables: { caseUnitId: 'unit-scjgj', handler: 'user-zhang.san', leaders: ['user-scjgj.leader'] },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id;
    const draft = {
      caseTitle: '某超市销售过期食品案', party: '某超市', majorChecklist: ['large-amount'], hasLegalReviewer: true,
      labelDefectOnly: false, firstOffence: true, harmLevel: '一般', correctedInTime: true, mitigating: false, aggravating: false, goodsValue: 8000,
    };
    const submit = await openTask(admin, id, 'submitDraft');
    expect(submit.assignee).toBe('user-zhang.san');
    await claimAndComplete(as('zhang.san'), submit, draft);

    // when 法制科's 李四 returns the draft for correction
    const firstReview = await openTask(admin, id, 'ownLegalReview');
    expect(firstReview.candidateGroups).toEqual(['unit-scjgj-fzk']);
    await claimAndComplete(as('li.si'), firstReview, { reviewOutcome: 'return', reviewOpinion: '证据不足，请补充检验报告', reviewItems: ['subject', 'authority'] });

    // then the draft is back with its handler 张三, who resubmits it the same morning
    const back = await openTask(admin, id, 'submitDraft');
    expect(back.assignee).toBe('user-zhang.san');
    expect(back.id).not.toBe(submit.id);
    await claimAndComplete(as('zhang.san'), back, draft);

    // and the new review, claimed by 李四, is due 5 working days later: 14 October (国庆节 skipped, 11 October worked)
    const review = await openTask(admin, id, 'ownLegalReview');
    expect(review.dueAt).toBe('2025-10-14T01:00:00.000Z');
    await claim(as('li.si'), review);

    // when the clock reaches one second before the reminder (one working day before due), then nothing is sent
    await setClock('2025-10-13T00:59:59.000Z');
    expect(await notificationKinds(as('li.si'), review.id)).toEqual([]);

    // when it reaches the reminder, then 李四 alone is reminded once, by notification and by e-mail in Chinese
    await setClock('2025-10-13T01:00:00.000Z');
    expect(await notificationKinds(as('li.si'), review.id)).toEqual([REMINDER]);
    await eventually(() => mailsAbout(review.id, 'li.si').length === 1);
    expect(subjectsAbout(review.id, 'li.si')).toEqual(['【到期提醒】本单位法制审核']);

    // when the clock is moved again before due, then nothing is sent twice
    await setClock('2025-10-13T05:00:00.000Z');
    expect(await notificationKinds(as('li.si'), review.id)).toEqual([REMINDER]);

    // when due (14 October), then no escalation yet
    await setClock('2025-10-14T01:00:00.000Z');
    expect(await notificationKinds(as('scjgj-fzk.leader'), review.id)).toEqual([]);

    // when one working day overdue (15 October), then the 法制科 leader gets the escalation, 李四 an overdue reminder
    await setClock('2025-10-15T01:00:00.000Z');
    expect(await notificationKinds(as('scjgj-fzk.leader'), review.id)).toEqual([ESCALATION]);
    expect(await notificationKinds(as('li.si'), review.id)).toEqual([OVERDUE, REMINDER]);
    expect(await notificationKinds(as('scjgj.leader'), review.id)).toEqual([]);
    await eventually(() => mailsAbout(review.id, 'scjgj-fzk.leader').length === 1 && mailsAbout(review.id, 'li.si').length === 2);
    expect(subjectsAbout(review.id, 'scjgj-fzk.leader')).toEqual(['【督办】本单位法制审核 已超期']);
    expect(subjectsAbout(review.id, 'li.si')).toEqual(['【到期提醒】本单位法制审核', '【超期提醒】本单位法制审核'].sort());

    // when the clock is advanced again the same day, then nothing is sent twice
    await setClock('2025-10-15T02:00:00.000Z');
    expect(await notificationKinds(as('scjgj-fzk.leader'), review.id)).toEqual([ESCALATION]);

    // when 李四 completes the review and the clock passes the upper escalation (17 October) and more overdue days
    await complete(as('li.si'), review, { reviewOutcome: 'approve', reviewOpinion: '同意', reviewItems: ['subject', 'authority', 'procedure', 'facts', 'evidence', 'law', 'discretion'] });
    await setClock('2025-10-20T01:00:00.000Z');

    // then no one hears about it any more: no escalation to the bureau leader, no further reminder, no more e-mail
    expect(await notificationKinds(as('scjgj.leader'), review.id)).toEqual([]);
    expect(await notificationKinds(as('li.si'), review.id)).toEqual([OVERDUE, REMINDER]);
    await settle();
    expect(mailsAbout(review.id, 'li.si')).toHaveLength(2);
    expect(mailsAbout(review.id, 'scjgj-fzk.leader')).toHaveLength(1);
    expect(mailsAbout(review.id, 'scjgj.leader')).toHaveLength(0);
  });
});

describe('12345热线投诉举报 through REST: overdue answer across 元旦 2026', () => {
  it('reminds the claiming officer once two working days before due, escalates to the 街道 leader, and stops once answered', async () => {
    // given a ticket arriving from the 12345 hotline on Tuesday 30 December 2025
    await setClock('2025-12-30T01:00:00.000Z');
    const received = await admin.post<{ started: number; processInstanceIds: string[] }>('/api/messages', {
      name: 'hotline-complaint-received', correlationKey: 'GD-2025-1230-01', variables: { ticketNo: 'GD-2025-1230-01', content: '小区门口占道经营' },
    });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    const id = received.body.processInstanceIds[0] ?? '';

    // when the justice bureau routes it to 城关街道 with a 5-working-day limit and 孙七 takes it
    await claimAndComplete(as('sfj.leader'), await openTask(admin, id, 'dispatchComplaint'), { responsibleUnitId: 'unit-jd-chengguan', answerDays: 5 });
    const handle = await openTask(admin, id, 'handleComplaint');
    expect(handle.candidateGroups).toEqual(['unit-jd-chengguan']);
    await claim(as('sun.qi'), handle);

    // then the answer is due on 7 January 2026 (元旦 1–3 January off, Sunday 4 January worked)
    expect(handle.dueAt).toBe('2026-01-07T01:00:00.000Z');

    // when the clock reaches two working days before due (Monday 5 January), then 孙七 alone is reminded, once
    await setClock('2026-01-05T00:59:00.000Z');
    expect(await notificationKinds(as('sun.qi'), handle.id)).toEqual([]);
    await setClock('2026-01-05T01:00:00.000Z');
    expect(await notificationKinds(as('sun.qi'), handle.id)).toEqual([REMINDER]);
    await eventually(() => mailsAbout(handle.id, 'sun.qi').length === 1);
    expect(subjectsAbout(handle.id, 'sun.qi')).toEqual(['【到期提醒】办理并答复']);
    await setClock('2026-01-06T01:00:00.000Z');
    expect(await notificationKinds(as('sun.qi'), handle.id)).toEqual([REMINDER]);

    // when due passes, then the justice bureau supervises (督办), and a working day later the 街道 leader is escalated to
    await setClock('2026-01-07T01:00:00.000Z');
    expect((await openTask(admin, id, 'superviseComplaint')).candidateGroups).toEqual(['unit-sfj']);
    expect(await notificationKinds(as('jd-chengguan.leader'), handle.id)).toEqual([]);
    await setClock('2026-01-08T01:00:00.000Z');
    expect(await notificationKinds(as('jd-chengguan.leader'), handle.id)).toEqual([ESCALATION]);
    await eventually(() => mailsAbout(handle.id, 'jd-chengguan.leader').length === 1);
    expect(subjectsAbout(handle.id, 'jd-chengguan.leader')).toEqual(['【督办】办理并答复 已超期']);
    await setClock('2026-01-08T03:00:00.000Z');
    expect(await notificationKinds(as('jd-chengguan.leader'), handle.id)).toEqual([ESCALATION]);

    // when 孙七 answers and the clock runs on for a week
    // (and 孙七 had one overdue reminder on 8 January, by e-mail too)
    expect(await notificationKinds(as('sun.qi'), handle.id)).toEqual([OVERDUE, REMINDER]);
    await eventually(() => mailsAbout(handle.id, 'sun.qi').length === 2);
    expect(subjectsAbout(handle.id, 'sun.qi')).toEqual(['【到期提醒】办理并答复', '【超期提醒】办理并答复'].sort());
    await complete(as('sun.qi'), handle, { handlingResult: 'substantiated', finding: '属实', answer: '已清理占道摊点' });
    await setClock('2026-01-15T01:00:00.000Z');

    // then nothing more is sent about the answered task
    expect(await notificationKinds(as('sun.qi'), handle.id)).toEqual([OVERDUE, REMINDER]);
    expect(await notificationKinds(as('jd-chengguan.leader'), handle.id)).toEqual([ESCALATION]);
    await settle();
    expect(mailsAbout(handle.id, 'sun.qi')).toHaveLength(2);
    expect(mailsAbout(handle.id, 'jd-chengguan.leader')).toHaveLength(1);

    // and when the bureau does not accept the answer, the handling comes back to 城关街道
    await claimAndComplete(as('sfj.leader'), await openTask(admin, id, 'reviewAnswer'), { answerAccepted: false, reviewOpinion: '请补充整改照片' });
    const again = await openTask(admin, id, 'handleComplaint');
    expect([again.candidateGroups, again.assignee]).toEqual([['unit-jd-chengguan'], null]);

    // and once the corrected answer is accepted, the hotline is called back and the ticket is closed
    await claimAndComplete(as('sun.qi'), again, { handlingResult: 'substantiated', finding: '属实', answer: '已清理占道摊点并附整改照片' });
    await claimAndComplete(as('sfj.leader'), await openTask(admin, id, 'reviewAnswer'), { answerAccepted: true });
    const jobs = await admin.get<{ id: string; processInstanceId: string }[]>('/api/jobs?type=hotline-webhook');
    const callback = jobs.body.find((j) => j.processInstanceId === id);
    expect((await admin.post(`/api/jobs/${callback?.id ?? 'none'}/complete`, {})).status).toBe(200);
    expect((await admin.get<{ state: string }>(`/api/process-instances/${id}`)).body.state).toBe('completed');
  });
});

describe('专项整治台账 through REST: 法制科 filing review across 春节 2026', () => {
  it('returns the ledger to the unit, then reminds the reviewer once, escalates to the 法制科 leader after two days, and stops', async () => {
    // given the justice bureau's campaign for 城关街道 started on Wednesday 11 February 2026
    await setClock('2026-02-11T01:00:00.000Z');
    const started = await as('wang.wu').post<{ id: string }>('/api/process-definitions/key/rectification-ledger/start', {
      variables: {
        campaignName: '行政执法领域突出问题专项整治', units: ['unit-jd-chengguan'],
        filingDeadline: '2026-03-31T23:59:59+08:00', reportDeadline: '2026-06-30T23:59:59+08:00',
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id;
    const ledger = { contact: '孙七', problems: [{ category: 'one-size-fits-all', description: '沿街店铺一律不得外摆', measures: '分类管理', timeLimit: '2026-04-30', responsibleUnit: '城管科' }] };
    await claimAndComplete(as('sun.qi'), await openTask(admin, id, 'compileLedger'), { ledger: { contact: '孙七', problems: [] } });

    // when 法制科's 王五 returns it for correction
    await claimAndComplete(as('wang.wu'), await openTask(admin, id, 'reviewLedger'), { reviewResult: 'return', reviewOpinion: '未列明问题清单' });

    // then the ledger is back with 城关街道, which resubmits it the same day
    const back = await openTask(admin, id, 'compileLedger');
    expect(back.candidateGroups).toEqual(['unit-jd-chengguan']);
    await claimAndComplete(as('sun.qi'), back, { ledger });

    // and the review, taken by 王五, is due on 25 February (14 February worked, 春节 15–23 February off)
    const review = await openTask(admin, id, 'reviewLedger');
    expect(review.dueAt).toBe('2026-02-25T01:00:00.000Z');
    await claim(as('wang.wu'), review);

    // when the clock reaches one working day before due (24 February), then 王五 alone is reminded, once
    await setClock('2026-02-24T00:59:00.000Z');
    expect(await notificationKinds(as('wang.wu'), review.id)).toEqual([]);
    await setClock('2026-02-24T01:00:00.000Z');
    expect(await notificationKinds(as('wang.wu'), review.id)).toEqual([REMINDER]);
    await eventually(() => mailsAbout(review.id, 'wang.wu').length === 1);
    expect(subjectsAbout(review.id, 'wang.wu')).toEqual(['【到期提醒】法制科审核备案']);

    // when one working day overdue, then no escalation yet; two working days overdue (27 February), the 法制科 leader
    await setClock('2026-02-26T01:00:00.000Z');
    expect(await notificationKinds(as('sfj-fzk.leader'), review.id)).toEqual([]);
    await setClock('2026-02-27T01:00:00.000Z');
    expect(await notificationKinds(as('sfj-fzk.leader'), review.id)).toEqual([ESCALATION]);
    await eventually(() => mailsAbout(review.id, 'sfj-fzk.leader').length === 1);
    expect(subjectsAbout(review.id, 'sfj-fzk.leader')).toEqual(['【督办】法制科审核备案 已超期']);
    await setClock('2026-02-27T06:00:00.000Z');
    expect(await notificationKinds(as('sfj-fzk.leader'), review.id)).toEqual([ESCALATION]);
    expect(await notificationKinds(as('sfj.leader'), review.id)).toEqual([]);

    // when 王五 files it and the clock runs on
    // (王五 had one overdue reminder on each of 26 and 27 February)
    expect(await notificationKinds(as('wang.wu'), review.id)).toEqual([OVERDUE, OVERDUE, REMINDER]);
    await eventually(() => mailsAbout(review.id, 'wang.wu').length === 3);
    expect(subjectsAbout(review.id, 'wang.wu')).toEqual(['【到期提醒】法制科审核备案', '【超期提醒】法制科审核备案', '【超期提醒】法制科审核备案'].sort());
    await complete(as('wang.wu'), review, { reviewResult: 'accept', reviewOpinion: '同意备案' });
    await setClock('2026-03-06T01:00:00.000Z');

    // then nothing more is sent about it
    expect(await notificationKinds(as('wang.wu'), review.id)).toEqual([OVERDUE, OVERDUE, REMINDER]);
    await settle();
    expect(mailsAbout(review.id, 'wang.wu')).toHaveLength(3);
    expect(mailsAbout(review.id, 'sfj-fzk.leader')).toHaveLength(1);
    expect((await openTask(admin, id, 'reportRectification')).candidateGroups).toEqual(['unit-jd-chengguan']);
  });
});

describe('行政执法案卷评查 through REST: a township late with its rectification', () => {
  it('reminds the officer three working days before due, escalates to the 镇 leader two days after, and sends a failed re-check back', async () => {
    // given the justice bureau's review of 青山镇's case files on Monday 9 March 2026, one file sampled
    await setClock('2026-03-09T01:00:00.000Z');
    const started = await as('wang.wu').post<{ id: string }>('/api/process-definitions/key/case-file-review/start', {
      variables: { units: ['unit-zhen-qingshan'], sampleSize: 1 },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id;
    const jobs = await admin.get<{ id: string; processInstanceId: string }[]>('/api/jobs?type=sample-case-files');
    const sampling = jobs.body.find((j) => j.processInstanceId === id);
    const samples = [{ unitId: 'unit-zhen-qingshan', caseId: 'QS-2025-008', caseTitle: '某餐馆无证经营案' }];
    expect((await admin.post(`/api/jobs/${sampling?.id ?? 'none'}/complete`, { variables: { samples } })).status).toBe(200);

    // when 法制科 scores it 65, then 青山镇 must rectify within 15 working days: Monday 30 March
    await claimAndComplete(as('wang.wu'), await openTask(admin, id, 'scoreCaseFile'), { score: 65, needsRectification: false, reviewComments: '缺少听证告知书' });
    const rectify = await openTask(admin, id, 'rectifyCaseFile');
    expect([rectify.candidateGroups, rectify.dueAt]).toEqual([['unit-zhen-qingshan'], '2026-03-30T01:00:00.000Z']);
    await claim(as('zhou.ba'), rectify);

    // when three working days before due (Wednesday 25 March), then 周八 is reminded once, also after a later move
    await setClock('2026-03-25T00:59:00.000Z');
    expect(await notificationKinds(as('zhou.ba'), rectify.id)).toEqual([]);
    await setClock('2026-03-25T01:00:00.000Z');
    await setClock('2026-03-26T01:00:00.000Z');
    expect(await notificationKinds(as('zhou.ba'), rectify.id)).toEqual([REMINDER]);
    await eventually(() => mailsAbout(rectify.id, 'zhou.ba').length === 1);
    expect(subjectsAbout(rectify.id, 'zhou.ba')).toEqual(['【到期提醒】单位整改']);

    // when one working day overdue, no escalation yet; two working days overdue (1 April), the 镇 leader once
    await setClock('2026-03-31T01:00:00.000Z');
    expect(await notificationKinds(as('zhen-qingshan.leader'), rectify.id)).toEqual([]);
    await setClock('2026-04-01T01:00:00.000Z');
    await setClock('2026-04-01T08:00:00.000Z');
    expect(await notificationKinds(as('zhen-qingshan.leader'), rectify.id)).toEqual([ESCALATION]);
    await eventually(() => mailsAbout(rectify.id, 'zhen-qingshan.leader').length === 1);
    expect(subjectsAbout(rectify.id, 'zhen-qingshan.leader')).toEqual(['【督办】单位整改 已超期']);

    // when 周八 reports the rectification and the clock runs on, then nothing more is sent about that task
    await complete(as('zhou.ba'), rectify, { rectificationReport: '已补充听证告知书' });
    await setClock('2026-04-10T01:00:00.000Z');
    expect(await notificationKinds(as('zhen-qingshan.leader'), rectify.id)).toEqual([ESCALATION]);
    await settle();
    expect(mailsAbout(rectify.id, 'zhou.ba')).toHaveLength(1);
    expect(mailsAbout(rectify.id, 'zhen-qingshan.leader')).toHaveLength(1);

    // and when the re-check fails, the file goes back to 青山镇 for another round
    await claimAndComplete(as('wang.wu'), await openTask(admin, id, 'recheckCaseFile'), { recheckPassed: false, recheckComment: '仍缺送达回证' });
    const again = await openTask(admin, id, 'rectifyCaseFile');
    expect([again.candidateGroups, again.assignee]).toEqual([['unit-zhen-qingshan'], null]);
    expect(again.id).not.toBe(rectify.id);
  });
});
