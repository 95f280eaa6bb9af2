/** What a failed evaluation names: the decision, the rules in conflict, or the input of the wrong type. */
export interface DecisionFailureDetails {
  readonly decisionId: string;
  readonly decisionDefinitionId: string;
  readonly decisionVersion: number;
  readonly ruleIds?: readonly string[];
  /** The input column (or input data) whose value was refused. */
  readonly input?: { readonly id: string; readonly name: string };
}

/** A decision could not be made with the given variables (a UNIQUE conflict, a wrong input type …). HTTP 422. */
export class DecisionEvaluationError extends Error {
  readonly code = 'DECISION_FAILED';

  constructor(
    message: string,
    readonly details: DecisionFailureDetails,
  ) {
    super(message);
    this.name = 'DecisionEvaluationError';
  }
}
