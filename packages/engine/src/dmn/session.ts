import type { FeelFunction } from 'feelin';
import { ZhifaError } from '../errors.js';
import type { DmnModel } from './model.js';

/** A rule whose outputs contributed to a decision's result: "which row applied, and why". */
export interface MatchedRule {
  readonly decisionId: string;
  readonly decisionName?: string;
  /** The decision table holding the rule (a table may sit inside a BKM or a boxed context). */
  readonly tableId: string;
  readonly ruleId: string;
  /** Position of the rule in its table, 0-based. */
  readonly ruleIndex: number;
  /** Annotation column name → this rule's text (e.g. the legal basis). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Output name → value of this rule. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** One decision evaluated on the way to the result; required decisions come before those needing them. */
export interface EvaluatedDecision {
  readonly decisionId: string;
  readonly decisionName: string;
  readonly logic: 'decisionTable' | 'literalExpression' | 'context' | 'invocation' | 'functionDefinition' | 'list';
  /** For a decision table its input columns (label or expression → value), else its requirements by name. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly result: unknown;
  readonly matchedRuleIds: readonly string[];
}

export type DecisionEvaluation =
  | {
      readonly ok: true;
      readonly result: unknown;
      readonly matchedRules: readonly MatchedRule[];
      readonly decisions: readonly EvaluatedDecision[];
    }
  | { readonly ok: false; readonly error: string; readonly decisionId: string; readonly ruleIds?: readonly string[] };

/** Depth of nested function (BKM) calls allowed before evaluation stops. */
export const MAX_CALL_DEPTH = 64;
/** Rule evaluations allowed in one `evaluateDecision` call. */
export const MAX_RULE_EVALUATIONS = 1_000_000;

/** Mutable state of one `evaluateDecision` call. */
export interface EvaluationSession {
  readonly model: DmnModel;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly matchedRules: MatchedRule[];
  readonly decisions: EvaluatedDecision[];
  readonly results: Map<string, unknown>;
  readonly functions: Map<string, FeelFunction>;
  /** Decisions being evaluated, innermost last (cycle guard). */
  readonly stack: string[];
  current: { readonly id: string; readonly name: string };
  /** Input column values of each decision table evaluated, by table id (the latest evaluation). */
  readonly tableInputs: Map<string, Record<string, unknown>>;
  depth: number;
  ruleEvaluations: number;
}

/**
 * A decision cannot be made: an incident naming the decision and, where it matters, the rules. Thrown inside
 * an evaluation only; `evaluateDecision` turns it into `{ ok: false }`.
 */
export class DecisionFailure extends ZhifaError {
  constructor(
    message: string,
    readonly decisionId: string,
    readonly ruleIds?: readonly string[],
  ) {
    super('DECISION_FAILED', message, { decisionId, ruleIds });
  }
}

export function fail(session: EvaluationSession, message: string, ruleIds?: readonly string[]): never {
  throw new DecisionFailure(message, session.current.id, ruleIds);
}
