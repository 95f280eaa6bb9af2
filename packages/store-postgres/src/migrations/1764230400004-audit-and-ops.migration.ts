import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Hash-chained history, notifications, the working-day calendar and idempotency keys. */
export class AuditAndOps1764230400004 implements MigrationInterface {
  name = 'AuditAndOps1764230400004';

  async up(q: QueryRunner): Promise<void> {
    // Entries are inserted by the unit of work (`seq` = insertion order) and sealed into the hash chain
    // shortly after commit by one sealer at a time, which assigns `chain_pos` (gap-free, the chain order)
    // and the hashes. Appending therefore takes no global lock on the hot path.
    await q.query(`
      CREATE TABLE history (
        seq                 bigserial PRIMARY KEY,
        id                  text NOT NULL UNIQUE,
        instance_id         text,
        instance_seq        integer,
        at                  timestamptz NOT NULL,
        actor               text,
        action              text NOT NULL,
        element_id          text,
        element_instance_id text,
        data                jsonb NOT NULL DEFAULT '{}'::jsonb,
        chain_pos           bigint UNIQUE,
        prev_hash           text,
        hash                text,
        CHECK ((chain_pos IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL))
      )`);
    await q.query(`CREATE INDEX history_instance_idx ON history (instance_id, seq)`);
    await q.query(`CREATE INDEX history_actor_idx ON history (actor, at DESC)`);
    await q.query(`CREATE INDEX history_unsealed_idx ON history (seq) WHERE chain_pos IS NULL`);
    await q.query(`
      CREATE TABLE history_head (
        id        integer PRIMARY KEY CHECK (id = 1),
        chain_pos bigint NOT NULL,
        hash      text NOT NULL
      )`);
    await q.query(`INSERT INTO history_head (id, chain_pos, hash) VALUES (1, 0, repeat('0', 64))`);
    // Append-only: no DELETE, and the only UPDATE allowed is sealing an unsealed entry without touching its
    // content. (Someone with DDL rights can drop this trigger; the hash chain is what catches that.)
    await q.query(`
      CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL
           AND (NEW.seq, NEW.id, NEW.instance_id, NEW.instance_seq, NEW.at, NEW.actor, NEW.action, NEW.element_id,
                NEW.element_instance_id, NEW.data)
               IS NOT DISTINCT FROM
               (OLD.seq, OLD.id, OLD.instance_id, OLD.instance_seq, OLD.at, OLD.actor, OLD.action, OLD.element_id,
                OLD.element_instance_id, OLD.data) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'history is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
      FOR EACH ROW EXECUTE FUNCTION history_append_only()`);

    await q.query(`
      CREATE TABLE notification (
        id          text PRIMARY KEY,
        user_id     text NOT NULL,
        kind        text NOT NULL,
        timer_id    text,
        task_id     text,
        instance_id text,
        payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        read_at     timestamptz,
        UNIQUE (timer_id, kind, user_id)
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`);

    await q.query(`
      CREATE TABLE holiday (
        date       date PRIMARY KEY,
        kind       text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name       text NOT NULL DEFAULT '',
        source     text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A year is "published" once imported; due dates in other years are provisional.
    await q.query(`
      CREATE TABLE holiday_year (
        year        integer PRIMARY KEY,
        source      text NOT NULL DEFAULT '',
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE idempotency_key (
        key          text NOT NULL,
        user_id      text NOT NULL,
        route        text NOT NULL,
        request_hash text NOT NULL,
        status_code  integer,
        response     jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, route, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key, holiday_year, holiday, notification, history_head, history`);
    await q.query(`DROP FUNCTION history_append_only()`);
  }
}
