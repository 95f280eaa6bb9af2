/** Evaluating model expressions outside an instance (start timers): no variables in scope. */
import { evaluate } from '../expression/index.js';
import type { Expr } from '../model/model.js';

export function evaluateString(expr: Expr): string | undefined {
  if (expr.kind === 'literal') return expr.value;
  const r = evaluate(expr.kind, expr.source, {});
  return r.ok && typeof r.value === 'string' ? r.value : undefined;
}
