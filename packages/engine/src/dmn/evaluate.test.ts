import { describe, expect, it } from 'vitest';
import { dmnXml, type TableSpec } from './dmn-xml.fixture.js';
import { evaluateDecision, parseDmn } from './index.js';

/** A 市场监管 style discretion benchmark: circumstance → penalty range, with the legal basis per row. */
const benchmark: TableSpec = {
  id: 'benchmark',
  name: '处罚裁量基准',
  hitPolicy: 'UNIQUE',
  inputs: [
    { expression: '情节', typeRef: 'string', label: '违法情节', inputValues: '"轻微","一般","严重"' },
    { expression: '首次违法', typeRef: 'boolean' },
  ],
  outputs: [{ name: '处罚' }, { name: '最高罚款' }],
  annotations: ['法律依据'],
  rules: [
    { id: 'light-first', when: ['"轻微"', 'true'], then: ['"不予处罚"', '0'], notes: ['《行政处罚法》第三十三条'] },
    { id: 'light-again', when: ['"轻微"', 'false'], then: ['"警告"', '0'], notes: ['《广告法》第五十五条'] },
    { id: 'normal', when: ['"一般"', '-'], then: ['"罚款"', '50000'], notes: ['《广告法》第五十五条第一款'] },
    { id: 'serious', when: ['"严重"', '-'], then: ['"罚款"', '200000'], notes: ['《广告法》第五十五条第一款'] },
  ],
};

describe('evaluateDecision', () => {
  it('given a matched rule with an annotation column, then the matched rule carries its legal basis', async () => {
    const model = await parseDmn(dmnXml(benchmark));
    const evaluation = evaluateDecision(model, '处罚裁量基准', { 情节: '轻微', 首次违法: true });
    expect(evaluation).toMatchObject({ ok: true, result: { 处罚: '不予处罚', 最高罚款: 0 } });
    if (!evaluation.ok) return;
    expect(evaluation.matchedRules).toEqual([
      {
        decisionId: 'benchmark',
        decisionName: '处罚裁量基准',
        tableId: 'benchmark-table',
        ruleId: 'light-first',
        ruleIndex: 0,
        annotations: { 法律依据: '《行政处罚法》第三十三条' },
        outputs: { 处罚: '不予处罚', 最高罚款: 0 },
      },
    ]);
    expect(evaluation.decisions).toEqual([
      {
        decisionId: 'benchmark',
        decisionName: '处罚裁量基准',
        logic: 'decisionTable',
        inputs: { 违法情节: '轻微', 首次违法: true },
        result: { 处罚: '不予处罚', 最高罚款: 0 },
        matchedRuleIds: ['light-first'],
      },
    ]);
  });

  it('given an input of the wrong type, when evaluated, then it fails naming the input and the rules considered', async () => {
    const model = await parseDmn(dmnXml(benchmark));
    const evaluation = evaluateDecision(model, 'benchmark', { 情节: '一般', 首次违法: 'yes' });
    expect(evaluation).toMatchObject({ ok: false, decisionId: 'benchmark', ruleIds: ['light-first', 'light-again', 'normal', 'serious'] });
    expect(!evaluation.ok && evaluation.error).toContain("input '首次违法' must be a boolean but is a string");
  });

  it('given a value outside the input values, then it fails instead of silently matching nothing', async () => {
    const model = await parseDmn(dmnXml(benchmark));
    const evaluation = evaluateDecision(model, 'benchmark', { 情节: '特别严重', 首次违法: false });
    expect(evaluation).toMatchObject({ ok: false, decisionId: 'benchmark' });
    expect(!evaluation.ok && evaluation.error).toContain('违法情节');
  });

  it('given null inputs, then typed inputs accept null and FEEL null propagation applies', async () => {
    const model = await parseDmn(dmnXml({ ...benchmark, hitPolicy: 'FIRST' }));
    expect(evaluateDecision(model, 'benchmark', {})).toMatchObject({ ok: true, result: null, matchedRules: [] });
  });

  it('given a decision requiring another decision, then the required one is evaluated first and its result is in scope', async () => {
    const fine: TableSpec = {
      id: 'fine',
      requires: ['benchmark'],
      inputs: [{ expression: '处罚裁量基准.最高罚款', typeRef: 'number' }],
      outputs: [{ name: '罚款' }],
      rules: [
        { id: 'capped', when: ['> 100000'], then: ['100000'] },
        { id: 'as-is', when: ['<= 100000'], then: ['处罚裁量基准.最高罚款'] },
      ],
    };
    const model = await parseDmn(dmnXml(benchmark, fine));
    const evaluation = evaluateDecision(model, 'fine', { 情节: '严重', 首次违法: false });
    expect(evaluation).toMatchObject({ ok: true, result: 100000 });
    if (!evaluation.ok) return;
    expect(evaluation.decisions.map((decision) => decision.decisionId)).toEqual(['benchmark', 'fine']);
    expect(evaluation.matchedRules.map((rule) => `${rule.decisionId}/${rule.ruleId}`)).toEqual(['benchmark/serious', 'fine/capped']);
  });

  it('given an unknown decision, then it fails naming it', async () => {
    const model = await parseDmn(dmnXml(benchmark));
    expect(evaluateDecision(model, 'nope', {})).toMatchObject({ ok: false, decisionId: 'nope' });
  });

  it('given a function among the variables, then FEEL cannot call it', async () => {
    const model = await parseDmn(
      dmnXml({ id: 'call', inputs: [{ expression: 'f(1)' }], outputs: [{ name: 'out' }], rules: [{ id: 'r', when: ['-'], then: ['"ran"'] }] }),
    );
    let called = false;
    const evaluation = evaluateDecision(model, 'call', { f: () => (called = true) });
    expect(called).toBe(false);
    expect(evaluation.ok && evaluation.decisions[0]?.inputs).toEqual({ 'f(1)': null });
  });

  it('given ISO text for a date-typed input, then it is compared as a date', async () => {
    const model = await parseDmn(
      dmnXml({
        id: 'deadline',
        inputs: [{ expression: 'filed', typeRef: 'date' }],
        outputs: [{ name: 'late' }],
        rules: [
          { id: 'late', when: ['> date("2026-01-31")'], then: ['true'] },
          { id: 'in-time', when: ['<= date("2026-01-31")'], then: ['false'] },
        ],
      }),
    );
    expect(evaluateDecision(model, 'deadline', { filed: '2026-02-01' })).toMatchObject({ ok: true, result: true });
    expect(evaluateDecision(model, 'deadline', { filed: 20260201 })).toMatchObject({ ok: false, ruleIds: ['late', 'in-time'] });
  });
});
