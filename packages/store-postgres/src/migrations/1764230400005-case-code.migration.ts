import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 一案一码: one public case code per decided instance (the server's case-code module owns the rows).
 * `IF NOT EXISTS` because the server's module could create the same table itself before this migration
 * existed; the DDL is identical.
 */
export class CaseCode1764230400005 implements MigrationInterface {
  name = 'CaseCode1764230400005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS case_code (
        id               text PRIMARY KEY,
        instance_id      text NOT NULL,
        process_name     text NOT NULL,
        decision_summary text NOT NULL,
        steps            jsonb NOT NULL,
        benchmark        jsonb,
        personal_names   jsonb NOT NULL DEFAULT '[]'::jsonb,
        issued_at        timestamptz NOT NULL,
        revoked_at       timestamptz,
        revoked_by       text,
        revoke_reason    text,
        CONSTRAINT case_code_revocation_complete CHECK (
          (revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL)
          OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revoke_reason IS NOT NULL))
      )`);
    // At most one unrevoked code per instance, so a decision hook that runs twice issues one code.
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS case_code_active_instance ON case_code (instance_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS case_code`);
  }
}
