import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A replayed Idempotency-Key answer must be the same bytes as the first one (C6). `jsonb` reorders object
 * keys, so the response is kept as the exact text that was sent, with its content type.
 */
export class IdempotencyText1764230400007 implements MigrationInterface {
  name = 'IdempotencyText1764230400007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ALTER COLUMN response TYPE text USING response::text`);
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN content_type text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN content_type`);
    // Keys are a 24-hour memory, and a non-JSON answer could not go back into jsonb: forget them all.
    await q.query(`DELETE FROM idempotency_key`);
    await q.query(`ALTER TABLE idempotency_key ALTER COLUMN response TYPE jsonb USING response::jsonb`);
  }
}
