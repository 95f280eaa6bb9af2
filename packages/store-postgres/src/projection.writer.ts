import type { IncidentRecord, JobRecord, ProjectionChanges, SubscriptionRecord, TaskRecord, TimerRecord } from '@zhifa/engine';
import { subscriptionTables } from './projection-rows.js';
import type { Sql } from './sql.js';

/**
 * Writes the engine's projection changes with one multi-row statement per table and change kind
 * (`jsonb_to_recordset`), so a command costs a handful of round trips however many rows it touches.
 * Tasks, timers and incidents are closed rather than deleted: the inbox shows done work, and a late timer
 * delivery must find a row it can ignore.
 */
export async function writeProjections(sql: Sql, changes: ProjectionChanges): Promise<void> {
  await upsertTasks(sql, changes.tasks.upsert);
  if (changes.tasks.delete.length > 0) {
    await sql.query(`UPDATE task SET state = 'ended', ended_at = now() WHERE id = ANY($1::text[]) AND state = 'open'`, [changes.tasks.delete]);
  }
  await upsertTimers(sql, changes.timers.upsert);
  if (changes.timers.delete.length > 0) {
    await sql.query(
      `UPDATE timer SET cancelled_at = now() WHERE id = ANY($1::text[]) AND fired_at IS NULL AND cancelled_at IS NULL`,
      [changes.timers.delete],
    );
  }
  await upsertSubscriptions(sql, changes.subscriptions.upsert);
  if (changes.subscriptions.delete.length > 0) {
    for (const table of Object.values(subscriptionTables)) {
      await sql.query(`DELETE FROM ${table} WHERE id = ANY($1::text[])`, [changes.subscriptions.delete]);
    }
  }
  await upsertJobs(sql, changes.jobs.upsert);
  if (changes.jobs.delete.length > 0) {
    await sql.query(`UPDATE external_job SET state = 'ended', ended_at = now() WHERE id = ANY($1::text[]) AND state = 'open'`, [changes.jobs.delete]);
  }
  await upsertIncidents(sql, changes.incidents.upsert);
  if (changes.incidents.delete.length > 0) {
    await sql.query(`UPDATE incident SET resolved_at = now() WHERE id = ANY($1::text[]) AND resolved_at IS NULL`, [changes.incidents.delete]);
  }
}

async function upsertTasks(sql: Sql, tasks: readonly TaskRecord[]): Promise<void> {
  if (tasks.length === 0) return;
  // The engine's state is the truth: its upsert replaces the row's assignee (absent = unassigned), also
  // one set by a row-level claimTask (see there).
  await sql.query(
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

async function upsertTimers(sql: Sql, timers: readonly TimerRecord[]): Promise<void> {
  if (timers.length === 0) return;
  // "Replace by id": a cycle timer re-armed under the same id becomes pending again.
  await sql.query(
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

async function upsertSubscriptions(sql: Sql, subscriptions: readonly SubscriptionRecord[]): Promise<void> {
  for (const [kind, table] of Object.entries(subscriptionTables)) {
    const rows = subscriptions.filter((s) => s.kind === kind);
    if (rows.length === 0) continue;
    await sql.query(
      `INSERT INTO ${table} (id, name, correlation_key, instance_id, definition_id, process_key, element_id)
       SELECT x."id", x."name", x."correlationKey", x."instanceId", x."definitionId", x."processId", x."elementId"
         FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "name" text, "correlationKey" text, "instanceId" text,
              "definitionId" text, "processId" text, "elementId" text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, correlation_key = EXCLUDED.correlation_key,
         instance_id = EXCLUDED.instance_id, definition_id = EXCLUDED.definition_id,
         process_key = EXCLUDED.process_key, element_id = EXCLUDED.element_id`,
      [JSON.stringify(rows)],
    );
  }
}

async function upsertJobs(sql: Sql, jobs: readonly JobRecord[]): Promise<void> {
  if (jobs.length === 0) return;
  await sql.query(
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

async function upsertIncidents(sql: Sql, incidents: readonly IncidentRecord[]): Promise<void> {
  if (incidents.length === 0) return;
  await sql.query(
    `INSERT INTO incident (id, instance_id, definition_id, process_key, element_id, element_instance_id, kind, message, created_at)
     SELECT x."id", x."instanceId", x."definitionId", x."processId", x."elementId", x."elementInstanceId", x."kind",
            x."message", x."createdAt"
       FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "instanceId" text, "definitionId" text, "processId" text,
            "elementId" text, "elementInstanceId" text, "kind" text, "message" text, "createdAt" timestamptz)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, message = EXCLUDED.message, resolved_at = NULL`,
    [JSON.stringify(incidents)],
  );
}
