/** Request and response shapes of the decisions API (`/api/decision-definitions`, `/api/decisions/...`). */
import { z } from 'zod';
import type { JsonValue } from '@zhifa/engine';

/** Route paths in Express syntax. */
export const DecisionPath = {
  definitions: '/api/decision-definitions',
  definition: '/api/decision-definitions/:id',
  definitionXml: '/api/decision-definitions/:id/xml',
  evaluateByKey: '/api/decisions/key/:key/evaluate',
} as const;

export const DecisionDefinitionQuery = z.object({ key: z.string().min(1).max(200).optional() });

export const EvaluateDecisionQuery = z.object({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

export const EvaluateDecisionRequest = z.object({
  variables: z.record(z.string().max(200), z.unknown()).default({}),
});
export type EvaluateDecisionRequest = z.infer<typeof EvaluateDecisionRequest>;

/** A table column the "try it" form is built from. */
export interface DecisionInputColumn {
  readonly id: string;
  readonly label: string | null;
  readonly expression: string;
  readonly typeRef: string | null;
  /** FEEL unary tests the value must pass, e.g. `"轻微","一般"` (offered as choices). */
  readonly inputValues: string | null;
}

export interface DecisionOutputColumn {
  readonly id: string;
  readonly name: string | null;
  readonly label: string | null;
  readonly typeRef: string | null;
}

export interface DecisionSummary {
  readonly id: string;
  readonly name: string;
  /** Only for decisions whose logic is a decision table. */
  readonly table: {
    readonly id: string;
    readonly hitPolicy: string;
    readonly aggregation: string | null;
    readonly inputs: readonly DecisionInputColumn[];
    readonly outputs: readonly DecisionOutputColumn[];
    readonly annotationColumns: readonly string[];
    readonly ruleIds: readonly string[];
  } | null;
}

export interface DecisionDefinition {
  readonly id: string;
  /** The DMN `definitions` id: every version of a file shares it. */
  readonly key: string;
  /** The DMN `definitions` name, else the file name. */
  readonly name: string;
  readonly version: number;
  readonly deployedAt: string;
  readonly deploymentId: string;
  readonly resourceName: string | null;
  readonly decisions: readonly DecisionSummary[];
  /** Set when the stored XML no longer parses with this engine (the definition cannot be evaluated). */
  readonly problem: string | null;
}

export interface MatchedRuleView {
  readonly decisionId: string;
  readonly tableId: string;
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly annotations: Readonly<Record<string, string>>;
  readonly outputs: JsonValue;
}

export interface DecisionEvaluationResult {
  readonly result: JsonValue;
  readonly matchedRules: readonly MatchedRuleView[];
  readonly decisionVersion: number;
  readonly decisionDefinitionId: string;
  readonly decisionDefinitionKey: string;
  readonly decisionId: string;
  readonly decisionName: string;
  /** Every decision evaluated (required ones first) with its input values and result. */
  readonly evaluated: JsonValue;
}
