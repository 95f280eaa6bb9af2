import { FeelFunction, isFunction } from 'feelin';
import { evaluateDecisionTable } from './decision-table.js';
import { feelValue } from './feel.js';
import type { DmnContextExpression, DmnExpression, DmnInvocationExpression } from './model.js';
import { fail, MAX_CALL_DEPTH, type EvaluationSession } from './session.js';

type Scope = Readonly<Record<string, unknown>>;

/** Evaluates any boxed expression of a decision, BKM or context entry in `scope`. */
export function evaluateExpression(expression: DmnExpression, scope: Scope, session: EvaluationSession): unknown {
  switch (expression.type) {
    case 'literalExpression':
      return expression.text.trim() === '' ? null : feelValue(expression.text, scope);
    case 'decisionTable':
      return evaluateDecisionTable(expression, scope, session);
    case 'context':
      return evaluateContext(expression, scope, session);
    case 'invocation':
      return evaluateInvocation(expression, scope, session);
    case 'functionDefinition':
      return makeFunction(
        expression.parameters.map((parameter) => parameter.name),
        (args) => evaluateExpression(expression.body, { ...scope, ...args }, session),
        session,
      );
    case 'list':
      return expression.elements.map((element) => evaluateExpression(element, scope, session));
    default: {
      const unknown: never = expression;
      return fail(session, `unsupported expression ${JSON.stringify(unknown)}`);
    }
  }
}

/** Entries see the entries before them; an unnamed final entry is the result, else the context itself. */
function evaluateContext(context: DmnContextExpression, scope: Scope, session: EvaluationSession): unknown {
  const local: Record<string, unknown> = { ...scope };
  const entries: [string, unknown][] = [];
  let result: { value: unknown } | undefined;
  for (const entry of context.entries) {
    const value = evaluateExpression(entry.value, local, session);
    if (entry.name === undefined) {
      result = { value };
    } else {
      local[entry.name] = value;
      entries.push([entry.name, value]);
    }
  }
  return result ? result.value : Object.fromEntries(entries);
}

/** A boxed invocation: bindings are evaluated, then passed by parameter name. */
function evaluateInvocation(invocation: DmnInvocationExpression, scope: Scope, session: EvaluationSession): unknown {
  const callee = feelValue(invocation.calledFunction, scope);
  if (!isFunction(callee)) fail(session, `'${invocation.calledFunction}' is not a function`);
  const bound = new Map<string, unknown>();
  for (const binding of invocation.bindings) {
    if (!callee.parameterNames.includes(binding.parameter)) {
      fail(session, `'${invocation.calledFunction}' has no parameter '${binding.parameter}'`);
    }
    bound.set(binding.parameter, binding.value ? evaluateExpression(binding.value, scope, session) : null);
  }
  return callee.fn(...callee.parameterNames.map((name) => bound.get(name) ?? null));
}

/**
 * Wraps a DMN function (BKM or boxed function definition) as a feelin function, so FEEL can call it
 * positionally or with named arguments. Nesting is bounded: runaway recursion is a failure, not a crash.
 */
export function makeFunction(
  parameters: readonly string[],
  body: (args: Record<string, unknown>) => unknown,
  session: EvaluationSession,
): FeelFunction {
  return new FeelFunction((...args: unknown[]) => {
    if (session.depth >= MAX_CALL_DEPTH) fail(session, `function calls nested deeper than ${MAX_CALL_DEPTH}`);
    session.depth += 1;
    try {
      return body(Object.fromEntries(parameters.map((name, i) => [name, args[i] ?? null])));
    } finally {
      session.depth -= 1;
    }
  }, [...parameters]);
}
