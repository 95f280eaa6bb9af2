import type { InstanceRecord, InstanceStatus } from '@zhifa/engine';
import { decodeCursor, encodeCursor, type Page } from './cursor.js';
import type { Viewer } from './inbox.repository.js';
import { instanceColumns, toInstance, type InstanceRow } from './projection-rows.js';
import type { Sql } from './sql.js';

/** An instance with who started it and which unit owns it (both are `InstanceRecord` fields now). */
export type InstanceSummary = InstanceRecord;

/**
 * Whose rights a listing is cut to. `all`: admins and auditors. `viewer`: the initiator, participants (task
 * assignee, candidate or completer), cc recipients, and supervisors of the owning unit — pass the ids of
 * every unit the viewer supervises, descendants included (`descendantUnitIds`).
 */
export type InstanceScope =
  | { readonly type: 'all' }
  | { readonly type: 'viewer'; readonly viewer: Viewer; readonly supervisedUnitIds: readonly string[] };

/** SQL condition "instance i is visible in scope", using parameters $1..$4. */
const visible = `($1 OR i.started_by = $2 OR i.owner_unit_id = ANY($4::text[])
  OR EXISTS (SELECT 1 FROM task t WHERE t.instance_id = i.id AND (t.assignee = $2 OR t.completed_by = $2 OR t.owner = $2
             OR $2 = ANY(t.candidate_users) OR t.candidate_groups && $3::text[]))
  OR EXISTS (SELECT 1 FROM instance_cc c WHERE c.instance_id = i.id AND (c.user_id = $2 OR c.unit_id = ANY($5::text[]))))`;

function scopeParams(scope: InstanceScope): unknown[] {
  return scope.type === 'all'
    ? [true, '', [], [], []]
    : [false, scope.viewer.userId, scope.viewer.groups, scope.supervisedUnitIds, scope.viewer.unitIds];
}

/**
 * Records who started an instance and which unit owns it after the fact (imports, repairs, tests). The
 * engine writes both with the instance row in the start's transaction (`StartInput.initiator`/`ownerUnitId`).
 */
export async function setInstanceOwner(sql: Sql, instanceId: string, owner: { readonly startedBy?: string; readonly ownerUnitId?: string }): Promise<void> {
  await sql.query(
    `UPDATE process_instance SET started_by = COALESCE($2, started_by), owner_unit_id = COALESCE($3, owner_unit_id) WHERE id = $1`,
    [instanceId, owner.startedBy ?? null, owner.ownerUnitId ?? null],
  );
}

export async function getInstanceSummary(sql: Sql, instanceId: string): Promise<InstanceSummary | undefined> {
  const [row] = await sql.query<InstanceRow>(`SELECT ${instanceColumns} FROM process_instance i WHERE i.id = $1`, [instanceId]);
  return row && toInstance(row);
}

/** Whether the scope may see the instance (false also when it does not exist: callers answer 404 alike). */
export async function canViewInstance(sql: Sql, instanceId: string, scope: InstanceScope): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM process_instance i WHERE i.id = $6 AND ${visible}`, [...scopeParams(scope), instanceId]);
  return rows.length > 0;
}

/** Of `instanceIds`, those the scope may see (one query for a whole list). */
export async function visibleInstanceIds(sql: Sql, instanceIds: readonly string[], scope: InstanceScope): Promise<Set<string>> {
  if (instanceIds.length === 0) return new Set();
  const rows = await sql.query<{ id: string }>(`SELECT i.id FROM process_instance i WHERE i.id = ANY($6::text[]) AND ${visible}`, [
    ...scopeParams(scope),
    [...new Set(instanceIds)],
  ]);
  return new Set(rows.map((r) => r.id));
}

export interface InstanceFilter {
  readonly status?: InstanceStatus;
  readonly processId?: string;
  readonly businessKey?: string;
  readonly startedBy?: string;
  readonly ownerUnitId?: string;
}

/** Instances visible in `scope`, newest first, keyset-paginated. */
export async function listInstancesScoped(
  sql: Sql,
  scope: InstanceScope,
  filter: InstanceFilter = {},
  page: { readonly after?: string; readonly limit?: number } = {},
): Promise<Page<InstanceSummary>> {
  const limit = Math.min(page.limit ?? 50, 200);
  const after = decodeCursor(page.after);
  const rows = await sql.query<InstanceRow>(
    `SELECT ${instanceColumns} FROM process_instance i
      WHERE ${visible}
        AND ($6::text IS NULL OR i.status = $6) AND ($7::text IS NULL OR i.process_key = $7)
        AND ($8::text IS NULL OR i.business_key = $8) AND ($9::text IS NULL OR i.started_by = $9)
        AND ($10::text IS NULL OR i.owner_unit_id = $10)
        AND ($11::timestamptz IS NULL OR (i.started_at, i.id) < ($11::timestamptz, $12::text))
      ORDER BY i.started_at DESC, i.id DESC LIMIT $13`,
    [
      ...scopeParams(scope),
      filter.status ?? null,
      filter.processId ?? null,
      filter.businessKey ?? null,
      filter.startedBy ?? null,
      filter.ownerUnitId ?? null,
      after?.[0] ?? null,
      after?.[1] ?? '',
      limit + 1,
    ],
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toInstance),
    ...(rows.length > limit && last && { next: encodeCursor(last.started_at.toISOString(), last.id) }),
  };
}

/** 我发起的: instances the user started. */
export function listStartedInstances(sql: Sql, userId: string, page: { readonly after?: string; readonly limit?: number } = {}): Promise<Page<InstanceSummary>> {
  return listInstancesScoped(sql, { type: 'all' }, { startedBy: userId }, page);
}

/** 抄送: informs users and/or units about an instance (repeat cc's are ignored). */
export async function addInstanceCc(
  sql: Sql,
  instanceId: string,
  cc: { readonly userIds?: readonly string[]; readonly unitIds?: readonly string[]; readonly by?: string; readonly at: string },
): Promise<number> {
  const result = await sql.execute(
    `INSERT INTO instance_cc (instance_id, user_id, unit_id, cc_by, created_at)
     SELECT $1::text, u, NULL::text, $4::text, $5::timestamptz FROM unnest($2::text[]) u
     UNION ALL SELECT $1::text, NULL::text, g, $4::text, $5::timestamptz FROM unnest($3::text[]) g
     ON CONFLICT DO NOTHING`,
    [instanceId, cc.userIds ?? [], cc.unitIds ?? [], cc.by ?? null, cc.at],
  );
  return result.rowCount;
}

/** 抄送我的: instances cc'd to the viewer or one of their units, newest cc first. */
export async function listCcInstances(sql: Sql, viewer: Viewer, page: { readonly limit?: number; readonly offset?: number } = {}): Promise<
  (InstanceSummary & { readonly ccAt: string; readonly ccBy?: string })[]
> {
  const rows = await sql.query<InstanceRow & { cc_at: Date; cc_by: string | null }>(
    `SELECT DISTINCT ON (c.created_at, i.id) ${instanceColumns}, c.created_at AS cc_at, c.cc_by
       FROM instance_cc c JOIN process_instance i ON i.id = c.instance_id
      WHERE c.user_id = $1 OR c.unit_id = ANY($2::text[])
      ORDER BY c.created_at DESC, i.id LIMIT $3 OFFSET $4`,
    [viewer.userId, viewer.unitIds, Math.min(page.limit ?? 50, 200), page.offset ?? 0],
  );
  return rows.map((row) => ({ ...toInstance(row), ccAt: row.cc_at.toISOString(), ...(row.cc_by !== null && { ccBy: row.cc_by }) }));
}
