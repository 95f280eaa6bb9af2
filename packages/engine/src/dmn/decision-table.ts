import { unaryTest } from 'feelin';
import { feelValue } from './feel.js';
import { applyHitPolicy, type Hit } from './hit-policy.js';
import type { DmnDecisionTable, DmnTableInput } from './model.js';
import { inputName, outputName } from './names.js';
import { fail, MAX_RULE_EVALUATIONS, type EvaluationSession } from './session.js';
import { runUnaryTests } from './unary-tests.js';
import { builtinType, coerceTo, conformsTo, kindOf, preview } from './values.js';

type Scope = Readonly<Record<string, unknown>>;

/** Evaluates a decision table: input values, matching rules, their outputs, then the hit policy. */
export function evaluateDecisionTable(table: DmnDecisionTable, scope: Scope, session: EvaluationSession): unknown {
  const ruleIds = table.rules.map((rule) => rule.id);
  const cellScopes = table.inputs.map((input) => ({ ...scope, '?': inputValue(input, scope, session, ruleIds) }));
  session.tableInputs.set(table.id, Object.fromEntries(table.inputs.map((input, i) => [inputName(input), cellScopes[i]?.['?']])));

  const hits: Hit[] = [];
  for (const rule of table.rules) {
    session.ruleEvaluations += 1;
    if (session.ruleEvaluations > MAX_RULE_EVALUATIONS) fail(session, `more than ${MAX_RULE_EVALUATIONS} rule evaluations`);
    const matches = rule.inputEntries.every((entry, i) => runUnaryTests(entry.plan, cellScopes[i] ?? scope) === true);
    if (!matches) continue;
    const outputs = table.outputs.map((_, i) => {
      const text = rule.outputEntries[i] ?? '';
      return text.trim() === '' ? null : feelValue(text, scope);
    });
    hits.push({ rule, outputs });
    if (table.hitPolicy === 'FIRST') break;
  }

  const applied = applyHitPolicy(table, hits, scope, session);
  for (const hit of applied.hits) {
    session.matchedRules.push({
      decisionId: session.current.id,
      decisionName: session.current.name,
      tableId: table.id,
      ruleId: hit.rule.id,
      ruleIndex: hit.rule.index,
      annotations: hit.rule.annotations,
      outputs: Object.fromEntries(table.outputs.map((output, i) => [outputName(table, output, i), hit.outputs[i] ?? null])),
    });
  }
  return applied.result;
}

/** The input column's value, checked against its typeRef and inputValues: a mismatch is an incident. */
function inputValue(input: DmnTableInput, scope: Scope, session: EvaluationSession, ruleIds: readonly string[]): unknown {
  const type = builtinType(input.typeRef, session.model.itemDefinitions);
  const value = coerceTo(feelValue(input.expression, scope), type);
  if (type !== undefined && !conformsTo(value, type)) {
    fail(session, `input '${inputName(input)}' must be a ${type} but is a ${kindOf(value)}: ${preview(value)}`, ruleIds);
  }
  if (input.inputValues !== undefined && input.inputValues.trim() !== '' && value !== null) {
    if (unaryTest(input.inputValues, { ...scope, '?': value }).value !== true) {
      fail(session, `input '${inputName(input)}' is ${preview(value)}, not one of ${input.inputValues}`, ruleIds);
    }
  }
  return value;
}
