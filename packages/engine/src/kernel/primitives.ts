/**
 * Kernel primitives shared by the lifecycle and the behaviors: queue a completion, take a flow, cancel,
 * end the instance, raise an incident. Nothing here calls a behavior (that keeps the module graph acyclic).
 */
import type { FlowNode } from '../model/model.js';
import type { Run } from './run.js';
import type { ElementInstance, IncidentState } from './types.js';
import { evaluateAt } from './variables.js';

/** Queue completion of an element instance (optionally through specific flows). */
export function complete(run: Run, inst: ElementInstance, flows?: readonly string[]): void {
  run.push({ op: 'complete', id: inst.id, flows });
}

/** Activity semantics: unconditional flows plus conditional ones that evaluate true; default if none. */
export function defaultOutgoing(run: Run, inst: ElementInstance, node: FlowNode): readonly string[] | 'incident' {
  if (node.outgoing.length <= 1 && !node.outgoing.some((f) => run.model.flows[f]?.condition)) return node.outgoing;
  const taken: string[] = [];
  for (const flowId of node.outgoing) {
    if (flowId === node.defaultFlow) continue;
    const flow = run.model.flows[flowId];
    if (!flow?.condition) {
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
  return taken;
}

export function takeFlow(run: Run, flowId: string, parentId: string): ElementInstance | undefined {
  const flow = run.model.flows[flowId];
  if (!flow) return undefined;
  run.event({ type: 'flow.taken', at: run.nowIso, elementId: flowId });
  return run.create(flow.target, parentId, 'node', { via: flowId });
}

export function endInstance(run: Run, status: 'completed' | 'terminated' | 'cancelled'): void {
  const root = run.root();
  for (const child of run.children(root.id)) cancel(run, child);
  removeOwnedSubscriptions(run, root.id);
  const { state } = run;
  if (state.status !== 'active') return;
  state.status = status;
  state.endedAt = run.nowIso;
  if (status === 'completed') run.event({ type: 'element.completed', at: run.nowIso, elementId: state.processId, elementInstanceId: root.id });
  run.event({ type: 'instance.ended', at: run.nowIso, status });
  run.effect({ type: 'instance.ended', status, variables: root.variables ?? {}, parent: state.parent });
  for (const id of Object.keys(state.incidents)) delete state.incidents[id];
}

/** Cancels an element instance and everything inside it. */
export function cancel(run: Run, inst: ElementInstance): void {
  for (const child of run.children(inst.id)) cancel(run, child);
  removeOwnedSubscriptions(run, inst.id);
  if (inst.childInstanceId) run.effect({ type: 'child.cancel', childInstanceId: inst.childInstanceId });
  for (const [id, incident] of Object.entries(run.state.incidents)) if (incident.elementInstanceId === inst.id) delete run.state.incidents[id];
  run.event({ type: 'element.cancelled', at: run.nowIso, elementId: inst.elementId, elementInstanceId: inst.id });
  run.remove(inst.id);
}

export function cancelChildren(run: Run, scope: ElementInstance, except?: string): void {
  for (const child of run.children(scope.id)) if (child.id !== except) cancel(run, child);
}

/** Records an incident; `retry` says what resolving it re-runs (the activation, or the completion). */
export function raiseIncident(run: Run, inst: ElementInstance, kind: string, message: string, retry: IncidentState['retry'] = 'activate'): void {
  inst.status = 'failed';
  const id = run.newId();
  run.state.incidents[id] = { id, elementInstanceId: inst.id, elementId: inst.elementId, kind, message, createdAt: run.nowIso, retry };
  run.event({ type: 'incident.created', at: run.nowIso, elementId: inst.elementId, elementInstanceId: inst.id, kind, message });
}

/** Removes every subscription owned by an element instance. */
export function removeOwnedSubscriptions(run: Run, ownerId: string): void {
  for (const [id, sub] of Object.entries(run.state.subscriptions)) if (sub.ownerId === ownerId) delete run.state.subscriptions[id];
}
