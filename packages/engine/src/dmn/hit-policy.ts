import { feelValue } from './feel.js';
import type { DmnDecisionTable, DmnTableRule } from './model.js';
import { outputName } from './names.js';
import { fail, type EvaluationSession } from './session.js';
import { kindOf, sameValue } from './values.js';

type Scope = Readonly<Record<string, unknown>>;

/** A matching rule with its evaluated output entries (one per output column). */
export interface Hit {
  readonly rule: DmnTableRule;
  readonly outputs: readonly unknown[];
}

/** The table's result and the hits that produced it (recorded as matched rules). */
export interface HitPolicyResult {
  readonly result: unknown;
  readonly hits: readonly Hit[];
}

/** Applies the hit policy (DMN 1.3 §8.2.11). Conflicts are failures naming the rules, never a silent pick. */
export function applyHitPolicy(table: DmnDecisionTable, hits: readonly Hit[], scope: Scope, session: EvaluationSession): HitPolicyResult {
  const ids = (list: readonly Hit[]): string[] => list.map((hit) => hit.rule.id);
  const [first] = hits;
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (hits.length > 1) fail(session, `hit policy UNIQUE, but rules ${ids(hits).join(', ')} all match`, ids(hits));
      return single(table, first, scope);
    case 'ANY': {
      const differing = hits.filter((hit) => !first || !sameValue(hit.outputs, first.outputs));
      if (first && differing.length > 0) {
        const named = [first, ...differing];
        fail(session, `hit policy ANY, but rules ${ids(named).join(', ')} match with different outputs`, ids(named));
      }
      return single(table, first, scope);
    }
    case 'FIRST':
      return single(table, first, scope);
    case 'PRIORITY':
      return single(table, byOutputOrder(table, hits, scope)[0], scope);
    case 'RULE ORDER':
      return many(table, hits, scope);
    case 'OUTPUT ORDER':
      return many(table, byOutputOrder(table, hits, scope), scope);
    case 'COLLECT':
      return table.aggregation === undefined ? many(table, hits, scope) : aggregate(table, hits, scope, session);
    default: {
      const unknown: never = table.hitPolicy;
      return fail(session, `unsupported hit policy ${String(unknown)}`);
    }
  }
}

/** One rule's outputs as the result: the bare value for one output column, else a context. */
function shape(table: DmnDecisionTable, outputs: readonly unknown[]): unknown {
  if (table.outputs.length === 1) return outputs[0] ?? null;
  return Object.fromEntries(table.outputs.map((output, i) => [outputName(table, output, i), outputs[i] ?? null]));
}

/** Default output entries, used when no rule matches; null when the table defines none. */
function defaults(table: DmnDecisionTable, scope: Scope): readonly unknown[] | undefined {
  if (!table.outputs.some((output) => output.defaultOutputEntry !== undefined)) return undefined;
  return table.outputs.map((output) => (output.defaultOutputEntry === undefined ? null : feelValue(output.defaultOutputEntry, scope)));
}

function single(table: DmnDecisionTable, hit: Hit | undefined, scope: Scope): HitPolicyResult {
  if (hit) return { result: shape(table, hit.outputs), hits: [hit] };
  const fallback = defaults(table, scope);
  return { result: fallback ? shape(table, fallback) : null, hits: [] };
}

function many(table: DmnDecisionTable, hits: readonly Hit[], scope: Scope): HitPolicyResult {
  if (hits.length === 0) {
    const fallback = defaults(table, scope);
    return { result: fallback ? [shape(table, fallback)] : [], hits: [] };
  }
  return { result: hits.map((hit) => shape(table, hit.outputs)), hits };
}

/**
 * Sorts hits by the position of their outputs in each column's outputValues, left to right; columns without
 * outputValues do not count and ties keep rule order (Array.prototype.sort is stable).
 */
function byOutputOrder(table: DmnDecisionTable, hits: readonly Hit[], scope: Scope): Hit[] {
  const orders = table.outputs.map((output) => {
    if (output.outputValues === undefined || output.outputValues.trim() === '') return undefined;
    const values = feelValue(`[${output.outputValues}]`, scope);
    return Array.isArray(values) ? values : undefined;
  });
  const rank = (hit: Hit, column: number): number => {
    const order = orders[column];
    if (!order) return 0;
    const position = order.findIndex((value) => sameValue(value, hit.outputs[column]));
    return position < 0 ? order.length : position;
  };
  return [...hits].sort((a, b) => {
    for (let column = 0; column < orders.length; column++) {
      const difference = rank(a, column) - rank(b, column);
      if (difference !== 0) return difference;
    }
    return 0;
  });
}

/** COLLECT with SUM / MIN / MAX / COUNT over the single output column; nulls are skipped. */
function aggregate(table: DmnDecisionTable, hits: readonly Hit[], scope: Scope, session: EvaluationSession): HitPolicyResult {
  if (hits.length === 0) {
    const fallback = defaults(table, scope);
    return { result: fallback ? shape(table, fallback) : table.aggregation === 'COUNT' ? 0 : null, hits: [] };
  }
  const present = hits.filter((hit) => hit.outputs[0] !== null && hit.outputs[0] !== undefined);
  if (table.aggregation === 'COUNT') {
    // The spec counts distinct outputs.
    const values = present.map((hit) => hit.outputs[0]);
    return { result: values.filter((value, i) => values.findIndex((other) => sameValue(other, value)) === i).length, hits };
  }
  const numbers: number[] = [];
  for (const hit of present) {
    const value = hit.outputs[0];
    if (typeof value !== 'number') {
      fail(session, `COLLECT ${table.aggregation ?? ''} needs numbers, but rule ${hit.rule.id} gives a ${kindOf(value)}`, [hit.rule.id]);
    }
    numbers.push(value);
  }
  if (numbers.length === 0) return { result: null, hits };
  switch (table.aggregation) {
    case 'SUM':
      return { result: numbers.reduce((sum, value) => sum + value, 0), hits };
    case 'MIN':
      return { result: numbers.reduce((min, value) => Math.min(min, value)), hits };
    case 'MAX':
      return { result: numbers.reduce((max, value) => Math.max(max, value)), hits };
    default:
      return fail(session, `unsupported aggregation ${String(table.aggregation)}`);
  }
}
