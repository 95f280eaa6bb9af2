/**
 * Event subscriptions held by element instances: timers, messages, signals and conditions of catch
 * events, boundary events, event-subprocess starts and event-based gateways. Firing one routes to the
 * right trigger (complete the catch, trigger the boundary, start the event subprocess).
 */
import type { EventDef, FlowNode } from '../model/model.js';
import { complete, raiseIncident } from './primitives.js';
import type { Run } from './run.js';
import { firstOccurrence, nextOccurrence } from './timer-math.js';
import { triggerBoundary, triggerEventGateway, triggerEventSubprocess } from './triggers.js';
import type { ElementInstance, SubscriptionState, Variables } from './types.js';
import { evaluateAt, evaluateString, setVariables } from './variables.js';

/** Opens the subscription for `event` (of catch node `node`), owned by `owner`. False on an incident. */
export function subscribe(run: Run, owner: ElementInstance, node: FlowNode, event: EventDef | undefined): boolean {
  if (!event) return true;
  const base = { elementId: node.id, ownerId: owner.id };
  switch (event.kind) {
    case 'message': {
      let correlationKey: string | undefined;
      if (event.correlationKey) {
        const r = evaluateAt(run, event.correlationKey, owner);
        if (!r.ok) {
          raiseIncident(run, owner, 'EXPRESSION_FAILED', `correlation key of '${node.id}': ${r.error}`);
          return false;
        }
        correlationKey = r.value === null || r.value === undefined ? undefined : String(r.value);
      }
      add(run, { id: run.newId(), kind: 'message', name: event.name, correlationKey, ...base });
      return true;
    }
    case 'signal':
      add(run, { id: run.newId(), kind: 'signal', name: event.name, ...base });
      return true;
    case 'conditional':
      add(run, { id: run.newId(), kind: 'conditional', ...base });
      return true;
    case 'timer':
      return subscribeTimer(run, owner, node, event);
    default:
      return true;
  }
}

function subscribeTimer(run: Run, owner: ElementInstance, node: FlowNode, event: Extract<EventDef, { kind: 'timer' }>): boolean {
  const value = evaluateString(run, event.timer.expr, owner);
  if (value === undefined) {
    raiseIncident(run, owner, 'EXPRESSION_FAILED', `timer of '${node.id}' has no value`);
    return false;
  }
  let occurrence = firstOccurrence(event.timer.kind, value, run.ctx.now);
  if (!('error' in occurrence) && event.workingCalendar && event.timer.kind === 'duration' && run.ctx.addWorkingDuration) {
    occurrence = workingDue(run.ctx.addWorkingDuration, run.nowIso, value);
  }
  if ('error' in occurrence) {
    raiseIncident(run, owner, 'TIMER_INVALID', `timer of '${node.id}': ${occurrence.error}`);
    return false;
  }
  add(run, { id: run.newId(), kind: 'timer', elementId: node.id, ownerId: owner.id, ...occurrence });
  return true;
}

/** The calendar adapter may refuse (a year without data); that is an incident, not an exception. */
function workingDue(adder: (fromIso: string, iso: string) => string, from: string, value: string): { dueAt: string } | { error: string } {
  try {
    return { dueAt: adder(from, value) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function add(run: Run, sub: SubscriptionState): void {
  run.state.subscriptions[sub.id] = sub;
}

/** Boundary events of an activity that wait for a trigger (error/escalation/compensation are looked up). */
export function subscribeBoundaries(run: Run, inst: ElementInstance, node: FlowNode): void {
  for (const boundaryId of node.boundaryEvents) {
    const boundary = run.node(boundaryId);
    subscribe(run, inst, boundary, boundary.event);
  }
}

/** Start events of the event subprocesses of a scope, owned by the scope instance. */
export function subscribeEventSubprocesses(run: Run, scope: ElementInstance, scopeId: string): void {
  for (const espId of run.model.scopes[scopeId]?.eventSubprocesses ?? []) {
    for (const startId of run.model.scopes[espId]?.starts ?? []) {
      const start = run.node(startId);
      subscribe(run, scope, start, start.event);
    }
  }
}

/** Delivers a trigger to a subscription. Returns false when the subscription no longer exists. */
export function fire(run: Run, subscriptionId: string, variables?: Variables): boolean {
  const sub = run.state.subscriptions[subscriptionId];
  const owner = sub ? run.element(sub.ownerId) : undefined;
  if (!sub || !owner) return false;
  const node = run.node(sub.elementId);
  const keepsListening = sub.kind !== 'timer' && !((node.type === 'boundaryEvent' || node.type === 'startEvent') && node.interrupting === true) && node.type !== 'intermediateCatchEvent' && node.type !== 'receiveTask';
  if (!keepsListening) delete run.state.subscriptions[sub.id];
  if (sub.kind === 'timer') rescheduleCycle(run, sub, node);
  if (node.type === 'boundaryEvent') {
    triggerBoundary(run, owner, node, variables);
  } else if (node.type === 'startEvent') {
    triggerEventSubprocess(run, owner, node, variables);
  } else if (owner.elementId !== node.id) {
    triggerEventGateway(run, owner, node, variables);
  } else {
    setVariables(run, owner, variables);
    complete(run, owner);
  }
  return true;
}

/** Non-interrupting cycles (boundary or event-subprocess timers) schedule their next occurrence. */
function rescheduleCycle(run: Run, sub: SubscriptionState, node: FlowNode): void {
  delete run.state.subscriptions[sub.id];
  if (node.interrupting || sub.dueAt === undefined) return;
  const next = nextOccurrence({ dueAt: sub.dueAt, remaining: sub.remaining, interval: sub.interval });
  if (next) add(run, { ...sub, id: run.newId(), ...next });
}

/** Conditions re-evaluated after variables changed; fires the ones that became true. */
export function evaluateConditions(run: Run): void {
  for (const sub of Object.values(run.state.subscriptions)) {
    if (sub.kind !== 'conditional' || !run.state.subscriptions[sub.id]) continue;
    const node = run.node(sub.elementId);
    const owner = run.element(sub.ownerId);
    if (!owner || node.event?.kind !== 'conditional') continue;
    const r = evaluateAt(run, node.event.condition, owner);
    if (r.ok && r.value === true) fire(run, sub.id);
  }
}
