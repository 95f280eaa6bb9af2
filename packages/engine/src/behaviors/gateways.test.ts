import { describe, expect, it } from 'vitest';
import { bpmn, KernelHarness } from '../kernel/harness.js';

const xor = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="gw"/>
  <exclusiveGateway id="gw" default="fd"/>
  <sequenceFlow id="f1" sourceRef="gw" targetRef="a"><conditionExpression>\${x == 1}</conditionExpression></sequenceFlow>
  <sequenceFlow id="f2" sourceRef="gw" targetRef="b"><conditionExpression>\${x &gt;= 1}</conditionExpression></sequenceFlow>
  <sequenceFlow id="fd" sourceRef="gw" targetRef="c"/>
  <userTask id="a"/><userTask id="b"/><userTask id="c"/>`);

describe('exclusive gateway', () => {
  it('given two true conditions, when the token arrives, then only the first matching flow is taken', async () => {
    const h = (await KernelHarness.of(xor)).start({ x: 1 });
    expect(h.active()).toEqual(['a']);
  });

  it('given no true condition, when the token arrives, then the default flow is taken', async () => {
    const h = (await KernelHarness.of(xor)).start({ x: 0 });
    expect(h.active()).toEqual(['c']);
  });

  it('given no match and no default, when the token arrives, then an incident is raised at the gateway', async () => {
    const h = (await KernelHarness.of(xor.replace(' default="fd"', '').replace('<sequenceFlow id="fd" sourceRef="gw" targetRef="c"/>', '')))
      .start({ x: 0 });
    expect(h.incidents()).toEqual([{ elementId: 'gw', kind: 'NO_OUTGOING_FLOW' }]);
    expect(h.ended).toBe(false);
  });

  it('given an incident, when the variable is fixed and the incident resolved, then the gateway re-evaluates', async () => {
    const h = (await KernelHarness.of(xor.replace(' default="fd"', '').replace('<sequenceFlow id="fd" sourceRef="gw" targetRef="c"/>', '')))
      .start({ x: 0 });
    const incident = Object.keys(h.state.incidents)[0] ?? '';
    h.apply({ type: 'variables.set', variables: { x: 2 } }).apply({ type: 'incident.resolve', incidentId: incident });
    expect(h.active()).toEqual(['b']);
    expect(h.incidents()).toEqual([]);
  });
});

const fork = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="fork"/><parallelGateway id="fork"/>
  <sequenceFlow id="fa" sourceRef="fork" targetRef="a"/><sequenceFlow id="fb" sourceRef="fork" targetRef="b"/>
  <userTask id="a"/><userTask id="b"/><parallelGateway id="join"/>
  <sequenceFlow id="ja" sourceRef="a" targetRef="join"/><sequenceFlow id="jb" sourceRef="b" targetRef="join"/>
  <sequenceFlow id="fe" sourceRef="join" targetRef="after"/><userTask id="after"/>`);

describe('parallel gateway', () => {
  it('given a fork, when started, then every branch is active', async () => {
    expect((await KernelHarness.of(fork)).start().active()).toEqual(['a', 'b']);
  });

  it('given one branch done, when the other is still open, then the join waits', async () => {
    const h = (await KernelHarness.of(fork)).start().completeTask('a');
    expect(h.active()).toEqual(['b']);
  });

  it('given both branches done, when the last arrives, then the join fires once', async () => {
    const h = (await KernelHarness.of(fork)).start().completeTask('a').completeTask('b');
    expect(h.active()).toEqual(['after']);
    expect(h.completed('join')).toBe(1);
  });
});

const inclusive = bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="split"/>
  <inclusiveGateway id="split" default="fd"/>
  <sequenceFlow id="fa" sourceRef="split" targetRef="a"><conditionExpression>\${x &gt; 0}</conditionExpression></sequenceFlow>
  <sequenceFlow id="fb" sourceRef="split" targetRef="b"><conditionExpression>\${x &gt; 1}</conditionExpression></sequenceFlow>
  <sequenceFlow id="fd" sourceRef="split" targetRef="d"/>
  <userTask id="a"/><userTask id="b"/><userTask id="d"/>
  <inclusiveGateway id="join"/>
  <sequenceFlow id="ja" sourceRef="a" targetRef="join"/><sequenceFlow id="jb" sourceRef="b" targetRef="join"/><sequenceFlow id="jd" sourceRef="d" targetRef="join"/>
  <sequenceFlow id="fe" sourceRef="join" targetRef="after"/><userTask id="after"/>`);

describe('inclusive gateway', () => {
  it('given two true conditions, when split, then both branches run (not the default)', async () => {
    expect((await KernelHarness.of(inclusive)).start({ x: 2 }).active()).toEqual(['a', 'b']);
  });

  it('given no true condition, when split, then the default branch runs', async () => {
    expect((await KernelHarness.of(inclusive)).start({ x: 0 }).active()).toEqual(['d']);
  });

  it('given two branches, when one arrives at the join, then it waits for the other that can still arrive', async () => {
    const h = (await KernelHarness.of(inclusive)).start({ x: 2 }).completeTask('a');
    expect(h.active()).toEqual(['b']);
    h.completeTask('b');
    expect(h.active()).toEqual(['after']);
  });

  it('given one branch only, when it arrives, then the join fires without waiting', async () => {
    const h = (await KernelHarness.of(inclusive)).start({ x: 1 }).completeTask('a');
    expect(h.active()).toEqual(['after']);
  });

  it('given a token that leaves elsewhere, when it is consumed, then the waiting join is re-evaluated', async () => {
    const xml = inclusive.replace(
      '<sequenceFlow id="jb" sourceRef="b" targetRef="join"/>',
      `<sequenceFlow id="jb" sourceRef="b" targetRef="route"/><exclusiveGateway id="route" default="toEnd"/>
       <sequenceFlow id="toJoin" sourceRef="route" targetRef="join"><conditionExpression>\${x &gt; 5}</conditionExpression></sequenceFlow>
       <sequenceFlow id="toEnd" sourceRef="route" targetRef="end"/><endEvent id="end"/>`,
    );
    const h = (await KernelHarness.of(xml)).start({ x: 2 }).completeTask('a');
    expect(h.active()).toEqual(['b']);
    h.completeTask('b');
    expect(h.active()).toEqual(['after']);
  });
});

const eventGateway = bpmn(
  `<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="gw"/><eventBasedGateway id="gw"/>
  <sequenceFlow id="fm" sourceRef="gw" targetRef="msg"/><sequenceFlow id="ft" sourceRef="gw" targetRef="timer"/>
  <intermediateCatchEvent id="msg"><messageEventDefinition messageRef="m"/></intermediateCatchEvent>
  <intermediateCatchEvent id="timer"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f1" sourceRef="msg" targetRef="a"/><sequenceFlow id="f2" sourceRef="timer" targetRef="b"/>
  <userTask id="a"/><userTask id="b"/>`,
  '<message id="m" name="go"/>',
);

describe('event-based gateway', () => {
  it('given armed events, when the message arrives, then its branch runs and the timer is cancelled', async () => {
    const h = (await KernelHarness.of(eventGateway)).start();
    expect(Object.values(h.state.subscriptions).map((s) => s.kind).sort()).toEqual(['message', 'timer']);
    h.apply({ type: 'message.correlate', subscriptionId: h.subscription('message', 'go') });
    expect(h.active()).toEqual(['a']);
    expect(Object.keys(h.state.subscriptions)).toEqual([]);
    expect(h.effects.some((e) => e.type === 'timer.cancelled')).toBe(true);
  });

  it('given armed events, when the timer is due first, then the timer branch runs', async () => {
    const h = (await KernelHarness.of(eventGateway)).start().advance(3_600_000);
    expect(h.active()).toEqual(['b']);
    expect(h.activated('a')).toBe(false);
  });
});
