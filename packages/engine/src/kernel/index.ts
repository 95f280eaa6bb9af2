export { initialState, transition } from './transition.js';
export { returnTargets, type ReturnTarget } from './approval-return.js';
export { projectInstance, projectionEffects, type InstanceProjection } from './projection.js';
export { openScopes, processVariables, readInstanceState, visibleVariables, waitingElements } from './inspect.js';
export {
  firstOccurrence,
  nextOccurrence,
  parseDuration as parseUtcDuration,
  addDuration as addUtcDuration,
  parseDateTime,
  type Occurrence,
} from './timer-math.js';
export { KernelHarness, bpmn as bpmnTestDefinitions } from './harness.js';
export type * from './types.js';
