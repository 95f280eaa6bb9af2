/**
 * Embedded and event subprocesses: a scope. Arms the event subprocesses inside it, then starts at the
 * none start event (or the start event that triggered an event subprocess). Completes when empty (kernel).
 */
import { complete } from '../kernel/primitives.js';
import { subscribeEventSubprocesses } from '../kernel/subscriptions.js';
import { wait, type Behavior } from './behavior.js';

export const subProcess: Behavior = {
  activate(run, inst, node) {
    const start = inst.startEventId ?? run.model.scopes[node.id]?.noneStarts[0];
    if (start === undefined) {
      complete(run, inst);
      return;
    }
    wait(inst);
    subscribeEventSubprocesses(run, inst, node.id);
    run.create(start, inst.id, 'node', { triggered: true });
  },
};
