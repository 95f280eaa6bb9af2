import type { PostgresDb } from '@zhifa/store-postgres';

/** A user row of the directory (active users only; never roles, e-mail or the password hash). */
export interface DirectoryUserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string | null;
}

/** `%`, `_` and `\` in a search text match themselves. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Active users whose unit is one of `unitIds` (every user when undefined), matching `q` in display name,
 * username or id, by display name. `unitId` narrows to one unit.
 */
export async function searchDirectoryUsers(
  db: PostgresDb,
  filter: { readonly unitIds?: readonly string[]; readonly q?: string; readonly unitId?: string; readonly limit: number },
): Promise<DirectoryUserRow[]> {
  const rows = await db.query<{ id: string; username: string; display_name: string; unit_id: string | null }>(
    `SELECT a.id, a.username, a.display_name, a.unit_id FROM app_user a
      WHERE a.active AND ($1::text[] IS NULL OR a.unit_id = ANY($1::text[]))
        AND ($2::text IS NULL OR a.display_name ILIKE $2 OR a.username ILIKE $2 OR a.id ILIKE $2)
        AND ($3::text IS NULL OR a.unit_id = $3)
      ORDER BY a.display_name, a.username LIMIT $4`,
    [filter.unitIds ?? null, filter.q ? likePattern(filter.q) : null, filter.unitId ?? null, filter.limit],
  );
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id }));
}

/** Every string an instance's history, tasks, start and case codes name (actors, `users`, `units`, assignees, revokers …). */
const namedInInstance = `WITH named AS (
    SELECT h.actor AS s FROM history h WHERE h.instance_id = $1 AND h.actor IS NOT NULL
    UNION SELECT v #>> '{}' FROM history h, jsonb_path_query(h.data, 'lax $.**') v
      WHERE h.instance_id = $1 AND jsonb_typeof(v) = 'string' AND length(v #>> '{}') <= 200
    UNION SELECT started_by FROM process_instance WHERE id = $1 AND started_by IS NOT NULL
    UNION SELECT assignee FROM task WHERE instance_id = $1 AND assignee IS NOT NULL
    UNION SELECT revoked_by FROM case_code WHERE instance_id = $1 AND revoked_by IS NOT NULL)`;

/** Users and units an instance names, for display names in its timeline. */
export async function namesInInstance(db: PostgresDb, instanceId: string): Promise<{
  users: { id: string; username: string; displayName: string }[];
  units: { id: string; name: string }[];
}> {
  const users = await db.query<{ id: string; username: string; display_name: string }>(
    `${namedInInstance} SELECT a.id, a.username, a.display_name FROM app_user a WHERE a.id IN (SELECT s FROM named) ORDER BY a.id`,
    [instanceId],
  );
  const units = await db.query<{ id: string; name: string }>(
    `${namedInInstance} SELECT u.id, u.name FROM org_unit u WHERE u.id IN (SELECT s FROM named) ORDER BY u.id`,
    [instanceId],
  );
  return {
    users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
    units: units.map((u) => ({ id: u.id, name: u.name })),
  };
}
