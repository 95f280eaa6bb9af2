import type { HistoryEntry } from '@zhifa/api-types';
import { html, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import type { UiKey } from '../i18n/en.js';
import { t } from '../i18n/i18n.js';
import { Operation, operationLabel, OPERATIONS } from '../inbox/operations.js';
import { person, type People } from './people.js';

const typeLabel: Readonly<Record<string, UiKey>> = {
  'instance.started': 'timeline.type.instanceStarted',
  'instance.ended': 'timeline.type.instanceEnded',
  'element.started': 'timeline.type.elementStarted',
  'element.completed': 'timeline.type.elementCompleted',
  'element.cancelled': 'timeline.type.elementCancelled',
  'task.created': 'timeline.type.taskCreated',
  'task.completed': 'timeline.type.taskCompleted',
  'incident.created': 'timeline.type.incidentCreated',
  'incident.resolved': 'timeline.type.incidentResolved',
};

function field(details: unknown, name: string): unknown {
  return typeof details === 'object' && details !== null ? Reflect.get(details, name) : undefined;
}

/** `task.operation` entries (the approval operations) are labelled by their operation: 办理, 退回, 转办… */
function operationOf(entry: HistoryEntry): string | undefined {
  const operation = field(entry.details, 'operation');
  return entry.type === 'task.operation' && typeof operation === 'string' ? operation : undefined;
}

/** Kernel operations that have no button of their own: a signer's 签批, an automatic pass, an admin's reassignment. */
const otherOperationLabel: Readonly<Record<string, UiKey>> = { sign: 'timeline.op.sign', 'auto-pass': 'timeline.op.autoPass', reassign: 'timeline.op.reassign' };

function label(entry: HistoryEntry): string {
  const operation = operationOf(entry);
  const known = OPERATIONS.find((op) => op === operation);
  if (known) return t(operationLabel[known]);
  const other = operation === undefined ? undefined : otherOperationLabel[operation];
  if (other) return t(other);
  if (operation) return operation;
  const key = typeLabel[entry.type];
  return key ? t(key) : entry.type;
}

/** BPMN element types (`localName`s) by their zh-CN / English label, for elements the modeller left unnamed. */
const bpmnTypeLabel: Readonly<Record<string, UiKey>> = {
  startEvent: 'bpmnType.startEvent', endEvent: 'bpmnType.endEvent', exclusiveGateway: 'bpmnType.exclusiveGateway',
  parallelGateway: 'bpmnType.parallelGateway', inclusiveGateway: 'bpmnType.inclusiveGateway', eventBasedGateway: 'bpmnType.eventBasedGateway',
  intermediateCatchEvent: 'bpmnType.intermediateCatchEvent', intermediateThrowEvent: 'bpmnType.intermediateThrowEvent',
  boundaryEvent: 'bpmnType.boundaryEvent', userTask: 'bpmnType.userTask', serviceTask: 'bpmnType.serviceTask', scriptTask: 'bpmnType.scriptTask',
  sendTask: 'bpmnType.sendTask', receiveTask: 'bpmnType.receiveTask', manualTask: 'bpmnType.manualTask',
  businessRuleTask: 'bpmnType.businessRuleTask', task: 'bpmnType.task', subProcess: 'bpmnType.subProcess', callActivity: 'bpmnType.callActivity',
  process: 'bpmnType.process',
};

/** Element ids → BPMN type (`localName`), read from the definition's XML (see `elementTypes`). */
export type ElementTypes = ReadonlyMap<string, string>;

/**
 * An element by its name; unnamed, by its type (排他网关, 开始…) — the raw id only in the title, for whoever
 * needs it. Without the diagram (no type known) the id is all there is.
 */
function elementLabel(id: string, names: ReadonlyMap<string, string>, types: ElementTypes): TemplateResult {
  const type = types.get(id);
  const key = type === undefined ? undefined : bpmnTypeLabel[type];
  const text = names.get(id) ?? (key ? t(key) : id);
  return html`<span class="zf-element" data-testid="timeline-element" data-element-id=${id} title=${id}>${text}</span>`;
}

function isGateway(type: string | undefined): boolean {
  return type !== undefined && type.endsWith('Gateway');
}

/** History rows a person reads as the case's steps; the kernel's bookkeeping (flows, variables…) is left out. */
const MILESTONES = new Set(['instance.started', 'instance.ended', 'element.started', 'element.completed', 'element.cancelled',
  'task.created', 'task.updated', 'task.completed', 'task.cancelled', 'incident.created', 'incident.resolved']);

/**
 * Gateways are routing, not steps anyone took: like the task histories of Camunda Tasklist and Flowable's task
 * app (user and case steps only), the staff timeline leaves them out; the full timeline shows them by type.
 */
function isMilestone(entry: HistoryEntry, types: ElementTypes): boolean {
  if (entry.activityId !== null && entry.type.startsWith('element.') && isGateway(types.get(entry.activityId))) return false;
  // Operations the inbox adds (transfer, return, urge, cc…) have types of their own: show every one of them.
  return MILESTONES.has(entry.type) || !/^(element|flow|variable|timer|job|message|signal|event|child)\./.test(entry.type);
}

/** One line of detail: an opinion or reason when the entry carries one, else compact JSON. */
function detailText(details: unknown): string {
  if (typeof details !== 'object' || details === null) return '';
  for (const key of ['opinion', 'reason', 'comment', 'message']) {
    const value: unknown = Reflect.get(details, key);
    if (typeof value === 'string' && value) return value;
  }
  return '';
}

function outcomeText(details: unknown): string {
  const outcome = field(details, 'outcome');
  return outcome === 'approve' ? t('task.approve') : outcome === 'reject' ? t('task.reject') : '';
}

const signPosition: Readonly<Record<string, UiKey>> = { before: 'op.position.before', after: 'op.position.after', parallel: 'op.position.parallel' };

/**
 * Users, units or the target an operation names (转办 to…, 抄送 to…, 退回 to a step, 加签 before/after/alongside),
 * people by display name.
 */
function namesOf(entry: HistoryEntry, names: ReadonlyMap<string, string>, people: People, types: ElementTypes): TemplateResult[] {
  const details = entry.details;
  const list = (name: string) => { const value = field(details, name); return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []; };
  const target = field(details, 'target');
  const parts = [...list('users'), ...list('units')].map((id) => person(id, people));
  const position = operationOf(entry) === Operation.addSign && typeof target === 'string' ? signPosition[target] : undefined;
  if (position) parts.push(html`<span data-testid="timeline-position">${t(position)}</span>`);
  else if (typeof target === 'string') parts.push(html`→ ${elementLabel(target, names, types)}`);
  return parts.map((part, i) => (i === 0 ? part : html`, ${part}`));
}

/** 操作人 张三, the name carrying the user id as its title. */
export function byActor(actor: string, people: People): TemplateResult {
  const [before = '', after = ''] = t('timeline.by').split('{actor}');
  return html`<span class="zf-muted" data-testid="timeline-actor">${before}${person(actor, people)}${after}</span>`;
}

/** The entries a timeline shows: all of them (full), or the steps and operations a person reads. */
export function timelineEntries(history: readonly HistoryEntry[], full: boolean, types: ElementTypes): readonly HistoryEntry[] {
  return full ? history : history.filter((entry) => isMilestone(entry, types));
}

export function timeline(history: readonly HistoryEntry[], names: ReadonlyMap<string, string>, full: boolean, people: People = new Map(),
  types: ElementTypes = new Map()): TemplateResult {
  const entries = timelineEntries(history, full, types);
  if (entries.length === 0) return html`<p class="zf-muted">${t('timeline.empty')}</p>`;
  return html`<ol class="zf-timeline" data-testid="timeline">${entries.map((entry) => html`<li data-testid="timeline-entry" data-type=${entry.type} data-operation=${operationOf(entry) ?? ''}>
    <time datetime=${entry.at}>${formatDateTime(entry.at)}</time>
    <strong title=${entry.type}>${label(entry)}</strong>
    ${entry.activityId ? elementLabel(entry.activityId, names, types) : ''}
    ${entry.actor ? byActor(entry.actor, people) : ''}
    ${detailText(entry.details) ? html`<q>${detailText(entry.details)}</q>` : ''}
    ${outcomeText(entry.details)} ${namesOf(entry, names, people, types)}
  </li>`)}</ol>`;
}

export interface Opinion {
  readonly at: string;
  readonly actor: string | null;
  readonly activityId: string | null;
  readonly text: string;
  readonly outcome: string | null;
}

/** Prior opinions (审批意见): history entries that carry an `opinion` (the engine's `task.operation` entries). */
export function opinionsOf(history: readonly HistoryEntry[]): Opinion[] {
  return history.flatMap((entry) => {
    const opinion = field(entry.details, 'opinion');
    const outcome = field(entry.details, 'outcome');
    return typeof opinion === 'string' && opinion
      ? [{ at: entry.at, actor: entry.actor, activityId: entry.activityId, text: opinion, outcome: typeof outcome === 'string' ? outcome : null }]
      : [];
  });
}
