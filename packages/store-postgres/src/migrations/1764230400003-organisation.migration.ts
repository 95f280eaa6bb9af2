import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, the organisation tree (city → bureau / township → section) and memberships. */
export class Organisation1764230400003 implements MigrationInterface {
  name = 'Organisation1764230400003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id                  text PRIMARY KEY,
        parent_id           text REFERENCES org_unit (id),
        name                text NOT NULL,
        kind                text NOT NULL,
        code                text UNIQUE,
        tags                text[] NOT NULL DEFAULT '{}',
        responsible_user_id text,
        sort_order          integer NOT NULL DEFAULT 0,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE INDEX org_unit_parent_idx ON org_unit (parent_id)`);
    await q.query(`CREATE INDEX org_unit_tags_idx ON org_unit USING gin (tags)`);
    await q.query(`
      CREATE TABLE app_user (
        id            text PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        display_name  text NOT NULL,
        password_hash text,
        roles         text[] NOT NULL DEFAULT '{}',
        unit_id       text REFERENCES org_unit (id),
        email         text,
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX app_user_unit_idx ON app_user (unit_id)`);
    await q.query(`ALTER TABLE org_unit ADD FOREIGN KEY (responsible_user_id) REFERENCES app_user (id)`);
    await q.query(`
      CREATE TABLE membership (
        user_id    text NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        unit_id    text NOT NULL REFERENCES org_unit (id) ON DELETE CASCADE,
        role       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, unit_id, role)
      )`);
    await q.query(`CREATE INDEX membership_unit_role_idx ON membership (unit_id, role)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_unit DROP CONSTRAINT IF EXISTS org_unit_responsible_user_id_fkey`);
    await q.query(`DROP TABLE membership, app_user, org_unit`);
  }
}
