/** Intermediate throw events: throw, then continue (compensation throws wait for their handlers). */
import { complete } from '../kernel/primitives.js';
import type { Behavior } from './behavior.js';
import { throwOf } from './throw-event.js';

export const intermediateThrowEvent: Behavior = {
  activate(run, inst, node) {
    inst.status = 'waiting';
    if (throwOf(run, inst, node)) complete(run, inst);
  },
};
