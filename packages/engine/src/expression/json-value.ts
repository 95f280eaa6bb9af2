import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { EXPRESSION_LIMITS, ExpressionAbort } from './limits.js';

/** Keys never copied into or out of an evaluation: they reach prototypes in JavaScript. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Copies a variable value as plain JSON data: functions, class instances, `undefined`, non-finite numbers
 * and prototype-reaching keys are dropped (arrays keep their length with `null`, like JSON.stringify), so
 * nothing inside an evaluation is callable or shares state with the caller.
 */
export function toPlainJson(value: unknown, depth = 0): unknown {
  if (depth > EXPRESSION_LIMITS.maxValueDepth) {
    throw new ExpressionAbort(`variable value nested deeper than ${EXPRESSION_LIMITS.maxValueDepth} levels`);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toPlainJson(item, depth + 1) ?? null);
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const copy = toPlainJson(value[key], depth + 1);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/** Clones a whole variable map (see {@link toPlainJson}). */
export function cloneVariables(variables: Readonly<Record<string, unknown>>, only?: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(variables)) {
    if (FORBIDDEN_KEYS.has(key) || (only && !only.has(key))) continue;
    const copy = toPlainJson(variables[key]);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/**
 * Turns a FEEL result into JSON data: temporal values become their ISO-8601 text (date `2024-01-01`,
 * date-time `2024-01-01T10:00:00Z` or `…@Asia/Shanghai`, time `10:00:00`, duration `P1DT2H`). Ranges,
 * functions and non-finite numbers have no JSON form and are refused.
 */
export function fromFeel(value: unknown, depth = 0): unknown {
  if (depth > EXPRESSION_LIMITS.maxValueDepth) throw new ExpressionAbort('result nested too deeply');
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new ExpressionAbort('result is not a finite number');
      return value;
    case 'object':
      break;
    default:
      throw new ExpressionAbort(`result of type ${typeof value} has no JSON form`);
  }
  if (value instanceof FeelDate || value instanceof FeelDateTime || value instanceof FeelTime || value instanceof FeelDuration) {
    return value.iso;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => fromFeel(item, depth + 1));
  if (!isPlainObject(value)) throw new ExpressionAbort('result is a FEEL function or range, which has no JSON form');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!FORBIDDEN_KEYS.has(key)) out[key] = fromFeel(value[key], depth + 1);
  }
  return out;
}
