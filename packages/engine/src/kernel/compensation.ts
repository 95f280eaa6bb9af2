/**
 * Compensation: completed activities that have a compensation handler are recorded in their scope (moved
 * outward when the scope completes); a compensation throw runs the matching handlers one after another in
 * reverse order of completion, then continues.
 */
import type { FlowNode } from '../model/model.js';
import { complete } from './primitives.js';
import type { Run } from './run.js';
import type { CompensationRecord, ElementInstance } from './types.js';

export function recordCompensable(run: Run, inst: ElementInstance, node: FlowNode): void {
  if (inst.role === 'compensation') return;
  const parent = run.element(inst.parentId);
  if (!parent || parent.role === 'mi-body') return;
  const moved = (inst.compensable ?? []).map((r) => ({ ...r, via: [...r.via, node.id] }));
  if (moved.length) (parent.compensable ??= []).push(...moved);
  if (node.compensationHandler && inst.role !== 'mi-inner') {
    (parent.compensable ??= []).push({ activityId: node.id, handlerId: node.compensationHandler, via: [], seq: run.nextSeq() });
  }
}

/** Starts compensation for a throw event; false when there is nothing to compensate. */
export function startCompensation(run: Run, thrower: ElementInstance, activityRef: string | undefined): boolean {
  const scope = run.element(thrower.parentId);
  if (!scope?.compensable?.length) return false;
  const selected: CompensationRecord[] = [];
  const kept: CompensationRecord[] = [];
  for (const r of scope.compensable) {
    if (activityRef === undefined || r.activityId === activityRef || r.via.includes(activityRef)) selected.push(r);
    else kept.push(r);
  }
  if (selected.length === 0) return false;
  scope.compensable = kept;
  selected.sort((a, b) => b.seq - a.seq);
  thrower.status = 'waiting';
  thrower.compensating = { pending: selected };
  startNext(run, thrower);
  return true;
}

function startNext(run: Run, thrower: ElementInstance): void {
  const next = thrower.compensating?.pending.shift();
  const parentId = thrower.parentId;
  if (!next || parentId === null) {
    delete thrower.compensating;
    complete(run, thrower);
    return;
  }
  const handler = run.create(next.handlerId, parentId, 'compensation', { compensationOf: thrower.id });
  if (thrower.compensating) thrower.compensating.running = handler.id;
}

/** A compensation handler finished: run the next one or let the throw event continue. */
export function handlerDone(run: Run, handler: ElementInstance): void {
  const thrower = run.element(handler.compensationOf);
  if (thrower) startNext(run, thrower);
}
