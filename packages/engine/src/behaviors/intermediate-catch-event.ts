/**
 * Intermediate catch events wait for their trigger (timer, message, signal, condition). Reached through an
 * event-based gateway or a link they were already triggered and pass on.
 */
import { complete } from '../kernel/primitives.js';
import { subscribe } from '../kernel/subscriptions.js';
import { evaluateAt } from '../kernel/variables.js';
import { wait, type Behavior } from './behavior.js';

export const intermediateCatchEvent: Behavior = {
  activate(run, inst, node) {
    const event = node.event;
    if (inst.triggered || !event || event.kind === 'link' || event.kind === 'none') {
      complete(run, inst);
      return;
    }
    if (event.kind === 'conditional') {
      const r = evaluateAt(run, event.condition, inst);
      if (r.ok && r.value === true) {
        complete(run, inst);
        return;
      }
    }
    wait(inst);
    subscribe(run, inst, node, event);
  },
};
