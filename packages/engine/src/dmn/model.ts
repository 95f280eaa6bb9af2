/**
 * The compiled, plain form of a DMN model: JSON-serializable (strings, numbers, arrays, plain objects only)
 * and indexed, so it can be cached, stored beside a deployment and evaluated without the XML.
 */

export const DMN_HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type DmnHitPolicy = (typeof DMN_HIT_POLICIES)[number];

export const DMN_AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type DmnAggregation = (typeof DMN_AGGREGATIONS)[number];

/** One comma-separated positive test of an input entry, e.g. `>= 18` or `Complex.aBoolean`. */
export interface DmnPositiveTest {
  readonly text: string;
  /**
   * A plain expression (not a comparison, range or literal) that does not mention `?`. If it evaluates to a
   * boolean, the input is compared with it by `=` instead of taking the boolean as the test result.
   */
  readonly plainExpression: boolean;
}

/** How an input entry is tested, decided once at deploy time from the FEEL parse tree. */
export type DmnUnaryTestPlan =
  | { readonly type: 'any' }
  | { readonly type: 'tests'; readonly negated: boolean; readonly tests: readonly DmnPositiveTest[] };

export interface DmnTableInput {
  readonly id: string;
  readonly label?: string;
  /** FEEL expression giving the input value (`?` in the entries). */
  readonly expression: string;
  readonly typeRef?: string;
  readonly inputValues?: string;
}

export interface DmnTableOutput {
  readonly id: string;
  /** Key in the result context when the table has several outputs. */
  readonly name?: string;
  readonly label?: string;
  readonly typeRef?: string;
  /** FEEL list of values (without brackets); sets the rank for PRIORITY and OUTPUT ORDER. */
  readonly outputValues?: string;
  /** FEEL expression used when no rule matches. */
  readonly defaultOutputEntry?: string;
}

export interface DmnTableRule {
  readonly id: string;
  /** Position in the table, 0-based. */
  readonly index: number;
  readonly inputEntries: readonly { readonly text: string; readonly plan: DmnUnaryTestPlan }[];
  /** FEEL expressions, one per output. */
  readonly outputEntries: readonly string[];
  /** Annotation column name → text of this rule (e.g. the legal basis of a benchmark row). */
  readonly annotations: Readonly<Record<string, string>>;
  readonly description?: string;
}

export interface DmnDecisionTable {
  readonly type: 'decisionTable';
  readonly id: string;
  readonly hitPolicy: DmnHitPolicy;
  readonly aggregation?: DmnAggregation;
  readonly outputLabel?: string;
  readonly inputs: readonly DmnTableInput[];
  readonly outputs: readonly DmnTableOutput[];
  /** Names of the annotation columns, in order. */
  readonly annotationColumns: readonly string[];
  readonly rules: readonly DmnTableRule[];
}

export interface DmnLiteralExpression {
  readonly type: 'literalExpression';
  readonly id?: string;
  readonly text: string;
}

export interface DmnContextExpression {
  readonly type: 'context';
  readonly id?: string;
  /** An entry without a name is the context's result. */
  readonly entries: readonly { readonly name?: string; readonly value: DmnExpression }[];
}

export interface DmnInvocationExpression {
  readonly type: 'invocation';
  readonly id?: string;
  /** FEEL expression naming the invoked function, usually a BKM name. */
  readonly calledFunction: string;
  readonly bindings: readonly { readonly parameter: string; readonly value?: DmnExpression }[];
}

export interface DmnFunctionDefinition {
  readonly type: 'functionDefinition';
  readonly id?: string;
  readonly parameters: readonly { readonly name: string; readonly typeRef?: string }[];
  readonly body: DmnExpression;
}

export interface DmnListExpression {
  readonly type: 'list';
  readonly id?: string;
  readonly elements: readonly DmnExpression[];
}

export type DmnExpression =
  | DmnLiteralExpression
  | DmnDecisionTable
  | DmnContextExpression
  | DmnInvocationExpression
  | DmnFunctionDefinition
  | DmnListExpression;

export interface DmnDecision {
  readonly id: string;
  readonly name: string;
  readonly typeRef?: string;
  readonly requiredDecisionIds: readonly string[];
  readonly requiredInputIds: readonly string[];
  readonly requiredKnowledgeIds: readonly string[];
  readonly logic: DmnExpression;
}

export interface DmnBusinessKnowledgeModel {
  readonly id: string;
  readonly name: string;
  readonly parameters: readonly { readonly name: string; readonly typeRef?: string }[];
  readonly requiredKnowledgeIds: readonly string[];
  readonly body: DmnExpression;
}

export interface DmnInputData {
  readonly id: string;
  readonly name: string;
  readonly typeRef?: string;
}

export interface DmnItemDefinition {
  readonly name: string;
  readonly typeRef?: string;
  readonly isCollection: boolean;
  readonly components: readonly string[];
  /** FEEL unary tests a value of this type must pass, e.g. `"轻微","一般","严重"`. */
  readonly allowedValues?: string;
}

export interface DmnModel {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** Decisions by id. */
  readonly decisions: Readonly<Record<string, DmnDecision>>;
  /** Decision name → id. */
  readonly decisionIdsByName: Readonly<Record<string, string>>;
  /** Business knowledge models by id. */
  readonly bkms: Readonly<Record<string, DmnBusinessKnowledgeModel>>;
  /** Input data by id. */
  readonly inputData: Readonly<Record<string, DmnInputData>>;
  /** Item definitions by name. */
  readonly itemDefinitions: Readonly<Record<string, DmnItemDefinition>>;
}
