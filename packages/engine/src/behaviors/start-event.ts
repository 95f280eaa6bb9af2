/** Start events: reached only when triggered (process start or event subprocess), so they pass on. */
import { passThrough, type Behavior } from './behavior.js';

export const startEvent: Behavior = passThrough;
