/** Builds small DMN 1.3 documents for tests: one decision table per decision, written as plain data. */

export interface TableSpec {
  readonly id?: string;
  readonly name?: string;
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  readonly inputs: readonly { readonly expression: string; readonly typeRef?: string; readonly label?: string; readonly inputValues?: string }[];
  readonly outputs: readonly { readonly name?: string; readonly outputValues?: string; readonly defaultOutputEntry?: string }[];
  readonly annotations?: readonly string[];
  readonly rules: readonly { readonly id: string; readonly when: readonly string[]; readonly then: readonly string[]; readonly notes?: readonly string[] }[];
  /** Ids of decisions this one requires. */
  readonly requires?: readonly string[];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(value: string): string {
  return `<text>${escape(value)}</text>`;
}

function decisionXml(spec: TableSpec, index: number): string {
  const id = spec.id ?? `decision${index}`;
  const requirements = (spec.requires ?? [])
    .map((required) => `<informationRequirement id="${id}-req-${required}"><requiredDecision href="#${required}"/></informationRequirement>`)
    .join('');
  const inputs = spec.inputs
    .map((input, i) => {
      const label = input.label ? ` label="${escape(input.label)}"` : '';
      const typeRef = input.typeRef ? ` typeRef="${input.typeRef}"` : '';
      const values = input.inputValues ? `<inputValues>${text(input.inputValues)}</inputValues>` : '';
      return `<input id="${id}-in${i}"${label}><inputExpression id="${id}-ie${i}"${typeRef}>${text(input.expression)}</inputExpression>${values}</input>`;
    })
    .join('');
  const outputs = spec.outputs
    .map((output, i) => {
      const name = output.name ? ` name="${escape(output.name)}"` : '';
      const values = output.outputValues ? `<outputValues>${text(output.outputValues)}</outputValues>` : '';
      const fallback = output.defaultOutputEntry ? `<defaultOutputEntry>${text(output.defaultOutputEntry)}</defaultOutputEntry>` : '';
      return `<output id="${id}-out${i}"${name}>${values}${fallback}</output>`;
    })
    .join('');
  const annotations = (spec.annotations ?? []).map((name) => `<annotation name="${escape(name)}"/>`).join('');
  const rules = spec.rules
    .map((rule) => {
      const when = rule.when.map((entry) => `<inputEntry>${text(entry)}</inputEntry>`).join('');
      const then = rule.then.map((entry) => `<outputEntry>${text(entry)}</outputEntry>`).join('');
      const notes = (rule.notes ?? []).map((note) => `<annotationEntry>${text(note)}</annotationEntry>`).join('');
      return `<rule id="${rule.id}">${when}${then}${notes}</rule>`;
    })
    .join('');
  const policy = spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : '';
  const aggregation = spec.aggregation ? ` aggregation="${spec.aggregation}"` : '';
  return `<decision id="${id}" name="${escape(spec.name ?? id)}">${requirements}<decisionTable id="${id}-table"${policy}${aggregation}>${inputs}${outputs}${annotations}${rules}</decisionTable></decision>`;
}

/** A DMN 1.3 document holding one decision table per spec. */
export function dmnXml(...tables: readonly TableSpec[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="Fixture" namespace="http://zhifa.test/dmn">
${tables.map(decisionXml).join('\n')}
</definitions>`;
}
