import { unaryTest, type FeelFunction } from 'feelin';
import { evaluateExpression, makeFunction } from './expression.js';
import type { DmnDecision, DmnInputData, DmnModel } from './model.js';
import { DecisionFailure, fail, type DecisionEvaluation, type EvaluationSession } from './session.js';
import { builtinType, coerceTo, conformsTo, kindOf, preview, toPlainValue } from './values.js';

/**
 * Evaluates a decision (by id or name) and the decisions it requires. Variables are copied to plain data;
 * each `inputData` is bound under its name (null when missing) and, as in Zeebe, every variable is visible
 * by name too. Never throws: a failure is `{ ok: false }` naming the decision and, where relevant, rules.
 */
export function evaluateDecision(model: DmnModel, decisionIdOrName: string, variables: Readonly<Record<string, unknown>>): DecisionEvaluation {
  const decision = model.decisions[decisionIdOrName] ?? model.decisions[model.decisionIdsByName[decisionIdOrName] ?? ''];
  if (!decision) return { ok: false, error: `no decision '${decisionIdOrName}' in model '${model.name}'`, decisionId: decisionIdOrName };
  let plain: unknown;
  try {
    plain = toPlainValue(variables);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), decisionId: decision.id };
  }
  const session: EvaluationSession = {
    model,
    variables: isRecord(plain) ? plain : {},
    matchedRules: [],
    decisions: [],
    results: new Map(),
    functions: new Map(),
    stack: [],
    tableInputs: new Map(),
    current: { id: decision.id, name: decision.name },
    depth: 0,
    ruleEvaluations: 0,
  };
  try {
    const result = evaluateRequired(decision, session);
    return { ok: true, result, matchedRules: session.matchedRules, decisions: session.decisions };
  } catch (error) {
    if (error instanceof DecisionFailure) {
      return { ok: false, error: error.message, decisionId: error.decisionId, ...(error.ruleIds ? { ruleIds: error.ruleIds } : {}) };
    }
    const message = error instanceof RangeError ? `evaluation too deep: ${error.message}` : error instanceof Error ? error.message : String(error);
    return { ok: false, error: message, decisionId: session.current.id };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function evaluateRequired(decision: DmnDecision, session: EvaluationSession): unknown {
  if (session.results.has(decision.id)) return session.results.get(decision.id);
  if (session.stack.includes(decision.id)) fail(session, `decision '${decision.name}' requires itself`);
  const { model } = session;
  const requirements: Record<string, unknown> = {};
  for (const id of decision.requiredDecisionIds) {
    const required = model.decisions[id];
    if (!required) continue;
    session.stack.push(decision.id);
    requirements[required.name] = evaluateRequired(required, session);
    session.stack.pop();
  }
  session.current = { id: decision.id, name: decision.name };
  for (const id of decision.requiredInputIds) {
    const input = model.inputData[id];
    if (input) requirements[input.name] = inputDataValue(input, session);
  }
  const functions = Object.fromEntries(decision.requiredKnowledgeIds.flatMap((id) => bkmEntry(id, session)));
  const scope = { ...session.variables, ...requirements, ...functions };

  const firstRule = session.matchedRules.length;
  const result = evaluateExpression(decision.logic, scope, session);
  session.results.set(decision.id, result);
  session.decisions.push({
    decisionId: decision.id,
    decisionName: decision.name,
    logic: decision.logic.type,
    inputs: (decision.logic.type === 'decisionTable' ? session.tableInputs.get(decision.logic.id) : undefined) ?? requirements,
    result,
    matchedRuleIds: session.matchedRules.slice(firstRule).map((rule) => rule.ruleId),
  });
  return result;
}

/** The variable named like the input data (null when missing), checked against its type and allowed values. */
function inputDataValue(input: DmnInputData, session: EvaluationSession): unknown {
  const { itemDefinitions } = session.model;
  const type = builtinType(input.typeRef, itemDefinitions);
  const value = coerceTo(session.variables[input.name] ?? null, type);
  if (type !== undefined && !conformsTo(value, type)) {
    fail(session, `input data '${input.name}' must be a ${type} but is a ${kindOf(value)}: ${preview(value)}`);
  }
  const allowed = itemDefinitions[input.typeRef ?? '']?.allowedValues;
  if (allowed !== undefined && value !== null && unaryTest(allowed, { '?': value }).value !== true) {
    fail(session, `input data '${input.name}' is ${preview(value)}, not one of ${allowed}`);
  }
  return value;
}

/** A BKM as `[name, function]`, built once per evaluation; its body sees the BKMs it requires, itself included. */
function bkmEntry(id: string, session: EvaluationSession): [string, FeelFunction][] {
  const bkm = session.model.bkms[id];
  if (!bkm) return [];
  const known = session.functions.get(id);
  if (known) return [[bkm.name, known]];
  const fn = makeFunction(
    bkm.parameters.map((parameter) => parameter.name),
    (args) => {
      const knowledge = Object.fromEntries([id, ...bkm.requiredKnowledgeIds].flatMap((required) => bkmEntry(required, session)));
      return evaluateExpression(bkm.body, { ...knowledge, ...args }, session);
    },
    session,
  );
  session.functions.set(id, fn);
  return [[bkm.name, fn]];
}
