/**
 * Multi-instance activities: a body instance owns one inner instance per item (parallel) or one at a time
 * (sequential), keeps nrOfInstances / nrOfActiveInstances / nrOfCompletedInstances and loopCounter, collects
 * outputs, and completes when all are done or the completion condition holds.
 */
import type { JsonValue } from '../json.js';
import type { FlowNode, MultiInstanceDef } from '../model/model.js';
import { cancelChildren, complete, raiseIncident } from './primitives.js';
import type { Run } from './run.js';
import type { ElementInstance } from './types.js';
import { evaluateAt, setLocal, setVariable } from './variables.js';

export function activateMultiInstance(run: Run, body: ElementInstance, node: FlowNode, loop: MultiInstanceDef): void {
  let items: JsonValue[] | undefined;
  let total = 0;
  if (loop.collection) {
    const r = evaluateAt(run, loop.collection, body);
    if (!r.ok || !Array.isArray(r.value)) {
      raiseIncident(run, body, 'EXPRESSION_FAILED', `multi-instance collection of '${node.id}' is not a list${r.ok ? '' : `: ${r.error}`}`);
      return;
    }
    items = r.value.map((v) => (v === undefined ? null : JSON.parse(JSON.stringify(v))));
    total = items.length;
  } else if (loop.cardinality) {
    const r = evaluateAt(run, loop.cardinality, body);
    const n = r.ok ? Number(r.value) : Number.NaN;
    if (!Number.isInteger(n) || n < 0) {
      raiseIncident(run, body, 'EXPRESSION_FAILED', `loop cardinality of '${node.id}' is not a non-negative integer${r.ok ? '' : `: ${r.error}`}`);
      return;
    }
    total = n;
  }
  body.mi = { total, completed: 0, active: 0, next: 0, items, outputs: loop.outputCollection ? [] : undefined };
  updateCounters(run, body);
  if (total === 0) {
    finish(run, body, node);
    return;
  }
  const first = loop.sequential ? 1 : total;
  for (let i = 0; i < first; i++) startInner(run, body, node);
}

function startInner(run: Run, body: ElementInstance, node: FlowNode): void {
  const mi = body.mi;
  if (!mi) return;
  const index = mi.next;
  mi.next += 1;
  mi.active += 1;
  const variables: Record<string, JsonValue> = { loopCounter: index };
  const elementVariable = node.loop?.elementVariable;
  if (elementVariable && mi.items) variables[elementVariable] = mi.items[index] ?? null;
  run.create(node.id, body.id, 'mi-inner', { loopCounter: index, variables });
  updateCounters(run, body);
}

function updateCounters(run: Run, body: ElementInstance): void {
  const mi = body.mi;
  if (!mi) return;
  body.variables ??= {};
  body.variables.nrOfInstances = mi.total;
  body.variables.nrOfActiveInstances = mi.active;
  body.variables.nrOfCompletedInstances = mi.completed;
}

/** Called when an inner instance completes (before it is removed). */
export function innerCompleted(run: Run, inner: ElementInstance): void {
  const body = run.element(inner.parentId);
  const mi = body?.mi;
  if (!body || !mi) return;
  const node = run.node(body.elementId);
  const loop = node.loop;
  mi.completed += 1;
  mi.active -= 1;
  updateCounters(run, body);
  if (loop?.outputElement && mi.outputs) {
    const r = evaluateAt(run, loop.outputElement, inner);
    mi.outputs[inner.loopCounter ?? mi.completed - 1] = r.ok ? JSON.parse(JSON.stringify(r.value ?? null)) : null;
  }
  let done = mi.completed >= mi.total;
  if (!done && loop?.completionCondition) {
    const r = evaluateAt(run, loop.completionCondition, inner);
    if (!r.ok) {
      raiseIncident(run, body, 'EXPRESSION_FAILED', `completion condition of '${node.id}': ${r.error}`);
      return;
    }
    done = r.value === true;
  }
  if (done) {
    cancelChildren(run, body, inner.id);
    finish(run, body, node);
  } else if (loop?.sequential && mi.active === 0) {
    startInner(run, body, node);
  }
}

function finish(run: Run, body: ElementInstance, node: FlowNode): void {
  const target = node.loop?.outputCollection;
  if (target && body.mi?.outputs) setVariable(run, run.element(body.parentId), target, body.mi.outputs);
  if (body.variables) setLocal(run, body, 'nrOfActiveInstances', 0);
  complete(run, body);
}
