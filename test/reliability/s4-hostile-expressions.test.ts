/**
 * S4: hostile FEEL/JUEL in models (conditions and scripts touching `constructor`/`__proto__`, method calls,
 * huge loops) and hostile variables. Each ends as a deploy error, an incident, or a harmless value —
 * never a hang (each command under 1 s), never an escape (Object.prototype untouched).
 */
import { DeployError } from '@zhifa/engine';
import { createTestEngine } from '@zhifa/testing';
import { describe, expect, it } from 'vitest';

const defs = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** start → script (expression) → user task → end */
const scriptModel = (expr: string): string =>
  defs(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="script" />
<bpmn:scriptTask id="script"><bpmn:extensionElements><zeebe:script expression="${escapeXml(expr)}" resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:sequenceFlow id="f2" sourceRef="script" targetRef="t" /><bpmn:userTask id="t" /><bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="e" /><bpmn:endEvent id="e" />`);

/** start → XOR (condition or default) → user task a | b */
const conditionModel = (expr: string): string =>
  defs(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw" />
<bpmn:exclusiveGateway id="gw" default="fb" />
<bpmn:sequenceFlow id="fa" sourceRef="gw" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(expr)}</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="fb" sourceRef="gw" targetRef="b" />
<bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:sequenceFlow id="fa2" sourceRef="a" targetRef="e" /><bpmn:sequenceFlow id="fb2" sourceRef="b" targetRef="e" /><bpmn:endEvent id="e" />`);

const hostile = [
  '=constructor',
  '=__proto__',
  '=x.constructor',
  '=x.__proto__',
  '=x.constructor.constructor("return process")()',
  '=string(x).constructor.name',
  '=for i in 1..100000000 return i',
  '=count(for i in 1..10000 return for j in 1..10000 return j)',
  '=sum(for i in 1..1000000000 return i) > 0',
  '=every i in 1..1000000000 satisfies i > 0',
  '=function(a) a(a)',
  '=(function(f) f(f))(function(f) f(f))',
  '=matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")',
  '${x.getClass().forName("java.lang.Runtime")}',
  '${x.constructor.constructor("return process")()}',
  "${execution.getVariable('__proto__')}",
  `=${'('.repeat(5000)}1${')'.repeat(5000)}`,
];

describe('S4 hostile expressions and variables', () => {
  it('given hostile scripts and conditions, when deployed and run, then each is a deploy error, an incident or a harmless value, within 1 s', async () => {
    const tally: Record<string, number> = {};
    const slow: string[] = [];
    let slowest = 0;
    for (const expr of hostile) {
      for (const model of [scriptModel(expr), conditionModel(expr)]) {
        const t = createTestEngine({ start: '2026-03-02T01:00:00.000Z' });
        const started = performance.now();
        let outcome: string;
        try {
          await t.engine.deploy(model);
          const { instanceId } = await t.engine.startProcess('p', { variables: { x: { nested: 'plain' } } });
          const incidents = await t.store.listIncidents({ instanceId });
          const r = (await t.engine.inspect(instanceId)).variables['r'];
          // A script that "ran" may only have produced plain data: never a function, never a host object.
          const leaked = r !== undefined && r !== null && (typeof r === 'function' || (typeof r === 'object' && !Array.isArray(r)));
          outcome = incidents.length > 0 ? `incident:${incidents[0]?.kind ?? ''}` : leaked ? 'LEAKED' : 'ran';
        } catch (error) {
          outcome = error instanceof DeployError ? 'deploy-error' : `other:${error instanceof Error ? error.constructor.name : typeof error}`;
        }
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        if (ms > 1000) slow.push(`${expr.slice(0, 60)}: ${Math.round(ms)} ms`);
        tally[outcome] = (tally[outcome] ?? 0) + 1;
      }
    }
    const polluted = Object.keys(Object.prototype).length + Object.keys(Array.prototype).length;
    console.log(`S4: ${hostile.length * 2} hostile expressions in scripts/conditions → ${JSON.stringify(tally)}; slowest ${Math.round(slowest)} ms; prototype keys added ${polluted}`);
    expect(slow).toEqual([]);
    expect(polluted).toBe(0);
    expect(Object.keys(tally).filter((k) => k.startsWith('other:') || k === 'LEAKED')).toEqual([]);
    expect(tally['incident:EXPRESSION_FAILED'] ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('given variables carrying __proto__ and constructor keys, when a condition reads them, then nothing is polluted and the default flow is taken', async () => {
    const t = createTestEngine();
    await t.engine.deploy(conditionModel('=x.polluted = true'));
    const variables = JSON.parse('{"x":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}') as Record<string, never>;
    const started = performance.now();
    const outcome = await t.engine.startProcess('p', { variables }).then(
      async ({ instanceId }) => (await t.store.listTasks({ instanceId })).map((task) => task.elementId).join(','),
      (error: unknown) => (error instanceof Error && 'code' in error ? String(error.code) : 'crash'),
    );
    const probe: Record<string, unknown> = {};
    console.log(`S4: __proto__/constructor variables → ${outcome} in ${Math.round(performance.now() - started)} ms; global pollution ${String(probe['polluted'] ?? 'none')}`);
    expect(probe['polluted']).toBeUndefined();
    expect(['b', 'INVALID_INPUT']).toContain(outcome);
  });
});
