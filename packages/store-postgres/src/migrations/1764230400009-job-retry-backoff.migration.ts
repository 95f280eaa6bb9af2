import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job failed with a retry backoff is not offered to workers before `not_before` (R8: retries with
 * backoff). NULL: available at once.
 */
export class JobRetryBackoff1764230400009 implements MigrationInterface {
  name = 'JobRetryBackoff1764230400009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE external_job ADD COLUMN not_before timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE external_job DROP COLUMN not_before`);
  }
}
