import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { bpmn, KernelHarness } from '../kernel/harness.js';
import { projectInstance } from '../kernel/projection.js';

const flow = (task: string) => bpmn(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>${task}
  <sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>`);

describe('user task', () => {
  it('given camunda assignment and a name template, when activated, then the task carries evaluated values', async () => {
    const h = (await KernelHarness.of(flow('<userTask id="t" name="Review ${caseNo}" camunda:assignee="${who}" camunda:candidateGroups="legal, audit" camunda:formKey="review"/>')))
      .start({ caseNo: 'A-1', who: 'li' });
    expect(h.waiting('t').task).toMatchObject({ name: 'Review A-1', assignee: 'li', candidateGroups: ['legal', 'audit'], formKey: 'review' });
    expect(h.effects.find((e) => e.type === 'task.created')).toMatchObject({ elementId: 't', assignee: 'li' });
  });

  it('given zeebe assignment, when activated, then assignee and candidates come from FEEL', async () => {
    const h = (await KernelHarness.of(flow(`<userTask id="t"><extensionElements>
      <zeebe:assignmentDefinition assignee="= owner" candidateUsers="= [&quot;a&quot;, &quot;b&quot;]"/></extensionElements></userTask>`))).start({ owner: 'wang' });
    expect(h.waiting('t').task).toMatchObject({ assignee: 'wang', candidateUsers: ['a', 'b'] });
  });

  it('given a zhifa deadline, when activated, then the due date is the duration from now', async () => {
    const h = (await KernelHarness.of(flow('<userTask id="t"><extensionElements><zhifa:deadline duration="P3D"/></extensionElements></userTask>'))).start();
    expect(h.waiting('t').task?.dueAt).toBe('2025-01-04T00:00:00.000Z');
  });

  it('given zhifa org assignment, sign mode and an expression deadline, when activated, then the task carries them evaluated', async () => {
    const h = (await KernelHarness.of(flow(`<userTask id="t"><extensionElements>
      <zhifa:assignment unit="= caseUnitId" relation="upper" section="legal-affairs" role="member"/><zhifa:signMode mode="ratio" ratio="0.5"/>
      <zhifa:deadline duration="= &quot;P&quot; + string(days) + &quot;D&quot;" calendar="calendar"><zhifa:reminder before="P1D"/></zhifa:deadline>
      </extensionElements></userTask>`))).start({ caseUnitId: 'town-3', days: 2 });
    expect(h.waiting('t').task).toMatchObject({
      orgAssignment: { unit: 'town-3', relation: 'upper', section: 'legal-affairs', role: 'member' },
      signMode: { mode: 'ratio', ratio: 0.5 },
      dueAt: '2025-01-03T00:00:00.000Z',
      deadline: { calendar: 'calendar', reminders: [{ before: 'P1D' }], escalations: [] },
    });
  });

  it('given a waiting task, when completed with variables, then they reach the process and the flow continues', async () => {
    const h = (await KernelHarness.of(flow('<userTask id="t"/>'))).start().completeTask('t', { approved: true });
    expect(h.variables()).toMatchObject({ approved: true });
    expect(h.ended).toBe(true);
    expect(h.effects.some((e) => e.type === 'task.completed')).toBe(true);
  });
});

describe('service task (external job)', () => {
  const job = flow(`<serviceTask id="t"><extensionElements><zeebe:taskDefinition type="= &quot;mail&quot;" retries="2"/>
    <zeebe:ioMapping><zeebe:output source="= sent + 1" target="count"/></zeebe:ioMapping></extensionElements></serviceTask>`);

  it('given a job definition, when activated, then a job is created and the task waits', async () => {
    const h = (await KernelHarness.of(job)).start();
    expect(h.waiting('t').job).toMatchObject({ type: 'mail', retries: 2 });
    expect(h.effects).toContainEqual(expect.objectContaining({ type: 'job.created', jobType: 'mail' }));
  });

  it('given output mappings, when the job completes, then only mapped outputs reach the process', async () => {
    const h = (await KernelHarness.of(job)).start().completeJob('t', { sent: 4 });
    expect(h.variables()).toEqual({ count: 5 });
  });

  it('given a failing worker, when retries run out, then an incident is raised and resolving reopens the job', async () => {
    const h = (await KernelHarness.of(job)).start();
    const id = h.waiting('t').id;
    h.apply({ type: 'job.fail', jobId: id, retries: 0, message: 'smtp down' });
    expect(h.incidents()).toEqual([{ elementId: 't', kind: 'JOB_FAILED' }]);
    h.apply({ type: 'incident.resolve', incidentId: Object.keys(h.state.incidents)[0] ?? '' });
    expect(h.waiting('t').job?.retries).toBe(1);
  });

  it('given a failure with retryBackoff PT1M, when applied, then the job keeps its retries and is held back until a minute after the clock', async () => {
    const h = (await KernelHarness.of(job)).start().advance(90_000);
    const id = h.waiting('t').id;
    h.apply({ type: 'job.fail', jobId: id, retries: 1, message: 'smtp down', retryBackoff: 'PT1M' });
    expect(h.waiting('t').job).toMatchObject({ retries: 1, notBefore: '2025-01-01T00:02:30.000Z' });
    expect(projectInstance(h.state).jobs.get(id)).toMatchObject({ retries: 1, notBefore: '2025-01-01T00:02:30.000Z' });
    h.apply({ type: 'job.fail', jobId: id, retries: 1, message: 'smtp down again' });
    expect(h.waiting('t').job).not.toHaveProperty('notBefore');
  });

  it('given a malformed retryBackoff, when a failure is applied, then it is refused naming the field and the job is unchanged', async () => {
    const h = (await KernelHarness.of(job)).start();
    const id = h.waiting('t').id;
    expect(() => h.apply({ type: 'job.fail', jobId: id, retries: 1, message: 'x', retryBackoff: '5 minutes' })).toThrow(InvalidInputError);
    expect(() => h.apply({ type: 'job.fail', jobId: id, retries: 1, message: 'x', retryBackoff: '5 minutes' })).toThrow(/retryBackoff/);
    expect(h.waiting('t').job).toMatchObject({ retries: 2 });
  });

  it('given a job held back by a backoff, when its retries run out and the incident is resolved, then it is offered again at once', async () => {
    const h = (await KernelHarness.of(job)).start();
    const id = h.waiting('t').id;
    h.apply({ type: 'job.fail', jobId: id, retries: 1, message: 'smtp down', retryBackoff: 'PT10M' });
    h.apply({ type: 'job.fail', jobId: id, retries: 0, message: 'smtp down', retryBackoff: 'PT10M' });
    h.apply({ type: 'incident.resolve', incidentId: Object.keys(h.state.incidents)[0] ?? '' });
    expect(h.waiting('t').job).toMatchObject({ retries: 1 });
    expect(h.waiting('t').job).not.toHaveProperty('notBefore');
  });

  it('given an error boundary, when the worker throws a BPMN error, then the boundary path is taken', async () => {
    const xml = bpmn(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
      <serviceTask id="t"><extensionElements><zeebe:taskDefinition type="x"/></extensionElements></serviceTask>
      <boundaryEvent id="b" attachedToRef="t"><errorEventDefinition errorRef="err"/></boundaryEvent>
      <sequenceFlow id="f2" sourceRef="b" targetRef="fix"/><userTask id="fix"/>`, '<error id="err" errorCode="E1"/>');
    const h = (await KernelHarness.of(xml)).start();
    h.apply({ type: 'job.throwError', jobId: h.waiting('t').id, errorCode: 'E1' });
    expect(h.active()).toEqual(['fix']);
  });
});

describe('script task', () => {
  it('given a FEEL script with a result variable, when run, then the result is stored', async () => {
    const h = (await KernelHarness.of(flow('<scriptTask id="t"><extensionElements><zeebe:script expression="= a * 2" resultVariable="b"/></extensionElements></scriptTask>'))).start({ a: 21 });
    expect(h.variables()).toMatchObject({ b: 42 });
    expect(h.ended).toBe(true);
  });

  it('given a failing expression, when run, then an incident is raised instead of an exception', async () => {
    const h = (await KernelHarness.of(flow('<scriptTask id="t" scriptFormat="juel" camunda:resultVariable="r"><script>${missing + 1}</script></scriptTask>'))).start();
    expect(h.incidents()).toEqual([{ elementId: 't', kind: 'EXPRESSION_FAILED' }]);
  });
});

describe('receive, manual and plain tasks', () => {
  it('given a receive task, when triggered, then it continues', async () => {
    const h = (await KernelHarness.of(flow('<receiveTask id="t"/>'))).start();
    expect(h.active()).toEqual(['t']);
    h.apply({ type: 'receive.trigger', elementInstanceId: h.waiting('t').id });
    expect(h.ended).toBe(true);
  });

  it('given manual and plain tasks, when reached, then they pass through', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="m"/><manualTask id="m"/>
      <sequenceFlow id="f2" sourceRef="m" targetRef="t"/><task id="t"/><sequenceFlow id="f3" sourceRef="t" targetRef="e"/><endEvent id="e"/>`))).start();
    expect(h.ended).toBe(true);
    expect(h.completed('m') + h.completed('t')).toBe(2);
  });
});

describe('business rule task', () => {
  const rule = flow('<businessRuleTask id="t"><extensionElements><zeebe:calledDecision decisionId="fine" resultVariable="amount"/></extensionElements></businessRuleTask>');

  it('given a resolver, when activated, then the decision result is stored', async () => {
    const h = (await KernelHarness.of(rule, { decide: (id, vars) => ({ ok: true, result: id === 'fine' ? Number(vars.days) * 100 : null }) })).start({ days: 3 });
    expect(h.variables()).toMatchObject({ amount: 300 });
  });

  it('given a failing decision, when activated, then the incident names the rules', async () => {
    const h = (await KernelHarness.of(rule, { decide: () => ({ ok: false, error: 'two rules matched', ruleIds: ['r1', 'r2'] }) })).start({ days: 3 });
    expect(Object.values(h.state.incidents)[0]?.message).toContain('r1, r2');
  });
});
