/**
 * THE registry of what the engine executes. Deploy-time validation and the README's support table both
 * come from here: a flow element whose type is not listed is rejected at deploy, naming the element.
 */

/**
 * Executable flow node types, keyed by the `bpmn:` type name: the event definitions each accepts, whether
 * an instance of it can wait for the outside world (a "waiting" leaf in views) and whether it is a scope.
 */
export const SUPPORTED_FLOW_NODES = {
  'bpmn:StartEvent': { type: 'startEvent', events: ['none', 'timer', 'message', 'signal', 'conditional', 'error', 'escalation', 'compensate'], waits: false, scope: false },
  'bpmn:EndEvent': { type: 'endEvent', events: ['none', 'terminate', 'error', 'escalation', 'message', 'signal', 'compensate'], waits: false, scope: false },
  'bpmn:IntermediateCatchEvent': { type: 'intermediateCatchEvent', events: ['timer', 'message', 'signal', 'conditional', 'link'], waits: true, scope: false },
  'bpmn:IntermediateThrowEvent': { type: 'intermediateThrowEvent', events: ['none', 'message', 'signal', 'escalation', 'link', 'compensate'], waits: false, scope: false },
  'bpmn:BoundaryEvent': { type: 'boundaryEvent', events: ['timer', 'message', 'signal', 'error', 'escalation', 'conditional', 'compensate'], waits: false, scope: false },
  'bpmn:ExclusiveGateway': { type: 'exclusiveGateway', events: [], waits: false, scope: false },
  'bpmn:ParallelGateway': { type: 'parallelGateway', events: [], waits: false, scope: false },
  'bpmn:InclusiveGateway': { type: 'inclusiveGateway', events: [], waits: false, scope: false },
  'bpmn:EventBasedGateway': { type: 'eventBasedGateway', events: [], waits: false, scope: false },
  'bpmn:UserTask': { type: 'userTask', events: [], waits: true, scope: false },
  'bpmn:ServiceTask': { type: 'serviceTask', events: [], waits: true, scope: false },
  'bpmn:ScriptTask': { type: 'scriptTask', events: [], waits: true, scope: false },
  'bpmn:SendTask': { type: 'sendTask', events: [], waits: true, scope: false },
  'bpmn:ReceiveTask': { type: 'receiveTask', events: [], waits: true, scope: false },
  'bpmn:ManualTask': { type: 'manualTask', events: [], waits: false, scope: false },
  'bpmn:Task': { type: 'task', events: [], waits: false, scope: false },
  'bpmn:BusinessRuleTask': { type: 'businessRuleTask', events: [], waits: true, scope: false },
  'bpmn:SubProcess': { type: 'subProcess', events: [], waits: false, scope: true },
  'bpmn:CallActivity': { type: 'callActivity', events: [], waits: false, scope: true },
} as const;

export type BpmnFlowNodeType = keyof typeof SUPPORTED_FLOW_NODES;
export type ElementType = (typeof SUPPORTED_FLOW_NODES)[BpmnFlowNodeType]['type'];
export type EventKind = (typeof SUPPORTED_FLOW_NODES)[BpmnFlowNodeType]['events'][number];

/** Event definition `bpmn:` types → our kind. Anything else (cancel, multiple...) is rejected. */
export const SUPPORTED_EVENT_DEFINITIONS = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:CompensateEventDefinition': 'compensate',
} as const;

/** Non-flow-node elements allowed inside a process: carried along, never executed. */
export const IGNORED_PROCESS_ELEMENTS = [
  'bpmn:SequenceFlow',
  'bpmn:Association',
  'bpmn:TextAnnotation',
  'bpmn:Group',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
] as const;

/** Expression languages accepted on `conditionExpression/@language` (case-insensitive). */
export const SUPPORTED_EXPRESSION_LANGUAGES = ['feel', 'juel', 'http://www.omg.org/spec/feel/20140401'] as const;

export function isSupportedFlowNode(type: string): type is BpmnFlowNodeType {
  return Object.hasOwn(SUPPORTED_FLOW_NODES, type);
}

type EventDefinitionKind = (typeof SUPPORTED_EVENT_DEFINITIONS)[keyof typeof SUPPORTED_EVENT_DEFINITIONS];
const EVENT_KINDS: ReadonlyMap<string, EventDefinitionKind> = new Map(Object.entries(SUPPORTED_EVENT_DEFINITIONS));

export function eventKindOf(definitionType: string): EventDefinitionKind | undefined {
  return EVENT_KINDS.get(definitionType);
}

const FLOW_NODE_SPECS: readonly (typeof SUPPORTED_FLOW_NODES)[BpmnFlowNodeType][] = Object.values(SUPPORTED_FLOW_NODES);

/** Element types that can wait for the outside world (tasks, catch events). */
export const WAITING_TYPES: ReadonlySet<ElementType> = new Set(FLOW_NODE_SPECS.filter((s) => s.waits).map((s) => s.type));

/** Element types that contain other elements (subprocesses, call activities). */
export const SCOPE_TYPES: ReadonlySet<ElementType> = new Set(FLOW_NODE_SPECS.filter((s) => s.scope).map((s) => s.type));
