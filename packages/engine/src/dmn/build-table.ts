import type { ModdleElement } from 'dmn-moddle';
import { checkFeel, optional, problem, type BuildContext } from './build-context.js';
import { feelSyntaxProblem } from './feel.js';
import {
  DMN_AGGREGATIONS,
  DMN_HIT_POLICIES,
  type DmnAggregation,
  type DmnDecisionTable,
  type DmnHitPolicy,
  type DmnTableInput,
  type DmnTableOutput,
  type DmnTableRule,
} from './model.js';
import { readChild, readChildren, readString, readText } from './moddle-read.js';
import { planUnaryTests } from './unary-tests.js';

function isHitPolicy(value: string): value is DmnHitPolicy {
  return DMN_HIT_POLICIES.some((policy) => policy === value);
}

function isAggregation(value: string): value is DmnAggregation {
  return DMN_AGGREGATIONS.some((aggregation) => aggregation === value);
}

/** Compiles a decision table, checking hit policy, column counts and the FEEL of every cell. */
export function buildDecisionTable(context: BuildContext, table: ModdleElement, ownerId: string): DmnDecisionTable | undefined {
  const id = readString(table, 'id') ?? `${ownerId}-table`;
  const policyText = readString(table, 'hitPolicy') ?? 'UNIQUE';
  const aggregationText = readString(table, 'aggregation');
  if (!isHitPolicy(policyText)) {
    problem(context, table, `unknown hit policy '${policyText}'`, ownerId);
    return undefined;
  }
  if (aggregationText !== undefined && (!isAggregation(aggregationText) || policyText !== 'COLLECT')) {
    problem(context, table, `aggregation '${aggregationText}' needs hit policy COLLECT and one of ${DMN_AGGREGATIONS.join(', ')}`, ownerId);
    return undefined;
  }
  const inputs = readChildren(table, 'input').map((input, i) => buildInput(context, input, `${id}-input-${i}`));
  const outputs = readChildren(table, 'output').map((output, i) => buildOutput(context, output, `${id}-output-${i}`));
  const annotationColumns = readChildren(table, 'annotation').map((column, i) => readString(column, 'name') ?? `annotation ${i + 1}`);
  checkOutputs(context, table, outputs, policyText, aggregationText, ownerId);
  const rules = readChildren(table, 'rule').map((rule, index) =>
    buildRule(context, rule, { index, tableId: id, inputs: inputs.length, outputs: outputs.length, annotationColumns }),
  );
  return {
    type: 'decisionTable',
    id,
    hitPolicy: policyText,
    ...optional('aggregation', aggregationText !== undefined && isAggregation(aggregationText) ? aggregationText : undefined),
    ...optional('outputLabel', readString(table, 'outputLabel')),
    inputs,
    outputs,
    annotationColumns,
    rules: rules.filter((rule) => rule !== undefined),
  };
}

function buildInput(context: BuildContext, input: ModdleElement, fallbackId: string): DmnTableInput {
  const id = readString(input, 'id') ?? fallbackId;
  const expression = readChild(input, 'inputExpression');
  const text = readText(expression)?.trim() ?? '';
  if (text === '') problem(context, input, 'input column without an input expression', id);
  else checkFeel(context, input, text, 'input expression', id);
  const inputValues = readText(readChild(input, 'inputValues'));
  if (inputValues !== undefined && inputValues.trim() !== '') {
    const syntax = feelSyntaxProblem(inputValues, context.names, 'unaryTests');
    if (syntax !== undefined) problem(context, input, `input values: ${syntax}`, id);
  }
  return {
    id,
    ...optional('label', readString(input, 'label')),
    expression: text,
    ...optional('typeRef', expression ? readString(expression, 'typeRef') : undefined),
    ...optional('inputValues', inputValues?.trim() === '' ? undefined : inputValues),
  };
}

function buildOutput(context: BuildContext, output: ModdleElement, fallbackId: string): DmnTableOutput {
  const id = readString(output, 'id') ?? fallbackId;
  const outputValues = readText(readChild(output, 'outputValues'));
  if (outputValues !== undefined && outputValues.trim() !== '') checkFeel(context, output, `[${outputValues}]`, 'output values', id);
  const defaultOutputEntry = readText(readChild(output, 'defaultOutputEntry'));
  if (defaultOutputEntry !== undefined) checkFeel(context, output, defaultOutputEntry, 'default output entry', id);
  return {
    id,
    ...optional('name', readString(output, 'name')),
    ...optional('label', readString(output, 'label')),
    ...optional('typeRef', readString(output, 'typeRef')),
    ...optional('outputValues', outputValues?.trim() === '' ? undefined : outputValues),
    ...optional('defaultOutputEntry', defaultOutputEntry?.trim() === '' ? undefined : defaultOutputEntry),
  };
}

function checkOutputs(
  context: BuildContext,
  table: ModdleElement,
  outputs: readonly DmnTableOutput[],
  policy: DmnHitPolicy,
  aggregation: string | undefined,
  ownerId: string,
): void {
  if (outputs.length === 0) problem(context, table, 'decision table without an output column', ownerId);
  if (outputs.length > 1) {
    const names = outputs.map((output) => output.name ?? '');
    if (names.some((name) => name === '')) problem(context, table, 'every output column of a table with several outputs needs a name', ownerId);
    if (new Set(names).size !== names.length) problem(context, table, 'output column names must be unique', ownerId);
    if (aggregation !== undefined) problem(context, table, `aggregation ${aggregation} needs exactly one output column`, ownerId);
  }
  if ((policy === 'PRIORITY' || policy === 'OUTPUT ORDER') && !outputs.some((output) => output.outputValues !== undefined)) {
    problem(context, table, `hit policy ${policy} needs output values on at least one output column`, ownerId);
  }
}

interface RuleShape {
  readonly index: number;
  readonly tableId: string;
  readonly inputs: number;
  readonly outputs: number;
  readonly annotationColumns: readonly string[];
}

function buildRule(context: BuildContext, rule: ModdleElement, shape: RuleShape): DmnTableRule | undefined {
  const id = readString(rule, 'id') ?? `${shape.tableId}-rule-${shape.index}`;
  const inputEntries = readChildren(rule, 'inputEntry');
  const outputEntries = readChildren(rule, 'outputEntry');
  if (inputEntries.length !== shape.inputs || outputEntries.length !== shape.outputs) {
    problem(context, rule, `rule ${shape.index + 1} has ${inputEntries.length} input and ${outputEntries.length} output entries, the table ${shape.inputs} and ${shape.outputs}`, id);
    return undefined;
  }
  const entries = inputEntries.map((entry, column) => {
    const text = readString(entry, 'text') ?? '';
    const plan = planUnaryTests(text, context.names);
    if ('error' in plan) {
      problem(context, rule, `rule ${shape.index + 1}, input ${column + 1}: ${plan.error}`, id);
      return { text, plan: { type: 'any' as const } };
    }
    return { text, plan };
  });
  const outputs = outputEntries.map((entry, column) => {
    const text = readString(entry, 'text') ?? '';
    checkFeel(context, rule, text, `rule ${shape.index + 1}, output ${column + 1}`, id);
    return text;
  });
  const annotationTexts = readChildren(rule, 'annotationEntry').map((entry) => readString(entry, 'text') ?? '');
  const annotations = Object.fromEntries(shape.annotationColumns.map((name, i) => [name, annotationTexts[i] ?? '']));
  return { id, index: shape.index, inputEntries: entries, outputEntries: outputs, annotations, ...optional('description', readString(rule, 'description')) };
}
