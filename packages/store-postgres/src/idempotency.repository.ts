import { IdempotencyKeyReusedError } from './store-errors.js';
import type { Sql } from './sql.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** An answer exactly as it was sent: the body text (undefined when there was none) and its content type. */
export interface StoredAnswer {
  readonly statusCode: number;
  readonly body?: string;
  readonly contentType?: string;
}

export type IdempotencyReservation = { readonly type: 'new' } | ({ readonly type: 'replay' } & StoredAnswer);

/**
 * Reserves `(user, route, key)` inside the transaction that performs the request's effect. A concurrent
 * request with the same key blocks on the unique index until this transaction ends, then gets `replay`
 * with the stored response — so ten identical requests make one effect and byte-identical answers (the body
 * is kept as the text that was sent, not re-serialised). Call
 * {@link completeIdempotencyKey} before commit. A key reused with a different body throws
 * `IdempotencyKeyReusedError`; keys older than 24 h are treated as new.
 */
export async function reserveIdempotencyKey(
  tx: Sql,
  input: { readonly key: string; readonly userId: string; readonly route: string; readonly requestHash: string },
): Promise<IdempotencyReservation> {
  await tx.query(
    `DELETE FROM idempotency_key WHERE user_id = $1 AND route = $2 AND key = $3 AND created_at < now() - make_interval(hours => $4)`,
    [input.userId, input.route, input.key, IDEMPOTENCY_TTL_HOURS],
  );
  const inserted = await tx.query(
    `INSERT INTO idempotency_key (key, user_id, route, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
    [input.key, input.userId, input.route, input.requestHash],
  );
  if (inserted.length === 1) return { type: 'new' };
  const [row] = await tx.query<{ request_hash: string; status_code: number | null; response: string | null; content_type: string | null }>(
    `SELECT request_hash, status_code, response, content_type FROM idempotency_key WHERE user_id = $1 AND route = $2 AND key = $3`,
    [input.userId, input.route, input.key],
  );
  if (!row || row.request_hash !== input.requestHash) throw new IdempotencyKeyReusedError(input.key);
  return {
    type: 'replay',
    statusCode: row.status_code ?? 200,
    ...(row.response !== null && { body: row.response }),
    ...(row.content_type !== null && { contentType: row.content_type }),
  };
}

/** Stores the answer of a reserved key, body text as sent (same transaction as the effect). */
export async function completeIdempotencyKey(
  tx: Sql,
  input: { readonly key: string; readonly userId: string; readonly route: string } & StoredAnswer,
): Promise<void> {
  await tx.query(
    `UPDATE idempotency_key SET status_code = $4, response = $5, content_type = $6 WHERE user_id = $1 AND route = $2 AND key = $3`,
    [input.userId, input.route, input.key, input.statusCode, input.body ?? null, input.contentType ?? null],
  );
}

/** Deletes keys older than the TTL. Returns how many. */
export async function purgeIdempotencyKeys(sql: Sql): Promise<number> {
  return (await sql.execute(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_TTL_HOURS])).rowCount;
}
