import type { HistoryEntry } from '@zhifa/api-types';
import { html, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import type { UiKey } from '../i18n/en.js';
import { t } from '../i18n/i18n.js';
import { operationLabel, OPERATIONS } from '../inbox/operations.js';
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

function label(entry: HistoryEntry): string {
  const operation = operationOf(entry);
  const known = OPERATIONS.find((op) => op === operation);
  if (known) return t(operationLabel[known]);
  if (operation) return operation;
  const key = typeLabel[entry.type];
  return key ? t(key) : entry.type;
}

/** History rows a person reads as the case's steps; the kernel's bookkeeping (flows, variables…) is left out. */
const MILESTONES = new Set(['instance.started', 'instance.ended', 'element.started', 'element.completed', 'element.cancelled',
  'task.created', 'task.updated', 'task.completed', 'task.cancelled', 'incident.created', 'incident.resolved']);

function isMilestone(entry: HistoryEntry): boolean {
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

/** Users, units or the target step an operation names (转办 to…, 抄送 to…, 退回 to…), people by display name. */
function namesOf(details: unknown, names: ReadonlyMap<string, string>, people: People): TemplateResult[] {
  const list = (name: string) => { const value = field(details, name); return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []; };
  const target = field(details, 'target');
  const parts = [...list('users'), ...list('units')].map((id) => person(id, people));
  if (typeof target === 'string') parts.push(html`→ ${names.get(target) ?? target}`);
  return parts.map((part, i) => (i === 0 ? part : html`, ${part}`));
}

/** 操作人 张三, the name carrying the user id as its title. */
export function byActor(actor: string, people: People): TemplateResult {
  const [before = '', after = ''] = t('timeline.by').split('{actor}');
  return html`<span class="zf-muted" data-testid="timeline-actor">${before}${person(actor, people)}${after}</span>`;
}

export function timeline(history: readonly HistoryEntry[], names: ReadonlyMap<string, string>, full: boolean, people: People = new Map()): TemplateResult {
  const entries = full ? history : history.filter(isMilestone);
  if (entries.length === 0) return html`<p class="zf-muted">${t('timeline.empty')}</p>`;
  return html`<ol class="zf-timeline" data-testid="timeline">${entries.map((entry) => html`<li data-testid="timeline-entry" data-type=${entry.type} data-operation=${operationOf(entry) ?? ''}>
    <time>${formatDateTime(entry.at)}</time>
    <strong title=${entry.type}>${label(entry)}</strong>
    ${entry.activityId ? html`<span>${names.get(entry.activityId) ?? entry.activityId}</span>` : ''}
    ${entry.actor ? byActor(entry.actor, people) : ''}
    ${detailText(entry.details) ? html`<q>${detailText(entry.details)}</q>` : ''}
    ${outcomeText(entry.details)} ${namesOf(entry.details, names, people)}
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
