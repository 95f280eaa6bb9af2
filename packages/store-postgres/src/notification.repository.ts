import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@zhifa/engine';
import type { Sql } from './sql.js';

/** An in-app notification (reminder, escalation, urge, cc …). */
export interface Notification {
  readonly id: string;
  readonly userId: string;
  readonly kind: string;
  readonly timerId?: string;
  readonly taskId?: string;
  readonly instanceId?: string;
  readonly payload: JsonObject;
  readonly createdAt: string;
  readonly readAt?: string;
}

interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  timer_id: string | null;
  task_id: string | null;
  instance_id: string | null;
  payload: JsonObject;
  created_at: Date;
  read_at: Date | null;
}

const columns = 'id, user_id, kind, timer_id, task_id, instance_id, payload, created_at, read_at';

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    ...(row.timer_id !== null && { timerId: row.timer_id }),
    ...(row.task_id !== null && { taskId: row.task_id }),
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    ...(row.read_at !== null && { readAt: row.read_at.toISOString() }),
  };
}

export interface NewNotification {
  readonly id?: string;
  readonly userId: string;
  readonly kind: string;
  /** With a timer id the row is unique per (timer, kind, recipient): a redelivered timer job inserts nothing. */
  readonly timerId?: string;
  readonly taskId?: string;
  readonly instanceId?: string;
  readonly payload?: JsonObject;
  readonly at?: string;
}

/**
 * Inserts a notification unless one with the same (timer, kind, recipient) exists. Returns the new row, or
 * undefined for a duplicate — the caller then sends no e-mail/webhook either.
 */
export async function insertNotification(sql: Sql, input: NewNotification): Promise<Notification | undefined> {
  const [row] = await sql.query<NotificationRow>(
    `INSERT INTO notification (id, user_id, kind, timer_id, task_id, instance_id, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now()))
     ON CONFLICT (timer_id, kind, user_id) DO NOTHING RETURNING ${columns}`,
    [
      input.id ?? randomUUID(),
      input.userId,
      input.kind,
      input.timerId ?? null,
      input.taskId ?? null,
      input.instanceId ?? null,
      JSON.stringify(input.payload ?? {}),
      input.at ?? null,
    ],
  );
  return row && toNotification(row);
}

/** A user's notifications, newest first. */
export async function listNotifications(
  sql: Sql,
  userId: string,
  options: { readonly unreadOnly?: boolean; readonly limit?: number; readonly offset?: number } = {},
): Promise<Notification[]> {
  const rows = await sql.query<NotificationRow>(
    `SELECT ${columns} FROM notification WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
      ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
    [userId, options.unreadOnly ?? false, Math.min(options.limit ?? 50, 500), options.offset ?? 0],
  );
  return rows.map(toNotification);
}

export async function countUnreadNotifications(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  return row?.n ?? 0;
}

/** Marks the user's notifications read (the given ids, or all when `ids` is omitted). Returns how many changed. */
export async function markNotificationsRead(sql: Sql, userId: string, at: string, ids?: readonly string[]): Promise<number> {
  const result = await sql.execute(
    `UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND ($3::text[] IS NULL OR id = ANY($3::text[]))`,
    [userId, at, ids ?? null],
  );
  return result.rowCount;
}
