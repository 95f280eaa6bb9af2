import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate, evaluateCondition, type ExpressionKind } from './index.js';

/** Runs one evaluation and asserts it failed cleanly and quickly. */
function expectQuickFailure(kind: ExpressionKind, source: string, variables: Record<string, unknown> = {}): string {
  const started = performance.now();
  const result = evaluate(kind, source, variables);
  expect(performance.now() - started).toBeLessThan(1000);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('hostile FEEL', () => {
  test('given huge or never-ending ranges, when evaluated, then the budget stops them', () => {
    expect(expectQuickFailure('feel', 'for i in 1..100000000 return i')).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'count(for i in 1..100000000 return i)')).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'for i in [1..1000000000] return i')).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'for i in 1..n return i', { n: 1e12 })).toMatch(/budget/);
    // feelin alone never ends here: it steps by 1 looking for 1.5
    expect(expectQuickFailure('feel', 'count(for i in 1..1.5 return i)')).toMatch(/integer bounds/);
  });

  test('given nested loops and quadratic work, when evaluated, then the work is charged per inner run', () => {
    const l = numbers(1000);
    expect(expectQuickFailure('feel', 'for a in l, b in l, c in l return 1', { l })).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'for a in l return for b in l return a + b', { l })).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'for a in l return list contains(l, a)', { l: numbers(10000) })).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'count(l[item = max(l)])', { l: numbers(10000) })).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'distinct values(l)', { l: numbers(10000) })).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'string join(for i in 1..10000 return s)', { s: 'x'.repeat(100_000) })).toMatch(/budget/);
    expect(expectQuickFailure('feel', 'sort(l, function(a, b) a < b)', { l: numbers(10000) })).toMatch(/budget/);
  });

  test('given recursion and backtracking patterns, when checked or evaluated, then they are refused', () => {
    expect(expectQuickFailure('feel', '{f: function(n) f(n) + f(n)}.f(1)')).toMatch(/user-defined/);
    expect(expectQuickFailure('feel', 'matches(s, "(a+)+$")', { s: `${'a'.repeat(40)}!` })).toMatch(/backtracking/);
    expect(expectQuickFailure('feel', 'matches(s, "(a|aa)*$")', { s: `${'a'.repeat(40)}!` })).toMatch(/backtracking/);
    expect(expectQuickFailure('feel', 'matches(s, p)', { s: 'a', p: '(a+)+$' })).toMatch(/string literal/);
    expect(expectQuickFailure('feel', 'replace(s, "(a)\\\\1", "")', { s: 'a' })).toMatch(/back-references/);
  });

  test('given functions inside variables, when an expression tries to call them, then they are never called', () => {
    let calls = 0;
    const spy = () => {
      calls += 1;
      return 'called';
    };
    const variables = { f: spy, x: { f: spy, nested: [{ g: spy }] } };
    for (const source of ['f()', 'x.f()', 'x.nested[1].g()', 'f', 'x.f']) {
      const result = evaluate('feel', source, variables);
      expect(result.ok ? result.value : null).not.toBe('called');
    }
    expect(calls).toBe(0);
  });

  test('given prototype-reaching names, when evaluated, then nothing of Object.prototype is reachable', () => {
    const variables = { x: {}, polluted: JSON.parse('{"__proto__": {"admin": true}, "ok": 1}') as unknown };
    for (const source of ['x.constructor', 'x.__proto__', '"abc".constructor', 'get value(x, "constructor")', 'polluted.admin']) {
      expect(evaluate('feel', source, variables)).toEqual({ ok: true, value: null });
    }
    expect(evaluate('feel', 'polluted', variables)).toEqual({ ok: true, value: { ok: 1 } });
    expect(evaluate('feel', 'context put({}, "__proto__", {admin: true}).admin', {})).toEqual({ ok: true, value: null });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test('given deep nesting, long sources and cyclic variables, when evaluated, then a clean error', () => {
    expect(expectQuickFailure('feel', `${'('.repeat(100_000)}1${')'.repeat(100_000)}`)).toMatch(/longer than/);
    expect(expectQuickFailure('feel', `${'('.repeat(4000)}1${')'.repeat(4000)}`)).toMatch(/nested deeper/);
    expect(expectQuickFailure('feel', `${'-'.repeat(9000)}1`)).toMatch(/nested deeper/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(expectQuickFailure('feel', 'c.self.self', { c: cyclic })).toMatch(/nested deeper/);
  });
});

describe('hostile JUEL', () => {
  test('given attempts to reach the Function constructor, when checked or evaluated, then they fail', () => {
    const vars = { a: {}, s: 'x', l: [] };
    expect(expectQuickFailure('juel', "${a.constructor.constructor('return 1')()}", vars)).toMatch(/method calls are not supported/);
    expect(expectQuickFailure('juel', '${a.constructor}', vars)).toMatch(/not accessible/);
    expect(expectQuickFailure('juel', "${a['__proto__']}", vars)).toMatch(/not accessible/);
    expect(expectQuickFailure('juel', "${s['constructor']}", vars)).toMatch(/not accessible/);
    expect(expectQuickFailure('juel', '${l.prototype}', vars)).toMatch(/not accessible/);
    expect(expectQuickFailure('juel', '${constructor}', vars)).toMatch(/Cannot resolve identifier 'constructor'/);
    expect(expectQuickFailure('juel', '${toString}', vars)).toMatch(/Cannot resolve identifier 'toString'/);
    expect(expectQuickFailure('juel', '${s.toString()}', vars)).toMatch(/method calls/);
    expect(expectQuickFailure('juel', '${(a)(1)}', vars)).toMatch(/computed value/);
  });

  test('given functions inside variables, when an expression tries to call them, then they are never called', () => {
    let calls = 0;
    const spy = () => {
      calls += 1;
      return 'called';
    };
    for (const source of ['${f()}', '${x.f()}', '${f}', '${x.f}', '${x["f"]}']) {
      const result = evaluate('juel', source, { f: spy, x: { f: spy } });
      expect(result.ok ? result.value : null).not.toBe('called');
    }
    expect(calls).toBe(0);
  });

  test('given nesting 100k deep, when evaluated, then an error, not a stack overflow', () => {
    expect(expectQuickFailure('juel', `\${${'('.repeat(100_000)}1${')'.repeat(100_000)}}`)).toMatch(/longer than/);
    expect(expectQuickFailure('juel', `\${${'('.repeat(4000)}1${')'.repeat(4000)}}`)).toMatch(/nested deeper/);
    expect(expectQuickFailure('juel', `\${${'!'.repeat(9000)}true}`)).toMatch(/nested deeper/);
    expect(expectQuickFailure('juel', `\${${'1+'.repeat(3000)}1}`)).toMatch(/nested deeper/);
    expect(expectQuickFailure('juel', `\${${'a.'.repeat(3000)}b}`, { a: {} })).toMatch(/nested deeper/);
  });

  test('given many parts in a template, when evaluated, then the step budget bounds the work', () => {
    const source = '${a}'.repeat(2000);
    expect(evaluate('juel', source, { a: 1 }, { maxSteps: 1000 })).toEqual({ ok: false, error: expect.stringMatching(/budget/) });
    expect(evaluate('juel', source, { a: 1 })).toEqual({ ok: true, value: '1'.repeat(2000) });
  });
});

describe('evaluate never throws', () => {
  const alphabet = [
    '${', '#{', '}', '(', ')', '[', ']', '.', ',', '?', ':', '"', "'", '\\', '=', '==', '!', '&&', '||', '+', '-', '*', '/',
    '..', 'for ', ' in ', ' return ', 'some ', 'every ', ' satisfies ', 'function(x) ', 'a', 'l', 'constructor', '__proto__',
    'execution.getVariable', 'empty ', 'not ', '1', '0.5', 'null', 'true', ' ', 'matches', 'date(', 'count(', '{', 'x:',
  ];
  const tokens = fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }).map((parts) => parts.join(''));
  const variables = { a: { b: 1 }, l: [1, 2, 3], s: 'text', f: () => 1 };

  test('given 2,000 random strings per language, when evaluated, then a result object comes back every time', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), tokens), fc.constantFrom<ExpressionKind>('feel', 'juel'), (source, kind) => {
        const result = evaluate(kind, source, variables);
        const condition = evaluateCondition(kind, source, variables);
        return typeof result.ok === 'boolean' && typeof condition.ok === 'boolean';
      }),
      { numRuns: 4000, seed: 20261127 },
    );
  });
});
