import type { JsonValue } from '@zhifa/engine';
import type { Sql } from './sql.js';

/** One e-mail or webhook delivery of a notification (the outbox row; the queue job only carries it out). */
export interface DeliveryRecord {
  readonly id: string;
  readonly notificationId: string;
  readonly channel: 'email' | 'webhook';
  /** What the channel sends (the queue's delivery message), stored as given. */
  readonly payload: JsonValue;
  readonly createdAt: string;
  readonly deliveredAt?: string;
  readonly failedAt?: string;
  readonly attempts: number;
  readonly lastError?: string;
}

interface DeliveryRow {
  id: string;
  notification_id: string;
  channel: 'email' | 'webhook';
  payload: JsonValue;
  created_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
  attempts: number;
  last_error: string | null;
}

const columns = 'id, notification_id, channel, payload, created_at, delivered_at, failed_at, attempts, last_error';

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    notificationId: row.notification_id,
    channel: row.channel,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    ...(row.delivered_at !== null && { deliveredAt: row.delivered_at.toISOString() }),
    ...(row.failed_at !== null && { failedAt: row.failed_at.toISOString() }),
    attempts: row.attempts,
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}

/** Records a delivery in the caller's transaction; the same id twice is one row. */
export async function insertDelivery(
  sql: Sql,
  input: { readonly id: string; readonly notificationId: string; readonly channel: 'email' | 'webhook'; readonly payload: JsonValue; readonly at?: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO notification_delivery (id, notification_id, channel, payload, created_at)
     VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now())) ON CONFLICT (id) DO NOTHING`,
    [input.id, input.notificationId, input.channel, JSON.stringify(input.payload), input.at ?? null],
  );
}

export async function findDelivery(sql: Sql, id: string): Promise<DeliveryRecord | undefined> {
  const [row] = await sql.query<DeliveryRow>(`SELECT ${columns} FROM notification_delivery WHERE id = $1`, [id]);
  return row && toDelivery(row);
}

/** Marks a delivery done; false when it was already marked (delivered or failed) — nothing changes then. */
export async function markDeliveryDelivered(sql: Sql, id: string, attempts: number): Promise<boolean> {
  const result = await sql.execute(
    `UPDATE notification_delivery SET delivered_at = now(), attempts = $2 WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL`,
    [id, attempts],
  );
  return result.rowCount > 0;
}

/** Gives a delivery up after its last attempt (or a failure no retry can fix); the reconciler leaves it alone. */
export async function markDeliveryFailed(sql: Sql, id: string, attempts: number, error: string): Promise<boolean> {
  const result = await sql.execute(
    `UPDATE notification_delivery SET failed_at = now(), attempts = $2, last_error = $3 WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL`,
    [id, attempts, error.slice(0, 2000)],
  );
  return result.rowCount > 0;
}

/** Undelivered, not given up, oldest first, in pages (for the reconciler). */
export async function* pendingDeliveries(sql: Sql, pageSize = 500): AsyncGenerator<DeliveryRecord> {
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const rows = await sql.query<DeliveryRow>(
      `SELECT ${columns} FROM notification_delivery
        WHERE delivered_at IS NULL AND failed_at IS NULL
          AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::text))
        ORDER BY created_at, id LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? '', pageSize],
    );
    for (const row of rows) yield toDelivery(row);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { createdAt: last.created_at.toISOString(), id: last.id };
  }
}
