/**
 * What a behavior is: the part of an element's life that differs by type. The kernel (lifecycle.ts) does
 * the bookkeeping; a behavior says whether the element completes now, waits, or throws.
 */
import type { FlowNode } from '../model/model.js';
import type { Run } from '../kernel/run.js';
import type { ElementInstance } from '../kernel/types.js';

export interface Behavior {
  /** A token arrived (inputs are mapped, boundary events armed). Complete, wait, or throw. */
  activate(run: Run, inst: ElementInstance, node: FlowNode): void;
  /** Flows to take when the element completes; default: activity semantics (conditions, default flow). */
  outgoing?(run: Run, inst: ElementInstance, node: FlowNode): readonly string[] | 'incident';
}

/** Elements that do nothing but pass the token on. */
export const passThrough: Behavior = {
  activate(run, inst) {
    run.push({ op: 'complete', id: inst.id });
  },
};

/** Puts the element into a wait state. */
export function wait(inst: ElementInstance): void {
  inst.status = 'waiting';
}
