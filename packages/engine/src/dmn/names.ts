import type { DmnDecisionTable, DmnTableInput, DmnTableOutput } from './model.js';

/** Key of an input column in traces: its label, else its expression. */
export function inputName(input: DmnTableInput): string {
  return input.label ?? input.expression;
}

/** Key of an output in a rule's outputs: its name, else the table's output label. */
export function outputName(table: DmnDecisionTable, output: DmnTableOutput, index: number): string {
  return output.name ?? output.label ?? (table.outputs.length === 1 ? (table.outputLabel ?? 'result') : `output ${index + 1}`);
}
