import { FeelRange, date, dateAndTime, evaluate as feelEvaluate } from 'feelin';
import { guardFeel, type GuardResult } from './feel-guard.js';
import { cloneVariables, fromFeel, toPlainJson } from './json-value.js';
import { MAX_REGEX_INPUT } from './regex-guard.js';
import { EXPRESSION_LIMITS, ExpressionAbort, StepBudget, messageOf, quote } from './limits.js';
import type { EvaluateOptions, Outcome } from './types.js';

/** A FEEL result plus the names feelin reported as unknown (it evaluates those to null). */
export type FeelOutcome = { ok: true; value: unknown; unknownVariables: readonly string[] } | { ok: false; error: string };

const tooLong = (source: string): string | undefined =>
  source.length > EXPRESSION_LIMITS.maxSourceLength
    ? `FEEL expression longer than ${EXPRESSION_LIMITS.maxSourceLength} characters`
    : undefined;

export function checkFeelSyntax(source: string): Outcome<true> {
  const long = tooLong(source);
  if (long) return { ok: false, error: long };
  const guarded = guardFeel(source, []);
  return guarded.ok ? { ok: true, value: true } : guarded;
}

export function evaluateFeel(
  source: string,
  variables: Readonly<Record<string, unknown>>,
  options: EvaluateOptions = {},
): FeelOutcome {
  const long = tooLong(source);
  if (long) return { ok: false, error: long };
  try {
    const keys = Object.keys(variables);
    const guarded = cachedGuard(source, [...keys, ...Object.keys(options.functions ?? {})]);
    if (!guarded.ok) return guarded;
    // Only variables the expression reads are copied: instances may hold far more data than one condition reads.
    const used = new Set(keys.filter((key) => guarded.names.has(key.trim().replace(/\s+/g, ' '))));
    const context = cloneVariables(variables, used);
    Object.assign(context, userFunctions(options), guardFunctions(new StepBudget(options.maxSteps ?? EXPRESSION_LIMITS.maxSteps)));
    const { value, warnings } = feelEvaluate(guarded.source, context);
    const unknownVariables = warnings
      .filter((warning) => warning.type === 'NO_VARIABLE_FOUND')
      .map((warning) => /'(.*)'/.exec(warning.message)?.[1] ?? warning.message);
    return { ok: true, value: fromFeel(value), unknownVariables };
  } catch (error) {
    return { ok: false, error: `FEEL expression ${quote(source)} failed: ${messageOf(error)}` };
  }
}

const guardCache = new Map<string, GuardResult>();
const GUARD_CACHE_SIZE = 1000;

/**
 * Checking and rewriting costs a parse; models evaluate the same few expressions over and over. The parse
 * depends on the variable names only for names that are not plain identifiers (FEEL allows spaces), so
 * those names are part of the key.
 */
function cachedGuard(source: string, keys: readonly string[]): GuardResult {
  const key = `${source}\u0000${keys.filter((name) => !/^[A-Za-z_$][\w$]*$/.test(name)).sort().join('\u0000')}`;
  const hit = guardCache.get(key);
  if (hit) return hit;
  const result = guardFeel(source, keys);
  if (guardCache.size >= GUARD_CACHE_SIZE) guardCache.clear();
  guardCache.set(key, result);
  return result;
}

/** The counting functions the rewritten source calls (see feel-guard.ts). */
function guardFunctions(budget: StepBudget): Record<string, (...args: never[]) => unknown> {
  const charge = (value: unknown, weight: number): void => {
    if (Array.isArray(value)) {
      budget.charge(Math.max(1, value.length) ** weight);
      let text = 0;
      for (const item of value) if (typeof item === 'string') text += item.length;
      budget.charge(Math.ceil(text / 1000));
    } else if (typeof value === 'string') {
      budget.charge(Math.ceil(value.length / 1000));
    }
  };
  const range = (start: unknown, end: unknown): unknown => {
    if (start === null || end === null) return null;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || typeof start !== 'number' || typeof end !== 'number') {
      throw new ExpressionAbort('a FEEL loop range needs integer bounds');
    }
    const step = start <= end ? 1 : -1;
    budget.charge(Math.abs(end - start) + 1);
    const out: number[] = [];
    for (let i = start; i !== end + step; i += step) out.push(i);
    return out;
  };
  return {
    zhifaArg: (value: unknown, weight: number) => {
      charge(value, weight);
      return value;
    },
    zhifaRange: range,
    zhifaRegexInput: (value: unknown) => {
      if (typeof value === 'string' && value.length > MAX_REGEX_INPUT) {
        throw new ExpressionAbort(`text longer than ${MAX_REGEX_INPUT} characters given to a regular expression`);
      }
      return value;
    },
    zhifaIterate: (value: unknown) => {
      if (value instanceof FeelRange) {
        const start = value['start included'] ? value.start : Number(value.start) + 1;
        const end = value['end included'] ? value.end : Number(value.end) - 1;
        return range(start, end);
      }
      charge(value, 1);
      return value;
    },
  };
}

/**
 * Caller functions (working days …) get JSON arguments and their results are copied as JSON, so they
 * cannot leak objects into FEEL. `now`/`today` are special: without a caller clock they fail (the kernel is
 * deterministic); with one, an ISO string result becomes a FEEL date-time / date so `now() + duration(…)` works.
 */
function userFunctions(options: EvaluateOptions): Record<string, (...args: unknown[]) => unknown> {
  const out: Record<string, (...args: unknown[]) => unknown> = {
    now: () => {
      throw new ExpressionAbort('now() needs the engine clock (pass functions.now)');
    },
    today: () => {
      throw new ExpressionAbort('today() needs the engine clock (pass functions.today)');
    },
  };
  for (const [name, fn] of Object.entries(options.functions ?? {})) {
    if (typeof fn !== 'function') continue;
    const call = (...args: unknown[]): unknown => toPlainJson(fn(...args.map((arg) => fromFeel(arg)))) ?? null;
    if (name === 'now') out[name] = (...args) => asTemporal(call(...args), dateAndTime);
    else if (name === 'today') out[name] = (...args) => asTemporal(call(...args), date);
    else out[name] = call;
  }
  return out;
}

function asTemporal(value: unknown, parse: (text: string) => unknown): unknown {
  return typeof value === 'string' ? parse(value) : value;
}
