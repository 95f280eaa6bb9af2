/**
 * DMN 1.3 decisions: `parseDmn` compiles XML into a plain model (throwing DeployError on any problem) and
 * `evaluateDecision` evaluates a decision with its requirements, reporting the rules that applied.
 */
export { parseDmn, MAX_DMN_BYTES } from './parse.js';
export { evaluateDecision } from './evaluate.js';
export type { DecisionEvaluation, EvaluatedDecision, MatchedRule } from './session.js';
export { DMN_AGGREGATIONS, DMN_HIT_POLICIES } from './model.js';
export type {
  DmnAggregation,
  DmnContextExpression,
  DmnDecisionTable,
  DmnBusinessKnowledgeModel,
  DmnDecision,
  DmnExpression,
  DmnInputData,
  DmnItemDefinition,
  DmnModel,
  DmnFunctionDefinition,
  DmnHitPolicy,
  DmnInvocationExpression,
  DmnListExpression,
  DmnLiteralExpression,
  DmnPositiveTest,
  DmnTableInput,
  DmnTableOutput,
  DmnTableRule,
  DmnUnaryTestPlan,
} from './model.js';
