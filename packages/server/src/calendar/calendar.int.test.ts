import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@zhifa/store-postgres';
import { engineCalendarHooks } from './engine-calendar-hooks.js';
import {
  Client, startDeadlineServer, startSmtpSink, startWebhookReceiver, type DeadlineTestServer,
} from '../deadlines/deadlines.test-support.js';

const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="d" targetNamespace="http://zhifa.test">
  <bpmn:process id="publish" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="publishDecision" />
    <bpmn:userTask id="publishDecision" name="公示决定">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="user-li.si" />
        <zhifa:deadline duration="P5D" calendar="working"><zhifa:reminder before="P1D" /></zhifa:deadline>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="publishDecision" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const csv2027 = `date,kind,name,source
2027-01-01,holiday,元旦,国办发明电〔2026〕1号
2027-02-06,holiday,春节,国办发明电〔2026〕1号
`;

interface Deadline { date: string; provisional: boolean; trace: { makeUpWorkdays: { date: string }[]; uncoveredYears: number[] } }
interface ErrorReply { error: { code: string; message: string } }
interface View { dueAt: string | null; provisional: boolean; timers: { kind: string; dueAt: string; provisional: boolean; state: string }[] }

let server: DeadlineTestServer;
let sinks: { close(): Promise<void> }[] = [];
let admin: Client;
let staff: Client;

beforeAll(async () => {
  const smtp = await startSmtpSink();
  const receiver = await startWebhookReceiver();
  sinks = [smtp, receiver];
  server = await startDeadlineServer({ start: new Date('2026-12-28T02:00:00Z'), smtpPort: smtp.port, webhookUrl: receiver.url });
  const anonymous = new Client(server.zhifa.url);
  admin = await anonymous.as('admin');
  staff = await anonymous.as('zhang.san');
  const analyst = await anonymous.as('analyst');
  expect((await analyst.call('POST', '/api/deployments', { name: 'publish', resources: [{ name: 'publish.bpmn', content: bpmn }] })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const sink of sinks) await sink.close();
});

describe('calendar routes over the holiday table (seeded from the built-in data at start)', () => {
  it('given 2025-09-30 + 5 working days, then 2025-10-14, not provisional, with the 调休 workday in the trace', async () => {
    const reply = await staff.call<Deadline>('GET', '/api/calendar/add-working-days?from=2025-09-30&days=5');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ date: '2025-10-14', provisional: false });
    expect(reply.body.trace.makeUpWorkdays.map((d) => d.date)).toEqual(['2025-10-11']);
  });

  it('given a period running into 2027 (no data yet), then the date is provisional and names the year', async () => {
    const reply = await staff.call<Deadline>('GET', '/api/calendar/add-working-days?from=2026-12-30&days=3');
    expect(reply.body).toMatchObject({ date: '2027-01-04', provisional: true });
    expect(reply.body.trace.uncoveredYears).toEqual([2027]);
    expect((await staff.call('GET', '/api/calendar/add-working-days?from=2026-02-30&days=3')).status).toBe(400);
  });

  it('given a year, then its entries and whether it is covered', async () => {
    const y2025 = await staff.call<{ covered: boolean; entries: { date: string; kind: string }[] }>('GET', '/api/calendar/days?year=2025');
    expect(y2025.body.covered).toBe(true);
    expect(y2025.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ date: '2025-10-11', kind: 'workday' })]));
    expect((await staff.call('GET', '/api/calendar/days?year=2027')).body).toEqual({ year: 2027, covered: false, entries: [] });
  });

  it('given a CSV with a bad line, then 400 naming the line, and non-admins may not import', async () => {
    const bad = 'date,kind,name,source\n2027-01-01,holiday,元旦,\n2027-02-30,holiday,春节,\n';
    const reply = await admin.call<ErrorReply>('PUT', '/api/admin/calendar/2027', bad, 'text/csv');
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('line 3');
    const json = await admin.call<ErrorReply>('PUT', '/api/admin/calendar/2027', { entries: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-01-02', kind: 'party', name: 'x' }] });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toContain('entries[1]');
    expect((await staff.call('PUT', '/api/admin/calendar/2027', csv2027, 'text/csv')).status).toBe(403);
    expect((await staff.call('GET', '/api/calendar/days?year=2027')).body).toMatchObject({ covered: false });
  });

  it('given a task due provisionally in 2027, when 2027 is imported, then its due date and reminder are recomputed', async () => {
    const hooks = engineCalendarHooks(server.feature.calendar);
    await server.feature.calendar.data();
    expect(hooks.addWorkingDuration('2026-12-31T02:00:00Z', 'P1D')).toBe('2027-01-01T02:00:00.000Z');
    const started = await admin.call<{ id: string }>('POST', '/api/process-definitions/key/publish/start', {});
    const [task] = (await admin.call<{ id: string }[]>('GET', `/api/tasks?processInstanceId=${started.body.id}`)).body;
    const taskId = task?.id ?? '';
    const before = (await admin.call<View>('GET', `/api/tasks/${taskId}/deadline`)).body;
    // Weekends only in 2027: 12-29, 12-30, 12-31, 01-01 (counted!), 01-04.
    expect(before).toMatchObject({ dueAt: '2027-01-04T02:00:00.000Z', provisional: true });
    expect(before.timers.map((t) => [t.dueAt, t.provisional])).toEqual([['2027-01-01T02:00:00.000Z', true]]);

    const imported = await admin.call<{ recomputed: { tasks: number; changed: number } }>('PUT', '/api/admin/calendar/2027', csv2027, 'text/csv');
    expect(imported.status).toBe(200);
    expect(imported.body.recomputed).toEqual({ tasks: 1, changed: 1 });
    // The engine's hooks see the imported year at once: 元旦 is no longer a working day.
    expect(hooks.addWorkingDuration('2026-12-31T02:00:00Z', 'P1D')).toBe('2027-01-04T02:00:00.000Z');
    expect(hooks.expressionFunctions['addWorkingDays']?.('2026-12-31', 1)).toBe('2027-01-04');
    const audit = await listAudit(server.feature.db, { action: 'calendar.imported' });
    expect(audit.map((e) => [e.actor, e.data['year'], e.data['holidays']])).toEqual([['user-admin', 2027, 2]]);
    const after = (await admin.call<View>('GET', `/api/tasks/${taskId}/deadline`)).body;
    expect(after).toMatchObject({ dueAt: '2027-01-05T02:00:00.000Z', provisional: false });
    expect(after.timers.map((t) => [t.dueAt, t.provisional, t.state])).toEqual([['2027-01-04T02:00:00.000Z', false, 'pending']]);
    const inbox = (await admin.call<{ id: string; dueDate?: string; dueAt?: string }>('GET', `/api/tasks/${taskId}`)).body;
    expect(JSON.stringify(inbox)).toContain('2027-01-05T02:00:00.000Z');
  });

  it('given an imported year, then it exports as CSV and JSON', async () => {
    const csv = await admin.call<string>('GET', '/api/admin/calendar/2027/export?format=csv');
    expect(csv.body).toBe(csv2027);
    const json = await admin.call<{ covered: boolean; entries: unknown[] }>('GET', '/api/admin/calendar/2027/export?format=json');
    expect(json.body).toMatchObject({ covered: true, entries: [{ date: '2027-01-01', kind: 'holiday', name: '元旦', source: '国办发明电〔2026〕1号' }, expect.anything()] });
    expect((await staff.call('GET', '/api/admin/calendar/2027/export')).status).toBe(403);
  });
});
