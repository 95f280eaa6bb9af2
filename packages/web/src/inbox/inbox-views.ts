import { ApiPath, type ProcessDefinition } from '@zhifa/api-types';
import { callJson } from './inbox-api.js';

export const InboxView = { todo: 'todo', done: 'done', started: 'started', cc: 'cc' } as const;
export type InboxView = (typeof InboxView)[keyof typeof InboxView];
export const INBOX_VIEWS: readonly InboxView[] = [InboxView.todo, InboxView.done, InboxView.started, InboxView.cc];

/** One line of an inbox tab: a task, or (我发起的 / 抄送我的 may list them) a process instance. */
export interface InboxRow {
  readonly taskId: string | undefined;
  readonly instanceId: string;
  readonly name: string;
  readonly definitionId: string;
  readonly processName: string;
  readonly unit: string;
  readonly createdAt: string;
  readonly dueAt: string | null;
  /** When it was finished: the deadline colour of a finished task is measured at that moment. */
  readonly completedAt: string | null;
  readonly state: string;
  readonly assignee: string | null;
  readonly raw: object;
}

export interface ViewResult {
  readonly rows: readonly InboxRow[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads a row from whatever the API gave, by field name; rows without an instance id are dropped. */
export function toRow(item: object, processNames: ReadonlyMap<string, string>): InboxRow | undefined {
  const field = (name: string) => Reflect.get(item, name);
  const isTask = text(field('activityId')) !== undefined;
  // the view rows name the instance `instanceId` and the process `processId`; the core task rows use the API names
  const ofInstance = text(field('instanceId')) ?? text(field('processInstanceId'));
  const instanceId = isTask ? ofInstance : (ofInstance ?? text(field('id')));
  if (instanceId === undefined) return undefined;
  const definitionId = text(field('definitionId')) ?? '';
  const list = (name: string) => {
    const value: unknown = field(name);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string').join(', ') : '';
  };
  // the unit a task belongs to, as precisely as the API says it: its unit, its candidate units, its groups
  const unit = text(field('unitName')) ?? text(field('unitId')) ?? (list('candidateUnits') || list('candidateGroups'));
  const processName = processNames.get(definitionId) ?? text(field('definitionKey')) ?? text(field('processId')) ?? definitionId;
  return {
    taskId: isTask ? text(field('id')) : undefined,
    instanceId,
    name: text(field('name')) ?? text(field('activityId')) ?? processName,
    definitionId,
    processName,
    unit,
    createdAt: text(field('createdAt')) ?? text(field('startedAt')) ?? '',
    dueAt: text(field('dueAt')) ?? null,
    completedAt: text(field('completedAt')) ?? (isTask ? text(field('endedAt')) : undefined) ?? null,
    state: text(field('state')) ?? text(field('status')) ?? '',
    assignee: text(field('assignee')) ?? null,
    raw: item,
  };
}

export async function processNamesById(): Promise<Map<string, string>> {
  const definitions = await callJson<readonly ProcessDefinition[]>(ApiPath.processDefinitions).catch(() => []);
  return new Map(definitions.map((d) => [d.id, d.name ?? d.key]));
}

interface ViewPage {
  readonly view: string;
  readonly items: readonly object[];
  readonly next?: string;
}

/** The rows of one tab: `GET /api/tasks?view=…`; 待办 items carry the server's `deadline.colour`. */
export async function loadView(view: InboxView, names: ReadonlyMap<string, string>): Promise<ViewResult> {
  const page = await callJson<ViewPage>(ApiPath.tasks, { query: { view, limit: '200' } });
  return { rows: page.items.flatMap((item) => toRow(item, names) ?? []) };
}
