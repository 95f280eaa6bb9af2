import type { JsonObject, OutboxRecord } from '@zhifa/engine';
import type { Sql } from './sql.js';

interface OutboxRow {
  id: string;
  instance_id: string | null;
  created_at: Date;
  payload: JsonObject;
  dispatched_at: Date | null;
  attempts: number;
}

const outboxColumns = 'id, instance_id, created_at, payload, dispatched_at, attempts';

function toOutbox(row: OutboxRow): OutboxRecord {
  return {
    id: row.id,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    createdAt: row.created_at.toISOString(),
    effect: row.payload,
    ...(row.dispatched_at !== null && { dispatchedAt: row.dispatched_at.toISOString() }),
  };
}

/**
 * Inserts outbox rows (kind = the effect's `type`). Effects that close a task also stamp the task row with
 * who completed it and when, which is what the "done" inbox view reads.
 */
export async function appendOutboxRows(sql: Sql, records: readonly OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  await sql.query(outboxInsertSql, [outboxInsertParam(records)]);
  for (const close of taskClosesOf(records)) {
    await sql.query(`UPDATE task SET state = $2, ended_at = $3, completed_by = $4 WHERE id = $1`, [close.id, close.state, close.endedAt, close.completedBy]);
  }
}

/** The outbox `INSERT` of {@link appendOutboxRows}; its one parameter is {@link outboxInsertParam}. */
export const outboxInsertSql = `INSERT INTO outbox (id, kind, instance_id, payload, created_at)
     SELECT x."id", COALESCE(x."effect"->>'type', 'effect'), x."instanceId", x."effect", x."createdAt"
       FROM jsonb_to_recordset($1::jsonb) AS x("ord" int, "id" text, "instanceId" text, "effect" jsonb, "createdAt" timestamptz)
      ORDER BY x."ord"`;

export function outboxInsertParam(records: readonly OutboxRecord[]): string {
  return JSON.stringify(records.map((r, ord) => ({ ...r, ord })));
}

/** A task row an outbox effect closes (`task.completed` / `task.cancelled`): its final state, when and by whom. */
export interface TaskClose {
  readonly id: string;
  readonly state: 'completed' | 'cancelled';
  readonly endedAt: string;
  readonly completedBy: string | null;
}

export function taskClosesOf(records: readonly OutboxRecord[]): TaskClose[] {
  return records.flatMap((record): TaskClose[] => {
    const type = record.effect['type'];
    const taskId = record.effect['taskId'];
    if ((type !== 'task.completed' && type !== 'task.cancelled') || typeof taskId !== 'string') return [];
    const actor = record.effect['actor'];
    const completed = type === 'task.completed';
    return [{ id: taskId, state: completed ? 'completed' : 'cancelled', endedAt: record.createdAt, completedBy: completed && typeof actor === 'string' ? actor : null }];
  });
}

/** Undispatched rows, oldest first (no locking: for boot-time re-dispatch by a single process). */
export async function listUndispatched(sql: Sql, limit: number): Promise<OutboxRecord[]> {
  const rows = await sql.query<OutboxRow>(
    `SELECT ${outboxColumns} FROM outbox WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1`,
    [limit],
  );
  return rows.map(toOutbox);
}

/**
 * Claims up to `limit` undispatched rows for this transaction with `FOR UPDATE SKIP LOCKED`: concurrent
 * dispatchers get disjoint sets. Dispatch, then {@link markDispatched} in the same transaction (or let
 * it roll back to release them). Each claim counts an attempt.
 */
export async function claimUndispatched(tx: Sql, limit: number): Promise<OutboxRecord[]> {
  const rows = await tx.query<OutboxRow & { seq: string }>(
    `UPDATE outbox SET attempts = attempts + 1
      WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING ${outboxColumns}, seq::text AS seq`,
    [limit],
  );
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toOutbox);
}

export async function markDispatched(sql: Sql, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(`UPDATE outbox SET dispatched_at = $2 WHERE id = ANY($1::text[]) AND dispatched_at IS NULL`, [ids, at]);
}

/** Records a failed dispatch attempt (the row stays undispatched and is retried). */
export async function markDispatchFailed(sql: Sql, id: string, error: string): Promise<void> {
  await sql.query(`UPDATE outbox SET last_error = $2 WHERE id = $1`, [id, error.slice(0, 2000)]);
}

/** Deletes dispatched rows older than `before` (housekeeping). Returns how many. */
export async function purgeDispatched(sql: Sql, before: string): Promise<number> {
  return (await sql.execute(`DELETE FROM outbox WHERE dispatched_at IS NOT NULL AND dispatched_at < $1`, [before])).rowCount;
}
