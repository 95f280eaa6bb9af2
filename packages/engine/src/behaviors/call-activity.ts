/**
 * Call activity: asks the engine service (effect `child.start`) to start the called process with the
 * mapped variables, waits, and maps variables back when the child completes (`child.completed`).
 */
import { evaluate } from '../expression/index.js';
import type { JsonValue } from '../json.js';
import { complete, raiseIncident } from '../kernel/primitives.js';
import type { Run } from '../kernel/run.js';
import type { ElementInstance, Variables } from '../kernel/types.js';
import { evaluateAt, evaluateString, expressionOptions, setVariable, variablesAt } from '../kernel/variables.js';
import { wait, type Behavior } from './behavior.js';

export const callActivity: Behavior = {
  activate(run, inst, node) {
    const call = node.call;
    const processId = call ? evaluateString(run, call.processId, inst) : undefined;
    if (!call || !processId) {
      raiseIncident(run, inst, 'EXPRESSION_FAILED', `call activity '${node.id}' has no called element`);
      return;
    }
    const variables: Variables = call.inAll ? variablesAt(run, inst) : {};
    for (const m of call.inputs) {
      const r = evaluateAt(run, m.source, inst);
      if (!r.ok) {
        raiseIncident(run, inst, 'EXPRESSION_FAILED', `input '${m.target}' of '${node.id}': ${r.error}`);
        return;
      }
      variables[m.target] = json(r.value);
    }
    inst.childInstanceId = run.newId();
    wait(inst);
    run.effect({ type: 'child.start', childInstanceId: inst.childInstanceId, processId, variables, parentElementInstanceId: inst.id, businessKey: run.state.businessKey });
  },
};

/** The called instance completed with `childVariables`: map them back and continue. */
export function childCompleted(run: Run, inst: ElementInstance, childVariables: Variables): void {
  const call = run.node(inst.elementId).call;
  delete inst.childInstanceId;
  const parent = run.element(inst.parentId);
  if (call?.outAll) for (const [name, value] of Object.entries(childVariables)) setVariable(run, parent, name, value);
  for (const m of call?.outputs ?? []) {
    const r = m.source.kind === 'literal' ? { ok: true as const, value: m.source.value } : evaluate(m.source.kind, m.source.source, childVariables, expressionOptions(run));
    setVariable(run, parent, m.target, r.ok ? r.value : null);
  }
  complete(run, inst);
}

function json(value: unknown): JsonValue {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
