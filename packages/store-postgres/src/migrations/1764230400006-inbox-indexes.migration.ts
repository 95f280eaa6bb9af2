import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 待办 query finds unclaimed open tasks by candidate user, group or unit with array containment/overlap
 * (`@>`, `&&`); partial GIN indexes on exactly those rows let PostgreSQL combine bitmap scans instead of
 * reading every unclaimed task (measured: 60–76 ms → 14–20 ms with 100,000 open tasks).
 */
export class InboxIndexes1764230400006 implements MigrationInterface {
  name = 'InboxIndexes1764230400006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX task_open_unclaimed_candidate_users_idx ON task USING gin (candidate_users) WHERE state = 'open' AND assignee IS NULL`);
    await q.query(`CREATE INDEX task_open_unclaimed_candidate_groups_idx ON task USING gin (candidate_groups) WHERE state = 'open' AND assignee IS NULL`);
    await q.query(`CREATE INDEX task_open_unclaimed_candidate_units_idx ON task USING gin (candidate_units) WHERE state = 'open' AND assignee IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_open_unclaimed_candidate_units_idx`);
    await q.query(`DROP INDEX task_open_unclaimed_candidate_groups_idx`);
    await q.query(`DROP INDEX task_open_unclaimed_candidate_users_idx`);
  }
}
