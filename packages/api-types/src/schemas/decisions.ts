/** Deployed DMN decision definitions and their "try it" evaluation. */
import { z } from 'zod';
import { IsoDateTime, JsonValue } from './common.js';

/** `GET /api/decision-definitions?key=`. */
export const DecisionDefinitionQuery = z.object({ key: z.string().min(1).max(200).optional() });
export type DecisionDefinitionQuery = z.infer<typeof DecisionDefinitionQuery>;

/** `POST /api/decisions/key/:key/evaluate?version=` (latest version without it). */
export const EvaluateDecisionQuery = z.object({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
export type EvaluateDecisionQuery = z.infer<typeof EvaluateDecisionQuery>;

export const EvaluateDecisionRequest = z.object({
  variables: z.record(z.string().max(200), z.unknown()).default({}),
});
export type EvaluateDecisionRequest = z.infer<typeof EvaluateDecisionRequest>;

/** A table column the "try it" form is built from. */
export const DecisionInputColumn = z.object({
  id: z.string(),
  label: z.string().nullable(),
  expression: z.string(),
  typeRef: z.string().nullable(),
  /** FEEL unary tests the value must pass, e.g. `"轻微","一般"` (offered as choices). */
  inputValues: z.string().nullable(),
});
export type DecisionInputColumn = z.infer<typeof DecisionInputColumn>;

export const DecisionOutputColumn = z.object({
  id: z.string(),
  name: z.string().nullable(),
  label: z.string().nullable(),
  typeRef: z.string().nullable(),
});
export type DecisionOutputColumn = z.infer<typeof DecisionOutputColumn>;

export const DecisionTable = z.object({
  id: z.string(),
  hitPolicy: z.string(),
  aggregation: z.string().nullable(),
  inputs: z.array(DecisionInputColumn),
  outputs: z.array(DecisionOutputColumn),
  annotationColumns: z.array(z.string()),
  ruleIds: z.array(z.string()),
});
export type DecisionTable = z.infer<typeof DecisionTable>;

export const DecisionSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** Only for decisions whose logic is a decision table. */
  table: DecisionTable.nullable(),
});
export type DecisionSummary = z.infer<typeof DecisionSummary>;

export const DecisionDefinition = z.object({
  id: z.string(),
  /** The DMN `definitions` id: every version of a file shares it. */
  key: z.string(),
  /** The DMN `definitions` name, else the file name. */
  name: z.string(),
  version: z.number().int(),
  deployedAt: IsoDateTime,
  deploymentId: z.string(),
  resourceName: z.string().nullable(),
  decisions: z.array(DecisionSummary),
  /** Set when the stored XML no longer parses with this engine (the definition cannot be evaluated). */
  problem: z.string().nullable(),
});
export type DecisionDefinition = z.infer<typeof DecisionDefinition>;
export const DecisionDefinitionList = z.array(DecisionDefinition);

export const MatchedRule = z.object({
  decisionId: z.string(),
  tableId: z.string(),
  ruleId: z.string(),
  ruleIndex: z.number().int(),
  annotations: z.record(z.string(), z.string()),
  outputs: JsonValue,
});
export type MatchedRule = z.infer<typeof MatchedRule>;

export const DecisionEvaluation = z.object({
  result: JsonValue,
  matchedRules: z.array(MatchedRule),
  decisionVersion: z.number().int(),
  decisionDefinitionId: z.string(),
  decisionDefinitionKey: z.string(),
  decisionId: z.string(),
  decisionName: z.string(),
  /** Every decision evaluated (required ones first) with its input values and result. */
  evaluated: JsonValue,
});
export type DecisionEvaluation = z.infer<typeof DecisionEvaluation>;
