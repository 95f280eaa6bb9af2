import { describe, expect, test } from 'vitest';
import { checkSyntax, classifyExpression, evaluate, evaluateCondition } from './index.js';

describe('classifyExpression', () => {
  test('given a zeebe attribute starting with "=", when classified, then it is FEEL without the "=" and trimmed', () => {
    expect(classifyExpression('= loopAmount + 1')).toEqual({ kind: 'feel', source: 'loopAmount + 1' });
    expect(classifyExpression('\n  =x > 1  \n')).toEqual({ kind: 'feel', source: 'x > 1' });
  });

  test('given ${…} or #{…} anywhere, when classified, then it is JUEL (templates included)', () => {
    expect(classifyExpression('${input == 1}')).toEqual({ kind: 'juel', source: '${input == 1}' });
    expect(classifyExpression('  #{a}  ')).toEqual({ kind: 'juel', source: '#{a}' });
    expect(classifyExpression('Task for ${assignee}')).toEqual({ kind: 'juel', source: 'Task for ${assignee}' });
  });

  test('given plain text, when classified, then it is a literal kept verbatim', () => {
    expect(classifyExpression(' reviewer ')).toEqual({ kind: 'literal', value: ' reviewer ' });
    expect(classifyExpression('costs $5 {net}')).toEqual({ kind: 'literal', value: 'costs $5 {net}' });
  });
});

describe('checkSyntax', () => {
  test('given valid expressions, when checked, then ok', () => {
    expect(checkSyntax('feel', 'a > 1 and b = "x"')).toEqual({ ok: true });
    expect(checkSyntax('juel', '${a > 1 && b == "x"}')).toEqual({ ok: true });
  });

  test('given broken expressions, when checked, then an error says where', () => {
    const feel = checkSyntax('feel', '1 +');
    const juel = checkSyntax('juel', '${a == }');
    expect(feel.ok).toBe(false);
    expect(!feel.ok && feel.error).toMatch(/syntax error at position 3/);
    expect(!juel.ok && juel.error).toMatch(/position/);
  });

  test('given constructs we refuse to run, when checked at deploy, then they are rejected before any instance runs', () => {
    expect(checkSyntax('feel', '{f: function(n) f(n)}.f(1)').ok).toBe(false);
    expect(checkSyntax('feel', 'matches(x, "(a+)+$")').ok).toBe(false);
    expect(checkSyntax('juel', '${execution.setVariable("a", 1)}').ok).toBe(false);
  });
});

describe('evaluateCondition', () => {
  test('given boolean results, when evaluated, then the boolean is returned', () => {
    expect(evaluateCondition('feel', 'x > 1', { x: 2 })).toEqual({ ok: true, value: true });
    expect(evaluateCondition('juel', '${x > 1}', { x: 0 })).toEqual({ ok: true, value: false });
  });

  test('given a FEEL condition over an unknown variable, when evaluated, then the error names the variable', () => {
    const result = evaluateCondition('feel', 'amount > 1000', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/'amount > 1000'.*boolean.*null.*'amount'/);
  });

  test('given a FEEL null check on an unknown variable, when evaluated, then it is true (Camunda 8 semantics)', () => {
    expect(evaluateCondition('feel', 'x = null', {})).toEqual({ ok: true, value: true });
  });

  test('given non-boolean results, when evaluated as a condition, then it is an error naming the expression', () => {
    for (const [kind, source] of [['feel', 'x'], ['juel', '${x}'], ['juel', 'literal text'], ['feel', '"true"']] as const) {
      const result = evaluateCondition(kind, source, { x: null });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toContain(source);
    }
  });

  test('given a JUEL condition with an unknown identifier, when evaluated, then Camunda 7 wording names it', () => {
    expect(evaluateCondition('juel', '${x == 1}', {})).toEqual({
      ok: false,
      error: "Unknown property used in expression: ${x == 1}. Cause: Cannot resolve identifier 'x'",
    });
  });
});

describe('evaluate options', () => {
  test('given caller functions, when called from FEEL and JUEL, then they run with JSON arguments', () => {
    const functions = { addWorkingDays: (date: unknown, days: unknown) => `${String(date)}+${String(days)}wd` };
    expect(evaluate('feel', 'addWorkingDays(date("2026-01-05"), 3)', {}, { functions })).toEqual({ ok: true, value: '2026-01-05+3wd' });
    expect(evaluate('juel', '${addWorkingDays(d, 2)}', { d: '2026-01-05' }, { functions })).toEqual({ ok: true, value: '2026-01-05+2wd' });
  });

  test('given a caller function that throws, when evaluated, then the result is an error, not an exception', () => {
    const functions = { boom: () => { throw new Error('calendar missing'); } };
    expect(evaluate('feel', 'boom()', {}, { functions })).toEqual({ ok: false, error: expect.stringContaining('calendar missing') });
    expect(evaluate('juel', '${boom()}', {}, { functions })).toEqual({ ok: false, error: expect.stringContaining('calendar missing') });
  });

  test('given a small maxSteps, when a loop exceeds it, then evaluation stops with a budget error', () => {
    expect(evaluate('feel', 'for i in 1..50 return i', {}, { maxSteps: 100 }).ok).toBe(true);
    const result = evaluate('feel', 'for i in 1..500 return i', {}, { maxSteps: 100 });
    expect(!result.ok && result.error).toMatch(/budget of 100 steps/);
    expect(evaluate('juel', '${a + b + c}', { a: 1, b: 2, c: 3 }, { maxSteps: 3 }).ok).toBe(false);
  });
});
