/**
 * Business rule task: evaluates a deployed DMN decision synchronously through the context's resolver
 * (the kernel stays pure); the result goes to `resultVariable`. A failure is an incident naming the rules.
 */
import { complete, raiseIncident } from '../kernel/primitives.js';
import { evaluateString, setVariable, variablesAt } from '../kernel/variables.js';
import type { Behavior } from './behavior.js';

export const businessRuleTask: Behavior = {
  activate(run, inst, node) {
    const decision = node.decision;
    const decisionId = decision ? evaluateString(run, decision.decisionId, inst) : undefined;
    if (!decision || decisionId === undefined) {
      raiseIncident(run, inst, 'DECISION_FAILED', `business rule task '${node.id}' has no decision`);
      return;
    }
    if (!run.ctx.decide) {
      raiseIncident(run, inst, 'DECISION_FAILED', `no decision resolver configured for '${decisionId}'`);
      return;
    }
    const r = run.ctx.decide(decisionId, variablesAt(run, inst));
    if (!r.ok) {
      const rules = r.ruleIds?.length ? ` (rules ${r.ruleIds.join(', ')})` : '';
      raiseIncident(run, inst, 'DECISION_FAILED', `decision '${decisionId}': ${r.error}${rules}`);
      return;
    }
    if (r.applied) {
      run.event({ type: 'decision.evaluated', at: run.nowIso, elementId: inst.elementId, elementInstanceId: inst.id, applied: r.applied, result: r.result });
    }
    if (decision.resultVariable) setVariable(run, run.element(inst.parentId), decision.resultVariable, r.result);
    complete(run, inst);
  },
};
