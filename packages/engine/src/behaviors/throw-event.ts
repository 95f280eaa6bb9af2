/**
 * What throwing events do besides continuing: message/signal effects, escalation/error propagation,
 * compensation, links and terminate. Shared by intermediate throw and end events.
 */
import { startCompensation } from '../kernel/compensation.js';
import { cancelChildren, complete } from '../kernel/primitives.js';
import type { Run } from '../kernel/run.js';
import { throwEvent } from '../kernel/triggers.js';
import type { ElementInstance } from '../kernel/types.js';
import { evaluateString, variablesAt } from '../kernel/variables.js';
import type { FlowNode } from '../model/model.js';

/** Runs the throw; returns true when the element should complete now. */
export function throwOf(run: Run, inst: ElementInstance, node: FlowNode): boolean {
  const event = node.event;
  switch (event?.kind) {
    case undefined:
    case 'none':
      return true;
    case 'message': {
      const correlationKey = evaluateString(run, event.correlationKey, inst);
      run.effect({ type: 'message.thrown', name: event.name, correlationKey, variables: variablesAt(run, inst), elementId: node.id });
      return true;
    }
    case 'signal':
      run.effect({ type: 'signal.thrown', name: event.name, variables: variablesAt(run, inst), elementId: node.id });
      return true;
    case 'escalation':
    case 'error':
      throwEvent(run, inst, event.kind, event.code);
      // Caught by an interrupting handler the thrower is gone (it did happen: record it as completed);
      // an uncaught error is an incident.
      if (!run.element(inst.id)) {
        run.event({ type: 'element.completed', at: run.nowIso, elementId: node.id, elementInstanceId: inst.id });
        return false;
      }
      return run.element(inst.id)?.status !== 'failed';
    case 'compensate':
      return !startCompensation(run, inst, event.activityRef);
    case 'terminate': {
      const scope = run.element(inst.parentId);
      if (scope) cancelChildren(run, scope, inst.id);
      return true;
    }
    case 'link': {
      const target = run.model.scopes[node.scope]?.linkTargets[event.name];
      if (target && inst.parentId !== null) run.create(target, inst.parentId, 'node', { triggered: true });
      complete(run, inst, []);
      return false;
    }
    default:
      return true;
  }
}
