import { describe, expect, it } from 'vitest';
import { bpmn, KernelHarness } from '../kernel/harness.js';

describe('embedded and event subprocesses', () => {
  const sub = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="sub"/>
    <subProcess id="sub"><extensionElements><camunda:inputOutput><camunda:inputParameter name="local">\${outer}</camunda:inputParameter>
      <camunda:outputParameter name="result">\${local}!</camunda:outputParameter></camunda:inputOutput></extensionElements>
      <startEvent id="ss"/><sequenceFlow id="s1" sourceRef="ss" targetRef="inner"/><userTask id="inner"/>
      <sequenceFlow id="s2" sourceRef="inner" targetRef="se"/><endEvent id="se"/>
      <subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="false"><messageEventDefinition messageRef="m"/></startEvent>
        <sequenceFlow id="e1" sourceRef="es" targetRef="side"/><userTask id="side"/></subProcess>
    </subProcess><sequenceFlow id="f1" sourceRef="sub" targetRef="after"/><userTask id="after"/>`, '<message id="m" name="note"/>');

  it('given input/output parameters, when the subprocess runs and ends, then locals stay inside and outputs come out', async () => {
    const h = (await KernelHarness.of(sub)).start({ outer: 'x' });
    expect(h.waiting('inner').parentId).not.toBe(h.state.id);
    expect(h.variables()).toEqual({ outer: 'x' });
    h.completeTask('inner');
    expect(h.variables()).toMatchObject({ result: 'x!' });
    expect(h.active()).toEqual(['after']);
  });

  it('given a non-interrupting event subprocess, when its message arrives, then it runs beside the main path and the scope waits for both', async () => {
    const h = (await KernelHarness.of(sub)).start({ outer: 'x' });
    h.apply({ type: 'message.correlate', subscriptionId: h.subscription('message', 'note') });
    expect(h.active()).toEqual(['inner', 'side']);
    h.completeTask('inner');
    expect(h.active()).toEqual(['side']);
    h.completeTask('side');
    expect(h.active()).toEqual(['after']);
  });

  it('given an error end event in a subprocess, when caught by a boundary on an outer subprocess, then inner scopes are cancelled', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="outer"/>
      <subProcess id="outer"><startEvent id="os"/><sequenceFlow id="o1" sourceRef="os" targetRef="inner"/>
        <subProcess id="inner"><startEvent id="is"/><sequenceFlow id="i1" sourceRef="is" targetRef="boom"/>
          <endEvent id="boom"><errorEventDefinition errorRef="e"/></endEvent></subProcess></subProcess>
      <boundaryEvent id="catch" attachedToRef="outer"><errorEventDefinition errorRef="e"/></boundaryEvent>
      <sequenceFlow id="f1" sourceRef="catch" targetRef="fix"/><userTask id="fix"/>`, '<error id="e" errorCode="E"/>'))).start();
    expect(h.active()).toEqual(['fix']);
    expect(Object.values(h.state.elements).map((e) => e.elementId).sort()).toEqual(['fix', 'p']);
  });
});

describe('call activity', () => {
  const caller = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="call"/>
    <callActivity id="call" calledElement="child"><extensionElements><camunda:in source="a" target="b"/>
      <camunda:out sourceExpression="\${b * 2}" target="c"/></extensionElements></callActivity>
    <sequenceFlow id="f1" sourceRef="call" targetRef="e"/><endEvent id="e"/>`);

  it('given camunda in mappings, when reached, then a child start is requested with the mapped variables', async () => {
    const h = (await KernelHarness.of(caller)).start({ a: 4 });
    expect(h.effects.find((e) => e.type === 'child.start')).toMatchObject({ processId: 'child', variables: { b: 4 } });
  });

  it('given the child completed, when notified, then out mappings are evaluated on the child variables', async () => {
    const h = (await KernelHarness.of(caller)).start({ a: 4 });
    const call = Object.values(h.state.elements).find((e) => e.elementId === 'call');
    h.apply({ type: 'child.completed', elementInstanceId: call?.id ?? '', variables: { b: 4 } });
    expect(h.variables()).toMatchObject({ c: 8 });
    expect(h.ended).toBe(true);
  });

  it('given a running child, when the parent is cancelled, then the child is cancelled too', async () => {
    const h = (await KernelHarness.of(caller)).start({ a: 1 }).apply({ type: 'instance.cancel' });
    expect(h.effects.map((e) => e.type)).toContain('child.cancel');
    expect(h.state.status).toBe('cancelled');
  });
});

describe('compensation', () => {
  it('given two completed compensable activities, when compensation is thrown, then handlers run in reverse completion order', async () => {
    const h = (await KernelHarness.of(bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="a"/>
      <userTask id="a"/><boundaryEvent id="ca" attachedToRef="a"><compensateEventDefinition/></boundaryEvent><userTask id="undoA" isForCompensation="true"/>
      <sequenceFlow id="f1" sourceRef="a" targetRef="b"/>
      <userTask id="b"/><boundaryEvent id="cb" attachedToRef="b"><compensateEventDefinition/></boundaryEvent><userTask id="undoB" isForCompensation="true"/>
      <sequenceFlow id="f2" sourceRef="b" targetRef="throw"/><intermediateThrowEvent id="throw"><compensateEventDefinition/></intermediateThrowEvent>
      <sequenceFlow id="f3" sourceRef="throw" targetRef="done"/><userTask id="done"/>
      <association id="x1" associationDirection="One" sourceRef="ca" targetRef="undoA"/><association id="x2" associationDirection="One" sourceRef="cb" targetRef="undoB"/>`)))
      .start().completeTask('a').completeTask('b');
    expect(h.active()).toEqual(['undoB']);
    h.completeTask('undoB');
    expect(h.active()).toEqual(['undoA']);
    h.completeTask('undoA');
    expect(h.active()).toEqual(['done']);
  });
});
