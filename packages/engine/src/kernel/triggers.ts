/**
 * What happens when an event is caught: boundary events (interrupting or not), event subprocesses,
 * event-based gateways; and the propagation of BPMN errors and escalations up the scope chain.
 */
import type { FlowNode } from '../model/model.js';
import { cancel, cancelChildren, complete, raiseIncident, removeOwnedSubscriptions } from './primitives.js';
import type { Run } from './run.js';
import type { ElementInstance, Variables } from './types.js';
import { setVariables } from './variables.js';

export function triggerBoundary(run: Run, activity: ElementInstance, boundary: FlowNode, variables?: Variables): void {
  const parentId = activity.parentId;
  if (parentId === null) return;
  if (boundary.interrupting) cancel(run, activity);
  run.create(boundary.id, parentId, 'node', { triggered: true });
  setVariables(run, run.element(parentId), variables);
}

/** Starts an event subprocess of `scope` at `start`; an interrupting one first cancels the scope's content. */
export function triggerEventSubprocess(run: Run, scope: ElementInstance, start: FlowNode, variables?: Variables): void {
  if (start.interrupting) {
    cancelChildren(run, scope);
    removeOwnedSubscriptions(run, scope.id);
  }
  run.create(start.scope, scope.id, 'node', { startEventId: start.id });
  setVariables(run, scope, variables);
}

/** An event-based gateway saw one of its events: close the others and continue on that branch. */
export function triggerEventGateway(run: Run, gateway: ElementInstance, target: FlowNode, variables?: Variables): void {
  removeOwnedSubscriptions(run, gateway.id);
  const flow = run.node(gateway.elementId).outgoing.find((f) => run.model.flows[f]?.target === target.id);
  setVariables(run, gateway, variables);
  gateway.triggered = true;
  if (flow) complete(run, gateway, [flow]);
}

type Throwable = 'error' | 'escalation';

/**
 * Propagates an error or escalation from `from` outward: boundary events of `from` itself (a job error),
 * then at each enclosing scope its event subprocesses and the boundary events of the scope's activity.
 * Returns whether something caught it. An uncaught error becomes an incident at `from`.
 */
export function throwEvent(run: Run, from: ElementInstance, kind: Throwable, code: string | undefined, variables?: Variables): boolean {
  if (from.role !== 'mi-inner' && catchOnBoundary(run, from, kind, code, variables)) return true;
  let current: ElementInstance | undefined = from;
  while (current) {
    const scope = run.element(current.parentId);
    if (!scope) break;
    if (scope.role !== 'mi-body' && catchInEventSubprocess(run, scope, kind, code, variables)) return true;
    if (scope.role !== 'process' && scope.role !== 'mi-inner' && catchOnBoundary(run, scope, kind, code, variables)) return true;
    current = scope;
  }
  // A called instance hands what it could not catch to its call activity (the parent may catch it there).
  const parent = run.state.parent;
  if (parent) run.effect({ type: 'event.propagated', kind, code, parent });
  if (kind === 'error') {
    raiseIncident(run, from, 'UNHANDLED_ERROR', `error '${code ?? ''}' was not caught`);
  } else if (!parent) {
    run.effect({ type: 'escalation.unhandled', code, elementId: from.elementId });
  }
  return false;
}

function matches(node: FlowNode, kind: Throwable, code: string | undefined): boolean {
  const event = node.event;
  if (!event || event.kind !== kind) return false;
  return event.code === undefined || event.code === code;
}

function catchOnBoundary(run: Run, activity: ElementInstance, kind: Throwable, code: string | undefined, variables?: Variables): boolean {
  const node = run.node(activity.elementId);
  const candidates = node.boundaryEvents.map((id) => run.node(id)).filter((b) => matches(b, kind, code));
  const boundary = candidates.find((b) => b.event?.kind === kind && 'code' in b.event && b.event.code !== undefined) ?? candidates[0];
  if (!boundary) return false;
  triggerBoundary(run, activity, boundary, variables);
  return true;
}

function catchInEventSubprocess(run: Run, scope: ElementInstance, kind: Throwable, code: string | undefined, variables?: Variables): boolean {
  const scopeId = scope.role === 'process' ? run.model.id : scope.elementId;
  for (const espId of run.model.scopes[scopeId]?.eventSubprocesses ?? []) {
    for (const startId of run.model.scopes[espId]?.starts ?? []) {
      const start = run.node(startId);
      if (matches(start, kind, code)) {
        triggerEventSubprocess(run, scope, start, variables);
        return true;
      }
    }
  }
  return false;
}
