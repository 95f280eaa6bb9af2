import { describe, expect, it } from 'vitest';
import { dmnXml, type TableSpec } from './dmn-xml.fixture.js';
import { evaluateDecision, parseDmn } from './index.js';

/** Age-based table: rules r1 (>= 18), r2 (>= 12), r3 (any) overlap, so several policies can be told apart. */
function ageTable(hitPolicy: string, extra: Partial<TableSpec> = {}): TableSpec {
  return {
    id: 'age',
    hitPolicy,
    inputs: [{ expression: 'age', typeRef: 'number' }],
    outputs: [{ name: 'category', outputValues: '"child", "teen", "adult"' }],
    rules: [
      { id: 'r1', when: ['>= 18'], then: ['"adult"'] },
      { id: 'r2', when: ['>= 12'], then: ['"teen"'] },
      { id: 'r3', when: ['-'], then: ['"child"'] },
    ],
    ...extra,
  };
}

async function evaluate(spec: TableSpec, variables: Record<string, unknown>) {
  const model = await parseDmn(dmnXml(spec));
  return evaluateDecision(model, spec.id ?? 'decision0', variables);
}

function ruleIds(evaluation: Awaited<ReturnType<typeof evaluate>>): readonly string[] {
  return evaluation.ok ? evaluation.matchedRules.map((rule) => rule.ruleId) : [];
}

describe('hit policies', () => {
  it('UNIQUE: given exactly one matching rule, then its output is the result', async () => {
    const spec = ageTable('UNIQUE', { rules: [{ id: 'r1', when: ['>= 18'], then: ['"adult"'] }, { id: 'r2', when: ['< 18'], then: ['"minor"'] }] });
    const evaluation = await evaluate(spec, { age: 20 });
    expect(evaluation).toMatchObject({ ok: true, result: 'adult' });
    expect(ruleIds(evaluation)).toEqual(['r1']);
  });

  it('UNIQUE: given two matching rules, when evaluated, then it fails naming both rule ids', async () => {
    const evaluation = await evaluate(ageTable('UNIQUE'), { age: 20 });
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    expect(evaluation.ruleIds).toEqual(['r1', 'r2', 'r3']);
    expect(evaluation.error).toContain('r1');
    expect(evaluation.decisionId).toBe('age');
  });

  it('FIRST: given overlapping rules, then the first match in rule order wins', async () => {
    const evaluation = await evaluate(ageTable('FIRST'), { age: 13 });
    expect(evaluation).toMatchObject({ ok: true, result: 'teen' });
    expect(ruleIds(evaluation)).toEqual(['r2']);
  });

  it('PRIORITY: given several matches, then the output ranked first in outputValues wins', async () => {
    const evaluation = await evaluate(ageTable('PRIORITY'), { age: 30 });
    expect(evaluation).toMatchObject({ ok: true, result: 'child' });
    expect(ruleIds(evaluation)).toEqual(['r3']);
  });

  it('ANY: given matches with equal outputs, then that output; with different outputs, a failure naming them', async () => {
    const same = ageTable('ANY', { rules: [{ id: 'a', when: ['> 1'], then: ['"x"'] }, { id: 'b', when: ['> 2'], then: ['"x"'] }] });
    expect(await evaluate(same, { age: 5 })).toMatchObject({ ok: true, result: 'x' });
    const conflict = await evaluate(ageTable('ANY'), { age: 20 });
    expect(conflict).toMatchObject({ ok: false, ruleIds: ['r1', 'r2', 'r3'] });
  });

  it('RULE ORDER: then all matches as a list in rule order, a list even for one match', async () => {
    expect(await evaluate(ageTable('RULE ORDER'), { age: 20 })).toMatchObject({ ok: true, result: ['adult', 'teen', 'child'] });
    expect(await evaluate(ageTable('RULE ORDER'), { age: 3 })).toMatchObject({ ok: true, result: ['child'] });
  });

  it('OUTPUT ORDER: then all matches sorted by outputValues, duplicates kept', async () => {
    const spec = ageTable('OUTPUT ORDER', { rules: [...ageTable('').rules, { id: 'r4', when: ['> 0'], then: ['"child"'] }] });
    const evaluation = await evaluate(spec, { age: 20 });
    expect(evaluation).toMatchObject({ ok: true, result: ['child', 'child', 'teen', 'adult'] });
    expect(ruleIds(evaluation)).toEqual(['r3', 'r4', 'r2', 'r1']);
  });

  it('COLLECT: then the list of outputs; with SUM, MIN, MAX and COUNT the aggregate', async () => {
    const fines = (aggregation?: string): TableSpec => ({
      id: 'fine',
      hitPolicy: 'COLLECT',
      ...(aggregation ? { aggregation } : {}),
      inputs: [{ expression: 'amount', typeRef: 'number' }],
      outputs: [{ name: 'fine' }],
      rules: [
        { id: 'f1', when: ['> 0'], then: ['100'] },
        { id: 'f2', when: ['> 1000'], then: ['500'] },
        { id: 'f3', when: ['> 5000'], then: ['500'] },
      ],
    });
    expect(await evaluate(fines(), { amount: 6000 })).toMatchObject({ ok: true, result: [100, 500, 500] });
    expect(await evaluate(fines('SUM'), { amount: 6000 })).toMatchObject({ ok: true, result: 1100 });
    expect(await evaluate(fines('MIN'), { amount: 6000 })).toMatchObject({ ok: true, result: 100 });
    expect(await evaluate(fines('MAX'), { amount: 6000 })).toMatchObject({ ok: true, result: 500 });
    expect(await evaluate(fines('COUNT'), { amount: 6000 })).toMatchObject({ ok: true, result: 2 });
    expect(await evaluate(fines('SUM'), { amount: -1 })).toMatchObject({ ok: true, result: null });
  });

  it('given no matching rule, then the default output entries, else null', async () => {
    const spec = ageTable('UNIQUE', {
      outputs: [{ name: 'category', defaultOutputEntry: '"unknown"' }, { name: 'fee', defaultOutputEntry: '0' }],
      rules: [{ id: 'r1', when: ['>= 18'], then: ['"adult"', '10'] }],
    });
    expect(await evaluate(spec, { age: 3 })).toMatchObject({ ok: true, result: { category: 'unknown', fee: 0 }, matchedRules: [] });
    const noDefault = ageTable('UNIQUE', { rules: [{ id: 'r1', when: ['>= 18'], then: ['"adult"'] }] });
    expect(await evaluate(noDefault, { age: 3 })).toMatchObject({ ok: true, result: null });
  });

  it('given several outputs, then the result is a context keyed by output name', async () => {
    const spec = ageTable('UNIQUE', {
      outputs: [{ name: 'category' }, { name: 'fee' }],
      rules: [{ id: 'r1', when: ['>= 18'], then: ['"adult"', 'age * 2'] }],
    });
    const evaluation = await evaluate(spec, { age: 40 });
    expect(evaluation).toMatchObject({ ok: true, result: { category: 'adult', fee: 80 } });
    expect(evaluation.ok && evaluation.matchedRules[0]?.outputs).toEqual({ category: 'adult', fee: 80 });
  });
});
