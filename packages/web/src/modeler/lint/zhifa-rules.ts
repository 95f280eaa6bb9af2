import { SUPPORTED_EVENT_DEFINITION_TYPES, SUPPORTED_FLOW_NODE_TYPES } from './supported-elements.js';

/** bpmnlint passes moddle elements; we read them through this narrow view. */
interface LintNode {
  readonly $type: string;
  readonly id?: string;
  readonly [property: string]: unknown;
}

export interface LintReporter {
  report(id: string, message: string): void;
}

export type LintRule = () => { check: (node: LintNode, reporter: LintReporter) => void };

/** The messages are keys of the library dictionary: bpmn-js-bpmnlint translates them as they are. */
export const LintMessage = {
  unsupportedElement: 'The engine does not execute this element type',
  unsupportedEventDefinition: 'The engine does not execute this event type',
  userTaskWithoutAssignee: 'User task has nobody to do it: set an assignee, candidates or an organisation rule',
  timerWithoutDefinition: 'Timer has no date, duration or cycle',
  gatewayWithoutDefault: 'Exclusive gateway needs a default flow or a condition on every outgoing flow',
} as const;

function is(node: unknown, type: string): boolean {
  return typeof node === 'object' && node !== null && '$type' in node && node.$type === type;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function extensionsOf(node: LintNode): readonly unknown[] {
  const extensionElements = node.extensionElements;
  return typeof extensionElements === 'object' && extensionElements !== null && 'values' in extensionElements
    ? listOf(extensionElements.values)
    : [];
}

function attr(value: unknown, name: string): string {
  if (typeof value !== 'object' || value === null || !(name in value)) return '';
  const raw: unknown = Reflect.get(value, name);
  return typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
}

export const unsupportedElementRule: LintRule = () => ({
  check(node, reporter) {
    if (!node.id) return;
    const isFlowNode = node.$type.startsWith('bpmn:') && /(Event|Gateway|Task|SubProcess|Activity|Transaction)$/.test(node.$type);
    if (isFlowNode && !SUPPORTED_FLOW_NODE_TYPES.has(node.$type)) {
      reporter.report(node.id, LintMessage.unsupportedElement);
      return;
    }
    for (const definition of listOf(node.eventDefinitions)) {
      const type = attr(definition, '$type');
      if (type && !SUPPORTED_EVENT_DEFINITION_TYPES.has(type)) reporter.report(node.id, LintMessage.unsupportedEventDefinition);
    }
  },
});

export const userTaskAssigneeRule: LintRule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:UserTask' || !node.id) return;
    const hasSomebody = extensionsOf(node).some((extension) =>
      (is(extension, 'zeebe:AssignmentDefinition')
        && (attr(extension, 'assignee') || attr(extension, 'candidateUsers') || attr(extension, 'candidateGroups')))
      || (is(extension, 'zhifa:Assignment') && (attr(extension, 'unit') || attr(extension, 'relation') || attr(extension, 'section'))));
    if (!hasSomebody) reporter.report(node.id, LintMessage.userTaskWithoutAssignee);
  },
});

function hasBody(expression: unknown): boolean {
  return attr(expression, 'body') !== '';
}

export const timerDefinitionRule: LintRule = () => ({
  check(node, reporter) {
    if (!node.id) return;
    for (const definition of listOf(node.eventDefinitions)) {
      if (!is(definition, 'bpmn:TimerEventDefinition') || typeof definition !== 'object' || definition === null) continue;
      const defined = ['timeDate', 'timeDuration', 'timeCycle'].some((name) => hasBody(Reflect.get(definition, name)));
      if (!defined) reporter.report(node.id, LintMessage.timerWithoutDefinition);
    }
  },
});

/** Outgoing flows found by `sourceRef` in the parent: `outgoing` is empty when the XML does not list it. */
function outgoingFlows(node: LintNode): readonly unknown[] {
  const parent = node.$parent;
  const siblings = typeof parent === 'object' && parent !== null ? listOf(Reflect.get(parent, 'flowElements')) : [];
  return siblings.filter((flow) => is(flow, 'bpmn:SequenceFlow') && typeof flow === 'object' && flow !== null && Reflect.get(flow, 'sourceRef') === node);
}

export const exclusiveGatewayRule: LintRule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:ExclusiveGateway' || !node.id) return;
    const outgoing = outgoingFlows(node);
    if (outgoing.length < 2 || node.default) return;
    const everyConditioned = outgoing.every((flow) => hasBody(typeof flow === 'object' && flow !== null ? Reflect.get(flow, 'conditionExpression') : undefined));
    if (!everyConditioned) reporter.report(node.id, LintMessage.gatewayWithoutDefault);
  },
});
