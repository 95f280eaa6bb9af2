/**
 * Variables live in scopes (process, subprocess, multi-instance iteration, io-mapped activity). Reads see
 * the whole scope chain (inner shadows outer); writes go to the nearest scope that already has the name,
 * else to the process scope (Camunda's setVariable semantics).
 */
import { shanghaiDateOf } from '../calendar/civil-date.js';
import { evaluate, type EvaluateOptions } from '../expression/index.js';
import { toJson, type JsonValue } from '../json.js';
import type { Expr } from '../model/model.js';
import type { Run } from './run.js';
import type { ElementInstance, Variables } from './types.js';

/** All variables visible from an element instance. */
export function variablesAt(run: Run, inst: ElementInstance | undefined): Record<string, JsonValue> {
  const chain: Variables[] = [];
  let current = inst;
  while (current) {
    if (current.variables) chain.push(current.variables);
    current = run.element(current.parentId);
  }
  const view: Record<string, JsonValue> = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(view, chain[i]);
  return view;
}

export function setVariable(run: Run, from: ElementInstance | undefined, name: string, value: unknown): void {
  let current = from;
  let target: ElementInstance | undefined;
  while (current) {
    if (current.variables && Object.hasOwn(current.variables, name)) {
      target = current;
      break;
    }
    current = run.element(current.parentId);
  }
  setLocal(run, target ?? run.root(), name, value);
}

export function setVariables(run: Run, from: ElementInstance | undefined, variables: Readonly<Record<string, unknown>> | undefined): void {
  if (!variables) return;
  for (const [name, value] of Object.entries(variables)) setVariable(run, from, name, value);
}

export function setLocal(run: Run, inst: ElementInstance, name: string, value: unknown): void {
  const json = toJson(value);
  inst.variables ??= {};
  inst.variables[name] = json;
  run.variablesChanged = true;
  run.event({ type: 'variable.set', at: run.nowIso, name, value: json, elementInstanceId: inst.id });
}

export type Evaluation = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluates an expression in the scope of `inst` (plus `extra` variables, e.g. MI counters). */
export function evaluateAt(run: Run, expr: Expr, inst: ElementInstance | undefined, extra?: Record<string, JsonValue>): Evaluation {
  if (expr.kind === 'literal') return { ok: true, value: expr.value };
  const view = variablesAt(run, inst);
  if (extra) Object.assign(view, extra);
  return evaluate(expr.kind, expr.source, view, expressionOptions(run));
}

const clockFunctions = new WeakMap<Run, EvaluateOptions>();

/**
 * What expressions of this run may call: the context's functions (working-day calendar …) plus `now()` and
 * `today()` from the engine clock, never the machine's — the same command gives the same result on replay.
 * `today()` is the date in China (Asia/Shanghai), where the working-day calendar counts days.
 */
export function expressionOptions(run: Run): EvaluateOptions {
  let options = clockFunctions.get(run);
  if (!options) {
    options = { functions: { ...run.ctx.functions, now: () => run.nowIso, today: () => shanghaiDateOf(run.nowIso) } };
    clockFunctions.set(run, options);
  }
  return options;
}

/** Evaluates to a string (task names, assignees, timer values); undefined on failure or null. */
export function evaluateString(run: Run, expr: Expr | undefined, inst: ElementInstance | undefined): string | undefined {
  if (!expr) return undefined;
  const r = evaluateAt(run, expr, inst);
  if (!r.ok || r.value === null || r.value === undefined) return undefined;
  return typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
}

/** A comma-separated string or a list → list of strings. */
export function evaluateList(run: Run, expr: Expr | undefined, inst: ElementInstance | undefined): string[] {
  if (!expr) return [];
  const r = evaluateAt(run, expr, inst);
  if (!r.ok || r.value === null || r.value === undefined) return [];
  if (Array.isArray(r.value)) return r.value.map((v) => String(v));
  return String(r.value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
