/**
 * The engine's one expression port: FEEL (Camunda 8, `=`-prefixed) through feelin, and a JUEL subset
 * (Camunda 7, `${…}`/`#{…}`) through our own interpreter. Nothing here evaluates JavaScript; every
 * evaluation is bounded (see EXPRESSION_LIMITS) and never throws.
 */
import { checkFeelSyntax, evaluateFeel, type FeelOutcome } from './feel.js';
import { checkJuelSyntax, evaluateJuel } from './juel.js';
import { messageOf, quote } from './limits.js';
import type { EvaluateOptions, ExpressionKind, Outcome } from './types.js';

export type { EvaluateOptions, ExpressionKind } from './types.js';
export { EXPRESSION_LIMITS } from './limits.js';

export type ClassifiedExpression =
  | { kind: 'feel'; source: string }
  | { kind: 'juel'; source: string }
  | { kind: 'literal'; value: string };

/**
 * '=' prefix → FEEL ('=' stripped, whitespace trimmed); `${…}` or `#{…}` anywhere → JUEL (may be a
 * template mixing text and ${}; surrounding whitespace is trimmed, as Camunda 7 does for condition bodies);
 * otherwise a literal string.
 */
export function classifyExpression(raw: string): ClassifiedExpression {
  const trimmed = raw.trim();
  if (trimmed.startsWith('=')) return { kind: 'feel', source: trimmed.slice(1).trim() };
  if (/[$#]\{/.test(raw)) return { kind: 'juel', source: trimmed };
  return { kind: 'literal', value: raw };
}

/** Deploy-time syntax check. */
export function checkSyntax(kind: ExpressionKind, source: string): { ok: true } | { ok: false; error: string } {
  try {
    const result = kind === 'feel' ? checkFeelSyntax(source) : checkJuelSyntax(source);
    return result.ok ? { ok: true } : result;
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/** Never throws. Values in and out are JSON-safe. */
export function evaluate(
  kind: ExpressionKind,
  source: string,
  variables: Readonly<Record<string, unknown>>,
  options?: EvaluateOptions,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const result = kind === 'feel' ? evaluateFeel(source, variables, options) : evaluateJuel(source, variables, options);
    return result.ok ? { ok: true, value: result.value } : result;
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/**
 * Evaluate and require a boolean: anything else (null included) is an error naming the expression, as
 * Camunda raises an incident. For FEEL, unknown variables evaluate to null (Camunda 8 semantics), so a
 * condition such as `x > 1` with no `x` fails naming `x`, while `x = null` is simply true.
 */
export function evaluateCondition(
  kind: ExpressionKind,
  source: string,
  variables: Readonly<Record<string, unknown>>,
  options?: EvaluateOptions,
): { ok: true; value: boolean } | { ok: false; error: string } {
  try {
    const result = kind === 'feel' ? evaluateFeel(source, variables, options) : withNoUnknowns(evaluateJuel(source, variables, options));
    if (!result.ok) return { ok: false, error: result.error };
    if (typeof result.value === 'boolean') return { ok: true, value: result.value };
    const unknown = result.unknownVariables.length > 0
      ? `; unknown variable(s): ${result.unknownVariables.map((name) => `'${name}'`).join(', ')}`
      : '';
    return { ok: false, error: `condition ${quote(source)} must evaluate to a boolean but was ${describe(result.value)}${unknown}` };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/** JUEL fails on unknown identifiers itself, so a JUEL result never carries unknown names. */
function withNoUnknowns(result: Outcome<unknown>): FeelOutcome {
  return result.ok ? { ...result, unknownVariables: [] } : result;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a context' : `${typeof value} ${String(value)}`;
}
