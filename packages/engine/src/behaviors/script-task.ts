/** Script task: evaluates its FEEL/JUEL expression and stores the result; a failure is an incident. */
import { complete, raiseIncident } from '../kernel/primitives.js';
import { evaluateAt, setVariable } from '../kernel/variables.js';
import type { Behavior } from './behavior.js';

export const scriptTask: Behavior = {
  activate(run, inst, node) {
    const script = node.script;
    if (!script) {
      complete(run, inst);
      return;
    }
    const r = evaluateAt(run, script.expr, inst);
    if (!r.ok) {
      raiseIncident(run, inst, 'EXPRESSION_FAILED', `script of '${node.id}': ${r.error}`);
      return;
    }
    if (script.resultVariable) setVariable(run, run.element(inst.parentId), script.resultVariable, literalValue(r.value, script.expr.kind));
    complete(run, inst);
  },
};

/** A JUEL script without `${}` is literal text; EL coerces numeric text in arithmetic, so keep numbers numeric. */
function literalValue(value: unknown, kind: string): unknown {
  if (kind === 'literal' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
}
