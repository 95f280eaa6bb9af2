/**
 * Builds one `CompiledProcess` from a moddle `bpmn:Process`: walks flow elements (recursing into
 * subprocesses), checks each against the registry and normalises vendor extensions.
 */
import type { ModelProblem } from '../errors.js';
import type { Classifier } from './expressions.js';
import { readEventDefinition } from './event-definitions.js';
import {
  attr, bodyOf, camundaAttr, extension, readApprovalRules, readAssignment, readCall, readDeadline, readIoMapping, readMultiInstance, readOrgAssignment,
  readSignMode, safeGet, SIGN_MODES, SIGNER_VARIABLE, signModeLoop,
} from './extensions.js';
import type { CompiledProcess, FlowNode, Scope, SequenceFlow } from './model.js';
import { elementsOf, isElement, stringOf, type ModdleElement } from './moddle.js';
import { IGNORED_PROCESS_ELEMENTS, SUPPORTED_EXPRESSION_LANGUAGES, SUPPORTED_FLOW_NODES, isSupportedFlowNode } from './registry.js';

export interface BuilderContext {
  readonly classify: Classifier;
  readonly report: (problem: ModelProblem) => void;
  readonly unresolved: ReadonlyMap<ModdleElement, Readonly<Record<string, string>>>;
  readonly messagesByRef: ReadonlyMap<string, ModdleElement>;
  readonly xml: string;
}

type MutableNode = { -readonly [K in keyof FlowNode]: FlowNode[K] } & { boundaryEvents: string[]; incoming: string[]; outgoing: string[] };

const IGNORED: ReadonlySet<string> = new Set(IGNORED_PROCESS_ELEMENTS);

type ScopeKind = 'process' | 'subprocess' | 'event subprocess';

/** Which start triggers each kind of scope can have (the engine arms exactly these). */
const START_TRIGGERS: Readonly<Record<ScopeKind, readonly string[]>> = {
  'process': ['none', 'timer', 'message', 'signal'],
  subprocess: ['none'],
  'event subprocess': ['timer', 'message', 'signal', 'conditional', 'error', 'escalation'],
};

export class ProcessBuilder {
  private readonly nodes: Record<string, MutableNode> = {};
  private readonly flows: Record<string, SequenceFlow> = {};
  private readonly scopes: Record<string, Scope> = {};
  private readonly associations: ModdleElement[] = [];
  private readonly rawFlows: { el: ModdleElement; scope: string }[] = [];

  constructor(
    private readonly bpmnProcess: ModdleElement,
    private readonly ctx: BuilderContext,
  ) {}

  build(): CompiledProcess {
    const id = this.bpmnProcess.id ?? '';
    if (extension(this.bpmnProcess, 'deadline', ['zhifa'])) {
      this.problem(this.bpmnProcess, 'zhifa:deadline is supported on user tasks only (use a timer boundary event or event subprocess for a time limit of the whole process)');
    }
    this.walkScope(this.bpmnProcess, id, 'process');
    this.linkFlows();
    this.linkBoundaries();
    this.linkCompensation();
    return {
      id,
      name: stringOf(safeGet(this.bpmnProcess, 'name')),
      nodes: this.nodes,
      flows: this.flows,
      scopes: this.scopes,
      reachesInclusive: this.inclusiveReach(),
    };
  }

  private walkScope(container: ModdleElement, scopeId: string, kind: ScopeKind): void {
    const starts: string[] = [];
    const noneStarts: string[] = [];
    const eventSubprocesses: string[] = [];
    const linkTargets: Record<string, string> = {};
    for (const el of elementsOf(container.get('flowElements'))) {
      if (el.$type === 'bpmn:SequenceFlow') {
        this.rawFlows.push({ el, scope: scopeId });
        continue;
      }
      if (IGNORED.has(el.$type)) continue;
      if (!isSupportedFlowNode(el.$type)) {
        this.problem(el, `element type ${el.$type} is not supported`);
        continue;
      }
      const node = this.buildNode(el, scopeId);
      if (!node) continue;
      this.nodes[node.id] = node;
      if (node.type === 'startEvent') {
        const trigger = node.event?.kind ?? 'none';
        if (!START_TRIGGERS[kind].includes(trigger)) this.problem(el, `a ${trigger} start event is not supported in a ${kind}`);
        starts.push(node.id);
        if (node.event?.kind === 'none') noneStarts.push(node.id);
      }
      if (node.eventSubprocess) eventSubprocesses.push(node.id);
      if (node.type === 'intermediateCatchEvent' && node.event?.kind === 'link') linkTargets[node.event.name] = node.id;
      if (node.type === 'subProcess') this.walkScope(el, node.id, node.eventSubprocess ? 'event subprocess' : 'subprocess');
    }
    for (const a of elementsOf(container.get('artifacts'))) if (a.$type === 'bpmn:Association') this.associations.push(a);
    this.scopes[scopeId] = { id: scopeId, starts, noneStarts, eventSubprocesses, linkTargets };
  }

  private buildNode(el: ModdleElement, scope: string): MutableNode | undefined {
    if (!isSupportedFlowNode(el.$type)) return undefined;
    const spec = SUPPORTED_FLOW_NODES[el.$type];
    const id = el.id ?? '';
    const { classify } = this.ctx;
    classify.at(id, el.$type);
    const event = readEventDefinition(el, spec.events, this.ctx, (reason) => this.problem(el, reason));
    const name = stringOf(safeGet(el, 'name'));
    const node: MutableNode = {
      id,
      type: spec.type,
      name: name === undefined ? undefined : classify.classify(name, 'name'),
      scope,
      incoming: [],
      outgoing: [],
      defaultFlow: isElement(safeGet(el, 'default')) ? flowIdOf(safeGet(el, 'default')) : undefined,
      event,
      boundaryEvents: [],
      attachedTo: isElement(safeGet(el, 'attachedToRef')) ? flowIdOf(safeGet(el, 'attachedToRef')) : undefined,
      interrupting: spec.type === 'boundaryEvent' ? safeGet(el, 'cancelActivity') !== false : safeGet(el, 'isInterrupting') !== false,
      eventSubprocess: spec.type === 'subProcess' && safeGet(el, 'triggeredByEvent') === true,
      forCompensation: safeGet(el, 'isForCompensation') === true,
    };
    const loop = safeGet(el, 'loopCharacteristics');
    if (isElement(loop)) {
      if (loop.$type === 'bpmn:MultiInstanceLoopCharacteristics') node.loop = readMultiInstance(loop, classify.classify, this.ctx.unresolved);
      else this.problem(el, `${loop.$type} is not supported (use multi-instance)`);
    }
    if (spec.type !== 'callActivity') node.io = readIoMapping(el, classify.classify);
    // Deadlines (reminders, escalation) are planned per user task; anywhere else the extension would be ignored.
    if (spec.type !== 'userTask' && extension(el, 'deadline', ['zhifa'])) {
      this.problem(el, 'zhifa:deadline is supported on user tasks only (use a timer boundary event for a time limit on other elements)');
    }
    this.readTaskSpecifics(el, node);
    return node;
  }

  private readTaskSpecifics(el: ModdleElement, node: MutableNode): void {
    const { classify } = this.ctx.classify;
    switch (node.type) {
      case 'userTask':
        node.assignment = readAssignment(el, classify);
        node.deadline = readDeadline(el, classify);
        node.orgAssignment = readOrgAssignment(el, classify);
        node.signMode = readSignMode(el);
        this.compileSignMode(el, node);
        this.readApproval(el, node);
        break;
      case 'serviceTask':
      case 'sendTask': {
        if (extension(el, 'caseCode', ['zhifa'])) node.caseCode = true;
        const td = extension(el, 'taskDefinition', ['zeebe']);
        const topic = camundaAttr(el, 'type') === 'external' ? camundaAttr(el, 'topic') : undefined;
        if (td || topic !== undefined) {
          node.job = { type: classify(attr(td, 'type') ?? topic ?? '', 'type'), retries: Number(attr(td, 'retries') ?? 3) || 3 };
        } else if (camundaAttr(el, 'class') || camundaAttr(el, 'delegateExpression') || camundaAttr(el, 'expression')) {
          this.problem(el, 'Java delegates and expressions on service tasks are not supported: use an external task (zeebe:taskDefinition or camunda:type="external")');
        } else if (node.type === 'serviceTask') {
          node.job = { type: { kind: 'literal', value: node.id }, retries: 3 };
        }
        break;
      }
      case 'scriptTask':
        this.readScript(el, node);
        break;
      case 'businessRuleTask': {
        const zeebe = extension(el, 'calledDecision', ['zeebe']);
        const decisionId = attr(zeebe, 'decisionId') ?? camundaAttr(el, 'decisionRef');
        if (decisionId === undefined) this.problem(el, 'business rule task without a decision (zeebe:calledDecision or camunda:decisionRef)');
        else node.decision = { decisionId: classify(decisionId, 'decisionId'), resultVariable: attr(zeebe, 'resultVariable') ?? camundaAttr(el, 'resultVariable') };
        break;
      }
      case 'callActivity':
        node.call = readCall(el, classify);
        break;
      case 'subProcess':
        node.signMode = readSignMode(el);
        break;
      case 'task':
        if (extension(el, 'caseCode', ['zhifa'])) node.caseCode = true;
        break;
      case 'receiveTask': {
        const ref = safeGet(el, 'messageRef');
        const message = isElement(ref) ? ref : undefined;
        const name = message ? stringOf(safeGet(message, 'name')) : undefined;
        if (message && name) {
          const sub = extension(message, 'subscription', ['zeebe']);
          const key = attr(sub, 'correlationKey');
          node.message = { name, correlationKey: key === undefined ? undefined : classify(key, 'correlationKey') };
        }
        break;
      }
      default:
        break;
    }
  }

  /** 会签/或签/依次 with a candidate list becomes multi-instance (unless the model has its own loop). */
  private compileSignMode(el: ModdleElement, node: MutableNode): void {
    const sign = node.signMode;
    if (!sign) return;
    const modes: readonly string[] = SIGN_MODES;
    if (!modes.includes(sign.mode)) this.problem(el, `zhifa:signMode mode="${sign.mode}" is not one of ${SIGN_MODES.join(', ')}`);
    if (sign.mode === 'ratio' && (sign.ratio === undefined || sign.ratio <= 0 || sign.ratio > 1)) this.problem(el, 'zhifa:signMode mode="ratio" needs a ratio in (0, 1]');
    if (node.loop || sign.candidates === undefined) return;
    node.loop = signModeLoop(sign, this.ctx.classify.classify);
    if (node.assignment?.assignee === undefined) node.assignment = { ...node.assignment, assignee: { kind: 'juel', source: `\${${SIGNER_VARIABLE}}` } };
  }

  private readApproval(el: ModdleElement, node: MutableNode): void {
    const { rules, problems } = readApprovalRules(el);
    for (const reason of problems) this.problem(el, reason);
    if (rules) node.approval = rules;
  }

  private readScript(el: ModdleElement, node: MutableNode): void {
    const { classify } = this.ctx.classify;
    const zeebe = extension(el, 'script', ['zeebe']);
    const resultVariable = attr(zeebe, 'resultVariable') ?? camundaAttr(el, 'resultVariable');
    if (zeebe) {
      node.script = { expr: classify(attr(zeebe, 'expression') ?? '', 'script'), resultVariable };
      return;
    }
    const format = (stringOf(safeGet(el, 'scriptFormat')) ?? '').toLowerCase();
    const body = (stringOf(safeGet(el, 'script')) ?? '').trim();
    if (format !== 'juel' && format !== 'feel') {
      this.problem(el, `script format '${format || 'none'}' is not supported: only FEEL and JUEL expressions are evaluated`);
      return;
    }
    if (format === 'feel') node.script = { expr: { kind: 'feel', source: body.replace(/^=/, '') }, resultVariable };
    else node.script = { expr: classify(body, 'script'), resultVariable };
  }

  private linkFlows(): void {
    const seen = new Set<string>();
    for (const { el, scope } of this.rawFlows) {
      const source = flowIdOf(safeGet(el, 'sourceRef'));
      const target = flowIdOf(safeGet(el, 'targetRef'));
      let id = el.id ?? `${source ?? '?'}->${target ?? '?'}`;
      for (let n = 2; seen.has(id); n++) id = `${source ?? '?'}->${target ?? '?'}#${n}`;
      seen.add(id);
      const s = source === undefined ? undefined : this.nodes[source];
      const t = target === undefined ? undefined : this.nodes[target];
      if (!s || !t) {
        this.ctx.report({ elementId: id, elementType: el.$type, reason: 'sequence flow source or target is missing' });
        continue;
      }
      if (s.scope !== scope || t.scope !== scope) {
        this.ctx.report({ elementId: id, elementType: el.$type, reason: 'sequence flow crosses a subprocess boundary' });
        continue;
      }
      this.ctx.classify.at(id, el.$type);
      const condition = this.condition(el, id);
      this.flows[id] = { id, source: s.id, target: t.id, condition };
      s.outgoing.push(id);
      t.incoming.push(id);
    }
    for (const node of Object.values(this.nodes)) {
      if (node.defaultFlow !== undefined && !node.outgoing.includes(node.defaultFlow)) {
        this.ctx.report({ elementId: node.id, reason: `default flow '${node.defaultFlow}' is not an outgoing flow` });
      }
    }
  }

  private condition(el: ModdleElement, id: string): SequenceFlow['condition'] {
    const expr = safeGet(el, 'conditionExpression');
    if (!isElement(expr)) return undefined;
    const language = stringOf(safeGet(expr, 'language'));
    const supported: readonly string[] = SUPPORTED_EXPRESSION_LANGUAGES;
    if (language !== undefined && !supported.includes(language.toLowerCase())) {
      this.ctx.report({ elementId: id, elementType: el.$type, reason: `condition language '${language}' is not supported: the engine never executes scripts` });
      return undefined;
    }
    const body = bodyOf(expr);
    if (body === undefined) return undefined;
    if (language?.toLowerCase() === 'feel') return this.ctx.classify.classify(body.startsWith('=') ? body : `=${body}`, 'condition');
    return this.ctx.classify.classify(body, 'condition');
  }

  private linkBoundaries(): void {
    for (const node of Object.values(this.nodes)) {
      if (node.type !== 'boundaryEvent') continue;
      const host = node.attachedTo === undefined ? undefined : this.nodes[node.attachedTo];
      if (!host) {
        this.ctx.report({ elementId: node.id, elementType: 'bpmn:BoundaryEvent', reason: 'boundary event is not attached to an activity of this process' });
        continue;
      }
      host.boundaryEvents.push(node.id);
    }
  }

  private linkCompensation(): void {
    for (const a of this.associations) {
      const source = flowIdOf(safeGet(a, 'sourceRef'));
      const target = flowIdOf(safeGet(a, 'targetRef'));
      const boundary = source === undefined ? undefined : this.nodes[source];
      if (!boundary || boundary.event?.kind !== 'compensate' || !boundary.attachedTo || target === undefined) continue;
      const host = this.nodes[boundary.attachedTo];
      const handler = this.nodes[target];
      if (host && handler) host.compensationHandler = handler.id;
    }
  }

  /** For each inclusive gateway, every node from which a token can still reach it. */
  private inclusiveReach(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const gw of Object.values(this.nodes)) {
      if (gw.type !== 'inclusiveGateway' || gw.incoming.length < 2) continue;
      const seen = new Set<string>();
      const queue = [gw.id];
      while (queue.length) {
        const current = this.nodes[queue.pop() ?? ''];
        if (!current) continue;
        const preds = current.incoming.map((f) => this.flows[f]?.source ?? '');
        if (current.attachedTo) preds.push(current.attachedTo);
        for (const p of preds) {
          if (p === gw.id || seen.has(p)) continue;
          seen.add(p);
          queue.push(p);
        }
      }
      out[gw.id] = [...seen];
    }
    return out;
  }

  private problem(el: ModdleElement, reason: string): void {
    this.ctx.report({ elementId: el.id, elementType: el.$type, reason });
  }
}

function flowIdOf(value: unknown): string | undefined {
  return isElement(value) ? value.id : undefined;
}
