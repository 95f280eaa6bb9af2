import { describe, expect, it } from 'vitest';
import { bpmn, KernelHarness } from '../kernel/harness.js';

const HOUR = 3_600_000;

describe('end events', () => {
  it('given a terminate end event in a parallel branch, when reached, then everything else is cancelled', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="fork"/><parallelGateway id="fork"/>
      <sequenceFlow id="fa" sourceRef="fork" targetRef="a"/><sequenceFlow id="fb" sourceRef="fork" targetRef="b"/><userTask id="a"/><userTask id="b"/>
      <sequenceFlow id="fe" sourceRef="a" targetRef="kill"/><endEvent id="kill"><terminateEventDefinition/></endEvent>`))).start();
    h.completeTask('a');
    expect(h.ended).toBe(true);
    expect(h.completed('b')).toBe(0);
  });

  it('given an uncaught error end event, when reached, then an incident is raised', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="e"/>
      <endEvent id="e"><errorEventDefinition errorRef="x"/></endEvent>`, '<error id="x" errorCode="X"/>'))).start();
    expect(h.incidents()).toEqual([{ elementId: 'e', kind: 'UNHANDLED_ERROR' }]);
  });

  it('given signal and message end events, when reached, then they are emitted as effects', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="fork"/><parallelGateway id="fork"/>
      <sequenceFlow id="f1" sourceRef="fork" targetRef="sig"/><sequenceFlow id="f2" sourceRef="fork" targetRef="msg"/>
      <endEvent id="sig"><signalEventDefinition signalRef="alert"/></endEvent><endEvent id="msg"><messageEventDefinition messageRef="m"/></endEvent>`,
    '<signal id="alert" name="alert"/><message id="m" name="done"/>'))).start();
    expect(h.effects.map((e) => e.type)).toEqual(expect.arrayContaining(['signal.thrown', 'message.thrown', 'instance.ended']));
  });
});

describe('intermediate events', () => {
  it('given a timer catch of PT1H, when 59 minutes pass, then it still waits; at one hour it continues', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
      <intermediateCatchEvent id="t"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <sequenceFlow id="f1" sourceRef="t" targetRef="e"/><endEvent id="e"/>`))).start();
    h.advance(59 * 60_000);
    expect(h.active()).toEqual(['t']);
    h.advance(60_000);
    expect(h.ended).toBe(true);
  });

  it('given a message catch with a zeebe correlation key, when started, then the subscription carries the evaluated key', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="m"/>
      <intermediateCatchEvent id="m"><messageEventDefinition messageRef="msg"/></intermediateCatchEvent>
      <sequenceFlow id="f1" sourceRef="m" targetRef="e"/><endEvent id="e"/>`,
    '<message id="msg" name="paid"><extensionElements><zeebe:subscription correlationKey="= orderId"/></extensionElements></message>'))).start({ orderId: 'o-7' });
    expect(Object.values(h.state.subscriptions)[0]).toMatchObject({ kind: 'message', name: 'paid', correlationKey: 'o-7' });
    h.apply({ type: 'message.correlate', subscriptionId: h.subscription('message'), variables: { amount: 5 } });
    expect(h.ended).toBe(true);
    expect(h.variables()).toMatchObject({ amount: 5 });
  });

  it('given a conditional catch, when a variable makes it true, then it continues', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="c"/>
      <intermediateCatchEvent id="c"><conditionalEventDefinition><condition>\${ready == true}</condition></conditionalEventDefinition></intermediateCatchEvent>
      <sequenceFlow id="f1" sourceRef="c" targetRef="e"/><endEvent id="e"/>`))).start({ ready: false });
    expect(h.active()).toEqual(['c']);
    h.apply({ type: 'variables.set', variables: { ready: true } });
    expect(h.ended).toBe(true);
  });

  it('given a link throw, when reached, then the matching link catch continues the flow', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="throw"/>
      <intermediateThrowEvent id="throw"><linkEventDefinition name="L"/></intermediateThrowEvent>
      <intermediateCatchEvent id="catch"><linkEventDefinition name="L"/></intermediateCatchEvent>
      <sequenceFlow id="f1" sourceRef="catch" targetRef="t"/><userTask id="t"/>`))).start();
    expect(h.active()).toEqual(['t']);
  });

  it('given an escalation throw caught by a non-interrupting boundary, when thrown, then both paths continue', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="sub"/>
      <subProcess id="sub"><startEvent id="ss"/><sequenceFlow id="s1" sourceRef="ss" targetRef="esc"/>
        <intermediateThrowEvent id="esc"><escalationEventDefinition escalationRef="up"/></intermediateThrowEvent>
        <sequenceFlow id="s2" sourceRef="esc" targetRef="inner"/><userTask id="inner"/></subProcess>
      <boundaryEvent id="b" attachedToRef="sub" cancelActivity="false"><escalationEventDefinition escalationRef="up"/></boundaryEvent>
      <sequenceFlow id="f1" sourceRef="b" targetRef="handle"/><userTask id="handle"/>`, '<escalation id="up" escalationCode="UP"/>'))).start();
    expect(h.active()).toEqual(['handle', 'inner']);
  });
});

describe('boundary events', () => {
  const withBoundary = (attrs: string, timer: string) => bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t"/><userTask id="t"/>
    <sequenceFlow id="f1" sourceRef="t" targetRef="e"/><endEvent id="e"/>
    <boundaryEvent id="b" attachedToRef="t" ${attrs}><timerEventDefinition>${timer}</timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f2" sourceRef="b" targetRef="late"/><userTask id="late"/>`);

  it('given an interrupting timer, when it fires, then the task is cancelled and the boundary path runs', async () => {
    const h = (await KernelHarness.of(withBoundary('', '<timeDuration>PT2H</timeDuration>'))).start().advance(2 * HOUR);
    expect(h.active()).toEqual(['late']);
    expect(h.effects.some((e) => e.type === 'task.cancelled')).toBe(true);
  });

  it('given a non-interrupting cycle, when hours pass, then each occurrence spawns the path until the task ends', async () => {
    const h = (await KernelHarness.of(withBoundary('cancelActivity="false"', '<timeCycle>R/PT1H</timeCycle>'))).start().advance(2 * HOUR + 1);
    expect(h.active()).toEqual(['late', 'late', 't']);
    h.completeTask('t');
    expect(Object.values(h.state.subscriptions)).toEqual([]);
  });

  it('given the task completes first, when the timer would have fired, then nothing happens', async () => {
    const h = (await KernelHarness.of(withBoundary('', '<timeDuration>PT2H</timeDuration>'))).start().completeTask('t').advance(3 * HOUR);
    expect(h.ended).toBe(true);
    expect(h.activated('late')).toBe(false);
  });
});
