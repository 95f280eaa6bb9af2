import { toPlainJson } from './json-value.js';
import { toText } from './juel-coerce.js';
import { UnknownIdentifier, evaluateNode, type JuelScope } from './juel-evaluator.js';
import { parseJuel, type JuelNode } from './juel-parser.js';
import { splitTemplate } from './juel-template.js';
import { EXPRESSION_LIMITS, StepBudget, messageOf, quote } from './limits.js';
import type { EvaluateOptions, Outcome } from './types.js';

type CompiledPart = { type: 'text'; text: string } | { type: 'expr'; body: string; node: JuelNode };

/**
 * A JUEL source is an EL template: literal text with `${…}`/`#{…}` parts. Exactly one part and no text
 * returns that part's value as is; anything else concatenates the parts' text (EL composite expression).
 */
function compile(source: string): CompiledPart[] {
  if (source.length > EXPRESSION_LIMITS.maxSourceLength) {
    throw new RangeError(`JUEL expression longer than ${EXPRESSION_LIMITS.maxSourceLength} characters`);
  }
  return splitTemplate(source).map((part) =>
    part.type === 'text' ? part : { type: 'expr', body: part.body, node: parseJuel(part.body) },
  );
}

export function checkJuelSyntax(source: string): Outcome<true> {
  try {
    compile(source);
    return { ok: true, value: true };
  } catch (error) {
    return { ok: false, error: `JUEL syntax error in ${quote(source)}: ${messageOf(error)}` };
  }
}

export function evaluateJuel(
  source: string,
  variables: Readonly<Record<string, unknown>>,
  options: EvaluateOptions = {},
): Outcome<unknown> {
  let parts: CompiledPart[];
  try {
    parts = compile(source);
  } catch (error) {
    return { ok: false, error: `JUEL syntax error in ${quote(source)}: ${messageOf(error)}` };
  }
  const scope: JuelScope = {
    variables,
    functions: options.functions ?? {},
    budget: new StepBudget(options.maxSteps ?? EXPRESSION_LIMITS.maxSteps),
  };
  try {
    const [only] = parts;
    if (parts.length === 1 && only?.type === 'expr') return { ok: true, value: toPlainJson(evaluateNode(only.node, scope)) ?? null };
    const text = parts.map((part) => (part.type === 'text' ? part.text : toText(evaluateNode(part.node, scope)))).join('');
    return { ok: true, value: text };
  } catch (error) {
    if (error instanceof UnknownIdentifier) {
      return { ok: false, error: `Unknown property used in expression: ${source.length > 120 ? quote(source) : source}. Cause: ${error.message}` };
    }
    return { ok: false, error: `JUEL expression ${quote(source)} failed: ${messageOf(error)}` };
  }
}
