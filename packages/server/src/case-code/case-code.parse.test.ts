import { describe, expect, it } from 'vitest';
import { parseAppliedBenchmark, parseCaseSteps } from './case-code.parse.js';

const BENCHMARK = {
  tableName: '市场监管行政处罚裁量基准',
  decisionId: 'food-penalty',
  version: 2,
  ruleId: 'r2',
  ruleIndex: 1,
  legalBasis: '《食品安全法》第一百二十四条',
  outputs: { 情节: '一般', 罚款: [5000, 20000] },
};

describe('parseAppliedBenchmark', () => {
  it('given the process variable of a business rule task then it is read as the benchmark applied', () => {
    expect(parseAppliedBenchmark(BENCHMARK)).toEqual(BENCHMARK);
  });

  it('given no legal basis and no outputs then they default to null and empty', () => {
    const { legalBasis: _l, outputs: _o, ...rest } = BENCHMARK;
    expect(parseAppliedBenchmark(rest)).toEqual({ ...rest, legalBasis: null, outputs: {} });
  });

  it.each([
    ['not an object', 'benchmark'],
    ['an array', [BENCHMARK]],
    ['version 0', { ...BENCHMARK, version: 0 }],
    ['a fractional row', { ...BENCHMARK, ruleIndex: 1.5 }],
    ['a numeric table name', { ...BENCHMARK, tableName: 7 }],
    ['a function among the outputs', { ...BENCHMARK, outputs: { f: () => 1 } }],
    ['a date among the outputs', { ...BENCHMARK, outputs: { d: new Date() } }],
    ['an infinite output', { ...BENCHMARK, outputs: { x: Infinity } }],
    ['outputs that are a list', { ...BENCHMARK, outputs: [1, 2] }],
  ])('given %s then it is refused', (_label, value) => {
    expect(parseAppliedBenchmark(value)).toBeNull();
  });

  it('given a __proto__ key among the outputs then it stays a plain own key and pollutes nothing', () => {
    const parsed = parseAppliedBenchmark(JSON.parse(JSON.stringify(BENCHMARK).replace('"情节":"一般"', '"__proto__":{"polluted":true}')));
    expect(parsed).not.toBeNull();
    expect(Object.hasOwn(parsed!.outputs, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed!.outputs)).toBe(Object.prototype);
    expect(Reflect.get(parsed!.outputs, 'polluted')).toBeUndefined();
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });
});

describe('parseCaseSteps', () => {
  it('given steps with ISO dates then they are read in order', () => {
    const steps = [
      { activityName: '立案', completedAt: '2026-11-02T01:30:00Z' },
      { activityName: '审核', completedAt: '2026-11-03T01:30:00Z' },
    ];
    expect(parseCaseSteps(steps)).toEqual(steps);
  });

  it.each([[null], [[{ activityName: '立案' }]], [[{ activityName: 1, completedAt: '2026-11-02' }]], [[{ activityName: 'x', completedAt: 'soon' }]]])(
    'given %j then it is refused',
    (value) => {
      expect(parseCaseSteps(value)).toBeNull();
    },
  );
});
