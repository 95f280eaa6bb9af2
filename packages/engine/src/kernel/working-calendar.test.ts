import { describe, expect, it } from 'vitest';
import { builtinCalendarData, calendarFunctions, workingDurationAdder } from '../calendar/index.js';
import { bpmn, KernelHarness } from './harness.js';

const adder = workingDurationAdder(builtinCalendarData());
const FRIDAY = '2025-01-03T02:00:00.000Z';

describe('working-day timers and deadlines', () => {
  it('given a zhifa:timerCalendar working timer of P1D on a Friday, when scheduled, then it falls after the weekend', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
      <intermediateCatchEvent id="t"><timerEventDefinition><extensionElements><zhifa:timerCalendar calendar="working"/></extensionElements>
      <timeDuration>P1D</timeDuration></timerEventDefinition></intermediateCatchEvent>`), { start: FRIDAY, addWorkingDuration: adder })).start();
    const due = Object.values(h.state.subscriptions)[0]?.dueAt ?? '';
    expect(due >= '2025-01-05T16:00:00.000Z').toBe(true);
  });

  it('given a working-day deadline, when the task is created, then its due date skips the weekend', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
      <userTask id="t"><extensionElements><zhifa:deadline duration="P1D" calendar="working"/></extensionElements></userTask>`), { start: FRIDAY, addWorkingDuration: adder })).start();
    expect((h.waiting('t').task?.dueAt ?? '') >= '2025-01-05T16:00:00.000Z').toBe(true);
  });

  it('given calendar functions in the context, when a script calls addWorkingDays, then the working date is computed', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
      <scriptTask id="t"><extensionElements><zeebe:script expression="= addWorkingDays(&quot;2025-01-03&quot;, 1)" resultVariable="next"/></extensionElements></scriptTask>
      <sequenceFlow id="f1" sourceRef="t" targetRef="e"/><endEvent id="e"/>`), { functions: calendarFunctions(builtinCalendarData()) })).start();
    expect(h.variables()).toMatchObject({ next: '2025-01-06' });
  });

  it('given now() and today() in a script, when run, then they read the engine clock (today in China), not the machine clock', async () => {
    // 2025-09-30T17:30Z is already 1 October in Shanghai
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
      <scriptTask id="t"><extensionElements><zeebe:script expression="= {at: string(now()), day: string(today()), later: string(now() + duration(&quot;PT1H&quot;))}" resultVariable="clock"/></extensionElements></scriptTask>
      <sequenceFlow id="f1" sourceRef="t" targetRef="e"/><endEvent id="e"/>`), { start: '2025-09-30T17:30:00.000Z' })).start();
    expect(h.variables()['clock']).toEqual({ at: '2025-09-30T17:30:00Z', day: '2025-10-01', later: '2025-09-30T18:30:00Z' });
  });

  it('given addWorkingDuration(now(), "P5D"), when run on 30 September, then it is the due instant a P5D working deadline gets', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
      <scriptTask id="t"><extensionElements><zeebe:script expression="= addWorkingDuration(now(), &quot;P5D&quot;)" resultVariable="due"/></extensionElements></scriptTask>
      <sequenceFlow id="f1" sourceRef="t" targetRef="e"/><endEvent id="e"/>`), { start: '2025-09-30T01:00:00.000Z', functions: calendarFunctions(builtinCalendarData()) })).start();
    expect(h.variables()).toMatchObject({ due: adder('2025-09-30T01:00:00.000Z', 'P5D') });
    expect(h.variables()).toMatchObject({ due: '2025-10-14T01:00:00.000Z' });
  });
});
