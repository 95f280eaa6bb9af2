import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deployments and versioned definitions (BPMN processes, DMN decisions, forms). */
export class Definitions1764230400001 implements MigrationInterface {
  name = 'Definitions1764230400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deployment (
        id          text PRIMARY KEY,
        name        text,
        deployed_by text,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        resources   jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
    await q.query(`CREATE INDEX deployment_deployed_at_idx ON deployment (deployed_at DESC)`);
    await q.query(`
      CREATE TABLE deployment_resource (
        id            text PRIMARY KEY,
        deployment_id text NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
        name          text NOT NULL,
        content       text NOT NULL,
        sha256        text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('bpmn', 'dmn', 'form')),
        UNIQUE (deployment_id, name)
      )`);
    await q.query(`CREATE INDEX deployment_resource_sha_idx ON deployment_resource (sha256)`);
    // `xml` is kept on the row: the engine rebuilds the compiled model from it; `compiled` is an optional cache.
    await q.query(`
      CREATE TABLE process_definition (
        id            text PRIMARY KEY,
        key           text NOT NULL,
        version       integer NOT NULL CHECK (version > 0),
        deployment_id text NOT NULL REFERENCES deployment (id),
        resource_id   text REFERENCES deployment_resource (id),
        name          text,
        xml           text NOT NULL,
        compiled      jsonb,
        hash          text NOT NULL,
        deployed_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (key, version)
      )`);
    for (const table of ['decision_definition', 'form_definition']) {
      await q.query(`
        CREATE TABLE ${table} (
          id            text PRIMARY KEY,
          key           text NOT NULL,
          version       integer NOT NULL CHECK (version > 0),
          deployment_id text NOT NULL REFERENCES deployment (id),
          resource_id   text REFERENCES deployment_resource (id),
          name          text,
          content       text NOT NULL,
          compiled      jsonb,
          hash          text NOT NULL,
          deployed_at   timestamptz NOT NULL DEFAULT now(),
          UNIQUE (key, version)
        )`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE form_definition, decision_definition, process_definition, deployment_resource, deployment`);
  }
}
