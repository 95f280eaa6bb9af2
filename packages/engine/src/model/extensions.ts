/**
 * Reads vendor extensions (zeebe:, camunda: and its legacy activiti: binding, zhifa:) into the normalised
 * model. Only reading here; validation problems are reported through `report`.
 */
import type { ApprovalRulesDef, AssignmentDef, CallDef, DeadlineDef, Expr, IoMapping, Mapping, MultiInstanceDef, OrgAssignmentDef, SignModeDef } from './model.js';
import { elementsOf, isElement, stringOf, type ModdleElement } from './moddle.js';

export type Classify = (raw: string, what: string) => Expr;

const CAMUNDA_PREFIXES = ['camunda', 'activiti'] as const;

/** Extension elements of one type (local name) under any of the given prefixes. */
export function extensions(el: ModdleElement, localName: string, prefixes: readonly string[] = ['zeebe', ...CAMUNDA_PREFIXES]): ModdleElement[] {
  const ext = el.get('extensionElements');
  if (!isElement(ext)) return [];
  // moddle type names are capitalised (`zeebe:IoMapping`) even though the XML tag is not.
  const typeName = localName.charAt(0).toUpperCase() + localName.slice(1);
  const wanted = new Set(prefixes.map((p) => `${p}:${typeName}`));
  return elementsOf(ext.get('values')).filter((v) => wanted.has(v.$type));
}

export function extension(el: ModdleElement, localName: string, prefixes?: readonly string[]): ModdleElement | undefined {
  return extensions(el, localName, prefixes)[0];
}

/** A camunda attribute, whichever namespace binding the model used. */
export function camundaAttr(el: ModdleElement, name: string): string | undefined {
  for (const prefix of CAMUNDA_PREFIXES) {
    const value = stringOf(safeGet(el, `${prefix}:${name}`)) ?? stringOf(el.$attrs?.[`${prefix}:${name}`]);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function safeGet(el: ModdleElement, name: string): unknown {
  try {
    return el.get(name);
  } catch {
    return undefined;
  }
}

export function attr(el: ModdleElement | undefined, name: string): string | undefined {
  return el ? stringOf(safeGet(el, name)) : undefined;
}

/** Body of a `bpmn:FormalExpression`-like child. */
export function bodyOf(value: unknown): string | undefined {
  if (!isElement(value)) return undefined;
  const body = stringOf(safeGet(value, 'body'));
  return body?.trim() === '' ? undefined : body?.trim();
}

export function readIoMapping(el: ModdleElement, classify: Classify): IoMapping | undefined {
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  for (const io of extensions(el, 'ioMapping', ['zeebe'])) {
    for (const p of elementsOf(io.get('inputParameters'))) pushMapping(inputs, p, classify);
    for (const p of elementsOf(io.get('outputParameters'))) pushMapping(outputs, p, classify);
  }
  for (const io of extensions(el, 'inputOutput', CAMUNDA_PREFIXES)) {
    for (const p of elementsOf(io.get('inputParameters'))) pushCamundaParameter(inputs, p, classify);
    for (const p of elementsOf(io.get('outputParameters'))) pushCamundaParameter(outputs, p, classify);
  }
  return inputs.length || outputs.length ? { inputs, outputs } : undefined;
}

function pushMapping(into: Mapping[], p: ModdleElement, classify: Classify): void {
  const source = attr(p, 'source');
  const target = attr(p, 'target');
  if (source !== undefined && target) into.push({ source: classify(source, target), target });
}

function pushCamundaParameter(into: Mapping[], p: ModdleElement, classify: Classify): void {
  const name = attr(p, 'name');
  if (!name) return;
  const value = attr(p, 'value') ?? '';
  into.push({ source: classify(value, name), target: name });
}

export function readAssignment(el: ModdleElement, classify: Classify): AssignmentDef | undefined {
  const a = extension(el, 'assignmentDefinition', ['zeebe']);
  const schedule = extension(el, 'taskSchedule', ['zeebe']);
  const form = extension(el, 'formDefinition', ['zeebe']);
  const priority = extension(el, 'priorityDefinition', ['zeebe']);
  const pick = (zeebeValue: string | undefined, camundaName: string): Expr | undefined => {
    const raw = zeebeValue ?? camundaAttr(el, camundaName);
    return raw === undefined || raw === '' ? undefined : classify(raw, camundaName);
  };
  const def: AssignmentDef = {
    assignee: pick(attr(a, 'assignee'), 'assignee'),
    candidateUsers: pick(attr(a, 'candidateUsers'), 'candidateUsers'),
    candidateGroups: pick(attr(a, 'candidateGroups'), 'candidateGroups'),
    dueDate: pick(attr(schedule, 'dueDate'), 'dueDate'),
    followUpDate: pick(attr(schedule, 'followUpDate'), 'followUpDate'),
    priority: pick(attr(priority, 'priority'), 'priority'),
    formKey: attr(form, 'formKey') ?? attr(form, 'formId') ?? camundaAttr(el, 'formKey'),
  };
  return Object.values(def).some((v) => v !== undefined) ? def : undefined;
}

export function readDeadline(el: ModdleElement, classify: Classify): DeadlineDef | undefined {
  const d = extension(el, 'deadline', ['zhifa']);
  if (!d) return undefined;
  const duration = attr(d, 'duration') ?? '';
  return {
    duration,
    durationExpr: classify(duration, 'deadline duration'),
    calendar: attr(d, 'calendar') === 'working' ? 'working' : 'calendar',
    reminders: elementsOf(d.get('reminders')).map((r) => ({ before: attr(r, 'before'), every: attr(r, 'every') })),
    escalations: elementsOf(d.get('escalations')).map((e) => ({ after: attr(e, 'after'), to: attr(e, 'to') })),
  };
}

/** Multi-instance: standard BPMN + camunda:collection/elementVariable + zeebe:loopCharacteristics. */
export function readMultiInstance(
  loop: ModdleElement,
  classify: Classify,
  unresolvedRefs: ReadonlyMap<ModdleElement, Readonly<Record<string, string>>>,
): MultiInstanceDef {
  const zeebe = extension(loop, 'loopCharacteristics', ['zeebe']);
  const refs = unresolvedRefs.get(loop) ?? {};
  const cardinality = bodyOf(loop.get('loopCardinality'));
  const completion = bodyOf(loop.get('completionCondition'));
  const inputRef = loop.get('loopDataInputRef');
  const collectionRaw =
    attr(zeebe, 'inputCollection') ??
    camundaAttr(loop, 'collection') ??
    (isElement(inputRef) ? (inputRef.id ?? attr(inputRef, 'name')) : refs['bpmn:loopDataInputRef']);
  const inputItem = loop.get('inputDataItem');
  const outputItem = loop.get('outputDataItem');
  const outputRef = loop.get('loopDataOutputRef');
  const outputElement = attr(zeebe, 'outputElement');
  return {
    sequential: loop.get('isSequential') === true,
    cardinality: cardinality === undefined ? undefined : classify(cardinality, 'loopCardinality'),
    collection: collectionRaw === undefined ? undefined : asVariableOrExpr(collectionRaw, classify),
    elementVariable:
      attr(zeebe, 'inputElement') ?? camundaAttr(loop, 'elementVariable') ?? (isElement(inputItem) ? (attr(inputItem, 'name') ?? inputItem.id) : undefined),
    outputCollection:
      attr(zeebe, 'outputCollection') ?? (isElement(outputRef) ? (outputRef.id ?? attr(outputRef, 'name')) : refs['bpmn:loopDataOutputRef']),
    outputElement:
      outputElement !== undefined
        ? classify(outputElement, 'outputElement')
        : isElement(outputItem) && attr(outputItem, 'name')
          ? { kind: 'juel', source: `\${${attr(outputItem, 'name') ?? ''}}` }
          : undefined,
    completionCondition: completion === undefined ? undefined : classify(completion, 'completionCondition'),
  };
}

/** A bare name (`assigneeList`) means "the variable"; anything else is an expression. */
function asVariableOrExpr(raw: string, classify: Classify): Expr {
  const expr = classify(raw, 'collection');
  if (expr.kind === 'literal' && /^[A-Za-z_][\w.]*$/.test(raw.trim())) return { kind: 'juel', source: `\${${raw.trim()}}` };
  return expr;
}

export function readCall(el: ModdleElement, classify: Classify): CallDef {
  const zeebe = extension(el, 'calledElement', ['zeebe']);
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  let inAll = zeebe !== undefined && safeGet(zeebe, 'propagateAllParentVariables') !== false;
  let outAll = zeebe !== undefined && safeGet(zeebe, 'propagateAllChildVariables') !== false;
  const collect = (kind: 'in' | 'out', into: Mapping[]): boolean => {
    let all = false;
    for (const b of extensions(el, kind, CAMUNDA_PREFIXES)) {
      if (attr(b, 'variables') === 'all') all = true;
      const target = attr(b, 'target');
      const source = attr(b, 'source');
      const sourceExpression = attr(b, 'sourceExpression');
      if (!target) continue;
      if (sourceExpression !== undefined) into.push({ source: classify(sourceExpression, target), target });
      else if (source !== undefined) into.push({ source: { kind: 'juel', source: `\${${source}}` }, target });
    }
    return all;
  };
  if (collect('in', inputs)) inAll = true;
  if (collect('out', outputs)) outAll = true;
  const io = readIoMapping(el, classify);
  const processId = attr(zeebe, 'processId') ?? attr(zeebe, 'processIdExpression') ?? stringOf(safeGet(el, 'calledElement')) ?? '';
  return {
    processId: classify(processId, 'calledElement'),
    inAll,
    outAll,
    inputs: [...inputs, ...(io?.inputs ?? [])],
    outputs: [...outputs, ...(io?.outputs ?? [])],
  };
}

export function readOrgAssignment(el: ModdleElement, classify: Classify): OrgAssignmentDef | undefined {
  const a = extension(el, 'assignment', ['zhifa']);
  if (!a) return undefined;
  const unit = attr(a, 'unit');
  return { unit: unit === undefined ? undefined : classify(unit, 'assignment unit'), relation: attr(a, 'relation'), section: attr(a, 'section'), role: attr(a, 'role') };
}

export function readSignMode(el: ModdleElement): SignModeDef | undefined {
  const s = extension(el, 'signMode', ['zhifa']);
  if (!s) return undefined;
  const ratio = Number(attr(s, 'ratio'));
  const candidates = attr(s, 'candidates');
  return {
    mode: attr(s, 'mode') ?? 'all',
    ratio: Number.isFinite(ratio) && attr(s, 'ratio') !== undefined ? ratio : undefined,
    ...(candidates !== undefined && candidates.trim() !== '' && { candidates: candidates.trim() }),
  };
}

export const SIGN_MODES = ['all', 'any', 'ratio', 'sequential'] as const;

/** Variable holding the signer of one iteration of a compiled sign-mode task. */
export const SIGNER_VARIABLE = 'signer';

/**
 * 会签/或签/依次 compiled to multi-instance: one iteration per candidate (assigned to `signer`), sequential
 * for `sequential`, done at the first completion for `any`, at the share of completions for `ratio`.
 */
export function signModeLoop(sign: SignModeDef, classify: Classify): MultiInstanceDef | undefined {
  if (sign.candidates === undefined) return undefined;
  const completion =
    sign.mode === 'any' ? 'nrOfCompletedInstances >= 1' : sign.mode === 'ratio' ? `nrOfCompletedInstances >= nrOfInstances * ${String(sign.ratio ?? 1)}` : undefined;
  return {
    sequential: sign.mode === 'sequential',
    collection: asVariableOrExpr(sign.candidates, classify),
    elementVariable: SIGNER_VARIABLE,
    ...(completion !== undefined && { completionCondition: { kind: 'feel', source: completion } }),
  };
}

export function readApprovalRules(el: ModdleElement): { rules?: ApprovalRulesDef; problems: string[] } {
  const a = extension(el, 'approval', ['zhifa']);
  if (!a) return { problems: [] };
  const problems: string[] = [];
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = attr(a, name);
    if (value === undefined || value === '') return undefined;
    const found = allowed.find((v) => v === value);
    if (found === undefined) problems.push(`zhifa:approval ${name}="${value}" is not one of ${allowed.join(', ')}`);
    return found;
  };
  const resubmit = pick('resubmit', ['direct', 'rerun'] as const);
  const onEmptyAssignee = pick('onEmptyAssignee', ['auto-pass', 'unit-admin'] as const);
  const onInitiator = pick('onInitiator', ['auto-pass'] as const);
  return {
    rules: { ...(resubmit && { resubmit }), ...(onEmptyAssignee && { onEmptyAssignee }), ...(onInitiator && { onInitiator }) },
    problems,
  };
}
