/**
 * Service (and send) tasks with a job definition: publish an external job and wait for `job.complete`,
 * `job.fail` or `job.throwError`. A send task without one throws its message and continues.
 */
import { complete } from '../kernel/primitives.js';
import { evaluateString, variablesAt } from '../kernel/variables.js';
import { wait, type Behavior } from './behavior.js';

export const serviceTask: Behavior = {
  activate(run, inst, node) {
    if (!node.job) {
      if (node.message) run.effect({ type: 'message.thrown', name: node.message.name, variables: variablesAt(run, inst), elementId: node.id });
      complete(run, inst);
      return;
    }
    const type = evaluateString(run, node.job.type, inst) ?? node.id;
    inst.job = { type, retries: node.job.retries, createdAt: run.nowIso, variables: variablesAt(run, inst) };
    wait(inst);
  },
};
