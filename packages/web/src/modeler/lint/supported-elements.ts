/**
 * Mirror of the engine's registry (packages/engine/src/model/registry.ts: SUPPORTED_FLOW_NODES and
 * SUPPORTED_EVENT_DEFINITIONS). The server rejects anything else at deploy; the modeler warns while drawing.
 * Not imported: @zhifa/engine would pull its parser and FEEL into the browser bundle (+270 kB). A unit test
 * (supported-elements.test.ts) fails when this copy and the engine registry drift apart.
 */
export const SUPPORTED_FLOW_NODE_TYPES: ReadonlySet<string> = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway',
  'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:SendTask', 'bpmn:ReceiveTask', 'bpmn:ManualTask',
  'bpmn:Task', 'bpmn:BusinessRuleTask', 'bpmn:SubProcess', 'bpmn:CallActivity',
]);

export const SUPPORTED_EVENT_DEFINITION_TYPES: ReadonlySet<string> = new Set([
  'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:ErrorEventDefinition',
  'bpmn:EscalationEventDefinition', 'bpmn:ConditionalEventDefinition', 'bpmn:LinkEventDefinition',
  'bpmn:TerminateEventDefinition', 'bpmn:CompensateEventDefinition',
]);
