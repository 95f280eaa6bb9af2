/** Exclusive gateway: the first outgoing flow whose condition holds, else the default; none → incident. */
import { raiseIncident } from '../kernel/primitives.js';
import { evaluateAt } from '../kernel/variables.js';
import { passThrough, type Behavior } from './behavior.js';

export const exclusiveGateway: Behavior = {
  activate: passThrough.activate,
  outgoing(run, inst, node) {
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const flow = run.model.flows[flowId];
      if (!flow) continue;
      if (!flow.condition) return [flowId];
      const r = evaluateAt(run, flow.condition, inst);
      if (!r.ok) {
        raiseIncident(run, inst, 'EXPRESSION_FAILED', `condition of '${flowId}': ${r.error}`, 'complete');
        return 'incident';
      }
      if (r.value === true) return [flowId];
    }
    if (node.defaultFlow) return [node.defaultFlow];
    if (node.outgoing.length === 0) return [];
    raiseIncident(run, inst, 'NO_OUTGOING_FLOW', `no outgoing flow of '${node.id}' matched`, 'complete');
    return 'incident';
  },
};
