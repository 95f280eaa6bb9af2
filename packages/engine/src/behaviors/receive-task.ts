/** Receive task: waits for its message (or a plain `receive.trigger`). */
import { subscribe } from '../kernel/subscriptions.js';
import { wait, type Behavior } from './behavior.js';

export const receiveTask: Behavior = {
  activate(run, inst, node) {
    wait(inst);
    if (node.message) subscribe(run, inst, node, { kind: 'message', ...node.message });
  },
};
