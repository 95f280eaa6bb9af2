/**
 * The element lifecycle, written once for every element type: activate → (behavior) → complete → take
 * flows; scope completion; cancellation; incidents. Behaviors only decide what happens in between.
 */
import { behaviorOf } from '../behaviors/index.js';
import type { FlowNode } from '../model/model.js';
import { handlerDone, recordCompensable } from './compensation.js';
import { activateMultiInstance, innerCompleted } from './multi-instance.js';
import { defaultOutgoing, endInstance, raiseIncident, removeOwnedSubscriptions, takeFlow } from './primitives.js';
import type { Run } from './run.js';
import { subscribeBoundaries } from './subscriptions.js';
import type { ElementInstance } from './types.js';
import { evaluateAt, setLocal, setVariable } from './variables.js';

export function activate(run: Run, inst: ElementInstance): void {
  if (inst.status !== 'ready') return;
  const node = run.node(inst.elementId);
  if (inst.role === 'node' && node.loop) {
    inst.role = 'mi-body';
    inst.status = 'waiting';
    subscribeBoundaries(run, inst, node);
    activateMultiInstance(run, inst, node, node.loop);
    return;
  }
  if (node.io && !applyMappings(run, inst, node, 'inputs')) return;
  if (inst.role !== 'mi-inner') subscribeBoundaries(run, inst, node);
  behaviorOf(node.type).activate(run, inst, node);
}

/** Io mappings: inputs become locals of the element; outputs are written from it to the enclosing scope. */
function applyMappings(run: Run, inst: ElementInstance, node: FlowNode, which: 'inputs' | 'outputs'): boolean {
  const mappings = node.io?.[which] ?? [];
  if (mappings.length === 0) return true;
  const source = which === 'inputs' ? run.element(inst.parentId) : inst;
  const results: [string, unknown][] = [];
  for (const m of mappings) {
    const r = evaluateAt(run, m.source, source);
    if (!r.ok) {
      raiseIncident(run, inst, 'EXPRESSION_FAILED', `${which === 'inputs' ? 'input' : 'output'} mapping '${m.target}': ${r.error}`, which === 'inputs' ? 'activate' : 'complete');
      return false;
    }
    results.push([m.target, r.value]);
  }
  for (const [target, value] of results) {
    if (which === 'inputs') setLocal(run, inst, target, value);
    else setVariable(run, run.element(inst.parentId), target, value);
  }
  return true;
}


export function completeNow(run: Run, inst: ElementInstance, explicitFlows?: readonly string[]): void {
  const node = run.node(inst.elementId);
  if (inst.role !== 'mi-body' && node.io && !applyMappings(run, inst, node, 'outputs')) return;
  let flows: readonly string[] = [];
  if (inst.role === 'node' || inst.role === 'mi-body') {
    const chosen = explicitFlows ?? behaviorOf(node.type).outgoing?.(run, inst, node) ?? defaultOutgoing(run, inst, node);
    if (chosen === 'incident') return;
    flows = chosen;
  }
  removeOwnedSubscriptions(run, inst.id);
  // A multi-instance body is bookkeeping: its iterations are what completed.
  if (inst.role !== 'mi-body') run.event({ type: 'element.completed', at: run.nowIso, elementId: inst.elementId, elementInstanceId: inst.id });
  recordCompensable(run, inst, node);
  if (inst.role === 'mi-inner') innerCompleted(run, inst);
  run.remove(inst.id);
  if (inst.role === 'mi-inner') return;
  if (inst.role === 'compensation') {
    handlerDone(run, inst);
    return;
  }
  const parentId = inst.parentId;
  if (parentId === null) return;
  for (const flowId of flows) {
    const next = takeFlow(run, flowId, parentId);
    // The event after an event-based gateway has already happened.
    if (next && inst.triggered && node.type === 'eventBasedGateway') next.triggered = true;
  }
  if (flows.length === 0) run.push({ op: 'scope-check', id: parentId });
}



/** A scope whose last token ended completes (process → instance ends). */
export function scopeCheck(run: Run, scopeId: string): void {
  const scope = run.element(scopeId);
  if (!scope || scope.status === 'ready' || scope.status === 'failed' || run.hasChildren(scopeId)) return;
  if (scope.role === 'mi-body') return;
  if (scope.role === 'process') {
    endInstance(run, 'completed');
    return;
  }
  completeNow(run, scope);
}




