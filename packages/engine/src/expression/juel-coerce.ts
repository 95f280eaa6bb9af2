import { ExpressionAbort } from './limits.js';

/**
 * EL 2.2 coercions (JSR-245 §1.18) on JSON values. Java's Long/Double distinction is kept only where it
 * changes results: a string containing `.`, `e` or `E` is a floating number; `/` always divides as Double.
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const number = Number(value.trim());
    if (value.trim() !== '' && Number.isFinite(number)) return number;
    throw new ExpressionAbort(`cannot coerce '${value.slice(0, 40)}' to a number`);
  }
  throw new ExpressionAbort(`cannot coerce ${typeName(value)} to a number`);
}

export function toBoolean(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new ExpressionAbort(`cannot coerce ${typeName(value)} to a boolean`);
}

/** Text of a value inside a template (EL coerces to String; null is the empty string). */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} '${String(value).slice(0, 40)}'`;
}

/** EL `==`: numbers win, then booleans, then strings; otherwise structural equality of JSON values. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a) === toBoolean(b);
  if (typeof a === 'string' || typeof b === 'string') return toText(a) === toText(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** EL `< <= > >=`: null compares false; numbers numerically; two strings lexically; else an error. */
export function compare(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  if (a === b && (op === '<=' || op === '>=')) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  let order: number;
  if (typeof a === 'number' || typeof b === 'number') order = toNumber(a) - toNumber(b);
  else if (typeof a === 'string' && typeof b === 'string') order = a < b ? -1 : a > b ? 1 : 0;
  else throw new ExpressionAbort(`cannot compare ${typeName(a)} with ${typeName(b)}`);
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function isFloating(value: unknown): boolean {
  return (typeof value === 'number' && !Number.isInteger(value)) || (typeof value === 'string' && /[.eE]/.test(value));
}

/** EL `+ - * / %` (never string concatenation). Results must stay finite: JSON has no Infinity. */
export function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: unknown, b: unknown): number {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return 0;
  const x = toNumber(a);
  const y = toNumber(b);
  let result: number;
  switch (op) {
    case '+':
      result = x + y;
      break;
    case '-':
      result = x - y;
      break;
    case '*':
      result = x * y;
      break;
    case '/':
      result = x / y;
      break;
    case '%':
      if (y === 0 && !isFloating(a) && !isFloating(b)) throw new ExpressionAbort('division by zero');
      result = x % y;
      break;
  }
  if (!Number.isFinite(result)) throw new ExpressionAbort(`arithmetic result of '${op}' is not a finite number`);
  return result;
}

/** EL `empty`: null, '', an empty list or an empty object. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
