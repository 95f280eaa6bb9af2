import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@zhifa/engine';
import type { Sql } from './sql.js';

/** A timer row with everything the timer workers and the admin API need. */
export interface TimerDetails {
  readonly id: string;
  readonly instanceId?: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly elementId: string;
  /** `bpmn` for the engine's timers; `reminder`, `escalation`, `overdue` … for deadline-policy timers. */
  readonly kind: string;
  readonly taskId?: string;
  readonly dueAt: string;
  readonly firedAt?: string;
  readonly cancelledAt?: string;
  readonly provisional: boolean;
  readonly payload: JsonObject;
}

interface TimerDetailsRow {
  id: string;
  instance_id: string | null;
  definition_id: string;
  process_key: string;
  element_id: string;
  kind: string;
  task_id: string | null;
  due_at: Date;
  fired_at: Date | null;
  cancelled_at: Date | null;
  provisional: boolean;
  payload: JsonObject;
}

const detailColumns = 'id, instance_id, definition_id, process_key, element_id, kind, task_id, due_at, fired_at, cancelled_at, provisional, payload';

function toDetails(row: TimerDetailsRow): TimerDetails {
  return {
    id: row.id,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    definitionId: row.definition_id,
    processId: row.process_key,
    elementId: row.element_id,
    kind: row.kind,
    ...(row.task_id !== null && { taskId: row.task_id }),
    dueAt: row.due_at.toISOString(),
    ...(row.fired_at !== null && { firedAt: row.fired_at.toISOString() }),
    ...(row.cancelled_at !== null && { cancelledAt: row.cancelled_at.toISOString() }),
    provisional: row.provisional,
    payload: row.payload,
  };
}

/**
 * Claims a timer for firing inside the caller's transaction: marks it fired only if it is pending and due
 * by `now` (the engine clock, a parameter so a manual clock drives it). Undefined means "do nothing":
 * already fired (duplicate delivery), cancelled, unknown or not yet due. Two concurrent claimers: the
 * second waits on the row lock, then sees `fired_at` set and gets undefined.
 */
export async function claimTimer(tx: Sql, timerId: string, now: string): Promise<TimerDetails | undefined> {
  const [row] = await tx.query<TimerDetailsRow>(
    `UPDATE timer SET fired_at = $2 WHERE id = $1 AND fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $2
     RETURNING ${detailColumns}`,
    [timerId, now],
  );
  return row && toDetails(row);
}

/** A deadline-policy timer (reminder, escalation …) not modelled in BPMN; `payload` says what to do. */
export interface NewTimer {
  readonly id?: string;
  readonly instanceId?: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly kind: string;
  readonly taskId?: string;
  readonly dueAt: string;
  readonly provisional?: boolean;
  readonly payload?: JsonObject;
}

export async function insertTimer(sql: Sql, timer: NewTimer): Promise<TimerDetails> {
  const [row] = await sql.query<TimerDetailsRow>(
    `INSERT INTO timer (id, instance_id, definition_id, process_key, element_id, kind, task_id, due_at, provisional, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${detailColumns}`,
    [
      // No ':' in ids: they double as BullMQ job ids.
      timer.id ?? randomUUID(),
      timer.instanceId ?? null,
      timer.definitionId,
      timer.processId,
      timer.elementId,
      timer.kind,
      timer.taskId ?? null,
      timer.dueAt,
      timer.provisional ?? false,
      JSON.stringify(timer.payload ?? {}),
    ],
  );
  if (!row) throw new Error('insert returned no row');
  return toDetails(row);
}

/** Cancels pending timers by id, of a task, or of an instance. Returns the ids cancelled (to remove their jobs). */
export async function cancelTimers(
  sql: Sql,
  target: { readonly ids?: readonly string[]; readonly taskId?: string; readonly instanceId?: string },
  at: string,
): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE timer SET cancelled_at = $4
      WHERE fired_at IS NULL AND cancelled_at IS NULL
        AND (id = ANY($1::text[]) OR task_id = $2 OR instance_id = $3)
      RETURNING id`,
    [target.ids ?? [], target.taskId ?? null, target.instanceId ?? null, at],
  );
  return rows.map((r) => r.id);
}

/** Moves a pending timer (deadline extended, calendar re-imported). False when it is no longer pending. */
export async function rescheduleTimer(sql: Sql, timerId: string, dueAt: string, provisional: boolean): Promise<boolean> {
  const result = await sql.execute(
    `UPDATE timer SET due_at = $2, provisional = $3 WHERE id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
    [timerId, dueAt, provisional],
  );
  return result.rowCount === 1;
}

export async function getTimerDetails(sql: Sql, timerId: string): Promise<TimerDetails | undefined> {
  const [row] = await sql.query<TimerDetailsRow>(`SELECT ${detailColumns} FROM timer WHERE id = $1`, [timerId]);
  return row && toDetails(row);
}

/**
 * Pending timers by due time, with keyset pagination on (dueAt, id): for the reconciler (all pending),
 * the polling driver (`dueBy`), provisional recomputation and `GET /api/timers`.
 */
export async function listPendingTimers(
  sql: Sql,
  filter: {
    readonly instanceId?: string;
    readonly kind?: string;
    readonly dueBy?: string;
    readonly provisionalOnly?: boolean;
    readonly after?: { readonly dueAt: string; readonly id: string };
    readonly limit?: number;
  } = {},
): Promise<TimerDetails[]> {
  const rows = await sql.query<TimerDetailsRow>(
    `SELECT ${detailColumns} FROM timer
      WHERE fired_at IS NULL AND cancelled_at IS NULL
        AND ($1::text IS NULL OR instance_id = $1) AND ($2::text IS NULL OR kind = $2)
        AND ($3::timestamptz IS NULL OR due_at <= $3) AND (NOT $4 OR provisional)
        AND ($5::timestamptz IS NULL OR (due_at, id) > ($5::timestamptz, $6::text))
      ORDER BY due_at, id LIMIT $7`,
    [
      filter.instanceId ?? null,
      filter.kind ?? null,
      filter.dueBy ?? null,
      filter.provisionalOnly ?? false,
      filter.after?.dueAt ?? null,
      filter.after?.id ?? '',
      Math.min(filter.limit ?? 1000, 10_000),
    ],
  );
  return rows.map(toDetails);
}
