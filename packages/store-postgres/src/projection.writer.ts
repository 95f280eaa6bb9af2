import type { IncidentRecord, JobRecord, ProjectionChanges, SubscriptionRecord, TaskRecord, TimerRecord } from '@zhifa/engine';
import { subscriptionTables } from './projection-rows.js';
import type { Sql } from './sql.js';

/** One parameterised SQL statement (`$1`, `$2` … placeholders), not yet run. */
export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

const statement = (text: string, params: readonly unknown[]): Statement => ({ text, params });

/** Runs statements one after another. */
export async function runStatements(sql: Sql, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await sql.query(s.text, s.params);
}

/**
 * Folds data-modifying statements (INSERT/UPDATE/DELETE without `WITH` or `RETURNING`) into one statement of
 * data-modifying CTEs: one round trip. They all see the same snapshot, so the caller must make sure no two of
 * them touch the same row (PostgreSQL runs each to completion, but which of two updates of one row wins is
 * undefined). `select` is the statement's own query (it may read the CTEs `w0`, `w1` … by position).
 */
export function combineStatements(statements: readonly Statement[], select = 'SELECT 1'): Statement | undefined {
  if (statements.length === 0) return undefined;
  const params: unknown[] = [];
  const parts = statements.map((s, i) => {
    const offset = params.length;
    params.push(...s.params);
    return `w${i} AS (${s.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { text: `WITH ${parts.join(',\n')}\n${select}`, params };
}

/**
 * Writes the engine's projection changes with one multi-row statement per table and change kind
 * (`jsonb_to_recordset`), so a command costs a handful of round trips however many rows it touches.
 * Tasks, timers and incidents are closed rather than deleted: the inbox shows done work, and a late timer
 * delivery must find a row it can ignore.
 */
export async function writeProjections(sql: Sql, changes: ProjectionChanges): Promise<void> {
  await runStatements(sql, projectionStatements(changes));
}

/** The statements of {@link writeProjections}, in order; empty change lists cost nothing. */
export function projectionStatements(changes: ProjectionChanges, options: { readonly skipTaskDeletes?: boolean } = {}): Statement[] {
  const out: (Statement | undefined)[] = [upsertTasks(changes.tasks.upsert)];
  if (changes.tasks.delete.length > 0 && !options.skipTaskDeletes) {
    out.push({ text: `UPDATE task SET state = 'ended', ended_at = now() WHERE id = ANY($1::text[]) AND state = 'open'`, params: [changes.tasks.delete] });
  }
  out.push(upsertTimers(changes.timers.upsert));
  if (changes.timers.delete.length > 0) {
    out.push({
      text: `UPDATE timer SET cancelled_at = now() WHERE id = ANY($1::text[]) AND fired_at IS NULL AND cancelled_at IS NULL`,
      params: [changes.timers.delete],
    });
  }
  out.push(...upsertSubscriptions(changes.subscriptions.upsert));
  if (changes.subscriptions.delete.length > 0) {
    for (const table of Object.values(subscriptionTables)) {
      out.push({ text: `DELETE FROM ${table} WHERE id = ANY($1::text[])`, params: [changes.subscriptions.delete] });
    }
  }
  out.push(upsertJobs(changes.jobs.upsert));
  if (changes.jobs.delete.length > 0) {
    out.push({ text: `UPDATE external_job SET state = 'ended', ended_at = now() WHERE id = ANY($1::text[]) AND state = 'open'`, params: [changes.jobs.delete] });
  }
  out.push(upsertIncidents(changes.incidents.upsert));
  if (changes.incidents.delete.length > 0) {
    out.push({ text: `UPDATE incident SET resolved_at = now() WHERE id = ANY($1::text[]) AND resolved_at IS NULL`, params: [changes.incidents.delete] });
  }
  return out.filter((st): st is Statement => st !== undefined);
}

function upsertTasks(tasks: readonly TaskRecord[]): Statement | undefined {
  if (tasks.length === 0) return undefined;
  // The engine's state is the truth: its upsert replaces the row's assignee (absent = unassigned), also
  // one set by a row-level claimTask (see there).
  return statement(
    `INSERT INTO task (id, instance_id, definition_id, process_key, activity_id, element_instance_id, name, assignee,
                       candidate_users, candidate_groups, due_at, follow_up_at, priority, form_key, created_at,
                       org_assignment, sign_mode)
     SELECT x."id", x."instanceId", x."definitionId", x."processId", x."elementId", x."elementInstanceId", x."name", x."assignee",
            COALESCE(x."candidateUsers", '{}'), COALESCE(x."candidateGroups", '{}'), x."dueAt", x."followUpAt", x."priority",
            x."formKey", x."createdAt", x."orgAssignment", x."signMode"
       FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "instanceId" text, "definitionId" text, "processId" text,
            "elementId" text, "elementInstanceId" text, "name" text, "assignee" text, "candidateUsers" text[],
            "candidateGroups" text[], "dueAt" timestamptz, "followUpAt" timestamptz, "priority" int, "formKey" text,
            "createdAt" timestamptz, "orgAssignment" jsonb, "signMode" jsonb)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, assignee = EXCLUDED.assignee,
       candidate_users = EXCLUDED.candidate_users, candidate_groups = EXCLUDED.candidate_groups,
       due_at = EXCLUDED.due_at, follow_up_at = EXCLUDED.follow_up_at, priority = EXCLUDED.priority,
       form_key = EXCLUDED.form_key, org_assignment = EXCLUDED.org_assignment, sign_mode = EXCLUDED.sign_mode,
       state = 'open', ended_at = NULL`,
    [JSON.stringify(tasks)],
  );
}

function upsertTimers(timers: readonly TimerRecord[]): Statement | undefined {
  if (timers.length === 0) return undefined;
  // "Replace by id": a cycle timer re-armed under the same id becomes pending again.
  return statement(
    `INSERT INTO timer (id, instance_id, definition_id, process_key, element_id, due_at, is_cycle, remaining, cycle_interval)
     SELECT x."id", x."instanceId", x."definitionId", x."processId", x."elementId", x."dueAt", x."isCycle", x."remaining", x."interval"
       FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "instanceId" text, "definitionId" text, "processId" text,
            "elementId" text, "dueAt" timestamptz, "isCycle" boolean, "remaining" int, "interval" text)
     ON CONFLICT (id) DO UPDATE SET
       instance_id = EXCLUDED.instance_id, definition_id = EXCLUDED.definition_id, process_key = EXCLUDED.process_key,
       element_id = EXCLUDED.element_id, due_at = EXCLUDED.due_at, is_cycle = EXCLUDED.is_cycle,
       remaining = EXCLUDED.remaining, cycle_interval = EXCLUDED.cycle_interval, fired_at = NULL, cancelled_at = NULL`,
    [JSON.stringify(timers.map((t) => ({ ...t, isCycle: t.remaining !== undefined })))],
  );
}

function upsertSubscriptions(subscriptions: readonly SubscriptionRecord[]): Statement[] {
  const out: Statement[] = [];
  for (const [kind, table] of Object.entries(subscriptionTables)) {
    const rows = subscriptions.filter((s) => s.kind === kind);
    if (rows.length === 0) continue;
    out.push(statement(
      `INSERT INTO ${table} (id, name, correlation_key, instance_id, definition_id, process_key, element_id)
       SELECT x."id", x."name", x."correlationKey", x."instanceId", x."definitionId", x."processId", x."elementId"
         FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "name" text, "correlationKey" text, "instanceId" text,
              "definitionId" text, "processId" text, "elementId" text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, correlation_key = EXCLUDED.correlation_key,
         instance_id = EXCLUDED.instance_id, definition_id = EXCLUDED.definition_id,
         process_key = EXCLUDED.process_key, element_id = EXCLUDED.element_id`,
      [JSON.stringify(rows)],
    ));
  }
  return out;
}

function upsertJobs(jobs: readonly JobRecord[]): Statement | undefined {
  if (jobs.length === 0) return undefined;
  return statement(
    `INSERT INTO external_job (id, type, instance_id, definition_id, process_key, element_id, element_instance_id, retries, created_at, variables, not_before)
     SELECT x."id", x."type", x."instanceId", x."definitionId", x."processId", x."elementId", x."elementInstanceId",
            x."retries", x."createdAt", COALESCE(x."variables", '{}'::jsonb), x."notBefore"
       FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "type" text, "instanceId" text, "definitionId" text,
            "processId" text, "elementId" text, "elementInstanceId" text, "retries" int, "createdAt" timestamptz, "variables" jsonb,
            "notBefore" timestamptz)
     ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, retries = EXCLUDED.retries, variables = EXCLUDED.variables, not_before = EXCLUDED.not_before,
       element_id = EXCLUDED.element_id, element_instance_id = EXCLUDED.element_instance_id,
       state = 'open', ended_at = NULL, locked_until = NULL, worker = NULL`,
    [JSON.stringify(jobs)],
  );
}

function upsertIncidents(incidents: readonly IncidentRecord[]): Statement | undefined {
  if (incidents.length === 0) return undefined;
  return statement(
    `INSERT INTO incident (id, instance_id, definition_id, process_key, element_id, element_instance_id, kind, message, created_at)
     SELECT x."id", x."instanceId", x."definitionId", x."processId", x."elementId", x."elementInstanceId", x."kind",
            x."message", x."createdAt"
       FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "instanceId" text, "definitionId" text, "processId" text,
            "elementId" text, "elementInstanceId" text, "kind" text, "message" text, "createdAt" timestamptz)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, message = EXCLUDED.message, resolved_at = NULL`,
    [JSON.stringify(incidents)],
  );
}
