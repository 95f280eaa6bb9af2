/** Boundary events: instantiated only when their trigger fired (see kernel/triggers.ts), so they pass on. */
import { passThrough, type Behavior } from './behavior.js';

export const boundaryEvent: Behavior = passThrough;
