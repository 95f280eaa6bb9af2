/** Decision tables (DMN): definitions, their XML, and evaluation for trying a table out. */
export { createDecisionsRouter, type DecisionsRouterDeps } from './decisions.router.js';
export { DecisionsService } from './decisions.service.js';
export { PostgresDecisionDefinitionStore, type DecisionDefinitionStore, type StoredDecisionDefinition } from './decision-definition.store.js';
export { DecisionEvaluationError, type DecisionFailureDetails } from './decision.errors.js';
export type {
  DecisionDefinition, DecisionEvaluation, DecisionInputColumn, DecisionOutputColumn, DecisionSummary, EvaluateDecisionRequest, MatchedRule,
} from '@zhifa/api-types';
