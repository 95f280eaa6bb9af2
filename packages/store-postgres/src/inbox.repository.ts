import type { TaskRecord } from '@zhifa/engine';
import { decodeCursor, encodeCursor, type Page } from './cursor.js';
import type { Sql } from './sql.js';

/** Who is asking: the user, the groups they belong to (roles, group ids) and their units. */
export interface Viewer {
  readonly userId: string;
  readonly groups: readonly string[];
  readonly unitIds: readonly string[];
}

/** A task as the inbox shows it (open or done), with its instance's business key and process. */
export interface InboxTask {
  readonly id: string;
  readonly instanceId: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly activityId: string;
  readonly elementInstanceId: string;
  readonly name?: string;
  readonly assignee?: string;
  /** The user a delegated task returns to (委派). */
  readonly owner?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly candidateUnits: readonly string[];
  readonly dueAt?: string;
  readonly priority?: number;
  readonly formKey?: string;
  readonly state: 'open' | 'completed' | 'cancelled' | 'ended';
  readonly createdAt: string;
  readonly endedAt?: string;
  readonly completedBy?: string;
  readonly businessKey?: string;
  readonly ownerUnitId?: string;
  readonly startedBy?: string;
  /** `zhifa:assignment` as the engine gave it (resolve candidates against the org tree). */
  readonly orgAssignment?: TaskRecord['orgAssignment'];
  /** `zhifa:signMode` of a countersign task. */
  readonly signMode?: TaskRecord['signMode'];
}

interface InboxRow {
  id: string;
  instance_id: string;
  definition_id: string;
  process_key: string;
  activity_id: string;
  element_instance_id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  candidate_users: string[];
  candidate_groups: string[];
  candidate_units: string[];
  due_at: Date | null;
  priority: number | null;
  form_key: string | null;
  state: InboxTask['state'];
  created_at: Date;
  ended_at: Date | null;
  completed_by: string | null;
  business_key: string | null;
  owner_unit_id: string | null;
  started_by: string | null;
  org_assignment: TaskRecord['orgAssignment'] | null;
  sign_mode: TaskRecord['signMode'] | null;
}

const inboxColumns = `t.id, t.instance_id, t.definition_id, t.process_key, t.activity_id, t.element_instance_id, t.name,
  t.assignee, t.owner, t.candidate_users, t.candidate_groups, t.candidate_units, t.due_at, t.priority, t.form_key, t.state,
  t.created_at, t.ended_at, t.completed_by, i.business_key, i.owner_unit_id, i.started_by, t.org_assignment, t.sign_mode`;

const fromTask = 'FROM task t LEFT JOIN process_instance i ON i.id = t.instance_id';

function toInboxTask(row: InboxRow): InboxTask {
  return {
    id: row.id,
    instanceId: row.instance_id,
    definitionId: row.definition_id,
    processId: row.process_key,
    activityId: row.activity_id,
    elementInstanceId: row.element_instance_id,
    ...(row.name !== null && { name: row.name }),
    ...(row.assignee !== null && { assignee: row.assignee }),
    ...(row.owner !== null && { owner: row.owner }),
    candidateUsers: row.candidate_users,
    candidateGroups: row.candidate_groups,
    candidateUnits: row.candidate_units,
    ...(row.due_at !== null && { dueAt: row.due_at.toISOString() }),
    ...(row.priority !== null && { priority: row.priority }),
    ...(row.form_key !== null && { formKey: row.form_key }),
    state: row.state,
    createdAt: row.created_at.toISOString(),
    ...(row.ended_at !== null && { endedAt: row.ended_at.toISOString() }),
    ...(row.completed_by !== null && { completedBy: row.completed_by }),
    ...(row.business_key !== null && { businessKey: row.business_key }),
    ...(row.owner_unit_id !== null && { ownerUnitId: row.owner_unit_id }),
    ...(row.started_by !== null && { startedBy: row.started_by }),
    ...(row.org_assignment && { orgAssignment: row.org_assignment }),
    ...(row.sign_mode && { signMode: row.sign_mode }),
  };
}

/** One task by id in any state (the task page; access is checked by the caller with {@link canActOnTask}). */
export async function getInboxTask(sql: Sql, taskId: string): Promise<InboxTask | undefined> {
  const [row] = await sql.query<InboxRow>(`SELECT ${inboxColumns} ${fromTask} WHERE t.id = $1`, [taskId]);
  return row && toInboxTask(row);
}

/** Whether the viewer may see/act on an open task: assignee, or (unclaimed) a candidate by user, group or unit. */
export function canActOnTask(task: InboxTask, viewer: Viewer): boolean {
  if (task.assignee !== undefined) return task.assignee === viewer.userId;
  return (
    task.candidateUsers.includes(viewer.userId) ||
    task.candidateGroups.some((g) => viewer.groups.includes(g)) ||
    task.candidateUnits.some((u) => viewer.unitIds.includes(u))
  );
}

/** Filters shared by the inbox views. */
export interface InboxFilter {
  readonly processId?: string;
  readonly instanceId?: string;
  readonly ownerUnitId?: string;
  readonly dueBefore?: string;
  /** Substring of the task name or the business key. */
  readonly search?: string;
}

const maxLimit = 200;

/**
 * The inbox filters as predicates on the task row alone: the instance-level ones (owning unit, business key)
 * are `EXISTS` lookups that run only when that filter is given. So a page is chosen, sorted and cut from the
 * task table and only its rows are joined to their instances ({@link pageOfTasks}).
 */
function filterSql(first: number): string {
  const p = (n: number): string => `$${first + n}`;
  const like = `'%' || ${p(4)} || '%'`;
  return `AND (${p(0)}::text IS NULL OR t.process_key = ${p(0)}) AND (${p(1)}::text IS NULL OR t.instance_id = ${p(1)})
    AND (${p(2)}::text IS NULL OR EXISTS (SELECT 1 FROM process_instance fi WHERE fi.id = t.instance_id AND fi.owner_unit_id = ${p(2)}))
    AND (${p(3)}::timestamptz IS NULL OR t.due_at <= ${p(3)})
    AND (${p(4)}::text IS NULL OR t.name ILIKE ${like}
      OR EXISTS (SELECT 1 FROM process_instance fi WHERE fi.id = t.instance_id AND fi.business_key ILIKE ${like}))`;
}

/** One page of tasks chosen by `where` and `order` (on `t` only), then joined to their instances. */
function pageOfTasks(where: string, order: string, limit: string): string {
  return `SELECT ${inboxColumns}
    FROM (SELECT * FROM task t WHERE ${where} ORDER BY ${order} LIMIT ${limit}) t
    LEFT JOIN process_instance i ON i.id = t.instance_id
    ORDER BY ${order}`;
}

function filterParams(f: InboxFilter): unknown[] {
  const search = f.search?.replace(/[\\%_]/g, (c) => `\\${c}`);
  return [f.processId ?? null, f.instanceId ?? null, f.ownerUnitId ?? null, f.dueBefore ?? null, search ?? null];
}

/**
 * 待办: open tasks assigned to the viewer, or unclaimed with the viewer among the candidates (user, group or
 * unit). Sorted by due date (none last), then id; keyset pagination.
 */
export async function listTodoTasks(
  sql: Sql,
  viewer: Viewer,
  filter: InboxFilter = {},
  page: { readonly after?: string; readonly limit?: number } = {},
): Promise<Page<InboxTask>> {
  const limit = Math.min(page.limit ?? 50, maxLimit);
  const after = decodeCursor(page.after);
  const rows = await sql.query<InboxRow>(
    pageOfTasks(
      `t.state = 'open'
        AND (t.assignee = $1 OR (t.assignee IS NULL AND (t.candidate_users @> ARRAY[$1]::text[] OR t.candidate_groups && $2::text[]
             OR t.candidate_units && $3::text[])))
        AND ($4::timestamptz IS NULL OR (COALESCE(t.due_at, 'infinity'), t.id) > ($4::timestamptz, $5::text))
        ${filterSql(7)}`,
      `COALESCE(t.due_at, 'infinity'), t.id`,
      '$6',
    ),
    [viewer.userId, viewer.groups, viewer.unitIds, after?.[0] ?? null, after?.[1] ?? '', limit + 1, ...filterParams(filter)],
  );
  return toPage(rows, limit, (row) => encodeCursor(row.due_at ? row.due_at.toISOString() : 'infinity', row.id));
}

/** 已办: tasks the user completed, most recent first. */
export async function listDoneTasks(
  sql: Sql,
  userId: string,
  filter: InboxFilter = {},
  page: { readonly after?: string; readonly limit?: number } = {},
): Promise<Page<InboxTask>> {
  const limit = Math.min(page.limit ?? 50, maxLimit);
  const after = decodeCursor(page.after);
  const rows = await sql.query<InboxRow>(
    pageOfTasks(
      `t.completed_by = $1 AND t.state = 'completed'
        AND ($2::timestamptz IS NULL OR (t.ended_at, t.id) < ($2::timestamptz, $3::text))
        ${filterSql(5)}`,
      't.ended_at DESC, t.id DESC',
      '$4',
    ),
    [userId, after?.[0] ?? null, after?.[1] ?? '', limit + 1, ...filterParams(filter)],
  );
  return toPage(rows, limit, (row) => encodeCursor((row.ended_at ?? new Date(0)).toISOString(), row.id));
}

function toPage(rows: InboxRow[], limit: number, cursorOf: (row: InboxRow) => string): Page<InboxTask> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toInboxTask), ...(rows.length > limit && last && { next: cursorOf(last) }) };
}

/** Outcome of a conditional task update: `ok`, or why not (for 404 / 409 / 403 mapping by the caller). */
export type TaskChange = { readonly ok: true } | { readonly ok: false; readonly reason: 'not-found' | 'not-open' | 'conflict' };

async function changeTask(sql: Sql, taskId: string, update: string, guard: string, params: readonly unknown[]): Promise<TaskChange> {
  const result = await sql.execute(`UPDATE task SET ${update} WHERE id = $1 AND state = 'open' AND ${guard}`, [taskId, ...params]);
  if (result.rowCount === 1) return { ok: true };
  const [row] = await sql.query<{ state: string }>(`SELECT state FROM task WHERE id = $1`, [taskId]);
  if (!row) return { ok: false, reason: 'not-found' };
  return { ok: false, reason: row.state === 'open' ? 'conflict' : 'not-open' };
}

/**
 * Row-level task changes (claim, unclaim, 转办, 委派). Each is one conditional UPDATE, so of concurrent
 * callers exactly one gets `ok`. The engine's instance state stays the source of truth: after `ok`, record
 * the same assignee in the engine (`Engine.updateTask`) — a later engine upsert of the task replaces the
 * row's assignee with the state's.
 */

/** Claims an unclaimed open task. Of concurrent claimers exactly one gets `ok` (the row is the arbiter). */
export function claimTask(sql: Sql, taskId: string, userId: string): Promise<TaskChange> {
  return changeTask(sql, taskId, 'assignee = $2', 'assignee IS NULL', [userId]);
}

/** Gives a claimed task back to its candidates (only by its current assignee). */
export function unclaimTask(sql: Sql, taskId: string, userId: string): Promise<TaskChange> {
  return changeTask(sql, taskId, 'assignee = NULL', 'assignee = $2', [userId]);
}

/** 转办: hands the task to another user for good (by its assignee, or `byAdmin`). */
export function transferTask(sql: Sql, taskId: string, from: string, to: string, byAdmin = false): Promise<TaskChange> {
  return changeTask(sql, taskId, 'assignee = $3, owner = NULL', '($4 OR assignee = $2)', [from, to, byAdmin]);
}

/** 委派: lends the task to `to`; the current assignee becomes the owner it returns to on {@link resolveTask}. */
export function delegateTask(sql: Sql, taskId: string, from: string, to: string): Promise<TaskChange> {
  return changeTask(sql, taskId, 'owner = assignee, assignee = $3', 'assignee = $2 AND owner IS NULL', [from, to]);
}

/** Ends a delegation: the task goes back to its owner. */
export function resolveTask(sql: Sql, taskId: string, delegate: string): Promise<TaskChange> {
  return changeTask(sql, taskId, 'assignee = owner, owner = NULL', 'assignee = $2 AND owner IS NOT NULL', [delegate]);
}

/** Adds candidate units to an open task (e.g. "the 法制科 of the upper-level unit"). */
export async function addTaskCandidateUnits(sql: Sql, taskId: string, unitIds: readonly string[]): Promise<void> {
  await sql.query(
    `UPDATE task SET candidate_units = ARRAY(SELECT DISTINCT unnest(candidate_units || $2::text[])) WHERE id = $1`,
    [taskId, unitIds],
  );
}
