import { ApiPath, type ProcessDefinition } from '@zhifa/api-types';
import type { Capabilities } from './capabilities.js';
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

export type ViewResult =
  | { readonly type: 'rows'; readonly rows: readonly InboxRow[]; readonly viaFallback: boolean }
  | { readonly type: 'unsupported' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads a row from whatever the API gave, by field name; rows without an instance id are dropped. */
export function toRow(item: object, processNames: ReadonlyMap<string, string>): InboxRow | undefined {
  const field = (name: string) => Reflect.get(item, name);
  const isTask = text(field('activityId')) !== undefined;
  const instanceId = isTask ? text(field('processInstanceId')) : (text(field('processInstanceId')) ?? text(field('id')));
  if (instanceId === undefined) return undefined;
  const definitionId = text(field('definitionId')) ?? '';
  const list = (name: string) => {
    const value: unknown = field(name);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string').join(', ') : '';
  };
  // the unit a task belongs to, as precisely as the API says it: its unit, its candidate units, its groups
  const unit = text(field('unitName')) ?? text(field('unitId')) ?? (list('candidateUnits') || list('candidateGroups'));
  const processName = processNames.get(definitionId) ?? text(field('definitionKey')) ?? definitionId;
  return {
    taskId: isTask ? text(field('id')) : undefined,
    instanceId,
    name: text(field('name')) ?? text(field('activityId')) ?? processName,
    definitionId,
    processName,
    unit,
    createdAt: text(field('createdAt')) ?? text(field('startedAt')) ?? '',
    dueAt: text(field('dueAt')) ?? null,
    completedAt: text(field('completedAt')) ?? null,
    state: text(field('state')) ?? '',
    assignee: text(field('assignee')) ?? null,
    raw: item,
  };
}

export async function processNamesById(): Promise<Map<string, string>> {
  const definitions = await callJson<readonly ProcessDefinition[]>(ApiPath.processDefinitions).catch(() => []);
  return new Map(definitions.map((d) => [d.id, d.name ?? d.key]));
}

function supportsView(caps: Capabilities, view: InboxView): boolean {
  if (!caps.queryParams(ApiPath.tasks).has('view')) return false;
  const values = caps.queryValues(ApiPath.tasks, 'view');
  return values.size === 0 || values.has(view);
}

async function tasks(query: Readonly<Record<string, string>>): Promise<readonly object[]> {
  return callJson<readonly object[]>(ApiPath.tasks, { query });
}

/**
 * The rows of one tab: `GET /api/tasks?view=…` when the server offers it; before that, 待办 is
 * `assignee=me` + `candidate=me` and 已办 is `state=completed`, while 我发起的 and 抄送我的 have no fallback.
 */
export async function loadView(view: InboxView, caps: Capabilities, names: ReadonlyMap<string, string>): Promise<ViewResult> {
  const rows = (items: readonly object[], viaFallback: boolean): ViewResult => ({
    type: 'rows', viaFallback, rows: items.flatMap((item) => toRow(item, names) ?? []),
  });
  if (supportsView(caps, view)) return rows(await tasks({ view }), false);
  switch (view) {
    case InboxView.todo: {
      const [mine, claimable] = await Promise.all([tasks({ assignee: 'me' }), tasks({ candidate: 'me' })]);
      const byId = new Map<string, object>();
      for (const task of [...mine, ...claimable]) byId.set(String(Reflect.get(task, 'id')), task);
      return rows([...byId.values()], true);
    }
    case InboxView.done:
      return rows(await tasks({ state: 'completed' }), true);
    case InboxView.started:
    case InboxView.cc:
      return { type: 'unsupported' };
    default: {
      const unknown: never = view;
      throw new Error(`unknown inbox view ${String(unknown)}`);
    }
  }
}

