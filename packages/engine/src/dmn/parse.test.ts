import { describe, expect, it } from 'vitest';
import { DeployError } from '../errors.js';
import { dmnXml, type TableSpec } from './dmn-xml.fixture.js';
import { evaluateDecision, parseDmn } from './index.js';

const table: TableSpec = {
  id: 'grade',
  name: 'Grade',
  inputs: [{ expression: 'score', typeRef: 'number' }],
  outputs: [{ name: 'grade' }],
  annotations: ['basis'],
  rules: [
    { id: 'pass', when: ['>= 60'], then: ['"pass"'], notes: ['rule 1'] },
    { id: 'fail', when: ['< 60'], then: ['"fail"'], notes: ['rule 2'] },
  ],
};

async function problemsOf(xml: string): Promise<DeployError['problems']> {
  try {
    await parseDmn(xml);
  } catch (error) {
    if (error instanceof DeployError) return error.problems;
    throw error;
  }
  throw new Error('expected a DeployError');
}

describe('parseDmn', () => {
  it('given a table, then the model is plain JSON with decisions by id and name, rules and annotation columns', async () => {
    const model = await parseDmn(dmnXml(table));
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(model.decisionIdsByName).toEqual({ Grade: 'grade' });
    const logic = model.decisions.grade?.logic;
    expect(logic?.type).toBe('decisionTable');
    if (logic?.type !== 'decisionTable') return;
    expect(logic.hitPolicy).toBe('UNIQUE');
    expect(logic.annotationColumns).toEqual(['basis']);
    expect(logic.rules.map((rule) => [rule.id, rule.index, rule.annotations])).toEqual([
      ['pass', 0, { basis: 'rule 1' }],
      ['fail', 1, { basis: 'rule 2' }],
    ]);
  });

  it('given a DMN 1.5 document, then it is read like DMN 1.3', async () => {
    // The TCK's 1.5 files still name the 1.1 schema in xsi:schemaLocation; that must not trigger a 1.1 migration.
    const schema = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.omg.org/spec/DMN/20151101/dmn.xsd dmn.xsd"';
    const model = await parseDmn(dmnXml(table).replace('/DMN/20191111/', '/DMN/20230324/').replace('<definitions ', `<definitions ${schema} `));
    expect(Object.keys(model.decisions)).toEqual(['grade']);
  });

  it('given a Camunda 7 style DMN 1.1 document, then it is migrated and evaluated like DMN 1.3', async () => {
    const dmn11 = dmnXml(table).replace('https://www.omg.org/spec/DMN/20191111/MODEL/', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd');
    const model = await parseDmn(dmn11);
    expect(evaluateDecision(model, 'Grade', { score: 75 })).toMatchObject({ ok: true, result: 'pass' });
  });

  it('given an unknown hit policy, then a DeployError names the table', async () => {
    const problems = await problemsOf(dmnXml({ ...table, hitPolicy: 'SOMETIMES' }));
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'grade-table', reason: "unknown hit policy 'SOMETIMES'" }));
  });

  it('given an input entry that is not FEEL, then a DeployError names the rule', async () => {
    const broken = { ...table, rules: [{ id: 'bad', when: ['>= >= 60'], then: ['"pass"'] }] };
    const problems = await problemsOf(dmnXml(broken));
    expect(problems).toEqual([expect.objectContaining({ elementId: 'bad', elementType: 'dmn:DecisionRule' })]);
    expect(problems[0]?.reason).toContain('rule 1, input 1');
  });

  it('given an output entry that is not FEEL, then a DeployError names the rule', async () => {
    const problems = await problemsOf(dmnXml({ ...table, rules: [{ id: 'bad', when: ['-'], then: ['"pass" +'] }] }));
    expect(problems).toEqual([expect.objectContaining({ elementId: 'bad' })]);
  });

  it('given a requirement on a missing decision, then a DeployError names the decision', async () => {
    const problems = await problemsOf(dmnXml({ ...table, requires: ['ghost'] }));
    expect(problems).toEqual([expect.objectContaining({ elementId: 'grade', reason: "requiredDecision '#ghost' does not name a decision in this model" })]);
  });

  it('given decisions requiring each other, then a DeployError reports the cycle', async () => {
    const problems = await problemsOf(dmnXml({ ...table, requires: ['other'] }, { ...table, id: 'other', name: 'Other', requires: ['grade'], rules: [] }));
    expect(problems).toContainEqual(expect.objectContaining({ reason: 'decision requirements form a cycle' }));
  });

  it('given a decision without logic, a duplicate id or broken XML, then a DeployError', async () => {
    const noLogic = dmnXml(table).replace(/<decisionTable[\s\S]*<\/decisionTable>/, '');
    expect(await problemsOf(noLogic)).toEqual([expect.objectContaining({ elementId: 'grade', reason: expect.stringContaining('no decision logic') })]);
    const duplicate = dmnXml({ ...table, rules: [{ id: 'grade', when: ['-'], then: ['1'] }] });
    expect(await problemsOf(duplicate)).toContainEqual(expect.objectContaining({ elementId: 'grade', reason: expect.stringContaining('duplicate ID') }));
    await expect(parseDmn('<definitions')).rejects.toBeInstanceOf(DeployError);
  });

  it('given COLLECT SUM with two outputs or PRIORITY without output values, then a DeployError', async () => {
    const twoOutputs = { ...table, hitPolicy: 'COLLECT', aggregation: 'SUM', outputs: [{ name: 'a' }, { name: 'b' }], rules: [] };
    expect(await problemsOf(dmnXml(twoOutputs))).toContainEqual(expect.objectContaining({ reason: 'aggregation SUM needs exactly one output column' }));
    expect(await problemsOf(dmnXml({ ...table, hitPolicy: 'PRIORITY' }))).toContainEqual(
      expect.objectContaining({ reason: 'hit policy PRIORITY needs output values on at least one output column' }),
    );
  });
});
