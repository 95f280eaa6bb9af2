import type { Sql } from '@zhifa/store-postgres';
import { DeadlineTimerKind } from './deadline-plan.js';

// Queries the store package does not offer yet (candidates to move into @zhifa/store-postgres).

const KINDS = Object.values(DeadlineTimerKind);

export interface DeadlineTimerRow {
  readonly id: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly provisional: boolean;
  readonly state: 'pending' | 'fired' | 'cancelled';
}

/** Serialises planning of one task across requests, effects and processes (inside a transaction). */
export async function lockTaskDeadline(tx: Sql, taskId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('zhifa.deadline.' || $1))`, [taskId]);
}

/** Every reminder/escalation row of a task, in any state. */
export async function deadlineTimersOfTask(sql: Sql, taskId: string): Promise<DeadlineTimerRow[]> {
  const rows = await sql.query<{ id: string; kind: string; due_at: Date; provisional: boolean; fired_at: Date | null; cancelled_at: Date | null }>(
    `SELECT id, kind, due_at, provisional, fired_at, cancelled_at FROM timer WHERE task_id = $1 AND kind = ANY($2::text[]) ORDER BY due_at, id`,
    [taskId, KINDS],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    dueAt: r.due_at.toISOString(),
    provisional: r.provisional,
    state: r.fired_at ? 'fired' : r.cancelled_at ? 'cancelled' : 'pending',
  }));
}

/** Open tasks, by id, a page at a time (start-up sweep). */
export async function openTaskIds(sql: Sql, after: string, limit: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(`SELECT id FROM task WHERE state = 'open' AND id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  return rows.map((r) => r.id);
}

/** Open tasks with a due date on or after `from` or with a provisional reminder timer (calendar import). */
export async function tasksToRecompute(sql: Sql, from: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM task WHERE state = 'open' AND due_at >= $1
     UNION SELECT task_id FROM timer
      WHERE provisional AND fired_at IS NULL AND cancelled_at IS NULL AND task_id IS NOT NULL AND kind = ANY($2::text[])`,
    [from, KINDS],
  );
  return rows.map((r) => r.id);
}

/** Pending reminder/escalation timers due by `until` (the manual clock and the polling fallback). */
export async function dueDeadlineTimers(sql: Sql, until: string, limit: number): Promise<{ id: string; dueAt: string }[]> {
  const rows = await sql.query<{ id: string; due_at: Date }>(
    `SELECT id, due_at FROM timer WHERE fired_at IS NULL AND cancelled_at IS NULL AND kind = ANY($1::text[]) AND due_at <= $2
      ORDER BY due_at, id LIMIT $3`,
    [KINDS, until, limit],
  );
  return rows.map((r) => ({ id: r.id, dueAt: r.due_at.toISOString() }));
}

/** All pending reminder/escalation timers (for the reconciler). */
export async function pendingDeadlineTimers(sql: Sql): Promise<{ id: string; dueAt: string }[]> {
  return dueDeadlineTimers(sql, '9999-12-31T00:00:00Z', 100_000);
}
