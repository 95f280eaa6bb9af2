/**
 * Fills the store's real tables with an inbox-sized city in a few bulk `INSERT … SELECT generate_series`
 * statements: active instances with one open task each, completed instances with two completed tasks each,
 * and sealed history rows. The user under test gets 1 % of the open tasks as assignee and 1 % as a
 * candidate group (their unit code), and 1 % of the completed tasks; the rest belong to 2,000 synthetic
 * users, 300 groups and 200 units.
 */
import type pg from 'pg';

export interface InboxSize {
  readonly openTasks: number;
  readonly completedInstances: number;
  readonly historyRows: number;
}

export interface InboxUser {
  readonly id: string;
  /** A candidate group the user belongs to (their unit code). */
  readonly group: string;
}

/** Fills an empty, migrated schema (the client's search_path). Returns how long each step took (ms). */
export async function fillInbox(client: pg.Client, size: InboxSize, user: InboxUser): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[]): Promise<void> => {
    const started = performance.now();
    await client.query(sql, params);
    took[name] = Math.round(performance.now() - started);
  };
  const open = size.openTasks;
  const total = open + size.completedInstances;
  await step('instances', `
    INSERT INTO process_instance (id, definition_id, process_key, business_key, root_instance_id, state, version, status,
                                  started_by, owner_unit_id, started_at, ended_at)
    SELECT 'inst-' || g, 'inbox-bench:1', 'inbox-bench', 'CASE-2026-' || g, 'inst-' || g, '{}'::jsonb, 1,
           CASE WHEN g <= $1 THEN 'active' ELSE 'completed' END,
           'user-synth-' || (g % 2000), 'unit-synth-' || (g % 200),
           now() - make_interval(mins => g), CASE WHEN g <= $1 THEN NULL ELSE now() - make_interval(mins => g) + interval '3 days' END
      FROM generate_series(1, $2::int) g`, [open, total]);
  await step('open tasks', `
    INSERT INTO task (id, instance_id, definition_id, process_key, activity_id, element_instance_id, name, assignee,
                      candidate_groups, candidate_units, due_at, state, created_at, priority)
    SELECT 'task-open-' || g, 'inst-' || g, 'inbox-bench:1', 'inbox-bench', 'Activity_' || (g % 40), 'ei-open-' || g, '审核 ' || g,
           CASE WHEN g % 100 = 0 THEN $2::text WHEN g % 100 BETWEEN 2 AND 69 THEN 'user-synth-' || (g % 2000) END,
           CASE WHEN g % 100 = 1 THEN ARRAY[$3::text] WHEN g % 100 >= 70 THEN ARRAY['grp-' || (g % 300)] ELSE '{}' END::text[],
           CASE WHEN g % 100 >= 70 THEN ARRAY['unit-synth-' || (g % 200)] ELSE '{}' END::text[],
           CASE WHEN g % 5 = 0 THEN NULL ELSE now() + make_interval(hours => g % 720) END,
           'open', now() - make_interval(mins => g), 50
      FROM generate_series(1, $1::int) g`, [open, user.id, user.group]);
  await step('completed tasks', `
    INSERT INTO task (id, instance_id, definition_id, process_key, activity_id, element_instance_id, name, assignee,
                      state, created_at, ended_at, completed_by, priority)
    SELECT 'task-done-' || g, 'inst-' || ($1 + 1 + g / 2), 'inbox-bench:1', 'inbox-bench', 'Activity_' || (g % 40), 'ei-done-' || g,
           '审核 ' || g, who, 'completed', now() - make_interval(mins => g + 600), now() - make_interval(mins => g), who, 50
      FROM (SELECT g, CASE WHEN g % 100 = 0 THEN $2::text ELSE 'user-synth-' || (g % 2000) END AS who
              FROM generate_series(0, $3::int * 2 - 1) g) s`, [open, user.id, size.completedInstances]);
  // Sealed rows (chain_pos, hashes set) so no sealer spends the benchmark chaining them; the hashes are
  // placeholders — this data set is for reading, not for verifying the chain.
  await step('history', `
    INSERT INTO history (id, instance_id, instance_seq, at, actor, action, element_id, element_instance_id, data, chain_pos, prev_hash, hash)
    SELECT 'hist-' || g, 'inst-' || (g % $2 + 1), g / $2 + 1, now() - make_interval(secs => $1 - g), 'user-synth-' || (g % 2000),
           (ARRAY['element.started', 'element.completed', 'task.created', 'task.completed'])[g % 4 + 1], 'Activity_' || (g % 40),
           'ei-' || g, jsonb_build_object('opinion', '同意', 'amount', g % 1000),
           g, md5((g - 1)::text) || md5((g - 1)::text), md5(g::text) || md5(g::text)
      FROM generate_series(1, $1::int) g`, [size.historyRows, total]);
  await step('history head', `UPDATE history_head SET chain_pos = $1::bigint, hash = md5($1::bigint::text) || md5($1::bigint::text) WHERE id = 1`, [size.historyRows]);
  await step('analyze', 'ANALYZE', []);
  return took;
}
