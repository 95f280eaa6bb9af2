/** End events: throw their result (if any), then the token ends (the scope may complete). */
import { complete } from '../kernel/primitives.js';
import type { Behavior } from './behavior.js';
import { throwOf } from './throw-event.js';

export const endEvent: Behavior = {
  activate(run, inst, node) {
    inst.status = 'waiting';
    if (throwOf(run, inst, node)) complete(run, inst);
  },
  outgoing: () => [],
};
