import { describe, expect, test } from 'vitest';
import { evaluate } from './index.js';

const juel = (source: string, variables: Record<string, unknown> = {}) => evaluate('juel', source, variables);
const value = (source: string, variables: Record<string, unknown> = {}) => {
  const result = juel(source, variables);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('JUEL operators', () => {
  test('given arithmetic, when evaluated, then EL precedence applies and / is floating division', () => {
    expect(value('${1 + 2 * 3}')).toBe(7);
    expect(value('${(1 + 2) * 3}')).toBe(9);
    expect(value('${7 / 2}')).toBe(3.5);
    expect(value('${7 div 2}')).toBe(3.5);
    expect(value('${7 % 3} ${7 mod 3}')).toBe('1 1');
    expect(value('${5-2}')).toBe(3);
    expect(value('${-x + 1}', { x: 3 })).toBe(-2);
    expect(value('${nrOfCompletedInstances/nrOfInstances >= 0.6 }', { nrOfCompletedInstances: 3, nrOfInstances: 5 })).toBe(true);
  });

  test('given comparisons in symbols and words, when evaluated, then both spellings agree', () => {
    expect(value('${a < b && a lt b && b > a && b gt a}', { a: 1, b: 2 })).toBe(true);
    expect(value('${a <= 1 and a le 1 and a >= 1 and a ge 1}', { a: 1 })).toBe(true);
    expect(value('${a == 1 && a eq 1 && a != 2 && a ne 2}', { a: 1 })).toBe(true);
    expect(value('${"apple" < "banana"}')).toBe(true);
  });

  test('given logic, when evaluated, then && binds tighter than || and ! / not negate', () => {
    expect(value('${true || false && false}')).toBe(true);
    expect(value('${!true || not false}')).toBe(true);
    expect(value('${input == 3 || input == 1}', { input: 1 })).toBe(true);
    expect(value('${a > 1 ? "big" : "small"}', { a: 2 })).toBe('big');
    expect(value('${a ? b ? 1 : 2 : 3}', { a: true, b: false })).toBe(2);
  });

  test('given empty, when evaluated, then null, "" and empty lists/objects are empty', () => {
    expect(value('${empty a && empty b && empty c && empty d}', { a: null, b: '', c: [], d: {} })).toBe(true);
    expect(value('${not empty l}', { l: [1] })).toBe(true);
  });
});

describe('JUEL coercion and null handling', () => {
  test('given numeric strings, when used in arithmetic or compared with numbers, then they are coerced', () => {
    expect(value('${i + 1}', { i: '0' })).toBe(1);
    expect(value('${"1" == 1}')).toBe(true);
    expect(value('${"10" > 9}')).toBe(true);
  });

  test('given +, when applied to text, then it is not concatenation (EL has none) and fails', () => {
    expect(juel('${"a" + "b"}')).toEqual({ ok: false, error: expect.stringContaining("cannot coerce 'a' to a number") });
  });

  test('given null operands, when evaluated, then EL rules apply', () => {
    expect(value('${x + y}', { x: null, y: null })).toBe(0);
    expect(value('${x + 1}', { x: null })).toBe(1);
    expect(value('${x < 1}', { x: null })).toBe(false);
    expect(value('${x == null}', { x: null })).toBe(true);
    expect(value('${x.y.z}', { x: null })).toBe(null);
  });

  test('given division by zero, when evaluated, then an error (JSON has no Infinity)', () => {
    expect(juel('${1 / 0}').ok).toBe(false);
    expect(juel('${1 % 0}').ok).toBe(false);
  });
});

describe('JUEL variables and properties', () => {
  test('given objects and lists, when accessed with . and [], then own properties and indexes resolve', () => {
    const vars = { a: { b: { c: 'x' } }, l: [10, 20], s: 'abc' };
    expect(value('${a.b.c}', vars)).toBe('x');
    expect(value("${a['b'].c}", vars)).toBe('x');
    expect(value('${l[1] + l.length}', vars)).toBe(22);
    expect(value('${l[5]}', vars)).toBe(null);
    expect(value('${s.length}', vars)).toBe(3);
    expect(value('${a.missing}', vars)).toBe(null);
  });

  test('given execution.getVariable, when evaluated, then it reads a variable (null when absent)', () => {
    expect(value("${execution.getVariable('x') + 1}", { x: 4 })).toBe(5);
    expect(value('${execution.getVariable("nope")}')).toBe(null);
  });

  test('given an unknown identifier, when evaluated, then it fails with Camunda 7 wording', () => {
    expect(juel('${x}')).toEqual({ ok: false, error: "Unknown property used in expression: ${x}. Cause: Cannot resolve identifier 'x'" });
  });

  test('given literals, when evaluated, then strings with escapes, floats, booleans and null come back', () => {
    expect(value("${'it\\'s'}")).toBe("it's");
    expect(value('${"say \\"hi\\""}')).toBe('say "hi"');
    expect(value('${1.5e1}')).toBe(15);
    expect(value('${true}')).toBe(true);
    expect(value('${null}')).toBe(null);
  });
});

describe('JUEL templates', () => {
  test('given exactly one ${} part, when evaluated, then the raw value is returned', () => {
    expect(value('${loopCounter}', { loopCounter: 2 })).toBe(2);
    expect(value('#{list}', { list: [1] })).toEqual([1]);
  });

  test('given text mixed with ${} parts, when evaluated, then the parts are joined as text', () => {
    expect(value('Review ${caseNo} by ${who}', { caseNo: 7, who: '张三' })).toBe('Review 7 by 张三');
    expect(value('${a}${b}', { a: 1, b: null })).toBe('1');
    expect(value('cost: \\${x}')).toBe('cost: ${x}');
    expect(value("${'}'}")).toBe('}');
  });

  test('given no ${} at all, when evaluated, then the text itself is the value (EL literal expression)', () => {
    expect(value('0')).toBe('0');
  });
});

describe('JUEL names in Chinese', () => {
  test('given variables with Chinese names, when referenced, then they resolve like any identifier', () => {
    expect(value('${金额 > 100 && 当事人.姓名 == "张三"}', { 金额: 200, 当事人: { 姓名: '张三' } })).toBe(true);
  });
});
