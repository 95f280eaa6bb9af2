import { getInboxTask, type InboxFilter, type InboxTask, type Page, type PostgresDb } from '@zhifa/store-postgres';

/**
 * 已办: tasks the user completed, most recent first, keyset-paginated. The store's `completed_by` column is
 * filled from the `task.completed` effect's actor, which the engine does not always carry; the audit entry
 * of the completion (`task.operation` / `complete`, with its actor) is the reliable record, so either counts.
 */
const doneIds = `SELECT t.id, t.ended_at FROM task t LEFT JOIN process_instance i ON i.id = t.instance_id
  WHERE t.state = 'completed'
    AND (t.completed_by = $1 OR EXISTS (SELECT 1 FROM history h WHERE h.instance_id = t.instance_id
         AND h.element_instance_id = t.element_instance_id AND h.action = 'task.operation'
         AND h.data->>'operation' = 'complete' AND h.actor = $1))
    AND ($2::timestamptz IS NULL OR (t.ended_at, t.id) < ($2::timestamptz, $3::text))
    AND ($5::text IS NULL OR t.process_key = $5) AND ($6::text IS NULL OR t.instance_id = $6)
    AND ($7::text IS NULL OR i.owner_unit_id = $7)
  ORDER BY t.ended_at DESC, t.id DESC LIMIT $4`;

export async function listDoneBy(db: PostgresDb, userId: string, filter: InboxFilter, page: { readonly after?: string; readonly limit: number }): Promise<Page<InboxTask>> {
  const after = decodeAfter(page.after);
  const rows = await db.query<{ id: string; ended_at: Date | null }>(doneIds, [
    userId, after?.[0] ?? null, after?.[1] ?? '', page.limit + 1, filter.processId ?? null, filter.instanceId ?? null, filter.ownerUnitId ?? null,
  ]);
  const kept = rows.slice(0, page.limit);
  const items = (await Promise.all(kept.map((r) => getInboxTask(db, r.id)))).filter((t): t is InboxTask => t !== undefined);
  const last = kept[kept.length - 1];
  return { items, ...(rows.length > page.limit && last && { next: encodeAfter((last.ended_at ?? new Date(0)).toISOString(), last.id) }) };
}

function encodeAfter(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

function decodeAfter(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' ? [parsed[0], parsed[1]] : undefined;
  } catch {
    return undefined;
  }
}
