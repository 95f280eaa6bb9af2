import { describe, expect, test } from 'vitest';
import { evaluate } from './index.js';

const feel = (source: string, variables: Record<string, unknown> = {}) => evaluate('feel', source, variables);

describe('FEEL values', () => {
  test('given numbers and variables, when evaluated, then FEEL arithmetic and precedence apply', () => {
    expect(feel('loopAmount + 1', { loopAmount: 4 })).toEqual({ ok: true, value: 5 });
    expect(feel('1 + 2 * 3 ** 2')).toEqual({ ok: true, value: 19 });
    expect(feel('(1 + 2) * 3')).toEqual({ ok: true, value: 9 });
    expect(feel('"a" + "b"')).toEqual({ ok: true, value: 'ab' });
  });

  test('given names with spaces, when evaluated, then they resolve as in Camunda', () => {
    expect(feel('order total > 100', { 'order total': 150 })).toEqual({ ok: true, value: true });
  });

  test('given contexts, lists and filters, when evaluated, then results are plain JSON', () => {
    expect(feel('{a: 1, b: [1, 2][item > 1]}')).toEqual({ ok: true, value: { a: 1, b: [2] } });
    expect(feel('applicant.address.city', { applicant: { address: { city: '杭州' } } })).toEqual({ ok: true, value: '杭州' });
    expect(feel('for x in items return x.qty * 2', { items: [{ qty: 1 }, { qty: 3 }] })).toEqual({ ok: true, value: [2, 6] });
    expect(feel('some x in [1, 5] satisfies x > 4')).toEqual({ ok: true, value: true });
  });

  test('given temporal results, when evaluated, then they come back as ISO-8601 strings', () => {
    expect(feel('date("2026-01-30") + duration("P3D")')).toEqual({ ok: true, value: '2026-02-02' });
    expect(feel('date and time("2026-01-01T10:00:00Z")')).toEqual({ ok: true, value: '2026-01-01T10:00:00Z' });
    expect(feel('time("08:30:00")')).toEqual({ ok: true, value: '08:30:00' });
    expect(feel('duration("P1D") + duration("PT2H")')).toEqual({ ok: true, value: 'P1DT2H' });
    expect(feel('date(d) > date("2026-01-01")', { d: '2026-03-01' })).toEqual({ ok: true, value: true });
  });

  test('given null handling, when evaluated, then FEEL semantics give null rather than errors', () => {
    expect(feel('missing')).toEqual({ ok: true, value: null });
    expect(feel('1 / 0')).toEqual({ ok: true, value: null });
    expect(feel('x + 1', { x: 'a' })).toEqual({ ok: true, value: null });
    expect(feel('x', { x: undefined })).toEqual({ ok: true, value: null });
  });

  test('given results without a JSON form, when evaluated, then an error is returned', () => {
    expect(feel('[1..3]').ok).toBe(false);
    expect(feel('10 ** 400').ok).toBe(false);
  });

  test('given now() without an engine clock, when evaluated, then it fails instead of reading the system time', () => {
    expect(feel('now()')).toEqual({ ok: false, error: expect.stringContaining('engine clock') });
    expect(feel('today()')).toEqual({ ok: false, error: expect.stringContaining('engine clock') });
  });

  test('given the engine clock as functions, when now()/today() are used, then FEEL temporal arithmetic works', () => {
    const functions = { now: () => '2026-01-01T00:00:00Z', today: () => '2026-01-01' };
    expect(evaluate('feel', 'now() + duration("PT1H")', {}, { functions })).toEqual({ ok: true, value: '2026-01-01T01:00:00Z' });
    expect(evaluate('feel', 'today() + duration("P1D")', {}, { functions })).toEqual({ ok: true, value: '2026-01-02' });
  });

  test('given loops over variables and literal ranges, when evaluated, then ranges iterate inclusively in either direction', () => {
    expect(feel('for i in 1..n return i', { n: 3 })).toEqual({ ok: true, value: [1, 2, 3] });
    expect(feel('for i in 3..1 return i')).toEqual({ ok: true, value: [3, 2, 1] });
    expect(feel('for i in [1..4) return i')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(feel('for i in 1..n return i', { n: null })).toEqual({ ok: true, value: null });
  });

  test('given safe regular expressions, when used, then matches/replace/split work', () => {
    expect(feel('matches(code, "^[A-Z]{2}-\\\\d+$")', { code: 'ZF-12' })).toEqual({ ok: true, value: true });
    expect(feel('replace("a-b-c", "-", "/")')).toEqual({ ok: true, value: 'a/b/c' });
    expect(feel('split("a,b", ",")')).toEqual({ ok: true, value: ['a', 'b'] });
  });
});

describe('FEEL names', () => {
  test('given variables named like builtins, when the builtin is called, then the builtin still runs', () => {
    expect(feel('count(items) + sum(items)', { count: 99, sum: 'x', items: [1, 2] })).toEqual({ ok: true, value: 5 });
    expect(feel('count + 1', { count: 99 })).toEqual({ ok: true, value: 100 });
  });

  test('given a caller function with spaces in its name, when called, then it resolves', () => {
    const functions = { 'add working days': (d: unknown, n: unknown) => `${String(d)}+${String(n)}` };
    expect(evaluate('feel', 'add working days("2026-01-05", 2)', {}, { functions })).toEqual({ ok: true, value: '2026-01-05+2' });
  });
});

describe('FEEL functions written in the expression', () => {
  test('given an anonymous ordering for sort, when evaluated, then it sorts', () => {
    expect(feel('sort(l, function(a, b) a > b)', { l: [1, 3, 2] })).toEqual({ ok: true, value: [3, 2, 1] });
    expect(feel('sort(list: l, precedes: function(a, b) a.age < b.age).name', { l: [{ name: 'x', age: 9 }, { name: 'y', age: 2 }] }))
      .toEqual({ ok: true, value: ['y', 'x'] });
  });

  test('given a function anywhere else, when checked, then it is refused (it could recurse)', () => {
    for (const source of ['{f: function(n) f(n)}.f(1)', 'zhifaArg(function(f) f(f), 1)(zhifaArg(function(f) f(f), 1))', '[function(x) x]']) {
      expect(feel(source)).toEqual({ ok: false, error: expect.stringContaining('only supported as the ordering of sort()') });
    }
  });
});

describe('FEEL names in Chinese', () => {
  test('given variables with Chinese names, when referenced, then they resolve', () => {
    expect(feel('金额 > 100 and 当事人.姓名 = "张三"', { 金额: 200, 当事人: { 姓名: '张三' } })).toEqual({ ok: true, value: true });
  });
});
