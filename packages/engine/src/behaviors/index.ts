/** One behavior per element type: the lookup table the kernel uses. */
import type { ElementType } from '../model/registry.js';
import { passThrough, type Behavior } from './behavior.js';
import { boundaryEvent } from './boundary-event.js';
import { businessRuleTask } from './business-rule-task.js';
import { callActivity } from './call-activity.js';
import { endEvent } from './end-event.js';
import { eventBasedGateway } from './event-based-gateway.js';
import { exclusiveGateway } from './exclusive-gateway.js';
import { inclusiveGateway } from './inclusive-gateway.js';
import { intermediateCatchEvent } from './intermediate-catch-event.js';
import { intermediateThrowEvent } from './intermediate-throw-event.js';
import { parallelGateway } from './parallel-gateway.js';
import { receiveTask } from './receive-task.js';
import { scriptTask } from './script-task.js';
import { serviceTask } from './service-task.js';
import { startEvent } from './start-event.js';
import { subProcess } from './sub-process.js';
import { userTask } from './user-task.js';

const BEHAVIORS: Readonly<Record<ElementType, Behavior>> = {
  startEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  boundaryEvent,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  userTask,
  serviceTask,
  sendTask: serviceTask,
  scriptTask,
  receiveTask,
  manualTask: passThrough,
  task: passThrough,
  businessRuleTask,
  subProcess,
  callActivity,
};

export function behaviorOf(type: ElementType): Behavior {
  return BEHAVIORS[type];
}

export { childCompleted } from './call-activity.js';
export { tryInclusiveJoins } from './inclusive-gateway.js';
