import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail and webhook deliveries as rows written in the transaction that creates their notification (an
 * outbox): the queue job only carries the delivery out, and a reconciler re-enqueues every undelivered row
 * whose job was lost (Redis flushed, replaced, or killed inside its fsync window).
 */
export class NotificationDelivery1764230400008 implements MigrationInterface {
  name = 'NotificationDelivery1764230400008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_delivery (
        id text PRIMARY KEY,
        notification_id text NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        failed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX notification_delivery_pending_idx ON notification_delivery (created_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL`);
    await q.query(`CREATE INDEX notification_delivery_notification_idx ON notification_delivery (notification_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_delivery`);
  }
}
