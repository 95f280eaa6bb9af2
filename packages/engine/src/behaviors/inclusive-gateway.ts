/**
 * Inclusive gateway. Split: every flow whose condition holds (default if none; nothing → incident).
 * Join: a token waits until no other token in the scope can still reach the gateway; the kernel
 * re-evaluates waiting joins whenever the instance comes to rest (see `tryInclusiveJoins`).
 */
import { complete, raiseIncident } from '../kernel/primitives.js';
import type { Run } from '../kernel/run.js';
import type { ElementInstance } from '../kernel/types.js';
import { evaluateAt } from '../kernel/variables.js';
import type { Behavior } from './behavior.js';

export const inclusiveGateway: Behavior = {
  activate(run, inst, node) {
    if (node.incoming.length <= 1) {
      complete(run, inst);
      return;
    }
    inst.status = 'joining';
    run.inclusiveWaiting = true;
  },
  outgoing(run, inst, node) {
    const taken: string[] = [];
    for (const flowId of node.outgoing) {
      const flow = run.model.flows[flowId];
      if (!flow || flowId === node.defaultFlow) continue;
      if (!flow.condition) {
        taken.push(flowId);
        continue;
      }
      const r = evaluateAt(run, flow.condition, inst);
      if (!r.ok) {
        raiseIncident(run, inst, 'EXPRESSION_FAILED', `condition of '${flowId}': ${r.error}`, 'complete');
        return 'incident';
      }
      if (r.value === true) taken.push(flowId);
    }
    if (taken.length === 0 && node.defaultFlow) taken.push(node.defaultFlow);
    if (taken.length === 0 && node.outgoing.length > 0) {
      raiseIncident(run, inst, 'NO_OUTGOING_FLOW', `no outgoing flow of '${node.id}' matched`, 'complete');
      return 'incident';
    }
    return taken;
  },
};

/** Fires every waiting inclusive join that no other token can still reach. Returns whether one fired. */
export function tryInclusiveJoins(run: Run): boolean {
  let fired = false;
  const waiting = run.all().filter(
    (e) => e.status === 'joining' && run.node(e.elementId).type === 'inclusiveGateway',
  );
  const seen = new Set<string>();
  for (const token of waiting) {
    const key = `${token.parentId ?? ''}/${token.elementId}`;
    if (seen.has(key) || !run.element(token.id)) continue;
    seen.add(key);
    const reach = new Set(run.model.reachesInclusive[token.elementId] ?? []);
    const siblings = run.children(token.parentId ?? '');
    const blocked = siblings.some((s) => s.elementId !== token.elementId && reach.has(s.elementId));
    if (blocked) continue;
    const joined: ElementInstance[] = siblings.filter((s) => s.elementId === token.elementId && s.status === 'joining');
    for (const other of joined) if (other.id !== token.id) run.remove(other.id);
    token.status = 'waiting';
    complete(run, token);
    fired = true;
  }
  run.inclusiveWaiting = run.all().some((e) => e.status === 'joining' && run.node(e.elementId).type === 'inclusiveGateway');
  return fired;
}
