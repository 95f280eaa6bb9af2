import { describe, expect, it } from 'vitest';
import { DeployError, ModelTooLargeError } from '../errors.js';
import { bpmn } from '../kernel/harness.js';
import { compileBpmn } from './compile.js';

async function problemsOf(xml: string): Promise<{ elementId?: string; reason: string; line?: number }[]> {
  try {
    await compileBpmn(xml);
  } catch (error) {
    if (error instanceof DeployError) return [...error.problems];
    throw error;
  }
  return [];
}

const simple = (middle: string) => bpmn(`<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="x"/>${middle}`);

describe('compileBpmn', () => {
  it('given an unsupported element, when deployed, then it is refused naming the element and its type', async () => {
    const problems = await problemsOf(simple('<complexGateway id="x"/>'));
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'x', reason: expect.stringContaining('bpmn:ComplexGateway') }));
  });

  it('given a duplicate id, when deployed, then it is refused naming the id with its line', async () => {
    const problems = await problemsOf(simple('<userTask id="x"/><userTask id="x"/>'));
    expect(problems[0]).toMatchObject({ elementId: 'x', line: expect.any(Number) });
  });

  it('given a flow to a missing element, when deployed, then the broken reference is named', async () => {
    const problems = await problemsOf(bpmn('<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="ghost"/>'));
    expect(problems.map((p) => p.elementId)).toContain('f0');
  });

  it('given an unknown element in a BPMN namespace, when deployed, then it is refused', async () => {
    expect((await problemsOf(simple('<userTask id="x"/><fancyThing id="y"/>'))).length).toBeGreaterThan(0);
  });

  it('given a JavaScript condition, when deployed, then the flow is named: the engine never runs scripts', async () => {
    const problems = await problemsOf(simple(`<userTask id="x"/><sequenceFlow id="js" sourceRef="x" targetRef="e">
      <conditionExpression language="javascript">next(null, true)</conditionExpression></sequenceFlow><endEvent id="e"/>`));
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((p) => p.elementId))).toEqual(new Set(['js']));
  });

  it('given a Groovy script task, when deployed, then it is refused', async () => {
    expect(await problemsOf(simple('<scriptTask id="x" scriptFormat="groovy"><script>1</script></scriptTask>'))).toEqual([expect.objectContaining({ elementId: 'x' })]);
  });

  it('given a JUEL syntax error, when deployed, then the flow is named', async () => {
    const problems = await problemsOf(simple(`<userTask id="x"/><sequenceFlow id="bad" sourceRef="x" targetRef="e">
      <conditionExpression>\${a ==}</conditionExpression></sequenceFlow><endEvent id="e"/>`));
    expect(problems.map((p) => p.elementId)).toEqual(['bad']);
  });

  it('given absurd nesting, when deployed, then it is refused before parsing instead of overflowing the stack', async () => {
    const deep = `${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}`;
    await expect(compileBpmn(deep)).rejects.toThrow(ModelTooLargeError);
  });

  it('given a model over the size limit, when deployed, then it is refused', async () => {
    await expect(compileBpmn(`<x>${' '.repeat(6 * 1024 * 1024)}</x>`)).rejects.toThrow(ModelTooLargeError);
  });

  it('given zeebe and camunda extensions, when compiled, then they are normalised into one shape', async () => {
    const compiled = await compileBpmn(simple(`<userTask id="x" camunda:assignee="\${a}" camunda:candidateGroups="g1,g2" camunda:dueDate="P2D">
      <extensionElements><zhifa:deadline duration="P5D" calendar="working"><zhifa:reminder before="P1D"/><zhifa:escalation after="P1D" to="chief"/></zhifa:deadline></extensionElements></userTask>
      <sequenceFlow id="f1" sourceRef="x" targetRef="z"/><serviceTask id="z"><extensionElements><zeebe:taskDefinition type="mail" retries="5"/>
      <zeebe:ioMapping><zeebe:input source="= a" target="b"/></zeebe:ioMapping></extensionElements></serviceTask>`));
    const nodes = compiled.byId.p?.nodes ?? {};
    expect(nodes.x?.assignment).toMatchObject({ assignee: { kind: 'juel' }, candidateGroups: { kind: 'literal', value: 'g1,g2' } });
    expect(nodes.x?.deadline).toEqual({
      duration: 'P5D',
      durationExpr: { kind: 'literal', value: 'P5D' },
      calendar: 'working',
      reminders: [{ before: 'P1D', every: undefined }],
      escalations: [{ after: 'P1D', to: 'chief' }],
    });
    expect(nodes.z?.job).toEqual({ type: { kind: 'literal', value: 'mail' }, retries: 5 });
    expect(nodes.z?.io?.inputs).toEqual([{ source: { kind: 'feel', source: 'a' }, target: 'b' }]);
    expect(Object.isFrozen(compiled.byId.p)).toBe(true);
  });

  it('given zhifa:deadline on a subprocess, when deployed, then it is refused naming the subprocess (it would be ignored)', async () => {
    const problems = await problemsOf(simple(`<subProcess id="sp"><extensionElements><zhifa:deadline duration="P5D" calendar="working"/></extensionElements>
      <startEvent id="s2"/><sequenceFlow id="f2" sourceRef="s2" targetRef="e2"/><endEvent id="e2"/></subProcess>`));
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'sp', reason: expect.stringContaining('zhifa:deadline is supported on user tasks only') }));
  });

  it('given zhifa:deadline on the process, when deployed, then it is refused naming the process', async () => {
    const xml = simple('<endEvent id="x"/>').replace('<process id="p" isExecutable="true">', '<process id="p" isExecutable="true"><extensionElements><zhifa:deadline duration="P30D"/></extensionElements>');
    expect(xml).toContain('<zhifa:deadline');
    expect(await problemsOf(xml)).toContainEqual(expect.objectContaining({ elementId: 'p', reason: expect.stringContaining('user tasks only') }));
  });

  it('given camunda extensions bound to the legacy activiti namespace and blanks around =, when compiled, then they are read', async () => {
    const xml = simple('<scriptTask id="x" scriptFormat="juel" activiti:resultVariable ="r"><script>${1}</script></scriptTask>')
      .replace('xmlns:camunda=', 'xmlns:activiti="http://activiti.org/bpmn" xmlns:camunda=');
    expect((await compileBpmn(xml)).byId.p?.nodes.x?.script?.resultVariable).toBe('r');
  });

  it('given a conditional start event on a process, when deployed, then it is refused (nothing would ever arm it)', async () => {
    const problems = await problemsOf(bpmn(`<startEvent id="cs"><conditionalEventDefinition><condition>\${x}</condition></conditionalEventDefinition></startEvent>`));
    expect(problems).toEqual([expect.objectContaining({ elementId: 'cs' })]);
  });

  it('given a working-day timer, when compiled, then the calendar flag is kept', async () => {
    const compiled = await compileBpmn(simple(`<intermediateCatchEvent id="x"><timerEventDefinition><extensionElements><zhifa:timerCalendar calendar="working"/></extensionElements>
      <timeDuration>P3D</timeDuration></timerEventDefinition></intermediateCatchEvent>`));
    expect(compiled.byId.p?.nodes.x?.event).toMatchObject({ kind: 'timer', workingCalendar: true });
  });
});
