/** @zhifa/engine: compile BPMN, run it in a pure kernel, and the Engine service over ports. */
export * from './errors.js';
export * from './ports.js';
export * from './json.js';
export { compileBpmn } from './model/compile.js';
export { checkModelLimits, maxNestingDepth, MAX_MODEL_BYTES, MAX_NESTING_DEPTH } from './model/limits.js';
export { SUPPORTED_FLOW_NODES, SUPPORTED_EVENT_DEFINITIONS, IGNORED_PROCESS_ELEMENTS } from './model/registry.js';
export { supportedElementsMarkdown } from './model/support-table.js';
export type { CompiledDefinitions, CompiledProcess, FlowNode, SequenceFlow, EventDef, Expr } from './model/model.js';
export { createModdle, parseBpmnXml } from './model/moddle.js';
export * from './kernel/index.js';
export { Engine } from './service/engine.service.js';
export { DecisionRegistry, type DecisionSource } from './service/decision-registry.js';
export { projectionChanges } from './service/unit-of-work.js';
export type * from './service/engine-api.js';
export { classifyExpression, checkSyntax, evaluate, evaluateCondition, EXPRESSION_LIMITS, type ClassifiedExpression, type ExpressionKind } from './expression/index.js';
export * from './calendar/index.js';
export * from './dmn/index.js';
